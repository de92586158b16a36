"""A project's milestones on the months of its plan year, drawn as a server-side SVG.

The template draws the frame (months, today); the rows, one per milestone and hundreds on a large project,
are drawn here in one pass.
"""

import datetime
import html
from dataclasses import dataclass

from django.utils.safestring import mark_safe

WIDTH = 1000
LEFT = 56  # room for the milestone keys
ROW = 26
TOP = 30  # room for the month labels


@dataclass(frozen=True)
class Month:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Timeline:
    months: list
    rows: str  # the SVG of the rows
    today_x: float | None
    height: int
    width: int = WIDTH
    left: int = LEFT


_ROW = (
    '<g class="row {css}" transform="translate(0 {y})"><title>{tooltip}</title>'
    '<text class="row-key" x="4" y="17">{key}</text>{shape}</g>\n'
)
_BAR = '<rect class="bar" x="{}" y="6" width="{}" height="14" rx="3"></rect>'
_POINT = '<circle class="point" cx="{}" cy="13" r="7"></circle>'


def _x(day, year):
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    offset = min(max((day - start).days, 0), days)
    return round(LEFT + offset * (WIDTH - LEFT) / days, 1)


def place(index, start, due, *, year):
    """Where the ``index``-th row is drawn: a bar from start to due, a point for a single day, an open or ongoing bar.

    Returns ``y`` (the top of the row), ``x``, ``width``, ``point`` (a point rather than a bar) and the CSS classes
    the shape adds.
    """
    css, point = "", False
    if start and due and start != due:
        x, width = _x(start, year), max(_x(due, year) - _x(start, year), 3)
    elif due or start:
        x, width, point = _x(due or start, year), 0, True
        if start and not due:
            width, point, css = WIDTH - x, False, " is-open"
    else:
        x, width, css = LEFT, WIDTH - LEFT, " is-ongoing"
    return {"y": TOP + index * ROW, "x": x, "width": round(width, 1), "point": point, "shape_css": css}


def build(rows, *, year, today):
    """The timeline of ``rows``: each placed (``place``), with its ``css`` classes, ``tooltip`` and ``key``."""
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        months.append(Month(_x(first, year), round(_x(following, year) - _x(first, year), 1), str(month)))
    escape = html.escape
    drawn = mark_safe(
        "".join(
            _ROW.format(
                css=escape(r["css"]),
                y=r["y"],
                tooltip=escape(r["tooltip"]),
                key=escape(r["key"]),
                shape=_POINT.format(r["x"]) if r["point"] else _BAR.format(r["x"], r["width"]),
            )
            for r in rows
        )
    )
    today_x = _x(today, year) if today.year == year else None
    return Timeline(months, drawn, today_x, TOP + len(rows) * ROW + 8)
