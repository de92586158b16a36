"""Who is who in the organisation: the people above a staff member."""

from departments.models import Staff


def team_lead_of(staff, *, leads=None):
    """The lead of the staff member's team, or None (also for the lead themself).

    ``leads`` (from ``escalation_contacts``) answers without a query, for runs over many people.
    """
    if staff.team_id is None or staff.position != Staff.Position.OFFICER:
        return None
    if leads is not None:
        return leads.get(staff.team_id)
    return Staff.objects.filter(team_id=staff.team_id, position=Staff.Position.TEAM_LEAD).first()


def department_head_of(staff, *, heads=None):
    """The head of the staff member's division or office, or None (also for the head themself)."""
    if staff.position in (Staff.Position.DEPARTMENT_HEAD, Staff.Position.BUREAU_HEAD):
        return None
    if heads is not None:
        return heads.get(staff.department_id)
    return Staff.objects.filter(department_id=staff.department_id, position=Staff.Position.DEPARTMENT_HEAD).first()


def escalation_contacts():
    """Team leads by team and department heads by department, in two queries."""
    leads, heads = {}, {}
    for lead in Staff.objects.filter(position=Staff.Position.TEAM_LEAD, team__isnull=False):
        leads.setdefault(lead.team_id, lead)
    for head in Staff.objects.filter(position=Staff.Position.DEPARTMENT_HEAD):
        heads.setdefault(head.department_id, head)
    return leads, heads
