"""The one differ: checked records against the database, without writing anything.

Each record is new, changed (field, old value, new value) or unchanged. Values are compared by type
(``Decimal('43.00')`` equals ``Decimal('43')``, a date its ISO text, a reference the record's primary
key), so a reload of an unchanged file finds nothing to do. A plan field edited in the application since
the last load (it differs from the value the last load wrote, kept in ``LoadedRecord``) and different
in the file is a conflict: the application's value is kept unless ``force``.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from planfiles.keys import key_of, lookups, typed_key
from plans.models import LoadedRecord

BATCH = 200

#: A reference to a record the file adds: no primary key yet, so it differs from any current value.
NEW = object()


@dataclass
class Change:
    record: object
    obj: dict | None = None  # the record's plan values in the database by attribute name, with "pk"; None: new
    changed: dict = field(default_factory=dict)  # name -> (old, new): written
    conflicts: dict = field(default_factory=dict)  # name -> (current, file): kept unless forced
    stale_baseline: bool = False  # the values kept from the last load differ from the file's

    @property
    def action(self):
        if self.obj is None:
            return "new"
        return "changed" if self.changed else "unchanged"


@dataclass
class PlanDiff:
    plan_code: str
    changes: list
    missing: list  # (label, pk) of records an earlier load wrote that the file no longer holds
    resolved: dict  # (label, key) -> pk of existing records

    def counts(self):
        counts = defaultdict(Counter)
        for change in self.changes:
            counts[change.record.label][change.action] += 1
            counts[change.record.label]["conflicts"] += len(change.conflicts)
        for label, _ in self.missing:
            counts[label]["missing"] += 1
        return counts


def same(fld, a, b):
    """Equal as the field's type: Decimal('43.00') and Decimal('43'), a date and its ISO text."""
    if a is NEW or b is NEW:
        return False
    if a is None or b is None:
        return a is None and b is None
    if fld is not None and not fld.is_relation:
        try:
            return fld.to_python(a) == fld.to_python(b)
        except (ValidationError, TypeError, ValueError):
            return a == b
    return a == b


def diff_plan(checked, *, force=False, progress=None):
    """What loading ``checked`` (a ``validate.CheckedPlan``) would do to the database."""
    existing, resolved = _prefetch(checked.records)
    resolved.update(checked.outside)
    baselines = _baselines(existing)
    changes = []
    for number, record in enumerate(checked.records, start=1):
        obj = existing.get((record.label, record.key))
        change = Change(record, obj)
        if obj is not None:
            _compare(change, resolved, baselines.get((record.label, obj["pk"])), force)
        changes.append(change)
        if progress and number % 1000 == 0:
            progress(number, len(checked.records))
    seen = defaultdict(set)
    for (label, _), obj in existing.items():
        seen[label].add(obj["pk"])
    return PlanDiff(checked.plan_code, changes, _missing(checked.plan_code, seen), resolved)


def wanted_values(record, resolved):
    """The values the file gives a record, by attribute name: references as primary keys (``NEW`` for a
    record the file adds), many-to-many fields as sorted lists of them."""
    values = dict(record.values)
    for name, ref in record.refs.items():
        fld = record.plan_model.fields[name]
        values[fld.attname] = None if ref is None else resolved.get(ref, NEW)
    for name, refs in record.m2m.items():
        pks = [resolved.get(ref, NEW) for ref in refs]
        values[name] = NEW if NEW in pks else sorted(pks)
    return values


def _field(record, name):
    fields = record.plan_model.fields
    return next((f for f in fields.values() if f.attname == name), None)


def _compare(change, resolved, baseline, force):
    record, obj = change.record, change.obj
    wanted = wanted_values(record, resolved)
    for name, value in wanted.items():
        fld = _field(record, name)
        current = obj[name]
        if baseline is None or name not in baseline or not same(fld, baseline[name], value):
            change.stale_baseline = True
        if same(fld, current, value):
            continue
        edited = baseline is not None and name in baseline and not same(fld, baseline[name], current)
        if edited and not force:
            change.conflicts[name] = (current, value)
        else:
            change.changed[name] = (current, value)


def _prefetch(records):
    """The plan values of the records of the file that exist already, as plain values (not model instances:
    a reload of a large plan holds every one of them), a batch of natural keys per query."""
    existing, resolved = {}, {}
    by_model = defaultdict(list)
    for record in records:
        by_model[record.plan_model].append(record)
    for pm, group in by_model.items():
        model = pm.model
        names = [f.attname for f in pm.fields.values()]
        keys = [typed for typed in (typed_key(model, record.key) for record in group) if typed is not None]
        asked = {key_of(key) for key in keys}
        found = []
        for condition in lookups(model, keys):
            for row in model._default_manager.filter(condition).values("pk", *names, *model.NATURAL_KEY):
                key = key_of(row[path] for path in model.NATURAL_KEY)
                if key not in asked:
                    continue
                current = {name: row[name] for name in ("pk", *names)}
                existing[(pm.label, key)] = current
                resolved[(pm.label, key)] = current["pk"]
                found.append(current)
        for name, fld in pm.many_to_many.items():
            _read_many(fld, name, found)
    return existing, resolved


def _read_many(fld, name, found):
    """Each record's targets of a many-to-many field, as a sorted list of primary keys, a batch per query."""
    through = fld.remote_field.through
    source, target = f"{fld.m2m_field_name()}_id", f"{fld.m2m_reverse_field_name()}_id"
    by_pk = {current["pk"]: current for current in found}
    for current in found:
        current[name] = []
    pks = list(by_pk)
    for start in range(0, len(pks), BATCH):
        rows = through._default_manager.filter(**{f"{source}__in": pks[start : start + BATCH]})
        for pk, target_pk in rows.values_list(source, target):
            by_pk[pk][name].append(target_pk)
    for current in found:
        current[name].sort()


def _baselines(existing):
    baselines = {}
    by_label = defaultdict(list)
    for (label, _), obj in existing.items():
        by_label[label].append(obj["pk"])
    for label, pks in by_label.items():
        for start in range(0, len(pks), BATCH):
            rows = LoadedRecord.objects.filter(model=label, object_id__in=pks[start : start + BATCH])
            baselines.update({(label, row.object_id): row.values for row in rows})
    return baselines


def _missing(plan_code, seen):
    """Records an earlier load of the plan wrote that the file no longer holds (read as pairs, in Python)."""
    rows = LoadedRecord.objects.filter(plan_code=plan_code).order_by("model", "object_id")
    return [
        (label, object_id)
        for label, object_id in rows.values_list("model", "object_id").iterator(chunk_size=2000)
        if object_id not in seen.get(label, ())
    ]
