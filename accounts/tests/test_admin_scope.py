"""Scoping of every admin, with three personas: a team lead of digital policy, the head of big data, and an
administrator. Each department's people see and change their own records only; another department's answer
404 like ids that do not exist; records of the whole bureau are read by all and changed by administrators."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from budgets.models import BudgetLine
from conftest import make_persona
from departments.models import Department, DepartmentDuty, Staff, StaffingRow
from milestones.models import Comment, Milestone
from notifications.models import Follow
from plans.models import AnnualPlan
from projects.models import EntryFigure, Project, ProjectEntry, ProjectTable
from reminders.models import CalendarFeed, Delivery, Digest, Kind, ReminderPreference, ReminderSettings
from reports.models import ReportExport
from reviews.models import RequestEmail
from workdays.models import ClosureDay

pytestmark = pytest.mark.django_db

APPS = {
    "plans",
    "departments",
    "projects",
    "milestones",
    "budgets",
    "reminders",
    "workdays",
    "notifications",
    "reviews",
    "reports",
}

#: Whose each record is, written out here independently of the admin's rules: a department's id.
OWNER_DEPARTMENT = {
    Department: lambda d: d.parent_id if d.kind in ("team", "section") else d.pk,
    Staff: lambda s: s.department_id,
    DepartmentDuty: lambda d: d.department_id,
    StaffingRow: lambda r: r.department_id,
    BudgetLine: lambda line: line.department_id or (line.project.department_id if line.project_id else None),
    Project: lambda p: p.department_id,
    ProjectEntry: lambda e: e.project.department_id,
    EntryFigure: lambda f: f.entry.project.department_id,
    ProjectTable: lambda t: t.project.department_id,
    Milestone: lambda m: m.project.department_id,
    Digest: lambda d: d.recipient.department_id,
    Delivery: lambda d: d.recipient.department_id,
    ReminderPreference: lambda p: p.staff.department_id,
    CalendarFeed: lambda f: f.staff.department_id if f.staff_id else f.department_id,
    Follow: lambda f: f.staff.department_id,
    RequestEmail: lambda e: e.comment.milestone.project.department_id,
}

#: Records of the whole bureau: every role reads them, administrators change them.
BUREAU_WIDE = {
    "plans.AnnualPlan",
    "plans.GlossaryTerm",
    "plans.PlanLoad",
    "departments.JobCategory",
    "departments.StaffingSnapshot",
    "departments.StaffingNote",
    "budgets.BudgetTable",
    "reminders.ReminderSettings",
    "workdays.ClosureDay",
    "reports.ReportSection",
    "reports.ReportExport",
}


#: An id no record has.
MISSING = 10**9


#: Bureau-wide records the 2023 plan does not hold, made for the test.
MADE = {
    "reminders.ReminderSettings": lambda: ReminderSettings.load(),
    "workdays.ClosureDay": lambda: ClosureDay.objects.create(date=datetime.date(2023, 10, 10), name="closure"),
    "reports.ReportExport": lambda: ReportExport.objects.create(
        plan=AnnualPlan.objects.first(),
        on=datetime.date(2023, 8, 16),
        format=ReportExport.Format.choices[0][0],
        requested_by=get_user_model().objects.get(username="root"),
    ),
}


def registered():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def give_every_permission(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS | {"auth"}))


@pytest.fixture
def personas(plan_2023):
    lead = make_persona("lead-dp", "digital-policy:이영미")
    head = make_persona("head-bd", "big-data:윤충식")
    for user in (lead, head):
        give_every_permission(user)
    root = get_user_model().objects.create_superuser("root", password="administrator-password-1")
    return {"lead": lead, "head": head, "root": root}


@pytest.fixture
def departments(plan_2023):
    return {code: Department.objects.get(code=code).pk for code in ("digital-policy", "big-data")}


@pytest.fixture
def reminder_records(personas):
    """Reminders, preferences and feeds of one person in each department (the plan has none of its own)."""
    now = timezone.now()
    for code in ("digital-policy:김연숙", "big-data:원유복"):
        staff = Staff.objects.get(code=code)
        milestone = Milestone.objects.filter(owner=staff).first() or Milestone.objects.first()
        digest = Digest.objects.create(recipient=staff, remind_on=datetime.date(2023, 9, 15), created_at=now)
        Delivery.objects.create(
            recipient=staff,
            milestone=milestone,
            kind=Kind.LEAD,
            step=7,
            due_date=milestone.due_date or datetime.date(2023, 9, 24),
            digest=digest,
            remind_on=datetime.date(2023, 9, 15),
            created_at=now,
        )
        ReminderPreference.objects.create(staff=staff, skipped_lead_days=[7])
        CalendarFeed.objects.create(staff=staff)
        Follow.objects.get_or_create(staff=staff, milestone=milestone)
        project = Project.objects.filter(department_id=staff.department_id).order_by("pk").first()
        ProjectTable.objects.get_or_create(
            project=project, key="t-test", defaults={"section": ProjectEntry.Section.SCOPE, "order": 99}
        )
        request = Comment.objects.create(milestone=milestone, author=personas["root"], kind="request", text="?")
        RequestEmail.objects.create(comment=request, email=f"staff{staff.pk}@seoul.example", created_at=now)


def record_of(model, department_id):
    owner = OWNER_DEPARTMENT[model]
    for obj in model.objects.order_by("pk").iterator(chunk_size=200):
        if owner(obj) == department_id:
            return obj
    raise AssertionError(f"no {model._meta.label} of department {department_id}")


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_admin_is_scoped_or_of_the_whole_bureau():
    labels = {model._meta.label for model in registered()}

    assert labels == {m._meta.label for m in OWNER_DEPARTMENT} | BUREAU_WIDE


@pytest.mark.parametrize("model", list(OWNER_DEPARTMENT), ids=lambda m: m._meta.label)
def test_each_department_sees_and_changes_only_its_own_records(client, personas, departments, reminder_records, model):
    mine = record_of(model, departments["digital-policy"])
    theirs = record_of(model, departments["big-data"])
    expectations = [("lead", mine, theirs), ("head", theirs, mine)]
    for persona, own, other in expectations:
        client.force_login(personas[persona])
        listed = client.get(url(model, "changelist"))
        assert listed.status_code == 200, persona
        listed_ids = set(listed.context["cl"].queryset.values_list("pk", flat=True))
        assert own.pk in listed_ids and other.pk not in listed_ids, persona
        assert client.get(url(model, "change", own.pk)).status_code == 200, persona
        for view in ("change", "history", "delete"):
            answer = client.get(url(model, view, other.pk)).status_code
            assert answer == client.get(url(model, view, MISSING)).status_code, (persona, view)
            assert answer == 404 or view == "delete", (persona, view)
        if hasattr(model, "history"):
            version = model.history.filter(id=other.pk).values_list("history_id", flat=True).first()
            past = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history", args=[other.pk, version]
            )
            assert client.get(past).status_code == 404, persona
        if hasattr(model, "get_absolute_url"):
            content_type = ContentType.objects.get_for_model(model).pk
            assert client.get(reverse("admin:view_on_site", args=[content_type, other.pk])).status_code == 404
            assert client.get(reverse("admin:view_on_site", args=[content_type, own.pk])).status_code == 302


@pytest.mark.parametrize("model", list(OWNER_DEPARTMENT), ids=lambda m: m._meta.label)
def test_the_administrator_sees_every_departments_records(client, personas, departments, reminder_records, model):
    client.force_login(personas["root"])
    for code in ("digital-policy", "big-data"):
        obj = record_of(model, departments[code])
        assert client.get(url(model, "change", obj.pk)).status_code == 200
        assert client.get(url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("label", sorted(BUREAU_WIDE))
def test_records_of_the_bureau_are_read_by_all_and_changed_by_administrators(client, personas, label):
    model = next(m for m in registered() if m._meta.label == label)
    obj = MADE.get(label, lambda: model.objects.order_by("pk").first())()
    client.force_login(personas["lead"])
    page = client.get(url(model, "change", obj.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert client.post(url(model, "change", obj.pk), {}).status_code == 403
    client.force_login(personas["root"])
    assert client.get(url(model, "change", obj.pk)).status_code == 200


def test_logins_are_for_administrators_only(client, personas):
    client.force_login(personas["lead"])

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[personas["head"].pk])).status_code == 403


def test_a_team_lead_cannot_change_who_has_which_role(client, personas):
    client.force_login(personas["lead"])
    staff = Staff.objects.get(code="digital-policy:김연숙")

    page = client.get(url(Staff, "change", staff.pk)).text

    assert 'name="position"' not in page and 'name="user"' not in page and 'name="department"' not in page
    assert 'name="phone"' in page


def test_choices_and_autocompletes_offer_only_the_departments_own(client, personas, departments):
    client.force_login(personas["lead"])
    milestone = Milestone.objects.filter(project__department_id=departments["digital-policy"]).first()
    form = client.get(url(Milestone, "change", milestone.pk)).text
    projects = form.split('name="project"')[1].split("</select>")[0]
    duty = DepartmentDuty.objects.filter(department_id=departments["digital-policy"]).first()
    duty_form = client.get(url(DepartmentDuty, "change", duty.pk)).text
    duty_departments = duty_form.split('name="department"')[1].split("</select>")[0]
    staff = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "projectcontact", "field_name": "staff", "term": ""},
    ).json()["results"]

    other_projects = Project.objects.exclude(department_id=departments["digital-policy"])
    assert not any(f'value="{p.pk}"' in projects for p in other_projects)
    assert f'value="{milestone.project_id}"' in projects
    assert f'value="{departments["big-data"]}"' not in duty_departments
    assert f'value="{departments["digital-policy"]}"' in duty_departments
    assert staff and {Staff.objects.get(pk=int(r["id"])).department_id for r in staff} == {
        departments["digital-policy"]
    }
