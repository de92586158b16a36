"""Search and the work report at scale: pages that read only, measured as the other pages are.

Search (``/search/?q=``): a word of three characters or more that the titles hold, a longer one, several words,
a word nowhere in the data, each as the bureau's manager (everything) and as an officer of the busiest team
(one department). The work report (``/plans/<code>/report/``) of the largest plan of the year, as HTML, as
the manager reads it on its default date. Each figure is a page through the test client, the whole
middleware stack and template included; the targets (``bench.targets``) are absolute: search under
``MAX_SEARCH_MS`` and the report under ``MAX_REPORT_MS``.
"""

from urllib.parse import urlencode

#: What is searched for: (what it is, the query). The generated titles are built from a few dozen words
#: (``scale.vocabulary``), so a real word matches about 5 % of all milestones.
SEARCHES = (
    ("a 3-character word that exists", "스마트"),
    ("a longer word that exists", "보호구역"),
    ("three words", "어린이 보호구역 결과"),
    ("a word that is nowhere", "없는말입니다"),
)


def officer_of(team_id):
    """An officer with a login in ``team_id`` (the busiest team), the first by primary key."""
    from departments.models import Staff

    staff = (
        Staff.objects.select_related("user")
        .filter(team_id=team_id, position=Staff.Position.OFFICER, user__isnull=False)
        .order_by("pk")
        .first()
    )
    return staff.user if staff else None


def search_figures(s, repeat, *, measure, page):
    from django.test import Client

    readers = [("a manager", s.manager), ("an officer", officer_of(s.team_id))]
    figures = []
    for who, user in readers:
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for what, query in SEARCHES:
            figures.append(
                measure(
                    f"search, {what} ({query}), {who}",
                    page(client, "/search/?" + urlencode({"q": query})),
                    repeat=repeat,
                )
            )
    return figures


def report_figures(s, repeat, *, measure, page):
    from django.test import Client

    client = Client()
    client.force_login(s.manager)
    figure = measure(
        f"work report of the largest plan as HTML ({s.plan_milestones:,} milestones), a manager",
        page(client, f"/plans/{s.plan_code}/report/"),
        repeat=repeat,
    )
    figure.rows = s.plan_milestones
    return [figure]
