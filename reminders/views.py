from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.query import PageForm, query_forms, read_query
from departments.models import Staff
from reminders.emails import milestone_path
from reminders.forms import ReminderPreferenceForm
from reminders.ical import feed_calendar
from reminders.models import EVENT_KINDS, CalendarFeed, EmailMode, ReminderPreference, ReminderSettings
from reminders.selectors import feed_milestones, notifications_for
from reminders.services import (
    calendar_feed_get_or_create,
    calendar_feed_reset,
    notifications_mark_read,
    reminder_preference_update,
)


def _staff_of(user):
    return Staff.objects.select_related("department").filter(user=user).first()


def _can_reset_department_feed(user, staff):
    return user.is_superuser or (staff is not None and staff.position == Staff.Position.DEPARTMENT_HEAD)


@query_forms(PageForm)
@login_required
def notification_list(request):
    """The reminders sent to the person logged in; showing them marks them read."""
    staff = _staff_of(request.user)
    page = None
    if staff is not None:
        page = Paginator(notifications_for(staff), 50).get_page(read_query(request, PageForm)["page"])
        unread = [delivery.pk for delivery in page.object_list if delivery.read_at is None]
        if unread:
            notifications_mark_read(staff=staff, delivery_ids=unread, now=timezone.now())
            request.user.unread_notifications = None  # the count read with the session is no more: count again
        for delivery in page.object_list:
            delivery.was_unread = delivery.pk in unread
            delivery.milestone_path = milestone_path(delivery.milestone)
    return render(request, "reminders/notification_list.html", {"staff": staff, "page": page})


@query_forms()
@login_required
def reminder_settings(request):
    staff = _staff_of(request.user)
    if staff is None:
        return render(request, "reminders/settings.html", {"staff": None})
    leads = ReminderSettings.load().leads
    preference = ReminderPreference.objects.filter(staff=staff).first()
    skipped = set(preference.skipped_lead_days) if preference else set()
    muted = set(preference.email_muted_kinds) if preference else set()
    initial = {
        "enabled_leads": [d for d in leads if d not in skipped],
        "email_mode": preference.email_mode if preference else EmailMode.DIGEST,
        "email_kinds": [kind for kind, _label in EVENT_KINDS if kind not in muted],
    }
    form = ReminderPreferenceForm(request.POST or None, leads=leads, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminder_preference_update(
            staff=staff,
            enabled_leads=form.cleaned_data["enabled_leads"],
            leads=leads,
            # A form without the e-mail choices (an older page) leaves them as they are.
            email_mode=form.cleaned_data["email_mode"] or None,
            email_kinds=form.cleaned_data["email_kinds"] if form.cleaned_data["email_mode"] else None,
        )
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminders:settings")
    personal = calendar_feed_get_or_create(staff=staff)
    department = calendar_feed_get_or_create(department=staff.department)
    context = {
        "staff": staff,
        "form": form,
        "personal_feed_url": request.build_absolute_uri(reverse("reminders:ical", args=[personal.token])),
        "department": staff.department,
        "department_feed_url": request.build_absolute_uri(reverse("reminders:ical", args=[department.token])),
        "can_reset_department_feed": _can_reset_department_feed(request.user, staff),
    }
    return render(request, "reminders/settings.html", context)


@query_forms()
@login_required
@require_POST
def feed_reset(request):
    staff = _staff_of(request.user)
    if staff is None:
        raise Http404
    if request.POST.get("feed") == "department":
        if not _can_reset_department_feed(request.user, staff):
            raise PermissionDenied
        feed = calendar_feed_get_or_create(department=staff.department)
    else:
        feed = calendar_feed_get_or_create(staff=staff)
    calendar_feed_reset(feed=feed, now=timezone.now())
    messages.success(request, _("The calendar address is new; the old one no longer works."))
    return redirect("reminders:settings")


@query_forms()
def ical_feed(request, token):
    """The calendar a person or department subscribes to; the unguessable token is the only key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("staff", "department"), token=token)
    name = f"govtrack · {feed.staff.name if feed.staff_id else feed.department.name}"
    body = feed_calendar(name=name, milestones=feed_milestones(feed))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="govtrack.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
