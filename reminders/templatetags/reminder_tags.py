from django import template

from reminders.emails import actor_name, event_text
from reminders.selectors import unread_notification_count

register = template.Library()


@register.inclusion_tag("reminders/bell.html", takes_context=True)
def notification_bell(context):
    """The unread reminders of the person logged in: one query, none for visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_notification_count(user)}


@register.filter
def event_who(event):
    """Who made an event, as people know them."""
    return actor_name(event.actor)


@register.filter
def event_words(event):
    """The words written with an event: its comment, or the reason given."""
    return event_text(event)
