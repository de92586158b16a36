"""History pages of the admin that read as sentences: choices by their label, empty values as a dash, yes and
no, dates as dates, and the reason of a change (a code such as ``confirm``) by its name."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.template_utils import HistoricalRecordContextHelper

#: The name of each change reason, by code; apps add their own (``register_change_reasons``).
CHANGE_REASONS = {}


def register_change_reasons(reasons):
    CHANGE_REASONS.update(reasons)


def change_reason_label(code):
    return str(CHANGE_REASONS.get(code, code or ""))


def readable(field, value):
    """A field's value as a person reads it."""
    if value is None or value == "":
        return "–"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, list):
            return value
        return readable(self.model._meta.get_field(change.field), value)


class ReadableHistoryMixin:
    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.change_reason_label = change_reason_label(record.history_change_reason)
