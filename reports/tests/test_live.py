"""The report as of a later date: what happened since the plan, read through the review pages' selectors."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import BudgetLine, BudgetTable
from milestones.models import Milestone, Status
from milestones.services import AchievementInput, Figure, milestone_record_progress
from reports.structure import Paragraph
from reports.tests.conftest import REPORT_DATE, TODAY, report_of
from reviews.status import ProjectStatus

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2023, 9, 20)
DONE_ON = datetime.date(2023, 9, 24)


def project_section(report, number):
    return next(s for s in report.walk() if s.anchor == f"project-{number}")


def milestone_line(section, phrase):
    return next(b for b in section.blocks if isinstance(b, Paragraph) and b.kind == "milestone" and phrase in b.text)


def milestone(plan, number, key):
    return Milestone.objects.get(project__plan=plan, project__number=number, key=key)


#: When the plan's load is dated here (the test database loads it once, at the wall clock's time).
LOADED_AT = datetime.datetime(2023, 9, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))


@pytest.fixture
def loaded(plan_2023):
    Milestone.history.filter(project__plan=plan_2023).update(history_date=LOADED_AT)
    return plan_2023


@pytest.fixture
def judged_and_confirmed(frozen, loaded, officer, team_lead):
    """On 2023-11-15 the officer marks project 1's final jury meeting done on 2023-09-24 with what it
    achieved; the team lead confirms it."""
    step = milestone(loaded, 1, "1")
    done = milestone_record_progress(
        milestone=step,
        by=officer,
        version=step.version,
        status=Status.DONE,
        today=TODAY,
        completed_on=DONE_ON,
        achievement=AchievementInput("최종 심사로 수상작 10건 선정", [Figure("수상작", Decimal(10), "건")]),
    )
    milestone_record_progress(milestone=done, by=team_lead, version=done.version, status=Status.CONFIRMED, today=TODAY)
    return step


def test_a_milestone_done_and_confirmed_shows_done_with_its_date_and_achievement(
    judged_and_confirmed, plan_2023, manager
):
    section = project_section(report_of(plan_2023, manager, on=TODAY), 1)
    line = milestone_line(section, "최종 심사위원회 개최")

    assert [(note.kind, note.text) for note in line.notes] == [
        ("done", "'23. 9. 24."),
        ("achievement", "최종 심사로 수상작 10건 선정 (10건)"),
    ]
    new = [b for b in section.blocks if isinstance(b, Paragraph) and b.live]
    assert [b.text for b in new] == ["최종 심사로 수상작 10건 선정 ('23. 9. 24.)"]
    assert [f.text for f in new[0].figures] == ["10건"]


def test_before_it_was_done_the_report_shows_the_milestone_as_planned(judged_and_confirmed, plan_2023, manager):
    section = project_section(report_of(plan_2023, manager, on=BEFORE), 1)

    assert milestone_line(section, "최종 심사위원회 개최").notes == []
    assert not [b for b in section.blocks if isinstance(b, Paragraph) and b.live]


def test_the_report_page_shows_the_done_milestone_under_its_project(judged_and_confirmed, client, plan_2023, manager):
    client.force_login(manager)
    url = reverse("reports:report", args=[plan_2023.code])

    after = client.get(url, {"on": TODAY.isoformat()}).content.decode()
    before = client.get(url, {"on": BEFORE.isoformat()}).content.decode()

    assert "최종 심사로 수상작 10건 선정" in after and "note done" in after
    assert "최종 심사로 수상작 10건 선정" not in before and "note done" not in before


def test_a_delayed_milestone_shows_its_new_date_beside_the_original_with_the_reason(
    frozen, plan_2023, team_lead, manager
):
    step = milestone(plan_2023, 1, "4")
    milestone_record_progress(
        milestone=step,
        by=team_lead,
        version=step.version,
        status=Status.DELAYED,
        today=TODAY,
        due_date=datetime.date(2024, 1, 31),
        reason="수상 특전 협의 지연",
    )

    line = milestone_line(project_section(report_of(plan_2023, manager, on=TODAY), 1), "수상 특전")

    assert line.text == "수상 특전 프로그램 개발 및 차회 추진방안 수립 : '23. 9.~12."
    delayed = next(note for note in line.notes if note.kind == "delayed")
    assert "'23. 12. 31." in delayed.text and "'24. 1. 31." in delayed.text and "수상 특전 협의 지연" in delayed.text


def test_a_cancelled_milestone_shows_cancelled_with_the_reason(frozen, plan_2023, team_lead, manager):
    step = milestone(plan_2023, 1, "2")
    milestone_record_progress(
        milestone=step, by=team_lead, version=step.version, status=Status.CANCELLED, today=TODAY, reason="행사 통합"
    )

    line = milestone_line(project_section(report_of(plan_2023, manager, on=TODAY), 1), "행사(시상식, 홍보관)")

    assert [(note.kind, note.text) for note in line.notes] == [("cancelled", "행사 통합")]


def test_every_project_has_its_status_on_the_date(plan_2023, manager):
    report = report_of(plan_2023, manager, on=TODAY)
    statuses = {s.anchor: s.status.status for s in report.walk() if s.anchor.startswith("project-")}

    assert len(statuses) == 9
    assert set(statuses.values()) <= set(ProjectStatus.values)
    # Mid-November, project 1's September events are more than 30 days overdue.
    assert statuses["project-1"] == ProjectStatus.OFF_TRACK


def test_a_later_execution_table_shows_from_its_own_date(plan_2023, manager):
    table = BudgetTable.objects.get(plan=plan_2023, code="expenditure-detail")
    later = BudgetTable.objects.create(
        plan=plan_2023, code="expenditure-detail-1031", kind=table.kind, title=table.title,
        as_of=datetime.date(2023, 10, 31), order=table.order,
    )  # fmt: skip
    parents = {}
    for line in table.lines.order_by("key"):
        parents[line.pk] = BudgetLine.objects.create(
            table=later, key=line.key, parent=parents.get(line.parent_id), order=line.order, name=line.name,
            department=line.department, account=line.account, current_budget=line.current_budget,
            commitments=line.commitments + 1_000_000 if line.name == "메타버스 서울 추진" else line.commitments,
            disbursements=line.disbursements,
        )  # fmt: skip

    def metaverse_row(on):
        section = next(s for s in report_of(plan_2023, manager, on=on).walk() if s.heading.startswith("IV."))
        tables = [b for b in section.blocks if b.kind == "table"]
        return next([c.text for c in row] for row in tables[-1].body if row[0].text == "메타버스 서울 추진")

    assert metaverse_row(REPORT_DATE)[2] == "2,342,000"
    assert metaverse_row(TODAY)[2] == "2,343,000"
