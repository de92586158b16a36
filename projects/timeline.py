"""A project's milestones on the months of its plan year, as geometry for a server-drawn SVG."""

import datetime
from dataclasses import dataclass

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
class Row:
    milestone: object
    y: float
    x: float
    width: float
    shape: str  # "bar", "point" or "none"
    css: str


@dataclass(frozen=True)
class Timeline:
    months: list
    rows: list
    today_x: float | None
    height: int
    width: int = WIDTH
    left: int = LEFT


def _x(day, year):
    start = datetime.date(year, 1, 1)
    days = (datetime.date(year + 1, 1, 1) - start).days
    offset = min(max((day - start).days, 0), days)
    return round(LEFT + offset * (WIDTH - LEFT) / days, 1)


def build(milestones, *, year, today):
    months = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        months.append(Month(_x(first, year), round(_x(following, year) - _x(first, year), 1), str(month)))
    rows = []
    for index, milestone in enumerate(milestones):
        y = TOP + index * ROW
        start, due = milestone.start_date, milestone.due_date
        css = f"status-{milestone.status}" + (" is-overdue" if milestone.is_overdue(today) else "")
        if start and due and start != due:
            x, width, shape = _x(start, year), max(_x(due, year) - _x(start, year), 3), "bar"
        elif due or start:
            x, width, shape = _x(due or start, year), 0, "point"
            if start and not due:
                width, shape = WIDTH - x, "bar"
                css += " is-open"
        else:
            x, width, shape = LEFT, WIDTH - LEFT, "bar"
            css += " is-ongoing"
        rows.append(Row(milestone, y, x, round(width, 1), shape, css))
    today_x = _x(today, year) if today.year == year else None
    return Timeline(months, rows, today_x, TOP + len(rows) * ROW + 8)
