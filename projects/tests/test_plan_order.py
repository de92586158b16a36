"""A project's milestones read in the plan's own order (1, 1.1, 1.1.1, 2, …), in the table and the timeline."""

import re

import pytest
from django.urls import reverse

from milestones.models import Milestone
from plans.outline import in_outline_order, key_order

pytestmark = pytest.mark.django_db

#: The order of the 향후계획 of every project of the 2023 report, as printed.
PLAN_ORDER_2023 = {
    1: ["1", "2", "3", "4"],
    2: [
        "1",
        "1.1",
        "1.1.1",
        "1.1.1.1",
        "2",
        "2.1",
        "2.1.1",
        "2.1.2",
        "2.1.3",
        "2.1.4",
        "2.1.5",
        "2.2",
        "2.2.1",
        "2.3",
        "2.3.1",
        "2.3.2",
        "2.4",
        "2.4.1",
    ],  # fmt: skip
    3: ["1", "2", "3"],
    4: ["1", "2", "3", "4"],
    5: ["1", "2", "3"],
    6: ["1", "2"],
    7: ["1"],
    8: ["1", "2", "3"],
    9: ["1", "2"],
}


def table_keys(page):
    table = page.split('class="responsive milestones-table"')[1].split("</tbody>")[0]
    return re.findall(r'<td class="key depth-\d">([^<]+)</td>', table)


def timeline_keys(page):
    svg = page.split('<figure class="timeline">')[1].split("</svg>")[0]
    return re.findall(r'<text class="row-key" x="4" y="17">([^<]+)</text>', svg)


@pytest.mark.parametrize("number", sorted(PLAN_ORDER_2023))
def test_every_2023_project_lists_its_milestones_in_the_plans_order(client, manager, plan_2023, number):
    project = plan_2023.projects.get(number=number)
    client.force_login(manager)

    page = client.get(reverse("projects:detail", args=[project.pk])).text

    assert table_keys(page) == PLAN_ORDER_2023[number]
    assert timeline_keys(page) == PLAN_ORDER_2023[number]


def test_sub_steps_are_indented_by_their_depth(client, manager, plan_2023):
    project = plan_2023.projects.get(number=2)
    client.force_login(manager)

    page = client.get(reverse("projects:detail", args=[project.pk])).text

    assert '<td class="key depth-4">1.1.1.1</td>' in page and '<td class="key depth-1">2</td>' in page


def test_a_tenth_step_follows_the_ninth_and_a_new_sub_step_its_parent(client, manager, plan_2023):
    project = plan_2023.projects.get(number=1)
    parent = project.milestones.get(key="1")
    common = {"project": project, "date_precision": "ongoing", "title": "추가"}
    Milestone.objects.create(key="10", order=10, **common)
    Milestone.objects.create(key="9", order=9, **common)
    Milestone.objects.create(key="1.1", order=1, parent=parent, **common)
    client.force_login(manager)

    page = client.get(reverse("projects:detail", args=[project.pk])).text

    assert table_keys(page) == ["1", "1.1", "2", "3", "4", "9", "10"]


def test_siblings_of_the_same_order_follow_their_keys_as_numbers():
    items = [
        {"pk": 1, "parent": None, "order": 0, "key": "10"},
        {"pk": 2, "parent": None, "order": 0, "key": "2"},
        {"pk": 3, "parent": 2, "order": 0, "key": "2.10"},
        {"pk": 4, "parent": 2, "order": 0, "key": "2.9"},
    ]

    ordered = in_outline_order(
        items, pk=lambda i: i["pk"], parent=lambda i: i["parent"], order=lambda i: i["order"], key=lambda i: i["key"]
    )

    assert [(i["key"], depth) for i, depth in ordered] == [("2", 1), ("2.9", 2), ("2.10", 2), ("10", 1)]
    assert key_order("a3.10") > key_order("a3.9")


def test_points_in_a_loop_of_parents_still_show():
    items = [{"pk": 1, "parent": 2, "key": "1"}, {"pk": 2, "parent": 1, "key": "2"}]

    ordered = in_outline_order(
        items, pk=lambda i: i["pk"], parent=lambda i: i["parent"], order=lambda i: 0, key=lambda i: i["key"]
    )

    assert sorted(i["pk"] for i, _ in ordered) == [1, 2]


def test_the_admin_lists_a_projects_milestones_in_the_plans_order(client, plan_2023):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", password="administrator-password-1"))
    project = plan_2023.projects.get(number=2)
    parent = project.milestones.get(key="1")
    for order in (10, 2):
        Milestone.objects.create(
            project=project, parent=parent, key=f"1.{order}", order=order, title="추가", date_precision="ongoing"
        )

    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).text
    inline = page.split('id="milestones-group"')[1].split("-group")[0]

    expected = [*PLAN_ORDER_2023[2][:4], "1.2", "1.10", *PLAN_ORDER_2023[2][4:]]
    assert re.findall(r'<td class="field-key">\s*<p>([^<]+)</p>', inline) == expected


def test_a_steps_sub_steps_follow_the_plans_order(client, manager, plan_2023):
    step = Milestone.objects.get(project__plan=plan_2023, project__number=2, key="2.1")
    Milestone.objects.create(
        project=step.project, parent=step, key="2.1.10", order=10, title="열 번째", date_precision="ongoing"
    )
    client.force_login(manager)

    page = client.get(reverse("milestones:detail", args=[step.pk])).text
    steps = page.split("<h3>")[1].split("</ul>")[0]

    titles = ["부동산계약체험", "이지모드", "DDP", "시민안전체험관", "청년전용관", "열 번째"]
    places = [steps.index(title) for title in titles]
    assert places == sorted(places)
