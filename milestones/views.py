from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import actor_for
from common.query import PageForm, query_forms, read_query
from milestones import selectors, services, workflow
from milestones.forms import (
    AsOfForm,
    CommentEditForm,
    CommentForm,
    DecisionForm,
    ProgressForm,
    ProposalForm,
    ReviewBulkForm,
    WorkYearForm,
)
from milestones.models import Comment, Evidence, Milestone, Status
from milestones.schedule import end_of_day, seoul_today
from milestones.submissions import FIELD as KEY_FIELD
from milestones.submissions import AlreadySubmitted, was_submitted
from milestones.thread import milestone_thread
from projects.models import EntryFigure

#: Rows on a page of one of /my/'s groups.
GROUP_PAGE_ROWS = 50

#: Proposed due dates awaiting a decision shown on /my/.
PENDING_ROWS = 50


def _work_year(request, today):
    """The plan year /my/ shows: the one asked for, else this year's if the user has work in it, else their latest."""
    years = selectors.plan_years_for(request.user)
    year = read_query(request, WorkYearForm)["year"]
    if year is None:
        year = today.year if today.year in years or not years else years[0]
    return year, years


@query_forms(WorkYearForm)
@require_GET
@login_required
def my_work(request):
    today = seoul_today()
    year, years = _work_year(request, today)
    buckets = selectors.my_work(request.user, year=year, today=today)
    pending = selectors.pending_proposals(request.user)
    actor = actor_for(request.user)
    context = {
        "actor": actor,
        "can_review": workflow.allowed(actor.role, Status.DONE, Status.CONFIRMED),
        "decides_dates": actor.role in workflow.DATE_SETTERS,
        "proposals": pending[:PENDING_ROWS],
        "today": today,
        "year": year,
        "years": years,
        "buckets": buckets,
        "total": sum(b.count for b in buckets),
    }
    return render(request, "milestones/my_work.html", context)


@query_forms()
@require_POST
@login_required
def my_review_bulk(request):
    """Confirm, or return with one comment, the milestones ticked in /my/: all of them or none."""
    form = ReviewBulkForm(request.POST, milestones=selectors.milestones_visible_to(request.user))
    back = f"{reverse('my:work')}#review"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    ticked = form.cleaned_data["milestones"].select_related("project__plan").order_by(*selectors.WORK_ORDER)
    try:
        moved = services.milestones_move(
            milestones=list(ticked),
            by=request.user,
            status=form.status,
            today=seoul_today(),
            reason=form.cleaned_data["comment"].strip(),
            versions=form.versions(),
            due_date=form.cleaned_data["due_date"] if form.status == Status.RETURNED else None,
        )
    except services.BulkRefused as refused:
        for message in refused.messages():
            messages.error(request, message)
        return redirect(back)
    count = len(moved)
    if form.status == Status.CONFIRMED:
        done = ngettext("%(count)d milestone confirmed.", "%(count)d milestones confirmed.", count)
    else:
        done = ngettext("%(count)d milestone returned.", "%(count)d milestones returned.", count)
    messages.success(request, done % {"count": count})
    return redirect(back)


@query_forms(WorkYearForm, PageForm)
@require_GET
@login_required
def my_group(request, code):
    """Every milestone of one of /my/'s urgency groups, a page at a time."""
    labels = dict(selectors.BUCKETS)
    if code not in labels:
        raise Http404
    today = seoul_today()
    year, _years = _work_year(request, today)
    milestones = selectors.my_group(request.user, code, year=year, today=today)
    page = Paginator(milestones, GROUP_PAGE_ROWS).get_page(read_query(request, PageForm)["page"])
    context = {
        "today": today,
        "year": year,
        "code": code,
        "label": labels[code],
        "can_review": workflow.allowed(actor_for(request.user).role, Status.DONE, Status.CONFIRMED),
        "page": page,
        "rows": selectors.work_rows(page.object_list, today=today),
    }
    return render(request, "milestones/my_group.html", context)


def _visible_milestone(request, pk):
    queryset = selectors.milestones_visible_to(request.user).select_related(
        "project__plan", "project__department", "owner__team", "parent"
    )
    return get_object_or_404(queryset, pk=pk)


def _detail(
    request,
    milestone,
    *,
    form=None,
    comment_form=None,
    conflict=None,
    proposal_form=None,
    decision_form=None,
    status=200,
):
    today = seoul_today()
    can_edit = selectors.can_edit(request.user, milestone)
    as_of = read_query(request, AsOfForm)["as_of"]
    as_of_form = AsOfForm(request.GET or None)
    shown = milestone
    if as_of:
        try:
            shown = milestone.history.as_of(end_of_day(as_of))
        except Milestone.DoesNotExist:
            shown = None
    if can_edit and form is None:
        form = ProgressForm(milestone=milestone, user=request.user)
    if form is not None and not form.fields["status"].choices:
        form = None  # e.g. staff on a milestone awaiting confirmation: nothing they may change now
    plan_closed = milestone.project.plan.is_closed
    if plan_closed and not (form is not None and form.errors):
        form = None
    role = actor_for(request.user).role
    figures = Prefetch("figures", queryset=EntryFigure.objects.order_by("order"))
    context = {
        "milestone": milestone,
        "shown": shown,
        "as_of": as_of,
        "as_of_form": as_of_form,
        "today": today,
        "can_edit": can_edit,
        "plan_closed": plan_closed,
        "form": form if can_edit else None,
        "review": can_edit and workflow.allowed(role, milestone.status, Status.CONFIRMED),
        "comment_form": comment_form or CommentForm(),
        "can_request": role in workflow.REQUESTERS,
        "conflict": conflict,
        "history": selectors.milestone_history(milestone),
        "thread": milestone_thread(milestone),
        "now": timezone.now(),
        "evidence": milestone.evidence.select_related("added_by__staff"),
        "achievements": milestone.achievements.prefetch_related(figures),
        "children": selectors.ordered_as_planned(milestone.children.select_related("owner")),
        **_date_changes(request.user, milestone, role, can_edit, proposal_form, decision_form),
    }
    return render(request, "milestones/milestone_detail.html", context, status=status)


def _date_changes(user, milestone, role, can_edit, proposal_form, decision_form):
    """The milestone page's date changes: every proposal, and the form the user may use on them."""
    proposals = list(milestone.proposals.select_related("proposed_by__staff", "decided_by__staff"))
    pending = next((p for p in proposals if p.is_pending), None)
    sets_dates = role in workflow.DATE_SETTERS
    return {
        "proposals": proposals,
        "pending_proposal": pending,
        "can_manage": selectors.can_manage(user, milestone),
        "proposal_form": (proposal_form or ProposalForm()) if can_edit and not sets_dates else None,
        "decision_form": (decision_form or DecisionForm()) if can_edit and sets_dates and pending else None,
    }


@query_forms(AsOfForm)
@require_GET
@login_required
def milestone_detail(request, pk):
    return _detail(request, _visible_milestone(request, pk))


@query_forms()
@require_POST
@login_required
def milestone_update(request, pk):
    milestone = _visible_milestone(request, pk)
    form = ProgressForm(request.POST, request.FILES, milestone=milestone, user=request.user)
    if not selectors.can_edit(request.user, milestone):
        raise PermissionDenied
    if was_submitted(by=request.user, key=request.POST.get(KEY_FIELD)):
        return redirect(milestone)  # the same form again (a double click): its change is made already
    try:
        seen = request.POST.get("version", "")
        if not seen.isdigit() or int(seen) != milestone.version:
            # Checked first, so that the form is judged against the milestone the user saw;
            # the service's conditional update is the guard against a change in between.
            raise services.EditConflict(milestone.pk, int(seen) if seen.isdigit() else 0)
        if not form.is_valid():
            return _detail(request, milestone, form=form, status=400)
        services.milestone_record_progress(
            milestone=milestone, by=request.user, today=seoul_today(), **form.service_arguments()
        )
    except AlreadySubmitted:
        return redirect(milestone)
    except services.EditConflict as exc:
        changes, people, when = selectors.changes_since(milestone, exc.version)
        conflict = {"changes": changes, "people": people, "when": when}
        fresh = _visible_milestone(request, pk)
        return _detail(
            request, fresh, form=ProgressForm(milestone=fresh, user=request.user), conflict=conflict, status=409
        )
    except workflow.WorkflowError as exc:
        form.add_error("status", str(exc))
        return _detail(request, milestone, form=form, status=400)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, milestone, form=form, status=400)
    messages.success(request, _("Saved."))
    return redirect(milestone)


@query_forms()
@require_POST
@login_required
def milestone_comment(request, pk):
    milestone = _visible_milestone(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, milestone, comment_form=form, status=400)
    try:
        comment = services.milestone_comment(
            milestone=milestone,
            by=request.user,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        )
    except AlreadySubmitted:
        return redirect(f"{milestone.get_absolute_url()}#comments")
    except ValidationError as exc:
        form.add_error(None, exc)
        return _detail(request, milestone, comment_form=form, status=400)
    if comment.kind == Comment.Kind.REQUEST:
        messages.success(request, _("An update was requested."))
    return redirect(f"{milestone.get_absolute_url()}#comment-{comment.pk}")


@query_forms()
@login_required
def comment_edit(request, pk, comment_pk):
    """Correct one's own comment within its first minutes; the earlier text stays in its history."""
    milestone = _visible_milestone(request, pk)
    comment = get_object_or_404(milestone.comments.select_related("milestone"), pk=comment_pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, initial={"text": comment.text})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_edit(comment=comment, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your comment is corrected."))
                return redirect(f"{milestone.get_absolute_url()}#comment-{comment.pk}")
        status = 400
    context = {"milestone": milestone, "comment": comment, "form": form, "now": timezone.now()}
    return render(request, "milestones/comment_edit.html", context, status=status)


@query_forms()
@require_GET
@login_required
def evidence_file(request, pk, evidence_pk):
    milestone = _visible_milestone(request, pk)
    item = get_object_or_404(Evidence.objects.exclude(file=""), milestone=milestone, pk=evidence_pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=item.file_name or item.file.name)
