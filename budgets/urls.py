from django.urls import path, re_path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.BudgetIndexView.as_view(), name="index"),
    path("<slug:plan>/<slug:table>/", views.BudgetTableView.as_view(), name="table"),
    re_path(
        r"^(?P<plan>[-\w]+)/(?P<table>[-\w]+)/export\.(?P<fmt>csv|xlsx)$",
        views.BudgetTableExportView.as_view(),
        name="export",
    ),
]
