"""Values as the field types hold them: what a format may mean by a value, and what it cannot (a list for a
date, NaN for an amount, a NUL in text). Django's own field rules run after this (``Field.clean``)."""

import datetime
import math
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

INTEGER_FIELDS = (models.IntegerField, models.SmallIntegerField, models.BigIntegerField)
TEXT_FIELDS = (models.CharField, models.TextField)


class ValueTypeError(ValueError):
    pass


def coerce(fld, value):
    """``value`` as the type ``fld`` holds, refusing what a format cannot mean (a list for a date)."""
    if value is None:
        return None
    if isinstance(value, str) and "\x00" in value:
        raise ValueTypeError(_("contains a NUL character"))
    if type(value) is str and isinstance(fld, TEXT_FIELDS):
        return value  # most values of a plan: text for a text field
    if isinstance(fld, models.JSONField):
        return _structured(value)
    if isinstance(value, list | tuple | dict | set):
        raise ValueTypeError(_("a single value is expected, not a list or a mapping"))
    if isinstance(fld, models.BooleanField):
        if not isinstance(value, bool | str | int) or isinstance(value, float):
            raise ValueTypeError(_("true or false is expected"))
        return value
    if isinstance(fld, models.DateField):
        if isinstance(value, datetime.datetime):
            if value.time() != datetime.time():
                raise ValueTypeError(_("a date without a time is expected"))
            return value.date()
        if not isinstance(value, datetime.date | str):
            raise ValueTypeError(_("a date (YYYY-MM-DD) is expected"))
        return value
    if isinstance(fld, INTEGER_FIELDS):
        if isinstance(value, bool | datetime.date):
            raise ValueTypeError(_("a whole number is expected"))
        if isinstance(value, float | Decimal):
            if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
                raise ValueTypeError(_("a finite number is expected"))
            if value != int(value):
                raise ValueTypeError(_("a whole number is expected, not %(value)s") % {"value": value})
            return int(value)
        return value
    if isinstance(fld, models.DecimalField | models.FloatField):
        if isinstance(value, bool | datetime.date):
            raise ValueTypeError(_("a number is expected"))
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueTypeError(_("a finite number is expected"))
            value = Decimal(repr(value))
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueTypeError(_("a finite number is expected"))
        return value
    if isinstance(value, bool | datetime.date):
        raise ValueTypeError(_("text is expected"))
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value)


#: How deep lists and mappings may nest in a structured field (a table row's cells need two levels).
MAX_DEPTH = 4


def _structured(value, depth=0):
    """A structured value (a table row's cells) as JSON holds it: lists, mappings with text keys, text,
    finite numbers, true/false and nothing, nested at most ``MAX_DEPTH`` deep, without NUL characters."""
    if depth > MAX_DEPTH:
        raise ValueTypeError(_("nested too deeply"))
    if isinstance(value, list | tuple):
        return [_structured(item, depth + 1) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueTypeError(_("a mapping's keys must be text"))
        return {key: _structured(item, depth + 1) for key, item in value.items()}
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueTypeError(_("contains a NUL character"))
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueTypeError(_("a finite number is expected"))
    if value is None or isinstance(value, bool | int | float):
        return value
    raise ValueTypeError(_("text, a number, a list or a mapping is expected"))
