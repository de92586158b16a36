"""``{{ record|date_words }}``: a milestone's or an entry's date with its precision in words (``dates.date_words``)."""

from django import template

from milestones.dates import record_date_words

register = template.Library()
register.filter("date_words", record_date_words)
