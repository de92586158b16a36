from django.contrib import admin

from accounts.admin_scope import DepartmentScopedAdminMixin
from notifications.models import Follow


@admin.register(Follow)
class FollowAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_paths = ("staff__department",)
    list_display = ("staff", "milestone", "project", "created_at")
    list_select_related = ("staff", "milestone", "project")
    search_fields = ("staff__name", "milestone__title", "project__title")
    raw_id_fields = ("staff", "milestone", "project")
    date_hierarchy = "created_at"
