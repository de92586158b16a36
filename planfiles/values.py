"""Values as the field types hold them: what a format may mean by a value, and what it cannot (a list for a
date, NaN for an amount, a NUL in text). Django's own field rules run after this (``Field.clean``)."""

import datetime
import math
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _

INTEGER_FIELDS = (models.IntegerField, models.SmallIntegerField, models.BigIntegerField)


class ValueTypeError(ValueError):
    pass


def coerce(fld, value):
    """``value`` as the type ``fld`` holds, refusing what a format cannot mean (a list for a date)."""
    if value is None:
        return None
    if isinstance(value, str) and "\x00" in value:
        raise ValueTypeError(_("contains a NUL character"))
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
