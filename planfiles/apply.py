"""Apply a diff: write the new records in bulk, save the changed ones, keep what the load wrote.

Run inside the caller's transaction. New records get their primary keys from their tables' sequences in
the order of the file, a block of them per model and query, so that records can refer to each other before
they are written; they are then written as plain rows, one ``COPY`` per model on PostgreSQL (batched inserts
elsewhere), with their history rows the same way. Changed records are saved one by one, each with its
history row. ``LoadedRecord`` keeps the values the file gave each record, to tell later edits.
"""

import json
from collections import defaultdict

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from planfiles.diff import NEW, wanted_values
from plans.models import LoadedRecord
from scale.writer import BulkWriter

BATCH = 200

#: New records queued before they are written: memory holds at most this many unwritten records.
FLUSH_EVERY = 5000

#: The history change reason of every save a load makes.
LOAD_REASON = "load_plan"

#: Field types whose Python values the database driver takes as they are (others are prepared by the field).
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
#: Also taken as they are by psycopg.
POSTGRES_PLAIN_TYPES = PLAIN_TYPES | {"DateField", "DecimalField"}


def jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def allocate_ids(model, count):
    """``count`` new primary keys of ``model``, ascending, taken from its table's sequence: never the key
    of a record deleted before, so history and kept values of old records are not mixed up with new ones."""
    if not count:
        return []
    ops = connection.ops
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT MAX({ops.quote_name(pk)}) FROM {ops.quote_name(table)}")
        last = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            last = max(last, found[0] if found else 0)
    return list(range(last + 1, last + 1 + count))


class Rows:
    """A model's plan values by attribute name as the columns of its table (and its history's) hold them."""

    def __init__(self, model, writer):
        self.model, self.writer = model, writer
        plain = POSTGRES_PLAIN_TYPES if connection.vendor == "postgresql" else PLAIN_TYPES
        fields = model._meta.concrete_fields
        self.columns = {f.attname: f.column for f in fields}
        self.prepare = {f.attname: f for f in fields if f.get_internal_type() not in plain}
        self.table = writer.table(model)
        history = getattr(model, "history", None)
        self.history = history.model if history is not None else None
        if self.history is not None:
            self.history_table = writer.table(self.history, generated_pk=True)
            position = {column: i for i, column in enumerate(self.table.columns)}
            extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
            tracked = [c for c in self.history_table.columns if c not in extra]
            if self.history_table.columns != [*tracked, *extra]:
                raise ValueError(f"{self.history._meta.label}: unexpected history columns")
            self.tracked = [position[column] for column in tracked]

    def row(self, values):
        """The full row, in the order of the table's columns, with the defaults of the columns not given."""
        given = {}
        for name, value in values.items():
            fld = self.prepare.get(name)
            given[self.columns[name]] = value if fld is None else fld.get_db_prep_save(value, connection)
        return self.table.row(given)

    def history_row(self, row, *, user_id, now):
        """The history row of a new record's ``row``, in the order of the history table's columns."""
        return (*(row[i] for i in self.tracked), now, LOAD_REASON, "+", user_id)


class Applier:
    def __init__(self, diff, *, user=None, progress=None, now=None):
        self.diff, self.user, self.progress = diff, user, progress
        self.now = now or timezone.now()
        self.writer = BulkWriter()
        self.rows = {}  # model -> Rows
        self.pending = []  # (record, values, links to records queued with it, many-to-many refs)

    def apply(self):
        changes = self.diff.changes
        self.instances = self._changed_instances()
        for number, change in enumerate(changes, start=1):
            if change.obj is None:
                self._new(change.record)
                if len(self.pending) >= FLUSH_EVERY:
                    self._flush()
            elif change.changed:
                self._update(change)
            if self.progress and number % 1000 == 0:
                self.progress(number, len(changes))
        self._flush()
        self._keep_loaded_values()

    def _new(self, record):
        """Queue a new record: its values, with references to records in the database as primary keys and
        references to records queued before it kept until their keys are taken."""
        values, links = dict(record.values), {}
        for name, ref in record.refs.items():
            attname = record.plan_model.fields[name].attname
            pk = None if ref is None else self.diff.resolved.get(ref)
            if ref is not None and pk is None:
                links[attname] = ref
            values[attname] = pk
        self.pending.append((record, values, links, record.m2m))

    def _changed_instances(self):
        """The records the load changes, as model instances to save, a batch per query."""
        pks = defaultdict(list)
        for change in self.diff.changes:
            if change.obj is not None and change.changed:
                pks[change.record.model].append(change.obj["pk"])
        instances = {}
        for model, wanted in pks.items():
            for start in range(0, len(wanted), BATCH):
                found = model._default_manager.in_bulk(wanted[start : start + BATCH])
                instances.update({(model, pk): obj for pk, obj in found.items()})
        return instances

    def _update(self, change):
        record = change.record
        obj = self.instances[(record.model, change.obj["pk"])]
        refs = {record.plan_model.fields[n].attname: ref for n, ref in record.refs.items()}
        if any(value is NEW for _, value in change.changed.values()):
            self._flush()
        plain = False
        for name, (_, value) in change.changed.items():
            if name in record.plan_model.many_to_many:
                getattr(obj, name).set([self.diff.resolved[ref] for ref in record.m2m[name]])
                continue
            setattr(obj, name, self.diff.resolved[refs[name]] if value is NEW else value)
            plain = True
        if plain:
            obj._change_reason = LOAD_REASON
            obj._history_user = self.user
            obj._history_date = self.now
            obj.save()

    def _rows(self, model):
        if model not in self.rows:
            self.rows[model] = Rows(model, self.writer)
        return self.rows[model]

    def _flush(self):
        """Write the queued records: their keys taken per model in the order of the file, then per model one
        bulk write of their rows, of their history rows and of their many-to-many rows."""
        by_model = defaultdict(list)  # in the order the models first occur, which is the order they load
        for entry in self.pending:
            by_model[entry[0].model].append(entry)
        for model, entries in by_model.items():
            attname = model._meta.pk.attname
            for (record, values, *_), pk in zip(entries, allocate_ids(model, len(entries)), strict=True):
                values[attname] = pk
                self.diff.resolved[(record.label, record.key)] = pk
        history_enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        user_id = self.user.pk if self.user is not None else None
        through_rows = defaultdict(list)
        for model, entries in by_model.items():
            rows = self._rows(model)
            written = []
            for _record, values, links, m2m in entries:
                for attname, ref in links.items():
                    values[attname] = self.diff.resolved[ref]
                written.append(rows.row(values))
                for name, refs in m2m.items():
                    fld = model._meta.get_field(name)
                    through = fld.remote_field.through
                    source, target = f"{fld.m2m_field_name()}_id", f"{fld.m2m_reverse_field_name()}_id"
                    pk = values[model._meta.pk.attname]
                    through_rows[through] += [through(**{source: pk, target: self.diff.resolved[ref]}) for ref in refs]
            self.writer.write_tuples(rows.table, written)
            if rows.history is not None and history_enabled:
                self.writer.write_tuples(
                    rows.history_table, [rows.history_row(row, user_id=user_id, now=self.now) for row in written]
                )
        for through, objs in through_rows.items():
            through._default_manager.bulk_create(objs, batch_size=BATCH)
        self.pending = []

    def _keep_loaded_values(self):
        """Keep the file's values of each record written or whose kept values differ from the file's: those
        of new records written in bulk (their keys are new), the others replacing what was kept."""
        new, kept = [], []
        for change in self.diff.changes:
            if change.obj is None or change.changed or change.stale_baseline:
                record = change.record
                values = json.dumps(wanted_values(record, self.diff.resolved), cls=DjangoJSONEncoder)
                row = {
                    "model": record.label,
                    "object_id": self.diff.resolved[(record.label, record.key)],
                    "values": values,
                    "plan_code": self.diff.plan_code,
                }
                (new if change.obj is None else kept).append(row)
            if len(new) >= FLUSH_EVERY:
                self.writer.write(LoadedRecord, new, generated_pk=True)
                new = []
            if len(kept) >= FLUSH_EVERY:
                self._replace_loaded(kept)
                kept = []
        self.writer.write(LoadedRecord, new, generated_pk=True)
        self._replace_loaded(kept)

    def _replace_loaded(self, rows):
        LoadedRecord.objects.bulk_create(
            [LoadedRecord(**{**row, "values": json.loads(row["values"])}) for row in rows],
            update_conflicts=True,
            unique_fields=["model", "object_id"],
            update_fields=["values", "plan_code"],
            batch_size=BATCH,
        )
