"""Calendar feeds (iCal): one all-day event per milestone at its due date, with a UID that never changes."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from milestones.dates import DatePrecision
from reminders.emails import milestone_url, when_text


def milestone_uid(milestone):
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"milestone-{milestone.pk}@{host}"


def feed_calendar(*, name, milestones, now=None):
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//govtrack//deadline reminders//KO")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for milestone in milestones:
        event = Event()
        event.add("uid", milestone_uid(milestone))
        event.add("dtstamp", now)
        event.add("dtstart", milestone.due_date)
        event.add("dtend", milestone.due_date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        prefix = f"[{_('tentative')}] " if milestone.is_tentative else ""
        event.add("summary", f"{prefix}{milestone.title}")
        lines = [str(milestone.project), f"{_('Due')}: {when_text(milestone)}"]
        if milestone.date_precision == DatePrecision.MONTH:
            lines.append(_("Due by the end of the month."))
        if milestone.owner_id:
            lines.append(f"{_('officer in charge')}: {milestone.owner.name}")
        url = milestone_url(milestone)
        lines.append(url)
        event.add("description", "\n".join(lines))
        event.add("url", url)
        event.add("status", "TENTATIVE" if milestone.is_tentative else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
