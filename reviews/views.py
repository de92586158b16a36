from functools import partial

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import LazyPaginator, RequestConfig, SingleTableMixin

from accounts.roles import Role, actor_for
from common.query import TableQueryForm, query_error, read_query
from milestones.models import Comment
from milestones.schedule import seoul_today
from milestones.selectors import milestones_visible_to
from milestones.services import milestone_comment
from reviews import charts
from reviews.exports import CHUNK_SIZE, OVERDUE_COLUMNS, export_response, overdue_values
from reviews.filters import OverdueFilter
from reviews.forms import MilestoneActionForm, ScopeForm
from reviews.models import RequestEmail
from reviews.selectors import (
    dashboard,
    overdue_by_department,
    overdue_export_rows,
    overdue_milestones,
    plan_choices,
    plan_for_review,
    with_names,
)
from reviews.services import milestone_request_update
from reviews.tables import OverdueTable

#: Who may open the review pages: managers and administrators see everything, department heads their own.
REVIEWER_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.DEPARTMENT_HEAD})


def is_reviewer(user):
    return actor_for(user).role in REVIEWER_ROLES


class ReviewerRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_reviewer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopeMixin:
    """Reads the plan and the reference date (기준일) from the query string: today and its plan by default."""

    def resolve_scope(self):
        self.today = seoul_today()
        self.scope_form = ScopeForm(self.request.GET)  # validated once: its plan is looked up in the database
        if not self.scope_form.is_valid():
            raise query_error(self.scope_form)
        data = self.scope_form.cleaned_data
        self.on = data.get("on") or self.today
        chosen = data.get("plan")
        self.plan = chosen or plan_for_review(on=self.on)
        self.scope_form.show_plans(partial(plan_choices, user=self.request.user, on=self.on, plan=self.plan))

    def scope_context(self):
        return {"scope_form": self.scope_form, "plan": self.plan, "on": self.on, "today": self.today}


class OverdueView(ReviewerRequiredMixin, ScopeMixin, SingleTableMixin, FilterView):
    """Overdue milestones on the reference date: filters, sorting, a summary per department, exports."""

    template_name = "reviews/overdue_list.html"
    table_class = OverdueTable
    filterset_class = OverdueFilter
    table_pagination = {"per_page": 50, "paginator_class": LazyPaginator}
    query_forms = (ScopeForm, OverdueFilter, TableQueryForm)

    def get(self, request, *args, **kwargs):
        read_query(request, TableQueryForm)
        self.resolve_scope()
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400  # the page shows the filters' errors
        return response

    #: The page reads its rows three times (the page, the sums per department, the filter choices).
    read_often = True

    def get_queryset(self):
        return overdue_milestones(
            user=self.request.user, on=self.on, today=self.today, plan=self.plan, read_often=self.read_often
        )

    def get_table_data(self):
        return with_names(super().get_table_data())

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "on": self.on, "plan": self.plan, "user": self.request.user}

    def get_table_kwargs(self):
        caption = _("Overdue milestones as of %(on)s") % {"on": self.on.isoformat()}
        return {"on": self.on, "caption": caption}

    def filtered_rows(self):
        """The rows the filters select, as ``FilterView`` selects them (nothing for invalid filters)."""
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            return self.filterset.qs
        return self.filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        export_query = query.urlencode()
        query.pop("department", None)
        return {
            **context,
            **self.scope_context(),
            "summary": overdue_by_department(self.object_list, on=self.on),
            "export_query": export_query,
            "department_query": query.urlencode(),
        }


class OverdueExportView(OverdueView):
    """The overdue list as CSV or XLSX: exactly the filtered rows, in the order shown, streamed."""

    read_often = False  # one query reads the rows

    def get(self, request, *args, fmt, **kwargs):
        read_query(request, TableQueryForm)
        self.resolve_scope()
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            raise query_error(self.filterset.form)
        table = self.get_table_class()(self.filtered_rows(), on=self.on)
        RequestConfig(request, paginate=False).configure(table)
        rows = overdue_export_rows(table.data.data).iterator(chunk_size=CHUNK_SIZE)
        return export_response(
            rows,
            columns=OVERDUE_COLUMNS,
            values=overdue_values(on=self.on, base_url=request.build_absolute_uri("/").rstrip("/")),
            fmt=fmt,
            filename=f"overdue-{self.on.isoformat()}",
            sheet_title=f"지연 {self.on.isoformat()}",
        )


class DashboardView(ReviewerRequiredMixin, ScopeMixin, TemplateView):
    """Every project's status on the reference date, milestones by status, the next 30 days, status over time."""

    template_name = "reviews/dashboard.html"
    query_forms = (ScopeForm,)

    def get(self, request, *args, **kwargs):
        self.resolve_scope()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.scope_context())
        if self.plan is None:
            return context
        board = dashboard(user=self.request.user, plan=self.plan, on=self.on, today=self.today)
        context.update(board=board, department_chart=charts.stacked_bars(board.by_department))
        return context


class MilestoneActionView(LoginRequiredMixin, View):
    """Ask a milestone's owner for an update, or comment on it, from a review page; back to that page."""

    kind = Comment.Kind.COMMENT
    http_method_names = ["post"]
    query_forms = ()

    def post(self, request, pk):
        milestone = get_object_or_404(milestones_visible_to(request.user), pk=pk)
        form = MilestoneActionForm(request.POST)
        valid = form.is_valid()
        text = form.cleaned_data.get("text", "")
        try:
            if not valid:
                raise ValidationError(form.errors.get("text") or form.non_field_errors())
            if self.kind == Comment.Kind.REQUEST:
                milestone_request_update(milestone=milestone, by=request.user, text=text)
            else:
                milestone_comment(milestone=milestone, by=request.user, text=text)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if self.kind == Comment.Kind.REQUEST:
                request_outcome_message(request, milestone)
            else:
                messages.success(request, _("Comment added."))
        target = form.cleaned_data.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = milestone.get_absolute_url()
        return redirect(target)


def request_outcome_message(request, milestone):
    """What became of the e-mail of the request just recorded: sent, on its way, failed (and why) or impossible."""
    owner = milestone.owner.name if milestone.owner_id else _("the owner")
    record = RequestEmail.objects.filter(comment__milestone=milestone).order_by("-pk").first()
    status = record.status if record else RequestEmail.Status.UNDELIVERABLE
    values = {"owner": owner, "error": record.last_error if record else ""}
    if status == RequestEmail.Status.SENT:
        messages.success(request, _("An update was requested from %(owner)s; the e-mail was sent.") % values)
    elif status == RequestEmail.Status.FAILED:
        messages.error(
            request,
            _(
                "An update was requested from %(owner)s and shown on the milestone, but the e-mail could not be "
                "sent (%(error)s). It is listed with its error in the admin under update request e-mails."
            )
            % values,
        )
    elif status == RequestEmail.Status.UNDELIVERABLE:
        messages.warning(
            request,
            _("An update was requested from %(owner)s; with no e-mail address, it is shown on the milestone only.")
            % values,
        )
    else:
        messages.success(request, _("An update was requested from %(owner)s; the e-mail is on its way.") % values)


class RequestUpdateView(MilestoneActionView):
    kind = Comment.Kind.REQUEST
