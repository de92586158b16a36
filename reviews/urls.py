"""Mounted at the root of the site, before ``milestones/``, so that ``milestones/overdue/`` is ours."""

from django.urls import path, re_path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("milestones/overdue/", views.OverdueView.as_view(), name="overdue"),
    re_path(
        r"^milestones/overdue/export\.(?P<fmt>csv|xlsx)$", views.OverdueExportView.as_view(), name="overdue_export"
    ),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("reviews/milestones/<int:pk>/request-update/", views.RequestUpdateView.as_view(), name="request_update"),
    path("reviews/milestones/<int:pk>/comment/", views.MilestoneActionView.as_view(), name="comment"),
]
