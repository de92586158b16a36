from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import is_admin
from accounts.roles import derive_role

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class RoleUserAdmin(UserAdmin):
    """Logins with the role derived from their staff record and groups (accounts.roles)."""

    list_display = [*UserAdmin.list_display, "role", "staff_record"]
    list_filter = [*UserAdmin.list_filter]
    readonly_fields = ["role", "staff_record"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Role"),
            {
                "fields": ["role", "staff_record"],
                "description": _(
                    "The role follows the linked staff record's position (officer, team lead, department head; "
                    "link a login on the staff record's page), or the groups “bureau managers” and "
                    "“administrators”."
                ),
            },
        ),
    ]

    def has_module_permission(self, request):
        return super().has_module_permission(request) and is_admin(request)

    def has_view_permission(self, request, obj=None):
        # Logins, their groups and their staff records make roles: administrators' business.
        return super().has_view_permission(request, obj) and is_admin(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_admin(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_admin(request)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff").prefetch_related("groups")

    def _staff(self, user):
        return getattr(user, "staff", None) if user.pk else None

    @admin.display(description=_("role"))
    def role(self, user):
        role = derive_role(user, self._staff(user), {g.name for g in user.groups.all()}) if user.pk else None
        return role.label if role else "-"

    @admin.display(description=_("staff record"))
    def staff_record(self, user):
        staff = self._staff(user)
        if staff is None:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:departments_staff_change", args=[staff.pk]), staff)
