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

    def add_view(self, request, form_url="", extra_context=None):
        return admin_views.upload(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin_views.preview(request, object_id)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("planfiles.add_planupload") or super().has_view_permission(request, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/status.json", wrap(admin_views.status), name="planfiles_planupload_status"),
            path("<int:pk>/confirm/", wrap(admin_views.confirm), name="planfiles_planupload_confirm"),
            path("export/<int:plan_pk>/", wrap(admin_views.export), name="planfiles_planupload_export"),
            *super().get_urls(),
        ]
