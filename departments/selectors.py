"""Who is who in the organisation: the people above a staff member."""

from departments.models import Staff


def team_lead_of(staff):
    """The lead of the staff member's team, or None (also for the lead themself)."""
    if staff.team_id is None or staff.position != Staff.Position.OFFICER:
        return None
    return Staff.objects.filter(team_id=staff.team_id, position=Staff.Position.TEAM_LEAD).first()


def department_head_of(staff):
    """The head of the staff member's division or office, or None (also for the head themself)."""
    if staff.position in (Staff.Position.DEPARTMENT_HEAD, Staff.Position.BUREAU_HEAD):
        return None
    return Staff.objects.filter(department_id=staff.department_id, position=Staff.Position.DEPARTMENT_HEAD).first()
