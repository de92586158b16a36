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
from django.db.models import Prefetch

from planfiles.keys import key_of, lookups, typed_key
from plans.models import LoadedRecord

BATCH = 200

#: A reference to a record the file adds: no primary key yet, so it differs from any current value.
NEW = object()


@dataclass
class Change:
    record: object
    obj: object = None
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
            _compare(change, resolved, baselines.get((record.label, obj.pk)), force)
        changes.append(change)
        if progress and number % 1000 == 0:
            progress(number, len(checked.records))
    seen = defaultdict(set)
    for (label, _), obj in existing.items():
        seen[label].add(obj.pk)
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
    m2m = record.plan_model.many_to_many
    for name, value in wanted.items():
        fld = _field(record, name)
        current = sorted(t.pk for t in getattr(obj, name).all()) if name in m2m else getattr(obj, name)
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
    """The records of the file that exist already, a batch of natural keys per query."""
    existing, resolved = {}, {}
    by_model = defaultdict(list)
    for record in records:
        by_model[record.plan_model].append(record)
    for pm, group in by_model.items():
        model = pm.model
        related = {path.rsplit("__", 1)[0] for path in model.NATURAL_KEY if "__" in path}
        prefetch = [
            Prefetch(name, queryset=f.related_model._default_manager.only("pk")) for name, f in pm.many_to_many.items()
        ]
        keys = [typed for typed in (typed_key(model, record.key) for record in group) if typed is not None]
        asked = {key_of(key) for key in keys}
        for condition in lookups(model, keys):
            rows = model._default_manager.filter(condition).select_related(*related).prefetch_related(*prefetch)
            for obj in rows:
                key = (pm.label, key_of(obj.natural_key()))
                if key[1] not in asked:
                    continue
                existing[key] = obj
                resolved[key] = obj.pk
    return existing, resolved


def _baselines(existing):
    baselines = {}
    by_label = defaultdict(list)
    for (label, _), obj in existing.items():
        by_label[label].append(obj.pk)
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
