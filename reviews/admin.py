from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import DepartmentScopedAdminMixin
from reviews.models import RequestEmail


@admin.register(RequestEmail)
class RequestEmailAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    """Every update request's e-mail with its state and last error: a failed delivery is visible here."""

    department_paths = ("comment__milestone__project__department",)

    list_display = ["created_at", "milestone", "email", "status", "attempts", "last_error_short", "sent_at"]
    list_filter = ["status"]
    search_fields = ["email", "last_error", "comment__milestone__title"]
    list_select_related = ["comment__milestone"]
    readonly_fields = [field.name for field in RequestEmail._meta.fields]

    @admin.display(description=_("milestone"))
    def milestone(self, obj):
        return obj.comment.milestone

    @admin.display(description=_("last error"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
