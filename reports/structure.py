"""The work report as plain data: built once by ``reports.selectors.work_report``, rendered by the writers.

Blocks are headings, paragraphs and tables; a paragraph or a cell holds its text as printed. What the
source report does not print (a project's status, a milestone's progress since, a new achievement) is
``live``: the writers show it apart, and the comparison with the source leaves it out.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Figure:
    """A figure a line states: its label, the stored value and the text as printed (88,601명)."""

    label: str
    value: object
    text: str


@dataclass
class Note:
    """Something that happened since the plan, shown beside a line (done, delayed, cancelled, ...)."""

    kind: str
    label: str
    text: str = ""


@dataclass
class Heading:
    text: str
    level: int = 3
    kind: str = "heading"


@dataclass
class Paragraph:
    """A line of text; ``level`` 0 is a top-level point, 1 a sub-point, and so on."""

    text: str
    level: int = 0
    marker: str = "-"
    figures: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    live: bool = False
    style: str = ""
    kind: str = "paragraph"


@dataclass
class Cell:
    text: str
    rows: int = 1
    cols: int = 1
    number: bool = False
    indent: int = 0
    flag: str = ""  # why the printed figure contradicts the source's own lines, if it does


@dataclass
class Table:
    """Rows of cells; ``None`` marks a place covered by a merged cell. Header rows repeat on every page."""

    header: list
    body: list
    title: str = ""
    subtitle: str = ""
    notes: list = field(default_factory=list)
    level: int = 0
    style: str = ""
    kind: str = "table"

    @property
    def columns(self):
        rows = self.header or self.body
        return len(rows[0]) if rows else 0

    @property
    def other_columns(self):
        """The columns after the first, for the writers that size the first apart."""
        return range(max(self.columns - 1, 0))

    @property
    def flags(self):
        """What each figure the source contradicts is contradicted by, in reading order."""
        return [cell.flag for row in self.body for cell in row if cell is not None and cell.flag]


@dataclass
class Section:
    """A numbered section (I. 일반 현황) or a project of section II, with its blocks and sub-sections."""

    heading: str
    anchor: str
    level: int = 1
    blocks: list = field(default_factory=list)
    children: list = field(default_factory=list)
    status: object = None  # a project's reviews.status.Judgement
    contacts: str = ""
    goal: str = ""


@dataclass
class Cover:
    title: str
    issued: str
    bureau: str


@dataclass
class Report:
    plan: object
    on: datetime.date
    cover: Cover
    sections: list
    scope: str = ""  # whose report it is, when it is not the whole plan

    def walk(self):
        """Every section, depth first, in reading order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))
