"""Trigram indexes for the search box, on PostgreSQL only: the search's ``col ILIKE %q%`` (``search.lookups``)
is served by ``gin (col gin_trgm_ops)``, Korean substrings ("스마트") included. On other databases (SQLite)
the same queries scan the tables and this migration does nothing."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

#: (index name, table, column) of each searched text.
INDEXES = (
    ("search_project_title_trgm", "projects_project", "title"),
    ("search_milestone_title_trgm", "milestones_milestone", "title"),
    ("search_staff_name_trgm", "departments_staff", "name"),
    ("search_department_name_trgm", "departments_department", "name"),
    ("search_comment_text_trgm", "milestones_comment", "text"),
    ("search_entry_text_trgm", "projects_projectentry", "text"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("departments", "0001_initial"),
        ("milestones", "0003_progress_workflow_comments_evidence"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
