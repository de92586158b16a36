from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from common.query import query_forms
from milestones.models import CLOSED_STATUSES
from milestones.schedule import seoul_today
from milestones.selectors import can_manage_project, project_history, projects_visible_to
from projects import milestone_table, timeline
from projects.selectors import project_milestones, project_outline


@query_forms()
@require_GET
@login_required
def project_list(request):
    today = seoul_today()
    overdue = Q(milestones__due_date__lt=today) & ~Q(milestones__status__in=CLOSED_STATUSES)
    projects = (
        projects_visible_to(request.user)
        .select_related("plan", "department")
        .annotate(milestone_total=Count("milestones"), overdue_total=Count("milestones", filter=overdue))
        .order_by("-plan__year", "plan__code", "number")
    )
    return render(request, "projects/project_list.html", {"projects": projects, "today": today})


@query_forms()
@require_GET
@login_required
def project_detail(request, pk):
    project = get_object_or_404(projects_visible_to(request.user).select_related("plan", "department"), pk=pk)
    today = seoul_today()
    milestones = project_milestones(project, today=today)
    outline = project_outline(project)
    context = {
        "project": project,
        "today": today,
        "contacts": project.contacts.select_related("staff").order_by("order"),
        "budget_items": project.budget_items.order_by("order"),
        "teams": project.teams.all(),
        "milestones": milestones,
        "milestone_rows": milestone_table.body(milestones),
        "timeline": timeline.build(milestones, year=project.plan.year, today=today),
        "background": outline["background"],
        "scope": outline["scope"],
        "achievements": outline["achievement"],
        "footnotes": outline["footnote"],
        "history": project_history(project),
        "can_manage": can_manage_project(request.user, project),
    }
    return render(request, "projects/project_detail.html", context)
