"""A plan load's conflicts and warnings as sentences in the reader's language.

The loader and the budget checks record them as English sentences (``PlanLoad.conflicts`` and ``warnings``);
each kind is recognised here and said again through the catalogue, with field names by their verbose names.
A sentence of a kind not known here is shown as recorded.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from budgets.models import BudgetLine

_NUMBER = r"-?[\d,]+"

_SUM = re.compile(
    rf"^budget (?P<table>\S+) (?P<key>\S+) (?P<name>.+?): (?P<column>\w+) printed (?P<printed>{_NUMBER}) "
    rf"but its lines sum to (?P<sum>{_NUMBER}) \(difference (?P<difference>{_NUMBER})\)$"
)
_TABLES = re.compile(
    rf"^budget (?P<table>\S+) (?P<key>\S+) and (?P<other_table>\S+) (?P<other_key>\S+) (?P<name>.+?): "
    rf"(?P<column>\w+) (?P<one>{_NUMBER}) in one, (?P<other>{_NUMBER}) in the other$"
)
_GONE = re.compile(r"^(?P<model>\w+\.\w+) #(?P<id>\d+) is no longer in the plan file; kept$")
_CONFLICT = re.compile(
    r"^(?P<where>.+?): (?P<field>\w+): changed in the application to (?P<current>.+); "
    r"the plan file says (?P<file>.+); kept \(use --force to take the file's value\)$"
)


def _column(name):
    try:
        return str(BudgetLine._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _model(label):
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def readable(message):
    """One recorded sentence in the reader's language."""
    if match := _SUM.match(message):
        values = {**match.groupdict(), "column": _column(match["column"])}
        return (
            _(
                "Budget table %(table)s, line %(key)s %(name)s: %(column)s is printed as %(printed)s "
                "but its lines add up to %(sum)s (difference %(difference)s); kept as printed."
            )
            % values
        )
    if match := _TABLES.match(message):
        values = {**match.groupdict(), "column": _column(match["column"])}
        return (
            _(
                "Budget tables %(table)s (line %(key)s) and %(other_table)s (line %(other_key)s), %(name)s: "
                "%(column)s is %(one)s in one and %(other)s in the other."
            )
            % values
        )
    if match := _GONE.match(message):
        return _("%(model)s #%(id)s is no longer in the plan file; kept.") % {
            "model": _model(match["model"]),
            "id": match["id"],
        }
    if match := _CONFLICT.match(message):
        return (
            _(
                "%(where)s: %(field)s was changed in the application to %(current)s; the plan file says %(file)s. "
                "The application's value was kept."
            )
            % match.groupdict()
        )
    return message
