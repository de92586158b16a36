"""Admin list pages refuse a date-hierarchy year they cannot compute (Django's own code overflows past 9998)."""

from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from common.query import QUERY_YEARS_AROUND


class BoundedDateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            self.check_date_hierarchy(request.GET)
        return super().get_filters(request)

    def check_date_hierarchy(self, query):
        year = timezone.localdate().year
        bounds = {
            "year": (year - QUERY_YEARS_AROUND, year + QUERY_YEARS_AROUND),
            "month": (1, 12),
            "day": (1, 31),
        }
        for part, (first, last) in bounds.items():
            for value in query.getlist(f"{self.date_hierarchy}__{part}"):
                if not (value.isascii() and value.isdigit() and first <= int(value) <= last):
                    raise BadRequest(
                        _("Bad query parameter. %(name)s: enter a number from %(first)s to %(last)s.")
                        % {"name": f"{self.date_hierarchy}__{part}", "first": first, "last": last}
                    )


class BoundedDateHierarchyMixin:
    """For a ModelAdmin with ``date_hierarchy``: a year, month or day out of range answers 400 with a message."""

    def get_changelist(self, request, **kwargs):
        return BoundedDateHierarchyChangeList
