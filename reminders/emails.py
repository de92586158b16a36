"""The reminder e-mail: one per person and run, Korean first and English after it, HTML and text."""

from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milestones.dates import date_words
from milestones.models import Event
from projects.models import Project
from reminders.models import NOTIFICATION_KINDS, Delivery, Kind, ReminderSettings
from reminders.rules import reminder_target
from workdays.calendar import WorkCalendar

#: The languages of every reminder, in this order; a language whose text reads the same as the one
#: before it (no translation yet) is left out rather than repeated.
LANGUAGES = ("ko", "en")


def single_line(text):
    """``text`` on one line, its runs of white space (line breaks too) made one space: for e-mail headers, which
    must not hold a line break (a title typed with one would otherwise make the e-mail fail to send)."""
    return " ".join(str(text).split())


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

    def shown(self):
        """What the e-mail shows of it in the active language, as the templates read it (a dict: the quickest
        for the template language to look into)."""
        milestone = self.milestone
        return {
            "title": milestone.title,
            "is_tentative": milestone.is_tentative,
            "project": milestone.project,
            "owner_name": milestone.owner_name,
            "due_text": self.due_text,
            "when": self.when,
            "url": self.url,
        }


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

    def shown(self):
        milestone = self.milestone
        return {
            "what": self.what,
            "who": self.who,
            "at": self.at,
            "text": self.text,
            "title": milestone.title,
            "project": milestone.project,
            "url": self.url,
        }


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


def _section_key(kind, event_id, target, remind_on):
    if event_id is not None:
        return "events"
    if kind == Kind.LEAD:
        return "today" if target == remind_on else "soon"
    return "overdue" if kind == Kind.OVERDUE else kind


@dataclass(slots=True)
class MilestoneShown:
    """What an e-mail shows of a milestone, read as values with its project and owner (no model instances)."""

    pk: int
    title: str
    is_tentative: bool
    start_date: object
    due_date: object
    date_precision: str
    date_text: str
    project: str  # as the project reads (Project.__str__)
    owner_name: str


#: What the e-mail reads of each notification: the row, its milestone, the milestone's project and owner.
_SHOWN = (
    "digest_id",
    "kind",
    "due_date",
    "remind_on",
    "event_id",
    "milestone_id",
    "milestone__title",
    "milestone__is_tentative",
    "milestone__start_date",
    "milestone__due_date",
    "milestone__date_precision",
    "milestone__date_text",
    "milestone__project_id",
    "milestone__project__number",
    "milestone__project__title",
    "milestone__owner__name",
)


def milestone_url_maker():
    """``milestone_url`` for many milestones: the address reversed once, each milestone's id put in it."""
    marker = 987654321987654321
    path = milestone_path(SimpleNamespace(pk=marker))
    head, _, tail = absolute_url(path).partition(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def digests_items(digest_ids):
    """The settings and, for each e-mail of ``digest_ids``, the (section key, item) of each of its notifications,
    in the order the e-mail lists them: read once for a chunk of e-mails and all their languages, in four queries
    however many e-mails and notifications (a fifth when some are notifications of events)."""
    reminder_settings = ReminderSettings.load()
    calendar = WorkCalendar.load()
    rows = list(
        Delivery.objects.filter(digest__in=list(digest_ids))
        .order_by("milestone__due_date", "milestone__project__number", "milestone__order", "pk")
        .values_list(*_SHOWN)
    )
    event_ids = {row[4] for row in rows if row[4] is not None}
    events = Event.objects.select_related("actor__staff", "comment").in_bulk(event_ids) if event_ids else {}
    url_of = milestone_url_maker()
    projects, milestones, targets = {}, {}, {}
    items = {pk: [] for pk in digest_ids}
    for (
        digest_id,
        kind,
        due_date,
        remind_on,
        event_id,
        milestone_id,
        title,
        is_tentative,
        start_date,
        milestone_due,
        precision,
        date_text,
        project_id,
        number,
        project_title,
        owner_name,
    ) in rows:
        milestone = milestones.get(milestone_id)
        if milestone is None:
            project = projects.get(project_id)
            if project is None:
                project = projects[project_id] = str(Project(pk=project_id, number=number, title=project_title))
            milestone = milestones[milestone_id] = MilestoneShown(
                milestone_id,
                title,
                is_tentative,
                start_date,
                milestone_due,
                precision,
                date_text,
                project,
                owner_name or "",
            )
        url = url_of(milestone_id)
        if event_id is not None:
            event = events[event_id]
            who, text, at = actor_name(event.actor), event_text(event), event.created_at
            items[digest_id].append(("events", EventItem(milestone, kind, who, at, text, url + "#comments")))
            continue
        key = (due_date, precision, remind_on)
        if key not in targets:
            target = reminder_target(due_date=due_date, precision=precision, calendar=calendar) or due_date
            targets[key] = (target, abs(calendar.working_days_between(remind_on, target)))
        target, working_days = targets[key]
        item = Item(milestone, kind, target, remind_on, working_days, url)
        items[digest_id].append((_section_key(kind, event_id, target, remind_on), item))
    return reminder_settings, items


def digest_items(digest):
    """``digests_items`` of one e-mail."""
    reminder_settings, items = digests_items([digest.pk])
    return reminder_settings, items[digest.pk]


def digest_context(*, digest, items=None, sections=None, urls=None):
    """What the e-mail shows, in the active language; ``items`` from ``digest_items``, read when not given.
    ``sections`` (``_sections`` of the settings) and ``urls`` (``_urls()``) in that language, when at hand."""
    reminder_settings, items = items or digest_items(digest)
    sections = {
        section.key: {
            "key": section.key,
            "title": section.title,
            "reason": section.reason,
            "escalation": section.key in (Kind.TEAM_LEAD, Kind.DEPARTMENT_HEAD),
            "items": [],
        }
        for section in sections or _sections(reminder_settings)
    }
    for key, item in items:
        sections[key]["items"].append(item.shown())
    shown = [section for section in sections.values() if section["items"]]
    count = sum(len(section["items"]) for section in shown)
    events = len(sections["events"]["items"])
    return {
        "event_count": events,
        "reminder_count": count - events,
        "digest": digest,
        "recipient": digest.recipient,
        "sections": shown,
        "count": count,
        **(urls or _urls()),
    }


def _urls():
    """The site's addresses, and the words repeated for every milestone, in the active language: looked up once
    for many e-mails, not once per milestone."""
    return {
        "settings_url": settings_url(),
        "notifications_url": absolute_url(reverse("reminders:list")),
        "site_url": settings.SITE_URL,
        "labels": {"due": _("Due"), "tentative": _("tentative"), "officer_in_charge": _("officer in charge")},
    }


_TEMPLATES = {
    "text": "reminders/email/digest_body.txt",
    "subject": "reminders/email/digest_subject.txt",
    "html": "reminders/email/digest_body.html",
    "whole_text": "reminders/email/digest.txt",
    "whole_html": "reminders/email/digest.html",
}


class _Renderer:
    """Renders e-mails with what they share loaded once: the templates, and per language the sections' titles
    and the site's addresses."""

    def __init__(self, reminder_settings):
        self.templates = {name: get_template(path) for name, path in _TEMPLATES.items()}
        self.shared = {}
        for language in LANGUAGES:
            with translation.override(language):
                self.shared[language] = (_sections(reminder_settings), _urls())

    def render(self, digest, items):
        rendered = []
        templates = self.templates
        for language in LANGUAGES:
            sections, urls = self.shared[language]
            with translation.override(language):
                context = digest_context(digest=digest, items=items, sections=sections, urls=urls)
                context["language"] = language
                text = templates["text"].render(context)
                if rendered and text == rendered[-1]["text"]:
                    continue
                subject = templates["subject"].render(context)
                html = templates["html"].render(context)
            rendered.append({"language": language, "subject": single_line(subject), "text": text, "html": html})
        return rendered

    def message(self, digest, items):
        versions = self.render(digest, items)
        whole = {"versions": versions}
        message = EmailMultiAlternatives(
            subject=versions[0]["subject"],
            body=self.templates["whole_text"].render(whole),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[digest.email],
            headers={"Message-ID": message_id(digest), "Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(self.templates["whole_html"].render(whole), "text/html")
        return message


def message_id(digest):
    """The same for every attempt at one e-mail, so that a receiving server can drop a repeat."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminders.digest.{digest.pk}@{host}>"


def digest_messages(digests):
    """``(digest, message)`` for each of ``digests`` (Digest rows with their recipient), built one at a time as
    they are taken: what they show is read for all of them at once (``digests_items``) and what they share is
    loaded once (``_Renderer``)."""
    digests = list(digests)
    reminder_settings, items = digests_items([digest.pk for digest in digests])
    renderer = _Renderer(reminder_settings)
    for digest in digests:
        yield digest, renderer.message(digest, (reminder_settings, items[digest.pk]))


def digest_message(*, digest):
    reminder_settings, items = digest_items(digest)
    return _Renderer(reminder_settings).message(digest, (reminder_settings, items))
