"""``ilike_contains`` and ``ilike_startswith``: ``icontains`` and ``istartswith`` that PostgreSQL's trigram
indexes serve.

Django writes ``icontains`` on PostgreSQL as ``UPPER(col) LIKE UPPER(%q%)``: upper-casing every Korean title
of a large table costs more than the search itself, and the planner misjudges an index on ``UPPER(col)``.
``col ILIKE %q%`` is served by a plain ``gin (col gin_trgm_ops)`` index. Elsewhere they are the built-in
lookups.
"""

from django.db.models import CharField, TextField
from django.db.models.lookups import IContains, IStartsWith


class _ILike:
    builtin = None

    def as_sql(self, compiler, connection):
        return self.builtin(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        # Text without case (Korean, digits) matches alike either way; LIKE spares folding every row's case.
        caseless = isinstance(self.rhs, str) and self.rhs.lower() == self.rhs.upper()
        return f"{lhs_sql} {'LIKE' if caseless else 'ILIKE'} {rhs_sql}", (*lhs_params, *rhs_params)


class ILikeContains(_ILike, IContains):
    lookup_name = "ilike_contains"
    builtin = IContains


class ILikeStartsWith(_ILike, IStartsWith):
    lookup_name = "ilike_startswith"
    builtin = IStartsWith


def register():
    for field in (CharField, TextField):
        field.register_lookup(ILikeContains)
        field.register_lookup(ILikeStartsWith)
