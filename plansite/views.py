"""The plan on the site: its organisation, staffing and glossary, for everyone who may see the plan."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.query import query_forms, read_query
from plansite import selectors
from plansite.forms import PlanQueryForm


def _plan_page(request, template, read):
    code = read_query(request, PlanQueryForm)["plan"]
    plan = selectors.plan_to_read(request.user, code or None)
    if code and plan is None:
        raise Http404
    context = {"plan": plan, "plans": selectors.plans_to_switch(request.user) if plan else []}
    if plan is not None:
        context.update(read(plan))
    return render(request, template, context)


@query_forms(PlanQueryForm)
@require_GET
@login_required
def organisation(request):
    return _plan_page(
        request,
        "plansite/organisation.html",
        lambda plan: {"bureau": selectors.organisation(plan=plan, user=request.user)},
    )


@query_forms(PlanQueryForm)
@require_GET
@login_required
def staffing(request):
    return _plan_page(request, "plansite/staffing.html", lambda plan: {"staffing": selectors.staffing(plan)})


@query_forms(PlanQueryForm)
@require_GET
@login_required
def glossary(request):
    return _plan_page(request, "plansite/glossary.html", lambda plan: {"terms": selectors.glossary(plan)})
