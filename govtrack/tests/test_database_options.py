"""The PostgreSQL connection's options: statements prepared (common.prepared) and JIT compilation off."""

import pytest
from django.db import connection

from govtrack.settings import base

pytestmark = pytest.mark.django_db


def test_the_sites_connections_compile_no_query_just_in_time():
    assert base.POSTGRESQL_OPTIONS["options"] == "-c jit=off"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
