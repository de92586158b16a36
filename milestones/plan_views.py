"""Pages that change the plan itself: proposed due dates and their decisions, adding, editing and deleting
milestones. Thin: each calls one service (``services``, ``proposals``) and shows its errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.query import query_forms, read_query
from milestones import proposals, selectors, services, workflow
from milestones.forms import DecisionForm, MilestoneForm, ParentQueryForm, ProposalForm
from milestones.models import DateProposal, Milestone
from milestones.schedule import seoul_today
from milestones.views import _detail, _visible_milestone


def _form_errors(form, exc):
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@query_forms()
@require_POST
@login_required
def propose(request, pk):
    milestone = _visible_milestone(request, pk)
    form = ProposalForm(request.POST)
    if not selectors.can_edit(request.user, milestone):
        raise PermissionDenied
    if form.is_valid():
        try:
            proposals.date_proposal_create(
                milestone=milestone, by=request.user, today=seoul_today(), **form.cleaned_data
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
    if form.errors:
        return _detail(request, milestone, proposal_form=form, status=400)
    messages.success(request, _("The new date was proposed; the current due date stands until it is approved."))
    return redirect(f"{milestone.get_absolute_url()}#dates")


@query_forms()
@require_POST
@login_required
def decide(request, pk, proposal_pk):
    milestone = _visible_milestone(request, pk)
    proposals_of = DateProposal.objects.select_related("proposed_by").filter(milestone=milestone)
    proposal = get_object_or_404(proposals_of, pk=proposal_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            proposals.date_proposal_decide(
                proposal=proposal, by=request.user, approve=approve, comment=form.cleaned_data["comment"]
            )
        except proposals.AlreadyDecided:
            messages.warning(request, _("This proposal was already decided."))
            return redirect(f"{milestone.get_absolute_url()}#dates")
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
    if form.errors:
        return _detail(request, milestone, decision_form=form, status=400)
    messages.success(request, _("New date approved.") if approve else _("New date rejected."))
    return redirect(f"{milestone.get_absolute_url()}#dates")


def _render_form(request, form, *, project, milestone=None, parent=None, status=200):
    context = {"form": form, "project": project, "milestone": milestone, "parent": parent}
    return render(request, "milestones/milestone_form.html", context, status=status)


@query_forms(ParentQueryForm)
@require_http_methods(["GET", "POST"])
@login_required
def add(request, project_pk):
    """Add a milestone to a project, or a sub-step to one of its milestones (``?parent=<id>``)."""
    project = get_object_or_404(selectors.projects_visible_to(request.user), pk=project_pk)
    if not selectors.projects_managed_by(request.user).filter(pk=project.pk).exists():
        raise PermissionDenied
    parent_id = request.POST.get("parent") or read_query(request, ParentQueryForm)["parent"]
    parent = None
    if parent_id:
        parent = get_object_or_404(Milestone, project=project, pk=parent_id if str(parent_id).isdigit() else 0)
    owners = selectors.owners_assignable_by(request.user)
    form = MilestoneForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone = services.milestone_create(
                project=project,
                by=request.user,
                parent=parent,
                title=data["title"],
                start_date=data["start_date"],
                due_date=data["due_date"],
                owner=data["owner"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(milestone)
    status = 400 if form.errors else 200
    return _render_form(request, form, project=project, parent=parent, status=status)


def _managed_milestone(request, pk):
    milestone = _visible_milestone(request, pk)
    if not selectors.can_manage(request.user, milestone):
        raise PermissionDenied
    return milestone


@query_forms()
@require_http_methods(["GET", "POST"])
@login_required
def edit(request, pk):
    """Edit a milestone's title, dates and owner; a moved due date needs a reason and keeps the original."""
    milestone = _managed_milestone(request, pk)
    owners = selectors.owners_assignable_by(request.user)
    form = MilestoneForm(request.POST or None, owners=owners, milestone=milestone)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_edit(
                milestone=milestone,
                by=request.user,
                version=form.cleaned_data["version"] or 0,
                changes=form.changes(milestone),
                reason=form.cleaned_data["reason"],
                today=seoul_today(),
            )
        except services.EditConflict:
            form.add_error(None, _("Not saved: someone else changed this milestone meanwhile. Reload and try again."))
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(milestone)
    status = 400 if form.errors else 200
    return _render_form(request, form, project=milestone.project, milestone=milestone, status=status)


@query_forms()
@require_POST
@login_required
def delete(request, pk):
    milestone = _managed_milestone(request, pk)
    seen = request.POST.get("version", "")
    try:
        services.milestone_delete(milestone=milestone, by=request.user, version=int(seen) if seen.isdigit() else 0)
    except services.EditConflict:
        messages.error(request, _("Not deleted: someone else changed this milestone meanwhile."))
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Milestone deleted."))
        return redirect("projects:detail", milestone.project_id)
    return redirect(milestone)
