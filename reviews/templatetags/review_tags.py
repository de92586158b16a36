from django import template

from reviews.views import is_reviewer as _is_reviewer

register = template.Library()


@register.filter
def is_reviewer(user):
    """Whether the review pages (dashboard, overdue list, budgets) are open to ``user``."""
    return _is_reviewer(user)
