"""Deleting the generated rows in a few set-based statements, not row by row.

``manage.py generate_scale_data`` marks everything it writes: plan, department and staff codes and
usernames start with ``scale-``. Django's ``QuerySet.delete()`` would load a million milestones to
collect what cascades from them; here each table that refers to the rows is cleared with one
``DELETE ... WHERE fk IN (SELECT ...)`` (or one ``UPDATE ... SET fk = NULL`` where the relation is
``SET_NULL``), children before parents, following the models' own relations.
"""

from django.contrib.auth import get_user_model
from django.db import connection, models

from departments.models import Department, Staff
from milestones.models import Milestone
from plans.models import AnnualPlan, LoadedRecord
from projects.models import Project

PREFIX = "scale-"


def _quote(name):
    return connection.ops.quote_name(name)


class Purger:
    def __init__(self):
        self.deleted = {}

    def purge(self, model, where, params, path=()):
        """Delete the rows of ``model`` matching the SQL condition ``where`` and everything that needs them."""
        table = _quote(model._meta.db_table)
        pk = _quote(model._meta.pk.column)
        selected = f"SELECT {pk} FROM {table} WHERE {where}"
        path = (*path, model)
        with connection.cursor() as cursor:
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through._meta
                column = through.get_field(m2m.m2m_field_name()).column
                cursor.execute(
                    f"DELETE FROM {_quote(through.db_table)} WHERE {_quote(column)} IN ({selected})", params
                )
            for relation in model._meta.related_objects:
                related = relation.related_model
                if relation.many_to_many:
                    through = relation.through._meta
                    column = next(
                        f.column for f in through.fields if f.is_relation and f.related_model is model and f.concrete
                    )
                    cursor.execute(
                        f"DELETE FROM {_quote(through.db_table)} WHERE {_quote(column)} IN ({selected})", params
                    )
                    continue
                column = _quote(relation.field.column)
                if related is model or related in path:
                    continue  # rows of the same table go in the same statement
                if relation.on_delete is models.SET_NULL:
                    cursor.execute(
                        f"UPDATE {_quote(related._meta.db_table)} SET {column} = NULL WHERE {column} IN ({selected})",
                        params,
                    )
                else:
                    self.purge(related, f"{column} IN ({selected})", params, path)
            if model._meta.auto_created:
                return
            cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
            if cursor.rowcount:
                label = model._meta.label
                self.deleted[label] = self.deleted.get(label, 0) + cursor.rowcount


def generated_plans():
    return AnnualPlan.objects.filter(code__startswith=PREFIX)


def real_plans():
    """Plans the generator did not write."""
    return AnnualPlan.objects.exclude(code__startswith=PREFIX)


def purge_generated(prefix=PREFIX):
    """Delete every generated row (codes and usernames starting with ``prefix``); returns ``{model: rows}``."""
    if not prefix.startswith(PREFIX):
        raise ValueError(f"only generated rows ({PREFIX}...) are purged")
    purger = Purger()
    like = [prefix + "%"]
    # History rows refer to their milestone's project without a relation Django follows back.
    history = Milestone.history.model
    plans = f"SELECT id FROM {_quote(AnnualPlan._meta.db_table)} WHERE code LIKE %s"
    projects = f"SELECT id FROM {_quote(Project._meta.db_table)} WHERE plan_id IN ({plans})"
    purger.purge(history, f"project_id IN ({projects})", like)
    purger.purge(LoadedRecord, "plan_code LIKE %s", like)
    for model, column in (
        (AnnualPlan, "code"),
        (Staff, "code"),
        (get_user_model(), "username"),
        (Department, "code"),
    ):
        purger.purge(model, f"{_quote(column)} LIKE %s", like)
    return purger.deleted
