"""Reads: who hears of an event (the rule, in one place), who follows what, and the activity feeds.

Who hears of an event on a milestone:

| who                                   | of                                                              |
|---------------------------------------|-----------------------------------------------------------------|
| the owner (and, when reassigned, the one before) | every kind but recorded progress                     |
| the team lead of the owner's team     | returns, date proposals, comments and update requests          |
| followers of the milestone or its project | every kind but recorded progress                            |
| anyone else named with "@" in its text | that event (kind "mentioned you"), whatever its kind          |

Nobody is told of their own action; each person is told once per event, as the first row names them (the
owner named in a return hears of the return, with the words that name them).
"""

from django.db.models import Q

from accounts.roles import actor_for
from departments.models import Staff
from departments.selectors import team_lead_of
from milestones.models import Event, EventKind
from milestones.selectors import milestones_mine, milestones_visible_to, projects_visible_to
from notifications.models import Follow
from reminders.models import MENTION, Delivery

#: Kinds nobody is told of: progress recorded is seen in the feed; a milestone falling overdue is the
#: deadline reminders' to tell.
QUIET_KINDS = frozenset({EventKind.PROGRESS, EventKind.OVERDUE})
#: Kinds the team lead of the owner's team hears of without following.
TEAM_LEAD_KINDS = frozenset(
    {EventKind.RETURNED, EventKind.DATE_PROPOSED, EventKind.COMMENTED, EventKind.UPDATE_REQUESTED}
)
#: Newest first, in every feed.
FEED_ORDER = ("-created_at", "-pk")


def _previous_owner_id(event):
    owner = (event.data.get("fields") or {}).get("owner") or {}
    before = owner.get("from")
    return before.get("id") if isinstance(before, dict) else None


def event_recipients(event):
    """``{staff id: kind}`` of everyone to tell of ``event``: the rule of the module's table."""
    milestone = event.milestone
    actor = actor_for(event.actor).staff if event.actor_id is not None else None
    actor_staff = actor.pk if actor is not None else None
    heard = {}

    def tell(staff_id, kind=event.kind):
        if staff_id is not None and staff_id != actor_staff:
            heard.setdefault(staff_id, str(kind))

    owner = milestone.owner if event.kind not in QUIET_KINDS else None
    if owner is not None:
        tell(owner.pk)
        if event.kind in TEAM_LEAD_KINDS:
            lead = team_lead_of(owner)
            tell(lead.pk if lead is not None else None)
    if event.kind == EventKind.ASSIGNED:
        tell(_previous_owner_id(event))
    if event.kind not in QUIET_KINDS:
        followers = Follow.objects.filter(Q(milestone_id=milestone.pk) | Q(project_id=milestone.project_id))
        for staff_id in followers.values_list("staff_id", flat=True).order_by("pk"):
            tell(staff_id)
    for staff_id in event.data.get("mentions") or ():
        tell(staff_id, MENTION)
    return heard


# Following -----------------------------------------------------------------------------------------


def follow_state(user, *, milestone=None, project=None):
    """``(following, automatic)`` of the person logged in for a milestone or a project; ``automatic`` says
    why they hear of it without following (owner, team lead), or is empty."""
    staff = actor_for(user).staff
    if staff is None:
        return False, ""
    if milestone is not None:
        if milestone.owner_id == staff.pk:
            return True, "owner"
        owner = milestone.owner
        in_team = owner is not None and staff.team_id is not None and owner.team_id == staff.team_id
        if in_team and staff.position == Staff.Position.TEAM_LEAD:
            return True, "lead"
        follows = Follow.objects.filter(staff=staff, milestone=milestone)
    else:
        follows = Follow.objects.filter(staff=staff, project=project)
    return follows.exists(), ""


# Activity feeds ------------------------------------------------------------------------------------


def _events():
    return Event.objects.select_related("milestone__project", "actor__staff", "comment").order_by(*FEED_ORDER)


def activity_for_person(user):
    """What happened to the person's work (their own and their team's; a head's department) and to what they
    follow, and every event they were told of: among the milestones they may see."""
    staff = actor_for(user).staff
    visible = milestones_visible_to(user).values("pk")
    mine = Q(milestone__in=milestones_mine(user).values("pk"))
    if staff is not None:
        follows = Follow.objects.filter(staff=staff)
        mine |= Q(milestone__in=follows.filter(milestone__isnull=False).values("milestone_id"))
        mine |= Q(milestone__project__in=follows.filter(project__isnull=False).values("project_id"))
        mine |= Q(pk__in=Delivery.objects.filter(recipient=staff, event__isnull=False).values("event_id"))
    return _events().filter(mine, milestone__in=visible)


def activity_for_project(user, project):
    """Every event of the project's milestones; the project must be one the user may see."""
    if not projects_visible_to(user).filter(pk=project.pk).exists():
        return Event.objects.none()
    return _events().filter(milestone__project=project)


def activity_for_bureau(user):
    """Every event of every milestone the user may see: the bureau's, for a manager."""
    return _events().filter(milestone__in=milestones_visible_to(user).values("pk"))
