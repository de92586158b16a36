"""Every read endpoint for the three personas: the owner's team, another team of the department, another
department; each answer matches the OpenAPI document."""

import datetime

import pytest

from api.tests.conftest import TODAY, token_client
from api.tests.openapi import assert_matches_schema
from departments.models import Staff

pytestmark = pytest.mark.django_db


def get(user, url):
    response = token_client(user).get(url)
    if response.status_code == 200:
        assert_matches_schema(response)
    return response


def ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", ["officer", "colleague", "outsider"])
def test_every_persona_reads_the_plans_and_the_organisation_tree(persona, request):
    user = request.getfixturevalue(persona)

    plans = get(user, "/api/v1/plans/")
    tree = get(user, "/api/v1/departments/")

    assert [p["code"] for p in plans.json()["results"]] == ["seoul-dpb-2023"]
    (bureau,) = tree.json()
    assert bureau["code"] == "digital-policy-bureau"
    divisions = {child["code"] for child in bureau["children"]}
    assert {"digital-policy", "big-data"} <= divisions
    policy = next(child for child in bureau["children"] if child["code"] == "digital-policy")
    assert any(team["kind"] == "team" for team in policy["children"])
    assert get(user, "/api/v1/plans/seoul-dpb-2023/").json()["year"] == 2023


@pytest.mark.parametrize(("persona", "private_of"), [("officer", "digital-policy"), ("outsider", "big-data")])
def test_staff_contacts_are_printed_for_all_and_e_mail_only_within_ones_department(persona, private_of, request):
    user = request.getfixturevalue(persona)
    for staff in Staff.objects.all():
        Staff.objects.filter(pk=staff.pk).update(email=f"staff{staff.pk}@seoul.example")

    rows = get(user, "/api/v1/staff/?page_size=500").json()["results"]
    one = get(user, f"/api/v1/staff/{Staff.objects.get(code='digital-policy:김연숙').pk}/").json()

    assert len(rows) == Staff.objects.count()
    departments = {staff.pk: staff.department.code for staff in Staff.objects.select_related("department")}
    with_email = {departments[row["id"]] for row in rows if row["email"]}
    assert with_email == {private_of}
    assert all(row["phone"] or not Staff.objects.get(pk=row["id"]).phone for row in rows)
    assert bool(one["email"]) is (private_of == "digital-policy")


@pytest.mark.parametrize(("persona", "sees"), [("officer", True), ("colleague", True), ("outsider", False)])
def test_projects_achievements_and_milestones_of_another_department_are_not_found(
    persona, sees, request, milestone, frozen
):
    user = request.getfixturevalue(persona)
    project = milestone.project

    projects = get(user, "/api/v1/projects/?plan=seoul-dpb-2023")
    detail = get(user, f"/api/v1/projects/{project.pk}/")
    achievements = get(user, f"/api/v1/achievements/?project={project.pk}")
    milestones = get(user, "/api/v1/milestones/?page_size=500")
    one = get(user, f"/api/v1/milestones/{milestone.pk}/")
    comments = get(user, f"/api/v1/milestones/{milestone.pk}/comments/")

    assert (project.pk in ids(projects)) is sees
    assert detail.status_code == one.status_code == comments.status_code == (200 if sees else 404)
    assert bool(ids(achievements)) is sees
    assert (milestone.pk in ids(milestones)) is sees
    if sees:
        assert {c["role"] for c in detail.json()["contacts"]} >= {"officer"}
        assert one.json()["owner"]["name"] == "김연숙" and one["ETag"] == '"1"'
        figures = [f for a in achievements.json()["results"] for f in a["figures"]]
        assert figures and all(set(f) == {"label", "value", "unit"} for f in figures)


def test_an_outsider_reads_only_the_milestones_of_their_own_department(outsider, other_milestone, milestone):
    response = get(outsider, "/api/v1/milestones/?page_size=500")

    assert other_milestone.pk in ids(response) and milestone.pk not in ids(response)
    assert {row["department"] for row in response.json()["results"]} == {other_milestone.project.department_id}


def test_milestone_filters_narrow_the_list(officer, milestone, frozen):
    base = "/api/v1/milestones/?page_size=500"
    project = milestone.project
    owner = milestone.owner

    by_project = get(officer, f"{base}&project={project.pk}&plan=seoul-dpb-2023")
    by_owner = get(officer, f"{base}&owner={owner.pk}&team={owner.team_id}&department={project.department_id}")
    by_dates = get(officer, f"{base}&due_from=2023-09-24&due_to=2023-09-24")
    by_status = get(officer, f"{base}&status=planned&status=in_progress")
    overdue_in_november = get(officer, f"{base}&overdue=true&as_of=2023-11-15")
    overdue_now = get(officer, f"{base}&overdue=true")

    assert milestone.pk in ids(by_project) and all(
        r["project"]["id"] == project.pk for r in by_project.json()["results"]
    )
    assert milestone.pk in ids(by_owner) and all(r["owner"]["id"] == owner.pk for r in by_owner.json()["results"])
    assert all(r["due_date"] == "2023-09-24" for r in by_dates.json()["results"]) and milestone.pk in ids(by_dates)
    assert milestone.pk in ids(by_status)
    late = {r["id"]: r["days_overdue"] for r in overdue_in_november.json()["results"]}
    assert late[milestone.pk] == 52  # 2023-09-24 to 2023-11-15
    assert milestone.pk not in ids(overdue_now)


def test_as_of_shows_a_milestone_as_it_stood_that_day(officer, milestone, frozen):
    from milestones import services

    def record(percent, version):
        services.milestone_record_progress(
            milestone=milestone,
            by=officer,
            version=version,
            status=milestone.status,
            percent_complete=percent,
            today=TODAY,
        )

    record(60, 1)
    frozen.shift(datetime.timedelta(days=5))
    record(80, 2)

    then = get(officer, f"/api/v1/milestones/?project={milestone.project_id}&as_of=2023-09-16&page_size=500")
    now = get(officer, f"/api/v1/milestones/?project={milestone.project_id}&page_size=500")

    assert {r["id"]: r["percent_complete"] for r in then.json()["results"]}[milestone.pk] == 60
    assert {r["id"]: r["percent_complete"] for r in now.json()["results"]}[milestone.pk] == 80


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/milestones/?as_of=1999-12-31", "as_of"),
        ("/api/v1/milestones/?due_from=yesterday", "due_from"),
        ("/api/v1/milestones/?status=finished", "status"),
        ("/api/v1/milestones/?owner=-1", "owner"),
        ("/api/v1/milestones/?page_size=501", "page_size"),
        ("/api/v1/staff/?department=x", "department"),
        ("/api/v1/projects/?plan=a%20b", "plan"),
        ("/api/v1/achievements/?project=99999999999999999999", "project"),
    ],
)
def test_bad_parameters_are_refused_with_the_field_named(officer, url, name):
    response = token_client(officer).get(url)

    assert response.status_code == 400 and name in response.json()


def test_budget_tables_follow_the_budget_pages_rules(officer, department_head, manager, plan_2023):
    staff_view = get(officer, "/api/v1/budget-tables/")
    head_view = get(department_head, "/api/v1/budget-tables/?plan=seoul-dpb-2023")
    manager_view = get(manager, "/api/v1/budget-tables/")

    assert staff_view.json()["results"] == []
    assert {t["kind"] for t in head_view.json()["results"]} == {"expenditure"}
    assert {t["kind"] for t in manager_view.json()["results"]} == {"expenditure", "revenue"}
    table = head_view.json()["results"][0]
    lines = get(department_head, f"/api/v1/budget-tables/{table['id']}/").json()["lines"]
    assert lines and {line["department"] for line in lines} == {department_head.staff.department_id}
    assert all({"commitment_rate", "change_rate", "lags", "depth"} <= set(line) for line in lines)
    revenue = next(t for t in manager_view.json()["results"] if t["kind"] == "revenue")
    assert get(department_head, f"/api/v1/budget-tables/{revenue['id']}/").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("officer", 200), ("colleague", 200), ("outsider", 404)])
def test_the_history_names_who_changed_what(persona, status, request, officer, milestone, frozen):
    from milestones import services

    services.milestone_record_progress(
        milestone=milestone, by=officer, version=1, status=milestone.status, percent_complete=25, today=TODAY
    )

    response = get(request.getfixturevalue(persona), f"/api/v1/milestones/{milestone.pk}/history/")

    assert response.status_code == status
    if status == 200:
        newest = response.json()[0]
        assert (newest["who"], newest["action"]) == ("김연숙", "진척 입력")
        assert {"field": "진척률", "old": "0", "new": "25"} in newest["changes"]


def test_each_person_reads_and_marks_only_their_own_notifications(officer, colleague, outsider, milestone):
    from reminders.services import reminders_scan
    from reminders.tests.conftest import at_nine

    reminders_scan(now=at_nine(datetime.date(2023, 9, 22)))  # the officer's milestones 1 and 2 are due next
    mine = get(officer, "/api/v1/notifications/")
    theirs = get(colleague, "/api/v1/notifications/")
    ids = [row["id"] for row in mine.json()["results"]]

    refused = token_client(outsider).post("/api/v1/notifications/read/", {"ids": ids}, format="json")
    marked = token_client(officer).post("/api/v1/notifications/read/", {"ids": ids}, format="json")

    assert milestone.pk in {row["milestone"] for row in mine.json()["results"]}
    assert not set(ids) & {row["id"] for row in theirs.json()["results"]}
    assert refused.json() == {"marked": 0} and marked.json() == {"marked": len(ids)} and ids
    assert all(row["read_at"] for row in get(officer, "/api/v1/notifications/").json()["results"])
