"""The status workflow: which role may move a milestone from which status to which.

This table is the only place the rule lives; ``services`` checks every change against it,
and the pages offer only what it allows. On top of the role, the user must be allowed to
change the milestone at all (``selectors.milestones_editable_by``): staff their own team's,
team leads and department heads their department's; managers change nothing.

| from | to | who | needs |
|---|---|---|---|
| planned, in progress, returned, delayed | (same: progress) | staff, lead, head, admin | a reason if the date moves |
| planned, returned, delayed | in progress | staff, lead, head, admin |  |
| planned, in progress, returned, delayed | done | staff, lead, head, admin | date done, not in future |
| done | confirmed | lead, head, admin |  |
| done | returned | lead, head, admin | a comment; a new due date if it has passed |
| planned, in progress, returned | delayed | staff, lead, head, admin | a reason, a new due date |
| planned, in progress, returned, delayed | cancelled | lead, head, admin | a reason |
| confirmed, cancelled | in progress (reopen) | head, admin | a reason |

Due dates: a lead's, head's or admin's new date applies at once. Staff's new date (with a delay, with
progress, or on its own) is a proposal (``milestones.proposals``): the approved date stays, and rules overdue,
until a lead or head approves it; a rejection needs a comment. A return puts the percent back to what it was
before "done" unless a new one is given.

(staff: officer in charge; lead: team lead; head: department head. Managers change no status.)
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from milestones.models import Status

EDITORS = frozenset({Role.STAFF, Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.ADMIN})
REVIEWERS = frozenset({Role.TEAM_LEAD, Role.DEPARTMENT_HEAD, Role.ADMIN})
HEADS = frozenset({Role.DEPARTMENT_HEAD, Role.ADMIN})

#: Roles whose due date changes apply at once; staff propose a date and one of these approves or rejects it.
DATE_SETTERS = REVIEWERS

#: Statuses in which work goes on and progress may be recorded.
WORKING = (Status.PLANNED, Status.IN_PROGRESS, Status.RETURNED, Status.DELAYED)

#: Roles that may ask for an update (a comment of kind request); anyone who sees a milestone may comment.
REQUESTERS = frozenset({Role.MANAGER, Role.DEPARTMENT_HEAD, Role.TEAM_LEAD, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    roles: frozenset
    label: str
    needs_reason: bool = False
    needs_new_due_date: bool = False


def _rules():
    rules = []
    for source in WORKING:
        rules.append(Transition(source, source, EDITORS, "progress"))
        if source != Status.IN_PROGRESS:
            rules.append(Transition(source, Status.IN_PROGRESS, EDITORS, "start"))
        rules.append(Transition(source, Status.DONE, EDITORS, "done"))
        if source != Status.DELAYED:  # a delayed milestone moves its date again by recording progress, with a reason
            rules.append(
                Transition(source, Status.DELAYED, EDITORS, "delay", needs_reason=True, needs_new_due_date=True)
            )
        rules.append(Transition(source, Status.CANCELLED, REVIEWERS, "cancel", needs_reason=True))
    rules.append(Transition(Status.DONE, Status.CONFIRMED, REVIEWERS, "confirm"))
    rules.append(Transition(Status.DONE, Status.RETURNED, REVIEWERS, "return", needs_reason=True))
    for source in (Status.CONFIRMED, Status.CANCELLED):
        rules.append(Transition(source, Status.IN_PROGRESS, HEADS, "reopen", needs_reason=True))
    return {(rule.source, rule.target): rule for rule in rules}


TRANSITIONS = _rules()

LABELS = {
    "progress": _("progress recorded"),
    "start": _("started"),
    "done": _("marked done"),
    "delay": _("delayed"),
    "cancel": _("cancelled"),
    "confirm": _("confirmed"),
    "return": _("returned"),
    "reopen": _("reopened"),
    "edit": _("edited"),
    "create": _("added"),
    "approve": _("new date approved"),
    "load_plan": _("loaded from the plan file"),
    "seed_demo": _("demo data"),
}


class WorkflowError(Exception):
    """A change the workflow does not allow; the message says why, for the user."""


class PlanClosed(WorkflowError):
    """The milestone's plan is closed: nothing about its work changes any more."""


def check_plan_open(milestone):
    """Raise PlanClosed, naming the plan and the milestone, when the milestone's plan is closed."""
    plan = milestone.project.plan
    if plan.closed_at is not None:
        raise PlanClosed(
            _("The plan “%(plan)s” is closed: “%(milestone)s” can no longer change.")
            % {"plan": plan, "milestone": milestone}
        )


def check_project_open(project):
    """Raise PlanClosed when the project's plan is closed: nothing is added to it any more."""
    if project.plan.closed_at is not None:
        raise PlanClosed(
            _("The plan “%(plan)s” is closed: its milestones can no longer change.") % {"plan": project.plan}
        )


def transition(source, target):
    return TRANSITIONS.get((Status(source), Status(target)))


def allowed(role, source, target):
    rule = transition(source, target)
    return rule is not None and role in rule.roles


def targets_for(role, source):
    """The statuses a role may choose from ``source`` (the current one first when progress may be recorded)."""
    return [rule.target for (src, _tgt), rule in TRANSITIONS.items() if src == source and role in rule.roles]


def check(role, source, target):
    """The rule for the change, or WorkflowError."""
    rule = transition(source, target)
    if rule is None and source != target:
        raise WorkflowError(
            _("A milestone cannot go from “%(source)s” to “%(target)s”.")
            % {"source": Status(source).label, "target": Status(target).label}
        )
    if rule is None or role not in rule.roles:
        raise WorkflowError(
            _("Your role may not change the status from “%(source)s” to “%(target)s”.")
            % {"source": Status(source).label, "target": Status(target).label}
        )
    return rule
