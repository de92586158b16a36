"""Read-only endpoints: plans, the organisation, staff contacts, projects, achievements and budget tables.

Each reads what the pages' selectors let its user read, in a fixed number of queries per page.
"""

from django.db.models import Case, CharField, F, Prefetch, Value, When
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from api.filters import AchievementQueryForm, ListQueryForm, PlanQueryForm, StaffQueryForm
from api.pagination import IdCursorPagination
from api.query import DeclaredQueryMixin
from api.serializers import (
    AchievementSerializer,
    BudgetTableDetailSerializer,
    BudgetTableSerializer,
    DepartmentSerializer,
    PlanSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    StaffSerializer,
)
from api.views_changes import ProjectFollowMixin
from budgets.selectors import budget_tables, budget_tree
from departments.models import Department, Staff
from milestones.selectors import plans_visible_to, private_contacts_visible_to, projects_visible_to
from projects.models import EntryFigure, ProjectEntry

PLAN_PARAMETER = OpenApiParameter("plan", OpenApiTypes.STR, description="A plan's code, e.g. seoul-dpb-2023.")


class ReadOnlyViewSet(DeclaredQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = IdCursorPagination
    query_forms = (ListQueryForm,)


@extend_schema(tags=["plans"])
class PlanViewSet(ReadOnlyViewSet):
    """The annual plans."""

    serializer_class = PlanSerializer
    lookup_field = "code"

    def get_queryset(self):
        return plans_visible_to(self.request.user)


@extend_schema(tags=["organisation"])
class DepartmentViewSet(DeclaredQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The organisation as a tree: the bureau, its divisions and offices, their teams and sections."""

    serializer_class = DepartmentSerializer
    queryset = Department.objects.order_by("order", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        children = {}
        for department in self.get_queryset():
            children.setdefault(department.parent_id, []).append(department)
        context["children_by_parent"] = children
        return context

    def list(self, request, *args, **kwargs):
        context = self.get_serializer_context()
        roots = context["children_by_parent"].get(None, [])
        return Response(DepartmentSerializer(roots, many=True, context=context).data)


@extend_schema(tags=["organisation"], parameters=[OpenApiParameter("department", OpenApiTypes.INT)])
class StaffViewSet(ReadOnlyViewSet):
    """Staff contacts as the organisation page prints them to whoever reads a plan: names, titles and office
    phones of everyone; e-mail addresses only of those whose private contacts the token's owner may see."""

    serializer_class = StaffSerializer
    query_forms = (StaffQueryForm,)

    def get_queryset(self):
        user = self.request.user
        if not plans_visible_to(user).exists():
            return Staff.objects.none()
        private = private_contacts_visible_to(user).values("pk")
        staff = Staff.objects.annotate(
            shown_email=Case(When(pk__in=private, then=F("email")), default=Value(""), output_field=CharField())
        )
        department = self.query.get("department")
        return staff.filter(department_id=department) if department else staff


@extend_schema(tags=["projects"], parameters=[PLAN_PARAMETER])
class ProjectViewSet(ProjectFollowMixin, ReadOnlyViewSet):
    """The priority projects the token's owner sees."""

    query_forms = (PlanQueryForm,)

    def get_serializer_class(self):
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer

    def get_queryset(self):
        projects = projects_visible_to(self.request.user).select_related("plan")
        if self.action != "list":
            return projects.prefetch_related("teams", "budget_items", "contacts__staff")
        plan = self.query.get("plan")
        return projects.filter(plan__code=plan) if plan else projects


@extend_schema(tags=["projects"], parameters=[PLAN_PARAMETER, OpenApiParameter("project", OpenApiTypes.INT)])
class AchievementViewSet(ReadOnlyViewSet):
    """Achievements so far (추진실적) of the projects the token's owner sees, with their figures."""

    serializer_class = AchievementSerializer
    query_forms = (AchievementQueryForm,)

    def get_queryset(self):
        entries = ProjectEntry.objects.filter(
            section=ProjectEntry.Section.ACHIEVEMENT, project__in=projects_visible_to(self.request.user)
        ).prefetch_related(Prefetch("figures", queryset=EntryFigure.objects.order_by("order")))
        project, plan = self.query.get("project"), self.query.get("plan")
        if project:
            entries = entries.filter(project_id=project)
        if plan:
            entries = entries.filter(project__plan__code=plan)
        return entries


@extend_schema(tags=["budgets"], parameters=[PLAN_PARAMETER])
class BudgetTableViewSet(ReadOnlyViewSet):
    """Budget tables (revenue, expenditure) as the budget pages show them to the token's owner, with their lines."""

    query_forms = (PlanQueryForm,)

    def get_serializer_class(self):
        return BudgetTableDetailSerializer if self.action == "retrieve" else BudgetTableSerializer

    def get_queryset(self):
        tables = budget_tables(plan=None, user=self.request.user)
        plan = self.query.get("plan")
        return tables.filter(plan__code=plan) if plan else tables

    def retrieve(self, request, *args, **kwargs):
        table = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        context = {**self.get_serializer_context(), "tree": budget_tree(table=table, user=request.user)}
        return Response(BudgetTableDetailSerializer(table, context=context).data)
