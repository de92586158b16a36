from django.contrib import admin

from workdays.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "note"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
