"""Who sees and changes what, page by page and admin page by admin page, for three personas:
the owner (officer of the milestone's team), a colleague of another team in the same department,
and an outsider from another department."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from milestones.models import Milestone, Status
from milestones.tests.conftest import give_admin_access

pytestmark = pytest.mark.django_db

PERSONAS = ["officer", "colleague", "outsider"]


@pytest.fixture
def as_persona(client, request):
    def login(name):
        user = request.getfixturevalue(name)
        client.force_login(user)
        return user

    return login


def unchanged(milestone):
    fresh = Milestone.objects.get(pk=milestone.pk)
    return (fresh.status, fresh.percent_complete, fresh.version) == (Status.PLANNED, 0, 1)


@pytest.mark.parametrize(("persona", "expected"), [("officer", 200), ("colleague", 200), ("outsider", 404)])
def test_milestone_page(as_persona, client, milestone, persona, expected):
    as_persona(persona)
    response = client.get(reverse("milestones:detail", args=[milestone.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert escape(milestone.title) in response.text
        assert ('name="percent_complete"' in response.text) is (persona == "officer"), "only the owner gets the form"


@pytest.mark.parametrize(("persona", "expected"), [("officer", 302), ("colleague", 403), ("outsider", 404)])
def test_posting_progress(as_persona, client, frozen, milestone, persona, expected):
    as_persona(persona)
    response = client.post(
        reverse("milestones:update", args=[milestone.pk]),
        {"version": 1, "status": "in_progress", "percent_complete": 30, "note": "begun"},
    )
    assert response.status_code == expected
    assert unchanged(milestone) is (persona != "officer")


@pytest.mark.parametrize(("persona", "expected"), [("officer", 302), ("colleague", 302), ("outsider", 404)])
def test_commenting(as_persona, client, milestone, persona, expected):
    as_persona(persona)
    response = client.post(reverse("milestones:comment", args=[milestone.pk]), {"text": "hello"})
    assert response.status_code == expected
    assert milestone.comments.exists() is (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), [("officer", 200), ("colleague", 200), ("outsider", 404)])
def test_project_page(as_persona, client, milestone, persona, expected):
    as_persona(persona)
    response = client.get(reverse("projects:detail", args=[milestone.project_id]))
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", [("my:work", []), ("my:group", ["month"])])
def test_my_work_lists_only_ones_own_and_ones_teams(as_persona, client, frozen, milestone, persona, page):
    as_persona(persona)
    response = client.get(reverse(page[0], args=page[1]))
    assert response.status_code == 200
    assert (escape(milestone.title) in response.text) is (persona == "officer")


def test_project_list_shows_only_the_departments_projects(as_persona, client, milestone, other_milestone):
    as_persona("outsider")
    response = client.get(reverse("projects:list"))
    assert escape(other_milestone.project.title) in response.text
    assert escape(milestone.project.title) not in response.text


def test_evidence_files_are_served_only_to_those_who_see_the_milestone(as_persona, client, milestone, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from milestones.models import Evidence

    item = Evidence(milestone=milestone, added_by=officer, file_name="minutes.txt")
    item.file.save("minutes.txt", SimpleUploadedFile("minutes.txt", b"minutes"), save=True)
    url = reverse("milestones:evidence", args=[milestone.pk, item.pk])
    as_persona("outsider")
    assert client.get(url).status_code == 404
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"minutes"


def test_anonymous_visitors_are_sent_to_the_login_page(client, milestone):
    for url in [reverse("my:work"), reverse("milestones:detail", args=[milestone.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# The admin ------------------------------------------------------------------------------------------


@pytest.fixture
def admin_as(client, request):
    def login(name):
        user = request.getfixturevalue(name)
        give_admin_access(user)
        client.force_login(user)
        return user

    return login


@pytest.mark.parametrize(("persona", "listed"), [("officer", True), ("colleague", True), ("outsider", False)])
def test_admin_change_list(admin_as, client, milestone, persona, listed):
    admin_as(persona)
    response = client.get(reverse("admin:milestones_milestone_changelist"), {"q": "최종 심사위원회"})
    assert response.status_code == 200
    assert (escape(milestone.title) in response.text) is listed


@pytest.mark.parametrize(("persona", "editable"), [("officer", True), ("colleague", False), ("outsider", None)])
def test_admin_change_page(admin_as, client, milestone, persona, editable):
    admin_as(persona)
    response = client.get(reverse("admin:milestones_milestone_change", args=[milestone.pk]))
    if editable is None:
        assert response.status_code == 404 and escape(milestone.title) not in response.text
        return
    assert response.status_code == 200
    assert ('name="_save"' in response.text) is editable


@pytest.mark.parametrize(("persona", "expected"), [("officer", 302), ("colleague", 403), ("outsider", 404)])
def test_admin_change_post(admin_as, client, milestone, persona, expected):
    admin_as(persona)
    data = {
        "project": milestone.project_id,
        "key": "1",
        "order": 1,
        "title": "renamed",
        "date_text": milestone.date_text,
        "start_date": "2023-09-24",
        "date_precision": "day",
        "owner": milestone.owner_id,
        "expected_version": 1,
        **{
            f"{prefix}-{k}": v
            for prefix in ("children", "comments", "evidence")
            for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    }
    response = client.post(reverse("admin:milestones_milestone_change", args=[milestone.pk]), data)
    assert response.status_code == expected
    title = Milestone.objects.get(pk=milestone.pk).title
    assert (title == "renamed") is (persona == "officer")


@pytest.mark.parametrize(("persona", "expected"), [("officer", 200), ("colleague", 200), ("outsider", 404)])
def test_admin_history_page(admin_as, client, milestone, persona, expected):
    admin_as(persona)
    response = client.get(reverse("admin:milestones_milestone_history", args=[milestone.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "offered"), [("officer", True), ("colleague", False), ("outsider", False)])
def test_admin_autocomplete_offers_only_milestones_one_may_change(admin_as, client, milestone, persona, offered):
    admin_as(persona)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "projectentry", "field_name": "milestone", "term": "심사위원회"},
    )
    assert response.status_code == 200
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert (milestone.pk in ids) is offered


def test_admin_form_refuses_another_departments_project(admin_as, client, milestone, other_milestone):
    admin_as("outsider")
    url = reverse("admin:milestones_milestone_change", args=[other_milestone.pk])
    page = client.get(url)
    assert f'value="{milestone.project_id}"' not in page.text.split('name="project"')[1].split("</select>")[0]

    response = client.post(
        url,
        {
            "project": milestone.project_id,
            "key": other_milestone.key,
            "order": other_milestone.order,
            "title": other_milestone.title,
            "date_precision": other_milestone.date_precision,
            "expected_version": 1,
            **{f"{p}-{k}": 0 for p in ("children", "comments", "evidence") for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )
    assert response.status_code == 200 and "errorlist" in response.text
    assert Milestone.objects.get(pk=other_milestone.pk).project_id == other_milestone.project_id


def test_admin_revert_from_history_is_refused(admin_as, client, milestone):
    admin_as("officer")
    record = milestone.history.earliest()
    url = reverse("admin:milestones_milestone_simple_history", args=[milestone.pk, record.history_id])
    assert client.post(url, {"title": "reverted"}).status_code == 403
