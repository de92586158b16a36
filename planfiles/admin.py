"""The plan files admin: upload with preview and confirmation, and the plan workbook download.

The pages themselves are in ``admin_views``; this module registers them on the admin site.
"""

from django.contrib import admin
from django.urls import path

from planfiles import admin_views
from planfiles.models import PlanUpload


@admin.register(PlanUpload)
class PlanUploadAdmin(admin.ModelAdmin):
    list_display = ["uploaded_at", "name", "status", "uploaded_by", "plan"]
    list_filter = ["status"]
    list_select_related = ["uploaded_by", "plan"]
    search_fields = ["name"]
    date_hierarchy = "uploaded_at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(admin_views.upload), name="planfiles_planupload_add"),
            path("<int:pk>/change/", wrap(admin_views.preview), name="planfiles_planupload_change"),
            path("<int:pk>/status.json", wrap(admin_views.status), name="planfiles_planupload_status"),
            path("<int:pk>/confirm/", wrap(admin_views.confirm), name="planfiles_planupload_confirm"),
            path("export/<int:plan_pk>/", wrap(admin_views.export), name="planfiles_planupload_export"),
            *super().get_urls(),
        ]
