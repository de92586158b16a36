"""The plan on the site: its organisation, staffing and glossary, for everyone who may see the plan."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plansite import selectors


def _plan_page(request, template, read):
    code = request.GET.get("plan", "")[:60]
    plan = selectors.plan_to_read(request.user, code or None)
    if code and plan is None:
        raise Http404
    context = {"plan": plan, "plans": selectors.plans_to_switch(request.user) if plan else []}
    if plan is not None:
        context.update(read(plan))
    return render(request, template, context)


@require_GET
@login_required
def organisation(request):
    return _plan_page(
        request,
        "plansite/organisation.html",
        lambda plan: {"bureau": selectors.organisation(plan=plan, user=request.user)},
    )


@require_GET
@login_required
def staffing(request):
    return _plan_page(request, "plansite/staffing.html", lambda plan: {"staffing": selectors.staffing(plan)})


@require_GET
@login_required
def glossary(request):
    return _plan_page(request, "plansite/glossary.html", lambda plan: {"terms": selectors.glossary(plan)})
