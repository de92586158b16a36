"""Geometry of the server-rendered SVG charts; the templates only draw what is computed here."""

from dataclasses import dataclass, field

from milestones.models import Status

#: Stacking order of the milestone statuses, finished work first.
STATUS_ORDER = (
    Status.CONFIRMED,
    Status.DONE,
    Status.IN_PROGRESS,
    Status.RETURNED,
    Status.PLANNED,
    Status.DELAYED,
    Status.CANCELLED,
)


@dataclass
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    label: str
    total: int
    y: float
    text_y: float
    segments: list = field(default_factory=list)
    end_x: float = 0
    #: The count of each status of the legend, in its order ("" for none), for the table of the figures.
    legend_counts: list = field(default_factory=list)


@dataclass
class StackedBars:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list
    legend: list


def stacked_bars(rows, *, width=720, label_width=170, bar_height=22, gap=10):
    """Horizontal bars, one per row (``.department`` and ``.counts`` by status), split by status."""
    plot_width = width - label_width - 50
    largest = max((row.total for row in rows), default=0) or 1
    scale = plot_width / largest
    bars = []
    for index, row in enumerate(rows):
        y = index * (bar_height + gap)
        bar = Bar(str(row.department), row.total, y, y + bar_height * 0.7)
        x = label_width
        for status in STATUS_ORDER:
            count = row.counts.get(status, 0)
            if not count:
                continue
            bar.segments.append(Segment(status, Status(status).label, count, round(x, 1), round(count * scale, 1)))
            x += count * scale
        bar.end_x = round(x + 6, 1)
        bars.append(bar)
    used = {segment.status for bar in bars for segment in bar.segments}
    legend = [(status, Status(status).label) for status in STATUS_ORDER if status in used]
    for bar in bars:
        counts = {segment.status: segment.count for segment in bar.segments}
        bar.legend_counts = [counts.get(status, "") for status, _ in legend]
    height = max(len(bars) * (bar_height + gap) - gap, bar_height)
    return StackedBars(width, height, label_width, bar_height, bars, legend)
