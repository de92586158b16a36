"""Queries run on every request, built by the ORM once per process and run as prepared statements.

The frame of every page reads the same few statements with a different value (the session's key, the login's
id): the ORM would build their SQL again each time (a third of the frame's time in the profiles), and
PostgreSQL would plan them again. ``PreparedQuery`` builds a queryset's SQL once per process and database,
with placeholder values that the arguments of each run take the place of; on PostgreSQL it runs the SQL as a
prepared statement of the connection (planned once per connection, then reused), elsewhere as plain SQL. The
rules stay in the querysets that build the SQL.

A placeholder must reach the SQL's parameters unchanged: an ``int`` or a ``str`` compared with a column.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # the position in ``params`` of each placeholder
    compiler: object


class PreparedQuery:
    """``build(*placeholders)`` returns the queryset; ``placeholders`` are distinct values no argument takes."""

    def __init__(self, build, *placeholders):
        self.build = build
        self.placeholders = placeholders
        self._compiled = {}

    def _compile(self, connection):
        compiled = self._compiled.get(connection.alias)
        if compiled is None:
            compiler = self.build(*self.placeholders).query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            slots = []
            for placeholder in self.placeholders:
                found = [i for i, v in enumerate(params) if type(v) is type(placeholder) and v == placeholder]
                if len(found) != 1:
                    raise ValueError(f"placeholder {placeholder!r} is {len(found)} times in the query's parameters")
                slots += found
            compiled = self._compiled[connection.alias] = _Compiled(sql, tuple(params), tuple(slots), compiler)
        return compiled

    def _execute(self, connection, sql, compiled, values):
        params = list(compiled.params)
        for slot, value in zip(compiled.slots, values, strict=True):
            params[slot] = value
        with _cursor(connection) as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, *values, using=DEFAULT_DB_ALIAS):
        """How many rows the queryset has."""
        connection = connections[using]
        compiled = self._compile(connection)
        return self._execute(connection, f"SELECT COUNT(*) FROM ({compiled.sql}) counted", compiled, values)[0][0]

    def objects(self, *values, using=DEFAULT_DB_ALIAS):
        """The model instances of the queryset, with what it selects with them (``select_related``, annotations)
        as the queryset itself would give them."""
        connection = connections[using]
        compiled = self._compile(connection)
        rows = self._execute(connection, compiled.sql, compiled, values)
        compiler = compiled.compiler
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        annotations = list(annotation_col_map.items())
        found = []
        for row in compiler.results_iter([rows]):
            obj = klass_info["model"].from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


@contextmanager
def _cursor(connection):
    """A cursor of ``connection`` through Django's cursor wrapper (so that its statements are counted and logged as
    any other); on PostgreSQL one that binds the parameters on the server and prepares the statement (Django's
    own cursors bind them in the client, and cannot prepare), when the connection prepares statements at all
    (``prepare_threshold`` set in the database's ``OPTIONS``)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        with connection.cursor() as cursor:
            yield cursor
        return
    raw = _preparing_cursor_class()(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor


@cache
def _preparing_cursor_class():
    import psycopg

    class Sent:
        """The statement as Django's query log reads it of a cursor (``cursor._query.query``), which psycopg sets
        for client-side binding only: without it, captured queries of a prepared statement have no SQL."""

        __slots__ = ("query",)

        def __init__(self, query):
            self.query = query.encode() if isinstance(query, str) else query

    class PreparingCursor(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            super().execute(query, params, prepare=True, binary=binary)
            self._query = Sent(query)
            return self

    return PreparingCursor
