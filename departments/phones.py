"""Phone numbers as the report prints them: ``☎2133-2910`` and, after it, ``☎2912``."""

import re

_DIGITS = re.compile(r"\d+")


def full_number(printed, exchange):
    """Complete a printed number with the unit's exchange (``02-2133``).

    A full local number (``2133-2910``) gets the area code of the exchange; a bare
    extension (``2912``) gets the whole exchange: ``02-2133-2912``.
    """
    parts = _DIGITS.findall(printed or "")
    if not parts:
        return ""
    area, _, office = exchange.partition("-")
    if len(parts) >= 3:
        return "-".join(parts)
    if len(parts) == 2:
        return "-".join([area, *parts]) if area else "-".join(parts)
    return f"{exchange}-{parts[0]}" if exchange else parts[0]
