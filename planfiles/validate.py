"""The one validator of plan files: raw records in, typed records out, or every problem with its place.

It checks what the readers leave open: the model and field names, the type of every value (a date is a
date, not a list; an amount is a whole number; text holds no NUL), Django's own field rules (lengths,
choices, ranges), references by natural key (in the file, before the record, or in the database), dates
against the date as written, duplicates, and the unique constraints against the file and the database.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from milestones.dates import DateTextError, parse_date_text
from planfiles.keys import canonical, key_of, lookup, lookups, typed_key
from planfiles.problems import Problems
from planfiles.registry import plan_model
from planfiles.values import ValueTypeError, coerce

#: Natural keys looked up per query.
BATCH = 200

#: The due-date field of each model whose dates are checked against the date as written.
DUE_FIELD_BY_MODEL = {"milestones.milestone": "due_date", "projects.projectentry": "end_date"}

PLAN_LABEL = "plans.annualplan"


@dataclass
class Record:
    """A checked record: plain values by attribute name, references as (model label, natural key)."""

    position: int
    origin: object
    plan_model: object
    key: tuple = ()
    given: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    refs: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)

    @property
    def label(self):
        return self.plan_model.label

    @property
    def model(self):
        return self.plan_model.model

    def where(self):
        return self.origin.where(self.label, self.key)


@dataclass
class CheckedPlan:
    records: list
    plan_code: str
    outside: dict  # (label, key) -> pk of records referred to but not in the file


def _both_keys(model, parts):
    typed = typed_key(model, parts)
    return key_of(typed if typed is not None else parts), typed


def _required(fld):
    return not (fld.null or fld.blank or fld.has_default())


class Validator:
    def __init__(self, name, problems=None):
        self.name = str(name)
        self.problems = problems if problems is not None else Problems()
        self.records = []
        self.index = {}  # (label, key) -> Record
        self.outside = {}  # (label, key) -> pk
        self.keys = {}  # (model, (type, part), ...) -> (comparable key, typed key or None)

    def _keys(self, model, parts):
        """``canonical`` and ``typed_key`` of a reference's parts, once per distinct reference (a project or
        a person is referred to by many records)."""
        try:
            memo = (model, *((type(part), part) for part in parts))
            return self.keys[memo]
        except TypeError:  # a part that cannot be a key (a list in a list): no memo
            return _both_keys(model, parts)
        except KeyError:
            found = self.keys[memo] = _both_keys(model, parts)
            return found

    def add(self, where, name, reason):
        """A problem at ``where`` (text, or a function that says it: most records have no problem)."""
        where = where() if callable(where) else where
        self.problems.add(f"{self.name}: {where}: {name}: {reason}" if name else f"{self.name}: {where}: {reason}")

    def check(self, raw_records):
        """Typed records of a plan file; raises ``PlanFileError`` listing the problems."""
        for position, raw in enumerate(raw_records):
            self._read(position, raw)
        self._find_outside()
        for record in self.records:
            self._check_fields(record)
        self._check_unique()
        plans = [r for r in self.records if r.label == PLAN_LABEL]
        if not plans:
            self.problems.add(
                _("%(name)s: no plans.annualplan record: a plan file names its plan") % {"name": self.name}
            )
        elif len(plans) > 1:
            self.add(plans[1].where(), "", _("a plan file holds one plan"))
        self.problems.raise_if_any()
        return CheckedPlan(self.records, plans[0].values.get("code"), self.outside)

    # Records -------------------------------------------------------------------------------------

    def _read(self, position, raw):
        where = raw.origin.where
        if not isinstance(raw.fields, dict) or raw.model is None:
            self.add(where, "", _("needs 'model' and 'fields'"))
            return
        if not isinstance(raw.model, str):
            self.add(where, "model", _("the name of a model is expected, e.g. milestones.milestone"))
            return
        pm = plan_model(raw.model.lower())
        if pm is None:
            try:
                apps.get_model(raw.model)
                reason = _("%(model)s cannot be loaded from a plan file") % {"model": raw.model}
            except (LookupError, ValueError):
                reason = _("unknown model %(model)r") % {"model": raw.model}
            self.add(where, "", reason)
            return
        record = Record(position, raw.origin, pm)
        names = {**pm.fields, **pm.many_to_many}
        for name, value in raw.fields.items():
            if not isinstance(name, str):
                self.add(f"{where()} ({pm.label})", repr(name), _("a field name is text"))
            elif name not in names:
                known = any(f.name == name for f in pm.model._meta.get_fields())
                reason = _("not a plan field: set it in the application") if known else _("no such field")
                self.add(f"{where()} ({pm.label})", raw.origin.field(name), reason)
            else:
                record.given[name] = value
        record.key = self._key(pm, record.given)
        found = self.index.get((pm.label, record.key))
        if found is not None:
            self.add(record.where(), "", _("duplicate of %(where)s") % {"where": found.origin.where()})
            return
        self.index[(pm.label, record.key)] = record
        self.records.append(record)

    def _key(self, pm, given):
        parts, seen = [], set()
        for path in pm.model.NATURAL_KEY:
            name = path.split("__")[0]
            if name in seen:
                continue
            seen.add(name)
            value = given.get(name)
            if pm.fields[name].is_relation:
                target = pm.fields[name].related_model
                parts.extend(self._keys(target, value)[0] if isinstance(value, list | tuple) else [value])
            else:
                parts.append(value)
        return canonical(pm.model, parts) if len(parts) == len(pm.model.NATURAL_KEY) else key_of(parts)

    # References ----------------------------------------------------------------------------------

    def _references(self, record):
        for name, value in record.given.items():
            fld = record.plan_model.fields.get(name) or record.plan_model.many_to_many.get(name)
            if fld.many_to_many:
                for item in value if isinstance(value, list | tuple) else [value]:
                    yield fld, item
            elif fld.is_relation:
                yield fld, value

    def _find_outside(self):
        """Look up, a batch at a time, the records referred to that the file does not hold."""
        wanted = defaultdict(set)
        for record in self.records:
            for fld, value in self._references(record):
                if isinstance(value, list | tuple) and not isinstance(value, str):
                    target = fld.related_model
                    key, typed = self._keys(target, value)
                    if (target._meta.label_lower, key) not in self.index and typed is not None:
                        wanted[target].add(tuple(typed))
        for target, keys in wanted.items():
            label = target._meta.label_lower
            asked = {key_of(key) for key in keys}
            for condition in lookups(target, sorted(keys, key=key_of)):
                for pk, *key in target._default_manager.filter(condition).values_list("pk", *target.NATURAL_KEY):
                    if key_of(key) in asked:
                        self.outside[(label, key_of(key))] = pk

    def _reference(self, record, fld, value):
        """The (label, key) of a reference, or None after reporting why it is not one."""
        target = fld.related_model
        where = record.where
        column = record.origin.field(fld.name)
        if not isinstance(value, list | tuple) or len(value) != len(target.NATURAL_KEY):
            self.add(
                where,
                column,
                _("a reference is a list of %(count)s natural-key value(s), not %(value)s")
                % {"count": len(target.NATURAL_KEY), "value": repr(value)[:80]},
            )
            return None
        label, key = target._meta.label_lower, self._keys(target, value)[0]
        found = self.index.get((label, key))
        if found is not None:
            if found.position >= record.position:
                self.add(
                    where, column, _("refers to %(where)s, which must come first") % {"where": found.origin.where()}
                )
                return None
            return label, key
        if (label, key) not in self.outside:
            self.add(
                where,
                column,
                _("unknown %(model)s %(key)s") % {"model": target._meta.verbose_name, "key": "/".join(key)[:200]},
            )
            return None
        return label, key

    # Fields --------------------------------------------------------------------------------------

    def _check_fields(self, record):
        where = record.where
        for name, fld in record.plan_model.fields.items():
            column = record.origin.field(name)
            if name not in record.given:
                if _required(fld):
                    self.add(where, column, _("missing required field"))
                continue
            value = record.given[name]
            if fld.is_relation:
                record.refs[name] = None if value is None else self._reference(record, fld, value)
                continue
            try:
                record.values[fld.attname] = fld.clean(coerce(fld, value), None)
            except ValueTypeError as exc:
                self.add(where, column, f"{exc} ({_('value')} {repr(value)[:80]})")
            except ValidationError as exc:
                self.add(where, column, f"{' '.join(exc.messages)} ({_('value')} {repr(value)[:80]})")
            except (TypeError, ValueError, ArithmeticError) as exc:
                self.add(where, column, f"{exc} ({_('value')} {repr(value)[:80]})")
        for name, fld in record.plan_model.many_to_many.items():
            if name not in record.given:
                continue
            value = record.given[name] or []
            if not isinstance(value, list | tuple):
                self.add(where, record.origin.field(name), _("a list of references is expected"))
                continue
            refs = [self._reference(record, fld, item) for item in value]
            record.m2m[name] = [ref for ref in refs if ref is not None]
        self._check_dates(record, where)

    def _check_dates(self, record, where):
        values = record.values
        due_field = DUE_FIELD_BY_MODEL.get(record.label)
        start, due = values.get("start_date"), values.get(due_field)
        if start and due and start > due:
            self.add(
                where,
                record.origin.field(due_field),
                _("%(due)s is before start_date %(start)s") % {"due": due, "start": start},
            )
        text = values.get("date_text")
        if due_field is None or not text:
            return
        try:
            parsed = parse_date_text(text, year=self._plan_year())
        except DateTextError as exc:
            if record.label == "milestones.milestone":
                self.add(where, record.origin.field("date_text"), str(exc))
            return
        expected = {"start_date": parsed.start, due_field: parsed.due, "date_precision": parsed.precision}
        for name, value in expected.items():
            if name in values and values[name] != value:
                self.add(
                    where,
                    record.origin.field(name),
                    _("%(value)s does not match the date as written %(text)r (%(expected)s)")
                    % {"value": values[name], "text": text, "expected": value},
                )

    def _plan_year(self):
        if not hasattr(self, "plan_year"):
            plan = next((r for r in self.records if r.label == PLAN_LABEL), None)
            year = plan.given.get("year") if plan else None
            self.plan_year = year if isinstance(year, int) else datetime.date.today().year
        return self.plan_year

    # Unique constraints --------------------------------------------------------------------------

    def _check_unique(self):
        """Unique constraints other than the natural key: within the file, then against the database."""
        for label, sets in _unique_sets().items():
            records = [r for r in self.records if r.label == label]
            for names in sets:
                seen = {}
                for record in records:
                    values = self._unique_values(record, names)
                    if values is None:
                        continue
                    if values in seen:
                        self.add(
                            record.where(),
                            "",
                            _("same %(fields)s as %(where)s")
                            % {"fields": ", ".join(names), "where": seen[values].origin.where()},
                        )
                        continue
                    seen[values] = record
                    self._check_unique_in_database(record, names)

    def _unique_values(self, record, names):
        values = []
        for name in names:
            fld = record.plan_model.fields[name]
            value = record.refs.get(name) if fld.is_relation else record.values.get(fld.attname)
            if value is None:
                return None
            values.append(value)
        return tuple(values)

    def _check_unique_in_database(self, record, names):
        condition = {}
        for name in names:
            fld = record.plan_model.fields[name]
            if fld.is_relation:
                pk = self._pk_of(fld.related_model, *record.refs[name])
                if pk is None:
                    return  # a record new in the file: nothing in the database can clash with it
                condition[fld.attname] = pk
            else:
                condition[fld.attname] = record.values[fld.attname]
        clash = record.model._default_manager.filter(**condition)
        typed = typed_key(record.model, record.key)
        if typed is not None:
            clash = clash.exclude(**lookup(record.model, typed))
        other = clash.first()
        if other is not None:
            self.add(
                record.where(),
                "",
                _("%(fields)s: the same as %(other)s, already in the database")
                % {"fields": ", ".join(names), "other": "/".join(map(str, other.natural_key()))},
            )

    def _pk_of(self, target, label, key):
        if (label, key) in self.outside:
            return self.outside[(label, key)]
        typed = typed_key(target, key)
        if typed is None:
            return None
        return target._default_manager.filter(**lookup(target, typed)).values_list("pk", flat=True).first()


def _unique_sets():
    """Per model, the sets of fields that are unique together, apart from the natural key."""
    from planfiles.registry import plan_models

    sets = {}
    for pm in plan_models():
        natural = {path.split("__")[0] for path in pm.model.NATURAL_KEY}
        found = [
            tuple(c.fields)
            for c in pm.model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None
        ]
        found += [(f.name,) for f in pm.fields.values() if f.unique]
        found = [names for names in found if set(names) != natural and set(names) <= set(pm.fields)]
        if found:
            sets[pm.label] = found
    return sets
