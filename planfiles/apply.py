"""Apply a diff: insert the new records in bulk, save the changed ones, keep what the load wrote.

Run inside the caller's transaction. New records are queued and written one bulk insert per wave and
model (a record after the records it refers to, records of a model in the order of the file, so primary
keys follow the file), with their history rows in bulk; changed records are saved one by one, each with
its history row. ``LoadedRecord`` keeps the values the file gave each record, to tell later edits.
"""

import json
from collections import defaultdict
from itertools import chain

from django.core.serializers.json import DjangoJSONEncoder

from planfiles.diff import NEW, wanted_values
from plans.models import LoadedRecord

BATCH = 200

#: New records queued before they are written: memory holds at most this many unwritten records.
FLUSH_EVERY = 5000

#: The history change reason of every save a load makes.
LOAD_REASON = "load_plan"


def jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


class Applier:
    def __init__(self, diff, *, user=None, progress=None):
        self.diff, self.user, self.progress = diff, user, progress
        self.objects = {}  # (label, key) -> instance of a new record not yet written
        self.pending = {}  # id(obj) -> (wave, obj, m2m refs, self links, (label, key))
        self.last_wave = {}

    def apply(self):
        changes = self.diff.changes
        for number, change in enumerate(changes, start=1):
            record = change.record
            if change.obj is None:
                self.objects[(record.label, record.key)] = self._new(record)
                if len(self.pending) >= FLUSH_EVERY:
                    self._flush()
            elif change.changed:
                self._update(change)
            if self.progress and number % 1000 == 0:
                self.progress(number, len(changes))
        self._flush()
        self._keep_loaded_values()

    def _target(self, ref):
        """The instance or primary key a reference stands for: a pk for a record in the database."""
        if ref is None:
            return None
        pk = self.diff.resolved.get(ref)
        return pk if pk is not None else self.objects[ref]

    def _new(self, record):
        model = record.model
        obj = model(**record.values)
        links, targets = {}, []
        for name, ref in record.refs.items():
            fld = record.plan_model.fields[name]
            target = self._target(ref)
            if isinstance(target, model) and target.pk is None:
                links[fld] = target  # a sub-step's parent new in the file: linked once both are written
            elif isinstance(target, int) or target is None:
                setattr(obj, fld.attname, target)
            else:
                setattr(obj, fld.name, target)
                targets.append(target)
        m2m = {name: [self._target(ref) for ref in refs] for name, refs in record.m2m.items()}
        targets += [t for t in chain.from_iterable(m2m.values()) if not isinstance(t, int)]
        self._defer(obj, targets, m2m, links, (record.label, record.key))
        return obj

    def _update(self, change):
        record, obj = change.record, change.obj
        refs = {record.plan_model.fields[n].attname: ref for n, ref in record.refs.items()}
        if any(value is NEW for _, value in change.changed.values()):
            self._flush()
        plain = False
        for name, (_, value) in change.changed.items():
            if name in record.plan_model.many_to_many:
                getattr(obj, name).set([self._pk(ref) for ref in record.m2m[name]])
                continue
            setattr(obj, name, self._pk(refs[name]) if value is NEW else value)
            plain = True
        if plain:
            obj._change_reason = LOAD_REASON
            obj._history_user = self.user
            obj.save()

    def _pk(self, ref):
        target = self._target(ref)
        return target if isinstance(target, int) else target.pk

    def _defer(self, obj, targets, m2m, links, ref):
        """Queue a new record: in a later wave than the queued records it refers to, and not before the
        records of its model queued earlier, so that primary keys follow the order of the file."""
        model = type(obj)
        waves = [self.pending[id(t)][0] + 1 for t in targets if id(t) in self.pending]
        wave = max([1, self.last_wave.get(model, 1), *waves])
        self.last_wave[model] = wave
        self.pending[id(obj)] = (wave, obj, m2m, links, ref)

    def _flush(self):
        """Write the queued records: one bulk insert per wave and model, then their references to records of
        their own model, their many-to-many rows and their history rows, each in bulk."""
        batches, by_model, linked = defaultdict(list), defaultdict(list), defaultdict(list)
        for wave, obj, *_ in self.pending.values():
            batches[(wave, type(obj))].append(obj)
            by_model[type(obj)].append(obj)
        for (_, model), objs in sorted(batches.items(), key=lambda item: item[0][0]):
            model._default_manager.bulk_create(objs, batch_size=BATCH)
        for _, obj, m2m, links, _ref in self.pending.values():
            for fld, target in links.items():
                setattr(obj, fld.name, target)
                linked[(type(obj), fld.name)].append(obj)
            for name, targets in m2m.items():
                fld = obj._meta.get_field(name)
                through = fld.remote_field.through
                source, reverse = fld.m2m_field_name(), fld.m2m_reverse_field_name()
                linked[(through, None)] += [
                    through(**{f"{source}_id": obj.pk, f"{reverse}_id": t if isinstance(t, int) else t.pk})
                    for t in targets
                ]
        for (model, name), objs in linked.items():
            if name is None:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
            else:
                model._default_manager.bulk_update(objs, [name], batch_size=BATCH)
        for model, objs in by_model.items():
            if hasattr(model, "history"):
                model.history.bulk_history_create(
                    objs, batch_size=BATCH, default_user=self.user, default_change_reason=LOAD_REASON
                )
        for _, obj, _, _, ref in self.pending.values():
            self.diff.resolved[ref] = obj.pk
            self.objects.pop(ref, None)
        self.pending, self.last_wave = {}, {}

    def _keep_loaded_values(self):
        """Keep the file's values of each record written or whose kept values differ from the file's."""
        rows = []
        for change in self.diff.changes:
            if change.obj is None or change.changed or change.stale_baseline:
                record = change.record
                rows.append(
                    LoadedRecord(
                        model=record.label,
                        object_id=self.diff.resolved[(record.label, record.key)],
                        values=jsonable(wanted_values(record, self.diff.resolved)),
                        plan_code=self.diff.plan_code,
                    )
                )
            if len(rows) >= FLUSH_EVERY:
                self._write_loaded(rows)
                rows = []
        self._write_loaded(rows)

    def _write_loaded(self, rows):
        LoadedRecord.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["model", "object_id"],
            update_fields=["values", "plan_code"],
            batch_size=BATCH,
        )
