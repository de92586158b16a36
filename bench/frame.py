"""The framework's floor for a page: its bare SQL statements, run and shown in the site's frame.

``/bench/frame/<case>/`` goes through the same middleware, session, login and role lookups, header and bell
as every page of the site, runs the bare statements registered for ``case`` and shows their rows in a plain
table, with no ORM, forms or table classes in between. Its time is the least a Django page showing those rows
can take on this machine; the benchmark reports it beside the page it stands for.
"""

import html

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.safestring import mark_safe

#: ``case: [(sql, params)]``, registered by the benchmark before it requests the case's page.
STATEMENTS = {}

TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}floor{% endblock %}'
    "{% block content %}<table>{{ rows }}</table>{% endblock %}"
)


@login_required
def frame(request, case):
    rows = []
    with connection.cursor() as cursor:
        for sql, params in STATEMENTS[case]:
            cursor.execute(sql, params)
            rows += ("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in cursor)
    return TemplateResponse(request, TEMPLATE, {"rows": mark_safe("\n".join(rows))})


EMPTY = engines["django"].from_string('{% extends "base.html" %}{% block title %}empty{% endblock %}')


def empty(request):
    """An empty Django view: what any response of this site costs (its middleware, no login, no template)."""
    return HttpResponse(b"")


@login_required
def empty_in_frame(request):
    """An empty page in the site's frame: the session, login, role look-up, header and bell, nothing else."""
    return TemplateResponse(request, EMPTY, {})


urlpatterns = [
    path("bench/empty/", empty),
    path("bench/frame/", empty_in_frame),
    path("bench/frame/<str:case>/", frame),
    path("", include("govtrack.urls")),
]
