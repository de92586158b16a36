from django import template

from accounts.roles import actor_for

register = template.Library()


@register.filter
def person(user):
    """A login as people know it: the staff member's name, else the full name, else the username."""
    if user is None:
        return "–"
    try:
        return user.staff.name
    except user._meta.model.staff.RelatedObjectDoesNotExist:
        return user.get_full_name() or user.get_username()


@register.simple_tag
def role_of(user):
    role = actor_for(user).role
    return role.label if role else ""
