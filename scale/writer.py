"""Bulk writes of generated rows: COPY on PostgreSQL (psycopg 3), batched multi-row inserts elsewhere.

Rows are plain dicts keyed by column name; missing columns take the field's default. Primary keys are
given by the generator (``IdAllocator``) so that rows can refer to each other before they are written;
the sequences are moved past them at the end (``reset_sequences``).
"""

import datetime

from django.core.management.color import no_style
from django.db import connection

#: Rows per multi-row INSERT where COPY is not available.
INSERT_BATCH_SIZE = 500


def _default(field):
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return "" if field.empty_strings_allowed else None


class Table:
    """The columns of a model's table in insertion order, with the value a missing column takes."""

    def __init__(self, model, *, generated_pk=False):
        self.model = model
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not (generated_pk and f.primary_key)]
        self.columns = [f.column for f in fields]
        self.defaults = [_default(f) for f in fields]
        self.datetimes = {i for i, f in enumerate(fields) if f.get_internal_type() == "DateTimeField"}
        self.pk = model._meta.pk.column

    def row(self, values):
        return tuple(values.get(column, default) for column, default in zip(self.columns, self.defaults, strict=True))


class BulkWriter:
    """Writes rows of many tables; ``written`` counts rows per table."""

    def __init__(self, using=connection):
        self.connection = using
        self.postgres = using.vendor == "postgresql"
        self.tables = {}
        self.written = {}

    def table(self, model, *, generated_pk=False):
        if (model, generated_pk) not in self.tables:
            self.tables[(model, generated_pk)] = Table(model, generated_pk=generated_pk)
        return self.tables[(model, generated_pk)]

    def write(self, model, rows, *, generated_pk=False):
        """Insert ``rows`` (dicts) into ``model``'s table; returns how many were written. With
        ``generated_pk`` the table's primary key is left to the database."""
        table = self.table(model, generated_pk=generated_pk)
        return self.write_tuples(table, [table.row(values) for values in rows])

    def write_tuples(self, table, tuples):
        """Insert rows given as tuples in the order of ``table.columns`` (a ``table()`` of this writer)."""
        if not tuples:
            return 0
        if self.postgres:
            self._copy(table, tuples)
        else:
            self._insert(table, tuples)
        self.written[table.name] = self.written.get(table.name, 0) + len(tuples)
        return len(tuples)

    def _copy(self, table, tuples):
        columns = ", ".join(self.connection.ops.quote_name(c) for c in table.columns)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {self.connection.ops.quote_name(table.name)} ({columns}) FROM STDIN") as copy:
                for row in tuples:
                    copy.write_row(row)

    def _insert(self, table, tuples):
        ops = self.connection.ops
        if table.datetimes:
            tuples = [
                tuple(
                    ops.adapt_datetimefield_value(v)
                    if i in table.datetimes and isinstance(v, datetime.datetime)
                    else v
                    for i, v in enumerate(row)
                )
                for row in tuples
            ]
        columns = ", ".join(ops.quote_name(c) for c in table.columns)
        one = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
        # SQLite allows at most 32,766 variables in one statement.
        size = max(1, min(INSERT_BATCH_SIZE, 32000 // len(table.columns)))
        with self.connection.cursor() as cursor:
            for start in range(0, len(tuples), size):
                batch = tuples[start : start + size]
                sql = f"INSERT INTO {ops.quote_name(table.name)} ({columns}) VALUES " + ", ".join([one] * len(batch))
                cursor.execute(sql, [value for row in batch for value in row])

    def reset_sequences(self):
        """Move each written table's id sequence past the ids the generator gave (PostgreSQL)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), list({model for model, _ in self.tables}))
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    def analyze(self):
        """Fresh planner statistics for the tables written (a million new rows change the best plans)."""
        if not self.postgres:
            return
        with self.connection.cursor() as cursor:
            for table in self.tables.values():
                cursor.execute(f"ANALYZE {self.connection.ops.quote_name(table.name)}")


class IdAllocator:
    """Primary keys for new rows, after the largest one in the table."""

    def __init__(self, using=connection):
        self.connection = using
        self.next = {}

    def take(self, model, count=1):
        """The first of ``count`` consecutive new ids of ``model``."""
        table = model._meta.db_table
        if table not in self.next:
            pk = self.connection.ops.quote_name(model._meta.pk.column)
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX({pk}) FROM {self.connection.ops.quote_name(table)}")
                self.next[table] = (cursor.fetchone()[0] or 0) + 1
        first = self.next[table]
        self.next[table] += count
        return first
