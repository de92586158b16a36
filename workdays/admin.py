from django.contrib import admin

from accounts.admin_scope import BureauWideAdminMixin
from common.admin import BoundedDateHierarchyMixin
from workdays.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(BoundedDateHierarchyMixin, BureauWideAdminMixin, admin.ModelAdmin):
    list_display = ["date", "name", "note"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
