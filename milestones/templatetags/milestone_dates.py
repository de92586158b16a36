"""``{{ record|date_words }}``: a milestone's or an entry's date with its precision in words (``dates.date_words``)."""

from django import template

from milestones.dates import date_words as words

register = template.Library()


@register.filter
def date_words(record):
    """Reads a milestone (live or historical: ``due_date``, ``is_tentative``) or a project entry (``end_date``)."""
    due = record.due_date if hasattr(record, "due_date") else record.end_date
    return words(
        start=record.start_date,
        due=due,
        precision=record.date_precision,
        tentative=getattr(record, "is_tentative", False),
    )
