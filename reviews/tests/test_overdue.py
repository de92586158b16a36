"""The overdue list on the 2023 plan in mid-November 2023 (live rows, frozen clock).

Overdue on 2023-11-15, all still planned: project 1 keys 1-3 (due 09-24..26), project 2 keys 2.1.1,
2.1.2, 2.2, 2.2.1 (09-30), 1.1.1, 1.1.1.1 (10-29), 2.1.3, 2.3.1 (10-31), project 5 key 1 (09-30),
project 4 keys 1 and 2 (10-31): fourteen in three departments.
"""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.forms import DateInput as DjangoDateInput
from django.forms import NumberInput, Select
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from departments.models import Department, Staff
from milestones.models import Milestone, Status
from plans.models import AnnualPlan
from projects.models import Project
from reviews.forms import DateInput, LeanNumberInput, LeanSelect
from reviews.selectors import _label, project_label

pytestmark = pytest.mark.usefixtures("frozen")

URL = reverse("reviews:overdue")

PROJECT_1 = [(1, "1"), (1, "2"), (1, "3")]
PROJECT_2 = [
    (2, "2.1.1"),
    (2, "2.1.2"),
    (2, "2.2"),
    (2, "2.2.1"),
    (2, "1.1.1"),
    (2, "1.1.1.1"),
    (2, "2.1.3"),
    (2, "2.3.1"),
]
PROJECT_4 = [(4, "1"), (4, "2")]
PROJECT_5 = [(5, "1")]
ALL_OVERDUE = PROJECT_1 + PROJECT_2 + PROJECT_4 + PROJECT_5


def pk(number, key):
    return Milestone.objects.get(project__plan__code="seoul-dpb-2023", project__number=number, key=key).pk


def pks(keys):
    return {pk(number, key) for number, key in keys}


def shown(client, **params):
    """The milestone ids of the list's first page, in the order shown."""
    response = client.get(URL, params)
    assert response.status_code == 200
    return [row.record.id for row in response.context["table"].paginated_rows]


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def test_manager_sees_the_fourteen_overdue_milestones_oldest_first(as_manager):
    ids = shown(as_manager)
    assert set(ids) == pks(ALL_OVERDUE)
    assert ids[:3] == [pk(1, "1"), pk(1, "2"), pk(1, "3")]


def test_the_list_shows_days_overdue_owner_and_department(as_manager):
    response = as_manager.get(URL)
    html = response.content.decode()
    assert "2023-09-24" in html and ">52<" in html  # project 1 key 1: 2023-09-24 to 2023-11-15
    assert "김연숙" in html
    assert "디지털정책담당관" in html
    assert 'scope="col"' in html and "<caption>" in html


def test_filter_by_department(as_manager):
    systems = Department.objects.get(code="information-systems")
    assert set(shown(as_manager, department=systems.pk)) == pks(PROJECT_4)


def test_filter_by_team_reads_the_owners_team(as_manager):
    team = Department.objects.get(code="metaverse-seoul")
    assert set(shown(as_manager, team=team.pk)) == pks(PROJECT_2)


def test_filter_by_project_and_by_owner(as_manager):
    project_1 = Milestone.objects.get(pk=pk(1, "1")).project
    assert set(shown(as_manager, project=project_1.pk)) == pks(PROJECT_1)
    owner = Staff.objects.get(code="information-disclosure:박영옥")
    assert set(shown(as_manager, owner=owner.pk)) == pks(PROJECT_5)


def test_filter_by_days_overdue_from_and_to(as_manager):
    # 40 days or more: due on or before 2023-10-06.
    assert set(shown(as_manager, days_from=40)) == pks(PROJECT_1 + PROJECT_2[:4] + PROJECT_5)
    # 20 days or fewer: due on or after 2023-10-26.
    assert set(shown(as_manager, days_to=20)) == pks(PROJECT_2[4:] + PROJECT_4)
    # Exactly 17 days: due 2023-10-29.
    assert set(shown(as_manager, days_from=17, days_to=17)) == pks([(2, "1.1.1"), (2, "1.1.1.1")])


def test_filter_by_due_dates(as_manager):
    assert set(shown(as_manager, due_from="2023-09-30", due_to="2023-09-30")) == pks(PROJECT_2[:4] + PROJECT_5)


def test_filter_by_status_and_tentative(as_manager):
    Milestone.objects.filter(pk=pk(4, "1")).update(status=Status.DELAYED)
    Milestone.objects.filter(pk=pk(1, "2")).update(is_tentative=True)
    assert shown(as_manager, status=Status.DELAYED) == [pk(4, "1")]
    assert shown(as_manager, tentative="true") == [pk(1, "2")]
    assert len(shown(as_manager, status=[Status.PLANNED, Status.DELAYED])) == 14


def test_done_or_cancelled_milestones_are_not_overdue(as_manager):
    Milestone.objects.filter(pk=pk(1, "1")).update(status=Status.DONE)
    Milestone.objects.filter(pk=pk(1, "2")).update(status=Status.CANCELLED)
    assert set(shown(as_manager)) == pks(ALL_OVERDUE) - {pk(1, "1"), pk(1, "2")}


def test_sorting_by_days_overdue_and_by_owner(as_manager):
    fewest_first = shown(as_manager, sort="days_overdue")
    assert set(fewest_first[:4]) == pks([(2, "2.1.3"), (2, "2.3.1"), (4, "1"), (4, "2")])
    assert fewest_first[-3:] == [pk(1, "3"), pk(1, "2"), pk(1, "1")]
    most_first = shown(as_manager, sort="-days_overdue")
    assert most_first[0] == pk(1, "1")
    by_owner = shown(as_manager, sort="owner")
    owners = [Milestone.objects.get(pk=i).owner.name for i in by_owner]
    assert owners == sorted(owners)


def test_summary_counts_and_oldest_per_department(as_manager):
    response = as_manager.get(URL)
    summary = {
        row.department.code: (row.count, row.oldest_due.isoformat(), row.oldest_days)
        for row in response.context["summary"]
    }
    assert summary == {
        "digital-policy": (11, "2023-09-24", 52),
        "information-disclosure": (1, "2023-09-30", 46),
        "information-systems": (2, "2023-10-31", 15),
    }


def test_summary_follows_the_filters(as_manager):
    response = as_manager.get(URL, {"days_to": 20})
    summary = {row.department.code: row.count for row in response.context["summary"]}
    assert summary == {"digital-policy": 4, "information-systems": 2}


def test_an_invalid_filter_shows_nothing_and_says_why(as_manager):
    response = as_manager.get(URL, {"days_from": "many"})
    assert list(response.context["table"].paginated_rows) == []
    assert "error" in response.content.decode()


def test_department_head_sees_only_their_department(client, head):
    client.force_login(head)
    assert set(shown(client)) == pks(PROJECT_4)
    other = Department.objects.get(code="digital-policy")
    refused = client.get(URL, {"department": other.pk})
    assert refused.status_code == 400, "another department is not a choice: the filter says so"
    assert list(refused.context["table"].paginated_rows) == []


@pytest.mark.parametrize("persona", ["officer", "outsider", "no_role"])
def test_staff_and_logins_without_a_role_are_refused(client, plan_2023, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reviews:dashboard")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, plan_2023):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_pages_do_not_count_every_row(as_manager):
    project = Milestone.objects.get(pk=pk(1, "1")).project
    Milestone.objects.bulk_create(
        Milestone(project=project, key=f"x{i}", order=100 + i, title=f"extra {i}", date_precision="day",
                  start_date="2023-10-01", due_date="2023-10-02")
        for i in range(60)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        first = shown(as_manager)
    assert len(first) == 50
    counts = [
        q["sql"] for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "milestones_milestone"' in q["sql"]
        and "GROUP BY" not in q["sql"].upper()
    ]  # fmt: skip
    assert counts == []
    response = as_manager.get(URL, {"page": 2})
    assert len(list(response.context["table"].paginated_rows)) == 14 + 60 - 50


def options(response, name):
    """The ``(value, label, selected)`` options of the page's select ``name``, as rendered."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, unescape(label), bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


def test_filters_list_only_what_is_overdue_in_the_plan(as_manager):
    response = as_manager.get(URL)
    departments = [label for value, label, _ in options(response, "department") if value]
    assert departments == ["디지털정책담당관", "정보시스템담당관", "정보공개담당관"]  # three of the plan's eight
    owners = {value for value, _, _ in options(response, "owner") if value}
    overdue_owners = Milestone.objects.filter(pk__in=pks(ALL_OVERDUE)).values_list("owner", flat=True)
    assert owners == {str(owner) for owner in overdue_owners}
    projects = [label.split(".")[0] for value, label, _ in options(response, "project") if value]
    assert projects == ["1", "2", "4", "5"]


def test_a_chosen_department_without_overdue_items_stays_chosen(as_manager):
    big_data = Department.objects.get(code="big-data")
    response = as_manager.get(URL, {"department": big_data.pk})
    assert list(response.context["table"].paginated_rows) == []
    assert (str(big_data.pk), "빅데이터담당관", True) in options(response, "department")


def test_the_plan_select_lists_the_plans_of_the_reference_year_and_the_chosen_one(as_manager, plan_2023):
    other = AnnualPlan.objects.create(
        code="seoul-dpb-2022", year=2022, title="2022 plan", bureau=plan_2023.bureau, as_of="2022-08-16"
    )
    Project.objects.create(plan=other, number=1, title="older", department=Department.objects.get(code="big-data"))
    listed = [value for value, _, _ in options(as_manager.get(URL), "plan")]
    assert listed == ["", "seoul-dpb-2023"]
    chosen = options(as_manager.get(URL, {"plan": "seoul-dpb-2022"}), "plan")
    assert [(value, selected) for value, _, selected in chosen] == [
        ("", False), ("seoul-dpb-2023", False), ("seoul-dpb-2022", True)
    ]  # fmt: skip
    assert [value for value, _, _ in options(as_manager.get(URL, {"on": "2022-11-01"}), "plan")] == [
        "", "seoul-dpb-2022"
    ]  # fmt: skip


def test_selects_render_as_djangos_with_labels_escaped():
    choices = [("", "---------"), ("a&b", "<b>Kim</b> & co"), ("2", "둘")]
    lean = LeanSelect(choices=choices).render("owner", "a&b", {"id": "id_owner"})
    django = Select(choices=choices).render("owner", "a&b", {"id": "id_owner"})
    assert re.sub(r">\s+<", "><", lean) == re.sub(r">\s+<", "><", django)
    assert "&lt;b&gt;Kim&lt;/b&gt; &amp; co" in lean


class DateTemplateInput(DjangoDateInput):
    input_type = "date"


@pytest.mark.parametrize(
    ("lean", "django", "value", "attrs"),
    [
        (
            LeanNumberInput(attrs={"min": 0, "max": 10, "step": "any"}),
            NumberInput(attrs={"min": 0, "max": 10, "step": "any"}),
            3,
            {"id": "id_days"},
        ),
        (LeanNumberInput(), NumberInput(), None, {"id": "id_days", "required": True, "disabled": False}),
        (DateInput(), DateTemplateInput(format="%Y-%m-%d"), datetime.date(2023, 1, 2), {"id": "id_on"}),
        (
            DateInput(attrs={"title": "\"<x>\" & 'y'"}),
            DateTemplateInput(format="%Y-%m-%d", attrs={"title": "\"<x>\" & 'y'"}),
            '2023-01-02"><b>',
            {"id": 'a"b'},
        ),
    ],
)
def test_inputs_render_as_djangos_with_values_escaped(lean, django, value, attrs):
    assert lean.render("field", value, attrs) == django.render("field", value, attrs)


def test_one_message_box_serves_the_buttons_of_every_row(as_manager):
    html = as_manager.get(URL).content.decode()
    form = re.search(r'<form id="milestone-action" method="post".*?</form>', html, re.S).group(0)
    assert form.count("csrfmiddlewaretoken") == 1 and 'name="text"' in form and 'name="next"' in form
    first = pk(1, "1")
    assert f'form="milestone-action" formaction="{reverse("reviews:request_update", args=[first])}"' in html
    assert f'form="milestone-action" formaction="{reverse("reviews:comment", args=[first])}"' in html
    assert html.count('form="milestone-action"') == 2 * 14  # two buttons on each of the fourteen rows


def test_labels_built_from_values_are_the_records_own_names(plan_2023):
    project = Project.objects.filter(plan=plan_2023).first()
    staff = Staff.objects.filter(title__gt="").first()

    assert project_label(project.number, project.title) == str(project)
    assert _label(Staff, ("name", "title"), staff.name, staff.title) == str(staff)
    assert _label(AnnualPlan, ("year", "title"), plan_2023.year, plan_2023.title) == str(plan_2023)
