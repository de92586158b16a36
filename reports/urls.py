from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("report/", views.report_page, name="report"),
    path("report.pdf", views.report_download, {"fmt": "pdf"}, name="pdf"),
    path("report.hwpx", views.report_download, {"fmt": "hwpx"}, name="hwpx"),
    path("report/files/<int:pk>/", views.export_status, name="export"),
    path("report/files/<int:pk>/download", views.export_download, name="export-download"),
]
