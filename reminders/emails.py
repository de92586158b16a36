"""The reminder e-mail: one per person and run, Korean first and English after it, HTML and text."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milestones.dates import date_words
from reminders.models import NOTIFICATION_KINDS, Kind, ReminderSettings
from reminders.rules import reminder_target
from workdays.calendar import WorkCalendar

#: The languages of every reminder, in this order; a language whose text reads the same as the one
#: before it (no translation yet) is left out rather than repeated.
LANGUAGES = ("ko", "en")


def absolute_url(path):
    return settings.SITE_URL + path


def milestone_path(milestone):
    try:
        return reverse("milestones:detail", args=[milestone.pk])
    except NoReverseMatch:
        return f"/milestones/{milestone.pk}/"


def milestone_url(milestone):
    return absolute_url(milestone_path(milestone))


def settings_url():
    return absolute_url(reverse("reminders:settings"))


@dataclass
class Section:
    key: str
    title: str
    reason: str
    items: list = field(default_factory=list)


def when_text(milestone):
    """The date in words (``dates.date_words``; tentative is said apart), then as written when it is written."""
    words = date_words(start=milestone.start_date, due=milestone.due_date, precision=milestone.date_precision)
    written = milestone.date_text
    if not written:
        return words
    return f"{words} {written}" if written.startswith("(") and written.endswith(")") else f"{words} ({written})"


@dataclass
class Item:
    milestone: object
    kind: str
    target: object
    today: object
    working_days: int  # to the target (leads) or since it (overdue)
    url: str

    @property
    def due_text(self):
        """The due date as written, and the day reminders count towards when that differs."""
        milestone = self.milestone
        due = when_text(milestone)
        if self.target != milestone.due_date:
            return _("%(due)s (counted to %(day)s)") % {"due": due, "day": date_format(self.target, "Y-m-d (D)")}
        return due

    @property
    def when(self):
        if self.kind != Kind.LEAD:
            return ngettext("%(count)d working day overdue", "%(count)d working days overdue", self.working_days) % {
                "count": self.working_days
            }
        days = (self.target - self.today).days
        if days == 0:
            return _("due today")
        if days == 1:
            return _("due tomorrow")
        return ngettext(
            "due in %(days)d days (%(working)d working day)",
            "due in %(days)d days (%(working)d working days)",
            self.working_days,
        ) % {"days": days, "working": self.working_days}


@dataclass
class EventItem:
    """A notification of what happened to a milestone: who did what, with the words they wrote."""

    milestone: object
    kind: str
    who: str
    at: object
    text: str
    url: str

    @property
    def what(self):
        return _KIND_LABELS.get(self.kind, self.kind)


_KIND_LABELS = dict(NOTIFICATION_KINDS)


def actor_name(user):
    """A login as people know it: the staff member's name, else the full name, else the login."""
    if user is None:
        return _("govtrack")
    staff = getattr(user, "staff", None)  # a missing staff record raises an AttributeError
    return staff.name if staff is not None else (user.get_full_name() or user.get_username())


def event_text(event):
    """The words of an event: its comment's text, else the reason given with it."""
    if event.comment_id is not None:
        return event.comment.text
    return str(event.data.get("reason", ""))


def _sections(rules):
    return [
        Section(
            "events",
            _("What happened"),
            _("You own, lead or follow these milestones, or you were named in them."),
        ),
        Section("overdue", _("Overdue"), _("You are the officer in charge of these milestones, now past due.")),
        Section("today", _("Due today"), _("You are the officer in charge of these milestones.")),
        Section("soon", _("Due soon"), _("You are the officer in charge of these milestones.")),
        Section(
            Kind.TEAM_LEAD,
            _("Overdue in your team"),
            _("You lead the team of their officer in charge; they are %(days)d or more working days overdue.")
            % {"days": rules.team_lead_after},
        ),
        Section(
            Kind.DEPARTMENT_HEAD,
            _("Overdue in your division"),
            _("You head the division of their officer in charge; they are %(days)d or more working days overdue.")
            % {"days": rules.department_head_after},
        ),
    ]


def _section_key(delivery, target):
    if delivery.event_id is not None:
        return "events"
    if delivery.kind == Kind.LEAD:
        return "today" if target == delivery.remind_on else "soon"
    return "overdue" if delivery.kind == Kind.OVERDUE else delivery.kind


def digest_items(digest):
    """The settings and the (section key, item) of each reminder of the e-mail: read once for all its
    languages, in three queries."""
    reminder_settings = ReminderSettings.load()
    calendar = WorkCalendar.load()
    deliveries = digest.deliveries.select_related(
        "milestone__project", "milestone__owner", "event__actor__staff", "event__comment"
    ).order_by("milestone__due_date", "milestone__project__number", "milestone__order", "pk")
    items = []
    for delivery in deliveries:
        milestone = delivery.milestone
        if delivery.event_id is not None:
            event = delivery.event
            who = actor_name(event.actor)
            url = milestone_url(milestone) + "#comments"
            items.append(
                ("events", EventItem(milestone, delivery.kind, who, event.created_at, event_text(event), url))
            )
            continue
        target = (
            reminder_target(due_date=delivery.due_date, precision=milestone.date_precision, calendar=calendar)
            or delivery.due_date
        )
        today = delivery.remind_on
        working_days = abs(calendar.working_days_between(today, target))
        item = Item(milestone, delivery.kind, target, today, working_days, milestone_url(milestone))
        items.append((_section_key(delivery, target), item))
    return reminder_settings, items


def digest_context(*, digest, items=None):
    """What the e-mail shows, in the active language; ``items`` from ``digest_items``, read when not given."""
    reminder_settings, items = items or digest_items(digest)
    sections = {section.key: section for section in _sections(reminder_settings)}
    for key, item in items:
        sections[key].items.append(item)
    shown = [section for section in sections.values() if section.items]
    events = len(sections["events"].items)
    return {
        "event_count": events,
        "reminder_count": sum(len(section.items) for section in shown) - events,
        "digest": digest,
        "recipient": digest.recipient,
        "sections": shown,
        "count": sum(len(section.items) for section in shown),
        "settings_url": settings_url(),
        "notifications_url": absolute_url(reverse("reminders:list")),
        "site_url": settings.SITE_URL,
    }


def _render(digest):
    items = digest_items(digest)
    rendered = []
    for language in LANGUAGES:
        with translation.override(language):
            context = digest_context(digest=digest, items=items)
            context["language"] = language
            text = render_to_string("reminders/email/digest_body.txt", context)
            if rendered and text == rendered[-1]["text"]:
                continue
            subject = render_to_string("reminders/email/digest_subject.txt", context)
            html = render_to_string("reminders/email/digest_body.html", context)
            rendered.append({"language": language, "subject": " ".join(subject.split()), "text": text, "html": html})
    return rendered


def message_id(digest):
    """The same for every attempt at one e-mail, so that a receiving server can drop a repeat."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminders.digest.{digest.pk}@{host}>"


def digest_message(*, digest):
    versions = _render(digest)
    text = render_to_string("reminders/email/digest.txt", {"versions": versions})
    html = render_to_string("reminders/email/digest.html", {"versions": versions})
    message = EmailMultiAlternatives(
        subject=versions[0]["subject"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.email],
        headers={"Message-ID": message_id(digest), "Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message
