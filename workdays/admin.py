from django.contrib import admin

from accounts.admin_scope import BureauWideAdminMixin
from workdays.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(BureauWideAdminMixin, admin.ModelAdmin):
    list_display = ["date", "name", "note"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
