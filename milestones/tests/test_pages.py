"""The milestone page and /my/: the concurrent edit, history, "as of" and the urgency groups."""

import datetime
import re

import pytest
import time_machine
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from milestones import selectors, services, workflow
from milestones.models import CLOSED_STATUSES, Milestone, Status
from milestones.tests.conftest import CURRENT_TIME, TODAY
from milestones.views import GROUP_PAGE_ROWS

pytestmark = pytest.mark.django_db


def form_version(response):
    return int(re.search(r'name="version" value="(\d+)"', response.text).group(1))


def test_the_second_of_two_concurrent_edits_is_refused_showing_what_changed(officer, team_lead, frozen, milestone):
    mine, theirs = Client(), Client()
    mine.force_login(officer)
    theirs.force_login(team_lead)
    url = reverse("milestones:detail", args=[milestone.pk])
    update = reverse("milestones:update", args=[milestone.pk])
    my_version = form_version(mine.get(url))
    their_version = form_version(theirs.get(url))

    first = theirs.post(
        update, {"version": their_version, "status": "in_progress", "percent_complete": 50, "note": "lead's note"}
    )
    second = mine.post(update, {"version": my_version, "status": "planned", "percent_complete": 10, "note": "my note"})

    assert first.status_code == 302
    assert second.status_code == 409
    assert 'class="message error conflict"' in second.text
    text = second.text
    assert "lead&#x27;s note" in text and "이영미" in text  # what changed, and who changed it
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert (fresh.status, fresh.percent_complete, fresh.note) == (Status.IN_PROGRESS, 50, "lead's note")
    assert form_version(second) == fresh.version, "the form is offered again on the current version"


def test_history_shows_who_when_and_from_what_to_what(client, team_lead, frozen, milestone):
    client.force_login(team_lead)
    client.post(
        reverse("milestones:update", args=[milestone.pk]),
        {
            "version": 1,
            "status": "delayed",
            "due_date": "2023-10-15",
            "reason": "venue changed",
            "percent_complete": 20,
        },
    )

    records = milestone.history.order_by("-history_id")
    latest = records[0]
    assert latest.history_user == team_lead and latest.history_date == CURRENT_TIME
    delta = {c.field: (c.old, c.new) for c in latest.diff_against(records[1]).changes}
    assert delta["status"] == ("planned", "delayed")
    assert delta["due_date"] == (datetime.date(2023, 9, 24), datetime.date(2023, 10, 15))
    assert delta["baseline_due_date"] == (None, datetime.date(2023, 9, 24))
    page = client.get(reverse("milestones:detail", args=[milestone.pk])).text
    history = page.split('id="history"')[1]
    assert "이영미" in history and "2023-09-15 09:00" in history
    assert "<del>2023-09-24</del> → <ins>2023-10-15</ins>" in history
    assert f'<span class="action">{workflow.LABELS["delay"]}</span>' in history


def test_the_milestone_can_be_shown_as_it_was_on_a_date(client, officer, milestone):
    with time_machine.travel(datetime.datetime(2023, 9, 10, 9, tzinfo=CURRENT_TIME.tzinfo), tick=False):
        services.milestone_record_progress(
            milestone=milestone,
            by=officer,
            version=1,
            status=Status.IN_PROGRESS,
            percent_complete=30,
            today=datetime.date(2023, 9, 10),
        )
    with time_machine.travel(CURRENT_TIME, tick=False):
        services.milestone_record_progress(
            milestone=Milestone.objects.get(pk=milestone.pk), by=officer, version=2, status=Status.DONE, today=TODAY
        )
        client.force_login(officer)
        url = reverse("milestones:detail", args=[milestone.pk])

        then = client.get(url, {"as_of": "2023-09-12"}).text.split('class="facts"')[1].split("</dl>")[0]
        now = client.get(url).text.split('class="facts"')[1].split("</dl>")[0]

    assert "30%" in then and "100%" in now


def test_my_work_groups_by_urgency_with_counts(client, officer, plan_2023):
    # 2023-09-20 is a Wednesday: 9.24 (Sun) is due this week, 9.25 and 9.26 this month, 9.~12. later.
    milestones = Milestone.objects.filter(project__plan=plan_2023, project__number=1).order_by("order")
    Milestone.objects.filter(pk=milestones[0].pk).update(
        start_date=datetime.date(2023, 9, 18), due_date=datetime.date(2023, 9, 18)
    )
    Milestone.objects.filter(pk=milestones[3].pk).update(status=Status.DONE)
    client.force_login(officer)
    with time_machine.travel(datetime.datetime(2023, 9, 20, 9, tzinfo=CURRENT_TIME.tzinfo), tick=False):
        page = client.get(reverse("my:work")).text

    def section(code):
        return page.split(f'<section id="{code}"')[1].split("</section>")[0] if f'<section id="{code}"' in page else ""

    assert escape(milestones[0].title) in section("overdue")
    assert escape(milestones[1].title) in section("month") and escape(milestones[2].title) in section("month")
    assert escape(milestones[3].title) in section("review")
    assert re.search(r"<strong>1</strong>\s*[^<]*</a>", page)
    counts = dict(re.findall(r'bucket-(\w+)"><a href="#\w+"><strong>(\d+)</strong>', page))
    assert counts == {
        "overdue": "1",
        "week": "0",
        "month": "2",
        "later": "0",
        "undated": "0",
        "review": "1",
        "closed": "0",
    }


def section(page, code):
    """The HTML of one urgency group on /my/, empty when the group is not shown."""
    return page.split(f'<section id="{code}"')[1].split("</section>")[0] if f'<section id="{code}"' in page else ""


def listed(html):
    """The milestone pages a work list links to, in order."""
    return re.findall(r'<tr>\s*<td><a href="(/milestones/\d+/)"', html)


def add_later_milestones(officer, count):
    """``count`` milestones of the officer's project due from 2023-10-01 on: "later" on TODAY (2023-09-15)."""
    milestone = Milestone.objects.filter(owner=officer.staff).select_related("project").first()
    Milestone.objects.bulk_create(
        Milestone(
            project=milestone.project,
            key=f"x{i}",
            order=100 + i,
            title=f"extra {i}",
            date_precision="day",
            due_date=datetime.date(2023, 10, 1) + datetime.timedelta(days=i),
            owner=officer.staff,
        )
        for i in range(count)
    )


def test_my_work_shows_the_first_rows_of_a_group_and_a_link_to_all_of_them(client, officer, frozen):
    add_later_milestones(officer, 60)
    team = Q(owner=officer.staff) | Q(owner__team=officer.staff.team)
    total = (
        Milestone.objects.filter(team, project__plan__year=2023, due_date__gt=datetime.date(2023, 9, 30))
        .exclude(status__in=CLOSED_STATUSES)
        .count()
    )
    client.force_login(officer)

    group = section(client.get(reverse("my:work")).text, "later")
    everything = client.get(reverse("my:group", args=["later"]), {"year": 2023}).text
    second = client.get(reverse("my:group", args=["later"]), {"year": 2023, "page": 2}).text

    assert f'<span class="badge">{total}</span>' in group
    assert listed(group) == listed(everything)[: selectors.PREVIEW_ROWS]
    assert f'href="{reverse("my:group", args=["later"])}?year=2023">전체 {total}건 보기</a>' in group
    assert len(listed(everything)) == GROUP_PAGE_ROWS and f'<span class="badge">{total}</span>' in everything
    assert len(listed(second)) == total - GROUP_PAGE_ROWS and 'rel="prev"' in second
    assert "extra 59" in second


def test_my_work_counts_confirmed_and_cancelled_milestones_without_listing_them(client, officer, frozen):
    mine = Milestone.objects.filter(owner=officer.staff, project__plan__year=2023).order_by("pk")
    Milestone.objects.filter(pk__in=[m.pk for m in mine[:2]]).update(status=Status.CONFIRMED)
    Milestone.objects.filter(pk=mine[2].pk).update(status=Status.CANCELLED)
    client.force_login(officer)

    page = client.get(reverse("my:work")).text
    closed = client.get(reverse("my:group", args=["closed"]), {"year": 2023}).text

    assert '<span class="badge">3</span>' in section(page, "closed") and listed(section(page, "closed")) == []
    assert f'href="{reverse("my:group", args=["closed"])}?year=2023">전체 3건 보기</a>' in section(page, "closed")
    assert sorted(listed(closed)) == sorted(m.get_absolute_url() for m in mine[:3])


def test_an_unknown_group_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("my:group", args=["someday"])).status_code == 404


@pytest.mark.parametrize("page", [("my:work", []), ("my:group", ["later"])])
def test_my_work_takes_the_same_number_of_queries_for_many_milestones(
    client, officer, frozen, page, django_assert_max_num_queries
):
    name, args = page
    url = reverse(name, args=args)
    client.force_login(officer)
    client.get(url, {"year": 2023})  # warm the session and the content types
    with django_assert_max_num_queries(12) as few:
        client.get(url, {"year": 2023})
    add_later_milestones(officer, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"year": 2023})
    assert len(listed(response.text)) <= GROUP_PAGE_ROWS
    assert 'class="more"' in response.text or 'rel="next"' in response.text


# Confirming and returning several at once from /my/ -------------------------------------------------------


def done_in_project_1(plan, count):
    milestones = list(Milestone.objects.filter(project__plan=plan, project__number=1).order_by("order")[:count])
    Milestone.objects.filter(pk__in=[m.pk for m in milestones]).update(
        status=Status.DONE, percent_complete=100, completed_on=datetime.date(2023, 9, 1)
    )
    return list(Milestone.objects.filter(pk__in=[m.pk for m in milestones]).order_by("order"))


def ticked(milestones, **extra):
    data = {"milestones": [m.pk for m in milestones], **extra}
    data.update({f"version-{m.pk}": m.version for m in milestones})
    return data


def test_a_team_lead_ticks_done_milestones_in_my_work_and_confirms_them_at_once(client, team_lead, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 3)
    client.force_login(team_lead)
    page = client.get(reverse("my:work")).text
    assert all(f'name="milestones" value="{m.pk}"' in section(page, "review") for m in milestones)

    response = client.post(reverse("my:review_bulk"), ticked(milestones, action="confirm"), follow=True)

    assert {m.status for m in Milestone.objects.filter(pk__in=[m.pk for m in milestones])} == {Status.CONFIRMED}
    assert response.status_code == 200
    record = milestones[0].history.latest("history_id")
    assert (record.history_user, record.history_change_reason) == (team_lead, "confirm")


def test_a_team_lead_returns_ticked_milestones_with_one_comment(client, team_lead, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 2)
    client.force_login(team_lead)

    client.post(reverse("my:review_bulk"), ticked(milestones, action="return", comment="add the figures"))

    returned = Milestone.objects.filter(pk__in=[m.pk for m in milestones])
    assert set(returned.values_list("status", "status_reason")) == {(Status.RETURNED, "add the figures")}


def test_returning_without_a_comment_saves_nothing(client, team_lead, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 2)
    client.force_login(team_lead)

    response = client.post(reverse("my:review_bulk"), ticked(milestones, action="return"), follow=True)

    assert Milestone.objects.filter(pk__in=[m.pk for m in milestones], status=Status.DONE).count() == 2
    assert "message error" in response.text


def test_a_bulk_confirm_with_one_changed_meanwhile_saves_none_and_names_it(client, team_lead, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 3)
    client.force_login(team_lead)
    data = ticked(milestones, action="confirm")
    services.milestone_record_progress(
        milestone=milestones[1],
        by=team_lead,
        version=milestones[1].version,
        status=Status.RETURNED,
        today=TODAY,
        reason="seen elsewhere",
    )

    response = client.post(reverse("my:review_bulk"), data, follow=True)

    assert Milestone.objects.filter(pk__in=[milestones[0].pk, milestones[2].pk], status=Status.DONE).count() == 2
    errors = re.findall(r'<li class="message error">(.*?)</li>', response.text)
    assert [escape(milestones[1].title) in e for e in errors] == [True, False]


def test_staff_get_no_checkboxes_and_cannot_confirm_in_bulk(client, officer, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 2)
    client.force_login(officer)

    page = client.get(reverse("my:work")).text
    client.post(reverse("my:review_bulk"), ticked(milestones, action="confirm"))

    assert 'name="milestones"' not in page
    assert Milestone.objects.filter(pk__in=[m.pk for m in milestones], status=Status.DONE).count() == 2


def test_another_departments_milestone_cannot_be_ticked(client, outsider, plan_2023, frozen):
    milestones = done_in_project_1(plan_2023, 1)
    client.force_login(outsider)

    client.post(reverse("my:review_bulk"), ticked(milestones, action="confirm"))

    assert Milestone.objects.get(pk=milestones[0].pk).status == Status.DONE
