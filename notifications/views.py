from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import actor_for
from milestones.selectors import milestones_visible_to, projects_visible_to
from notifications import selectors, services

#: Events on a page of a feed.
FEED_PAGE_ROWS = 50


def _feed(request, events, *, title, scope, project=None):
    page = Paginator(events, FEED_PAGE_ROWS).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "title": title,
        "scope": scope,
        "project": project,
        "reads_everything": actor_for(request.user).reads_everything,
    }
    return render(request, "notifications/activity.html", context)


@require_GET
@login_required
def activity_mine(request):
    return _feed(request, selectors.activity_for_person(request.user), title=_("My activity"), scope="mine")


@require_GET
@login_required
def activity_bureau(request):
    if not actor_for(request.user).reads_everything:
        raise PermissionDenied
    return _feed(
        request, selectors.activity_for_bureau(request.user), title=_("Activity of the bureau"), scope="bureau"
    )


@require_GET
@login_required
def activity_project(request, pk):
    project = get_object_or_404(projects_visible_to(request.user), pk=pk)
    events = selectors.activity_for_project(request.user, project)
    title = _("Activity of %(project)s") % {"project": project.title}
    return _feed(request, events, title=title, scope="project", project=project)


def _wants_to_follow(request):
    return request.POST.get("follow") != "0"


@require_POST
@login_required
def follow_milestone(request, pk):
    milestone = get_object_or_404(milestones_visible_to(request.user), pk=pk)
    services.follow_milestone(user=request.user, milestone=milestone, follow=_wants_to_follow(request))
    return redirect(milestone)


@require_POST
@login_required
def follow_project(request, pk):
    project = get_object_or_404(projects_visible_to(request.user), pk=pk)
    services.follow_project(user=request.user, project=project, follow=_wants_to_follow(request))
    return redirect("projects:detail", pk=project.pk)
