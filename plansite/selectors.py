"""Reads of the plan's pages: the organisation with its contacts and duties, the staffing table, the glossary.

Which plans a person reads, and whose private contacts, comes from ``milestones.selectors``.
"""

from dataclasses import dataclass, field
from itertools import groupby

from departments.models import Department, Staff
from milestones.selectors import plans_visible_to, private_contacts_visible_to


def plan_to_read(user, code=None):
    """The plan named by ``code`` if the user may read it, else None; without a code, the newest real plan the
    user may read (the demo only when there is no other)."""
    plans = plans_visible_to(user).select_related("bureau").order_by("is_demo", "-year", "code")
    return plans.filter(code=code).first() if code else plans.first()


def plans_to_switch(user):
    """The plans a person may read, as ``(code, label)``, newest first."""
    return [(p.code, str(p)) for p in plans_visible_to(user).order_by("-year", "is_demo", "code")]


@dataclass
class Contact:
    name: str
    title: str
    phone: str
    email: str  # empty unless the reader may see it


@dataclass
class Unit:
    """A unit of the organisation as its page shows it: head, members, duties and the units under it."""

    department: Department
    depth: int
    heads: list = field(default_factory=list)
    members: list = field(default_factory=list)
    duties: list = field(default_factory=list)
    units: list = field(default_factory=list)

    @property
    def code(self):
        return self.department.code


HEAD_POSITIONS = (Staff.Position.BUREAU_HEAD, Staff.Position.DEPARTMENT_HEAD)
LEAD_POSITIONS = (Staff.Position.TEAM_LEAD,)


def organisation(*, plan, user):
    """The plan's bureau as a tree of units, each with its heads, staff contacts and the plan's duties for it, in
    three queries. A team's lead heads the team; the staff of a team are listed under it."""
    departments = {d.pk: d for d in Department.objects.order_by("order", "name")}
    children = {}
    for department in departments.values():
        children.setdefault(department.parent_id, []).append(department)
    private = set(private_contacts_visible_to(user).values_list("pk", flat=True))
    staff = Staff.objects.order_by("department__order", "team__order", "position", "name").select_related("team")
    people = {}
    for person in staff:
        contact = Contact(person.name, person.title, person.phone, person.email if person.pk in private else "")
        unit_id = person.team_id or person.department_id
        is_head = person.position in (HEAD_POSITIONS if person.team_id is None else LEAD_POSITIONS)
        people.setdefault(unit_id, ([], []))[0 if is_head else 1].append(contact)
    duties = {
        department_id: [d.text for d in rows]
        for department_id, rows in groupby(
            plan.duties.order_by("department__order", "department_id", "order"), key=lambda d: d.department_id
        )
    }

    def unit(department, depth):
        heads, members = people.get(department.pk, ([], []))
        return Unit(
            department,
            depth,
            heads,
            members,
            duties.get(department.pk, []),
            [unit(child, depth + 1) for child in children.get(department.pk, []) if depth < 10],
        )

    return unit(departments[plan.bureau_id], 1)


def staffing(plan):
    """The plan's latest staffing table: ``(snapshot, categories, header groups, lines, total)`` or None.

    Header groups are ``(group name, categories)`` runs of consecutive categories, a category without a group
    standing alone (its name spans the two header rows), as the report prints 행정·기술직군 over 행정 … 기타.
    """
    snapshot = plan.staffing.order_by("-as_of").prefetch_related("notes").first()
    if snapshot is None:
        return None
    categories, lines, total = snapshot.table()
    groups = [(name, list(run)) for name, run in groupby(categories, key=lambda c: c.group)]
    return {"snapshot": snapshot, "categories": categories, "groups": groups, "lines": lines, "total": total}


def glossary(plan):
    return list(plan.glossary.order_by("order", "term"))
