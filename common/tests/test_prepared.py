"""A query built once per process gives what its queryset gives, for every value it is run with."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from accounts.roles import users_with_role_facts
from common.prepared import PreparedQuery

pytestmark = pytest.mark.django_db

LOGIN = PreparedQuery(lambda pk: users_with_role_facts(get_user_model().objects.filter(pk=pk)), -1)


def test_each_run_reads_the_rows_of_its_own_value(officer, manager):
    for user in (officer, manager):
        (found,) = LOGIN.objects(user.pk)
        expected = users_with_role_facts(get_user_model().objects.filter(pk=user.pk)).get()
        assert (found.pk, found.username, found.role_in_manager_group) == (
            expected.pk,
            expected.username,
            expected.role_in_manager_group,
        )
        assert found.last_login == expected.last_login and found.date_joined.tzinfo is not None

    assert LOGIN.objects(10**9) == []


def test_related_records_come_with_the_login(officer, django_assert_num_queries):
    staff = officer.staff
    expected = (staff.name, staff.department.name, staff.team.name)

    with django_assert_num_queries(1):
        (found,) = LOGIN.objects(officer.pk)
        assert (found.staff.name, found.staff.department.name, found.staff.team.name) == expected


def test_count_counts_the_rows_of_each_value(officer):
    count = PreparedQuery(lambda name: get_user_model().objects.filter(username=name), "\0")

    assert (count.count("officer"), count.count("nobody")) == (1, 0)


def test_a_placeholder_the_query_does_not_hold_once_is_refused(officer):
    query = PreparedQuery(lambda pk: get_user_model().objects.filter(pk=pk, id=pk), -1)

    with pytest.raises(ValueError, match="2 times"):
        query.objects(officer.pk)


def test_each_run_is_one_statement_prepared_once_per_connection_on_postgresql(
    officer, manager, django_assert_num_queries
):
    """Elsewhere (SQLite) the same SQL runs as plain SQL, one statement a run."""

    def prepared():
        if connection.vendor != "postgresql":
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%role_in_manager%"]
            )
            return cursor.fetchone()[0]

    before = prepared()
    runs = (officer, manager, officer)
    with django_assert_num_queries(3) as queries:
        found = [LOGIN.objects(user.pk)[0].pk for user in runs]

    assert found == [user.pk for user in runs]
    assert all("role_in_manager" in query["sql"] for query in queries.captured_queries)
    assert prepared() == before + (connection.vendor == "postgresql")
