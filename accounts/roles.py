"""A login's role in the organisation, derived in this one place.

| role            | derived from                                                    |
|-----------------|-----------------------------------------------------------------|
| admin           | a superuser, or a member of the "administrators" group          |
| manager         | a member of the "bureau managers" group, or the bureau head     |
| department head | the linked staff record's position is department head          |
| team lead       | the linked staff record's position is team lead                 |
| staff           | the linked staff record's position is officer in charge (담당)  |

A login without a staff record and without one of the groups has no role and sees nothing.
An administrator assigns roles by linking a login to a staff record (``Staff.user``) and by
the two groups, both in the admin.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from departments.models import Staff

ADMIN_GROUP = "administrators"
MANAGER_GROUP = "bureau managers"
ROLE_GROUPS = (ADMIN_GROUP, MANAGER_GROUP)


class Role(models.TextChoices):
    STAFF = "staff", _("staff")
    TEAM_LEAD = "team_lead", _("team lead")
    DEPARTMENT_HEAD = "department_head", _("department head")
    MANAGER = "manager", _("bureau manager")
    ADMIN = "admin", _("administrator")


ROLE_BY_POSITION = {
    Staff.Position.OFFICER: Role.STAFF,
    Staff.Position.TEAM_LEAD: Role.TEAM_LEAD,
    Staff.Position.DEPARTMENT_HEAD: Role.DEPARTMENT_HEAD,
    Staff.Position.BUREAU_HEAD: Role.MANAGER,
}


@dataclass(frozen=True)
class Actor:
    """A login with its role and, when it has one, its staff record."""

    user: object
    role: Role | None
    staff: Staff | None

    @property
    def department_id(self):
        return self.staff.department_id if self.staff else None

    @property
    def team_id(self):
        return self.staff.team_id if self.staff else None

    @property
    def reads_everything(self):
        return self.role in (Role.ADMIN, Role.MANAGER)


def derive_role(user, staff, group_names):
    """The role from the login, its staff record (or None) and the names of its groups."""
    if user.is_superuser or ADMIN_GROUP in group_names:
        return Role.ADMIN
    if MANAGER_GROUP in group_names:
        return Role.MANAGER
    return ROLE_BY_POSITION.get(staff.position) if staff else None


#: The annotations ``with_role_facts`` adds: whether the login is in each role group.
ROLE_FLAGS = {"role_in_admin_group": ADMIN_GROUP, "role_in_manager_group": MANAGER_GROUP}


def with_role_facts(queryset, login=""):
    """``queryset`` read with what the role of its login is derived from, in the same query: the staff record
    with its department and team, and membership of the role groups. ``login`` is the path from the queryset's
    model to the login ("" for a queryset of logins); the flags of ``ROLE_FLAGS`` are annotated on the rows."""
    path = f"{login}__" if login else ""
    login_id = f"{login}_id" if login else "pk"
    return queryset.select_related(f"{path}staff__department", f"{path}staff__team").annotate(
        **{flag: Exists(Group.objects.filter(user=OuterRef(login_id), name=name)) for flag, name in ROLE_FLAGS.items()}
    )


def users_with_role_facts(users):
    """``users`` (a queryset of logins) read with their role's facts (``with_role_facts``): ``actor_for`` then
    asks nothing more."""
    return with_role_facts(users)


def _staff_of(user):
    try:
        return Staff.objects.select_related("department", "team").get(user=user)
    except Staff.DoesNotExist:
        return None


def actor_for(user):
    """The actor for a login (cached on the user object for the request)."""
    cached = getattr(user, "_govtrack_actor", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        return Actor(user, None, None)
    if user.is_superuser:
        user._govtrack_actor = Actor(user, Role.ADMIN, None)
        return user._govtrack_actor
    if hasattr(user, "role_in_admin_group"):  # read by users_with_role_facts: nothing to ask
        staff = getattr(user, "staff", None)
        groups = {name for flag, name in ROLE_FLAGS.items() if getattr(user, flag)}
    else:
        staff = _staff_of(user)
        user._meta.get_field("staff").set_cached_value(user, staff)  # so that ``user.staff`` reads it no more
        groups = set(user.groups.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
    actor = Actor(user, derive_role(user, staff, groups), staff)
    user._govtrack_actor = actor
    return actor


def role_of(user):
    return actor_for(user).role


#: Filters that let nothing or everything through.
NOTHING = Q(pk__in=[])
EVERYTHING = Q()


def department_scope(actor, prefix):
    """What ``actor`` reads of records that belong to a department through ``<prefix>department_id``:
    administrators and managers everything, anybody else with a role their own department's."""
    if actor.role in (Role.ADMIN, Role.MANAGER):
        return EVERYTHING
    if actor.role is None or actor.department_id is None:
        return NOTHING
    return Q(**{f"{prefix}department_id": actor.department_id})


def department_edit_scope(actor, prefix):
    """What ``actor`` changes of a department's records (its staff, duties, staffing, budget lines):
    administrators everything, team leads and department heads their department's, nobody else anything."""
    if actor.role == Role.ADMIN:
        return EVERYTHING
    if actor.role in (Role.TEAM_LEAD, Role.DEPARTMENT_HEAD):
        return department_scope(actor, prefix)
    return NOTHING
