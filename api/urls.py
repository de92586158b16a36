from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views_changes, views_milestones, views_people, views_read
from api.filters import DocsQueryForm, SchemaQueryForm
from api.query import DeclaredQueryMixin


class Router(DefaultRouter):
    """The API's root lists the endpoints; it reads no query parameter. Formats are chosen by Accept (or
    ``?format=`` of REST framework), not by a suffix of the address."""

    include_format_suffixes = False

    class APIRootView(DeclaredQueryMixin, DefaultRouter.APIRootView):
        pass


class SchemaView(DeclaredQueryMixin, SpectacularAPIView):
    query_forms = (SchemaQueryForm,)


class DocsView(DeclaredQueryMixin, SpectacularSwaggerSplitView):
    query_forms = (DocsQueryForm,)


app_name = "api"

router = Router()
router.register("plans", views_read.PlanViewSet, basename="plan")
router.register("departments", views_read.DepartmentViewSet, basename="department")
router.register("staff", views_read.StaffViewSet, basename="staff")
router.register("projects", views_read.ProjectViewSet, basename="project")
router.register("achievements", views_read.AchievementViewSet, basename="achievement")
router.register("milestones", views_milestones.MilestoneViewSet, basename="milestone")
router.register("budget-tables", views_read.BudgetTableViewSet, basename="budget-table")
router.register("date-proposals", views_changes.DateProposalViewSet, basename="date-proposal")
router.register("notifications", views_people.NotificationViewSet, basename="notification")

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves its script from this address, not inline, as the Content Security Policy asks.
    path(
        "docs/",
        DocsView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("", include(router.urls)),
]
