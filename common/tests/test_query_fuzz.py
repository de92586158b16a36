"""Hostile values for every query parameter of every page of the site: a 400 or a page, never a 500.

The pages come from the URL configuration (the admin and Django's language switch aside) and their
parameters from the forms and filter sets each page declares (``common.query``): a new page, or a new
parameter of a page, is fuzzed without changing this test.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_filters import FilterSet

from common.query import declared_query_forms
from milestones.models import Milestone
from reminders.services import calendar_feed_get_or_create

pytestmark = pytest.mark.django_db

#: Values a person or a script may send: out of range, overflowing, not a number, far dates, empty, unicode.
HOSTILE = [
    "-1",
    "-5",
    "0",
    "99999999999999999999",
    "1e999",
    "NaN",
    "-Infinity",
    "abc",
    "",
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
    "٣٤",
    "日本語\u202e",
    "a\x00b",
    "'\"><script>",
    "x" * 3000,
]
#: The same parameter given more than once.
LISTS = [["1", "2"], ["2023-01-01", "9999-12-31"], ["", "-1"]]
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}  # Django's language switch: a POST with its own checks


def site_patterns(patterns=None, namespace="", arguments=()):
    """``(name, path arguments, view)`` of every named page of the site, with the arguments of the
    prefixes it is included under (``plans/<code>/report/``)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from site_patterns(entry.url_patterns, inner, (*arguments, *entry.pattern.regex.groupindex))
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIPPED_NAMES:
            yield f"{namespace}{entry.name}", (*arguments, *entry.pattern.regex.groupindex), entry.callback


def parameters(view):
    """The query parameters a page declares, from its forms and filter sets."""
    names = []
    for declared in declared_query_forms(view) or ():
        fields = declared.base_filters if issubclass(declared, FilterSet) else declared.base_fields
        names.extend(fields)
    return names


@pytest.fixture
def sample_arguments(department_head):
    """A value for each kind of path argument, so that every page has an address."""
    milestone = Milestone.objects.filter(project__department__code="digital-policy").first()
    feed = calendar_feed_get_or_create(staff=department_head.staff)
    return {
        "pk": lambda name: milestone.project_id if "project" in name else milestone.pk,
        "project_pk": lambda name: milestone.project_id,
        "evidence_pk": lambda name: 1,
        "comment_pk": lambda name: 1,
        "proposal_pk": lambda name: 1,
        "code": lambda name: "seoul-dpb-2023" if name.startswith("reports:") else "overdue",
        "plan": lambda name: "seoul-dpb-2023",
        "table": lambda name: "expenditure-detail",
        "fmt": lambda name: "xlsx",
        "token": lambda name: feed.token,
    }


def pages(sample_arguments):
    for name, arguments, view in site_patterns():
        kwargs = {argument: sample_arguments[argument](name) for argument in arguments}
        yield name, reverse(name, kwargs=kwargs), view


def test_every_page_declares_its_query_parameters():
    undeclared = [name for name, _arguments, view in site_patterns() if declared_query_forms(view) is None]
    assert undeclared == []


def test_hostile_query_values_never_answer_500(department_head, sample_arguments):
    client = Client(raise_request_exception=False)
    client.force_login(department_head)
    failures, requests = [], 0
    for name, url, view in pages(sample_arguments):
        names = parameters(view)
        queries = [{parameter: value} for parameter in names for value in [*HOSTILE, *LISTS]]
        queries += [dict.fromkeys(names, value) for value in HOSTILE]  # all of them at once
        for query in queries or [{"anything": value} for value in HOSTILE]:
            status = client.get(url, query).status_code
            requests += 1
            if status >= 500 or status == 400 and not names:
                failures.append((name, query if len(str(query)) < 200 else list(query), status))
    assert requests > 500
    assert failures == []


def test_a_refused_parameter_is_named_in_the_answer(client, department_head):
    client.force_login(department_head)
    response = client.get(reverse("reviews:overdue"), {"per_page": "-5"})
    assert response.status_code == 400
    assert "per_page" in response.text
