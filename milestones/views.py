from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import actor_for
from milestones import selectors, services, workflow
from milestones.forms import AsOfForm, CommentForm, ProgressForm
from milestones.models import Comment, Evidence, Milestone, Status
from milestones.schedule import end_of_day, seoul_today
from projects.models import EntryFigure

#: Rows on a page of one of /my/'s groups.
GROUP_PAGE_ROWS = 50


def _work_year(request, today):
    """The plan year /my/ shows: the one asked for, else this year's if the user has work in it, else their latest."""
    years = selectors.plan_years_for(request.user)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today.year if today.year in years or not years else years[0]
    return year, years


@require_GET
@login_required
def my_work(request):
    today = seoul_today()
    year, years = _work_year(request, today)
    buckets = selectors.my_work(request.user, year=year, today=today)
    context = {
        "actor": actor_for(request.user),
        "today": today,
        "year": year,
        "years": years,
        "buckets": buckets,
        "total": sum(b.count for b in buckets),
    }
    return render(request, "milestones/my_work.html", context)


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
    page = Paginator(milestones, GROUP_PAGE_ROWS).get_page(request.GET.get("page"))
    context = {
        "today": today,
        "year": year,
        "code": code,
        "label": labels[code],
        "page": page,
        "rows": selectors.work_rows(page.object_list, today=today),
    }
    return render(request, "milestones/my_group.html", context)


def _visible_milestone(request, pk):
    queryset = selectors.milestones_visible_to(request.user).select_related(
        "project__plan", "project__department", "owner__team", "parent"
    )
    return get_object_or_404(queryset, pk=pk)


def _detail(request, milestone, *, form=None, comment_form=None, conflict=None, status=200):
    today = seoul_today()
    can_edit = selectors.can_edit(request.user, milestone)
    as_of_form = AsOfForm(request.GET or None)
    shown, as_of = milestone, None
    if as_of_form.is_valid() and as_of_form.cleaned_data["as_of"]:
        as_of = as_of_form.cleaned_data["as_of"]
        try:
            shown = milestone.history.as_of(end_of_day(as_of))
        except Milestone.DoesNotExist:
            shown = None
    if can_edit and form is None:
        form = ProgressForm(milestone=milestone, user=request.user)
    if form is not None and not form.fields["status"].choices:
        form = None  # e.g. staff on a milestone awaiting confirmation: nothing they may change now
    role = actor_for(request.user).role
    figures = Prefetch("figures", queryset=EntryFigure.objects.order_by("order"))
    context = {
        "milestone": milestone,
        "shown": shown,
        "as_of": as_of,
        "as_of_form": as_of_form,
        "today": today,
        "can_edit": can_edit,
        "form": form if can_edit else None,
        "review": can_edit and workflow.allowed(role, milestone.status, Status.CONFIRMED),
        "comment_form": comment_form or CommentForm(),
        "can_request": role in workflow.REQUESTERS,
        "conflict": conflict,
        "history": selectors.milestone_history(milestone),
        "comments": milestone.comments.select_related("author__staff"),
        "evidence": milestone.evidence.select_related("added_by__staff"),
        "achievements": milestone.achievements.prefetch_related(figures),
        "children": selectors.ordered_as_planned(milestone.children.select_related("owner")),
    }
    return render(request, "milestones/milestone_detail.html", context, status=status)


@require_GET
@login_required
def milestone_detail(request, pk):
    return _detail(request, _visible_milestone(request, pk))


@require_POST
@login_required
def milestone_update(request, pk):
    milestone = _visible_milestone(request, pk)
    form = ProgressForm(request.POST, request.FILES, milestone=milestone, user=request.user)
    if not selectors.can_edit(request.user, milestone):
        raise PermissionDenied
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


@require_POST
@login_required
def milestone_comment(request, pk):
    milestone = _visible_milestone(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _detail(request, milestone, comment_form=form, status=400)
    comment = services.milestone_comment(
        milestone=milestone, by=request.user, text=form.cleaned_data["text"], kind=form.cleaned_data["kind"]
    )
    if comment.kind == Comment.Kind.REQUEST:
        messages.success(request, _("An update was requested."))
    return redirect(f"{milestone.get_absolute_url()}#comments")


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
