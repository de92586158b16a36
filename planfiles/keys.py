"""Natural keys as comparable tuples of text, whichever format or the database they come from."""

import datetime
import functools
from decimal import Decimal

from django.core.exceptions import ValidationError

#: Keys looked up per query.
BATCH = 500


def norm(value):
    """One key part as text: a date as ISO, a whole number without a decimal point."""
    if type(value) is str:
        return value
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float | Decimal) and value == value and abs(value) != float("inf") and value == int(value):
        return str(int(value))
    return str(value)


def key_of(values):
    return tuple(norm(v) for v in values)


@functools.cache
def path_field(model, path):
    """The field a ``__``-separated lookup path ends at."""
    for name in path.split("__"):
        fld = model._meta.get_field(name)
        model = fld.related_model if fld.is_relation else model
    return fld


def typed_key(model, parts):
    """A key whose parts are converted by the fields they name (``"01"`` for a number is ``1``), or None."""
    if len(parts) != len(model.NATURAL_KEY):
        return None
    typed = []
    for path, value in zip(model.NATURAL_KEY, parts, strict=True):
        if isinstance(value, list | dict | tuple | bool) or value is None:
            return None
        try:
            typed.append(path_field(model, path).to_python(norm(value)))
        except (ValidationError, TypeError, ValueError, ArithmeticError):
            return None
    return typed


def canonical(model, parts):
    """The comparable key of ``parts``: typed where the fields can read them, else as given."""
    typed = typed_key(model, parts)
    return key_of(typed if typed is not None else parts)


def lookup(model, key):
    return dict(zip(model.NATURAL_KEY, key, strict=True))


#: Distinct values of a leading key part beyond which the records are looked up a prefix at a time.
MAX_PREFIX_VALUES = 1000


def lookups(model, keys):
    """Conditions that find the records of ``keys`` (typed) and possibly others: the caller keeps the rows
    whose keys it asked for. Each leading part of the key is one ``__in`` over its distinct values and the
    last part is taken a batch at a time (the milestones of a plan's projects are found in one query per
    ``BATCH`` distinct keys, not one per project); with too many distinct leading values, one condition per
    leading values shared."""
    from collections import defaultdict

    from django.db.models import Q

    *prefix_paths, last = model.NATURAL_KEY
    keys = list(keys)
    leading = [{key[i] for key in keys} for i in range(len(prefix_paths))]
    if all(len(values) <= MAX_PREFIX_VALUES for values in leading):
        prefix = {f"{path}__in": sorted(values, key=norm) for path, values in zip(prefix_paths, leading, strict=True)}
        lasts = sorted({key[-1] for key in keys}, key=norm)
        for start in range(0, len(lasts), BATCH):
            yield Q(**prefix, **{f"{last}__in": lasts[start : start + BATCH]})
        return
    groups = defaultdict(list)
    for key in keys:
        groups[tuple(key[:-1])].append(key[-1])
    for prefix, lasts in groups.items():
        for start in range(0, len(lasts), BATCH):
            yield Q(**dict(zip(prefix_paths, prefix, strict=True)), **{f"{last}__in": lasts[start : start + BATCH]})
