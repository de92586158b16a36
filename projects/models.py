from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from departments.models import NamedFigure
from milestones.dates import DatePrecision
from plans.natural_keys import NaturalKeyModel


class Project(NaturalKeyModel):
    """A priority project (주요 현안업무) of an annual plan."""

    NATURAL_KEY = ("plan__code", "number")

    plan = models.ForeignKey("plans.AnnualPlan", models.CASCADE, related_name="projects", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    department = models.ForeignKey(
        "departments.Department", models.PROTECT, related_name="projects", verbose_name=_("lead department")
    )
    teams = models.ManyToManyField(
        "departments.Department", related_name="team_projects", blank=True, verbose_name=_("teams")
    )
    goal = models.TextField(_("goal"), blank=True)
    contacts_text = models.TextField(_("contacts (as printed)"), blank=True)
    budget_total = models.BigIntegerField(_("budget (won)"), null=True, blank=True)
    budget_text = models.CharField(_("budget (as written)"), max_length=300, blank=True)
    budget_note = models.CharField(_("budget note"), max_length=200, blank=True, help_text=_("e.g. 시·구 5:5 매칭"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority project")
        verbose_name_plural = _("priority projects")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="project_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ProjectBudgetItem(NaturalKeyModel):
    """A line of a project's budget breakdown, e.g. 스마트시티 포럼 295백만원."""

    NATURAL_KEY = ("project__plan__code", "project__number", "order")

    project = models.ForeignKey(Project, models.CASCADE, related_name="budget_items", verbose_name=_("project"))
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("item"), max_length=200)
    amount = models.BigIntegerField(_("amount (won)"))

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget breakdown")
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "order"], name="budgetitem_unique_order")]

    def __str__(self):
        return self.label


class ProjectContact(NaturalKeyModel):
    """A person the project's contacts line names, in the order printed."""

    NATURAL_KEY = ("project__plan__code", "project__number", "order")

    class Role(models.TextChoices):
        HEAD = "head", _("department head")
        TEAM_LEAD = "team_lead", _("team lead")
        OFFICER = "officer", _("officer in charge")

    project = models.ForeignKey(Project, models.CASCADE, related_name="contacts", verbose_name=_("project"))
    order = models.PositiveSmallIntegerField(_("order"))
    staff = models.ForeignKey("departments.Staff", models.PROTECT, related_name="contacts", verbose_name=_("staff"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["project", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "order"], name="contact_unique_order")]

    def __str__(self):
        return str(self.staff)


class ProjectEntry(NaturalKeyModel):
    """A point of a project section: background, scope, achievement or footnote.

    Entries nest (sub-points) and may carry a date as written and named figures.
    """

    NATURAL_KEY = ("project__plan__code", "project__number", "key")

    class Section(models.TextChoices):
        BACKGROUND = "background", _("background (추진배경)")
        SCOPE = "scope", _("scope (사업내용)")
        ACHIEVEMENT = "achievement", _("achievement (추진실적)")
        FOOTNOTE = "footnote", _("footnote")

    project = models.ForeignKey(Project, models.CASCADE, related_name="entries", verbose_name=_("project"))
    key = models.CharField(_("key"), max_length=30, help_text=_("Position in the report, e.g. a3.1"))
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))
    date_text = models.CharField(_("date (as written)"), max_length=60, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=8, choices=DatePrecision.choices, blank=True)
    milestone = models.ForeignKey(
        "milestones.Milestone",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="achievements",
        verbose_name=_("milestone"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project entry")
        verbose_name_plural = _("project entries")
        ordering = ["project", "section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "key"], name="entry_unique_key"),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__lte=models.F("end_date")),
                name="entry_start_before_end",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class EntryFigure(NaturalKeyModel, NamedFigure):
    NATURAL_KEY = ("entry__project__plan__code", "entry__project__number", "entry__key", "order")

    entry = models.ForeignKey(
        ProjectEntry, models.CASCADE, related_name="figures", verbose_name=pgettext_lazy("project", "entry")
    )

    class Meta(NamedFigure.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [models.UniqueConstraint(fields=["entry", "order"], name="entryfigure_unique_order")]


class ProjectTable(NaturalKeyModel):
    """A table printed inside a project section (the 심사 stages, the 추진체계, an overview box, ...).

    It stands among the sub-points of ``parent`` (or at the top of ``section`` without one), at
    ``order`` in the same numbering as those sub-points, so the report prints it where the source does.
    """

    NATURAL_KEY = ("project__plan__code", "project__number", "key")

    project = models.ForeignKey(Project, models.CASCADE, related_name="tables", verbose_name=_("project"))
    key = models.CharField(_("key"), max_length=30, help_text=_("e.g. t1"))
    section = models.CharField(_("section"), max_length=12, choices=ProjectEntry.Section.choices)
    parent = models.ForeignKey(
        ProjectEntry, models.CASCADE, null=True, blank=True, related_name="tables", verbose_name=_("parent")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("e.g. 〈 정보자원 보유 현황 〉"))
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True, help_text=_("e.g. ('23.7월 기준)"))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Lines printed under the table (※ ...)."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project table")
        verbose_name_plural = _("project tables")
        ordering = ["project", "section", "order"]
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="projecttable_unique_key")]

    def __str__(self):
        return self.title or f"{self.project.number} {self.key}"


def validate_cells(cells):
    """A row is a list of cells: a text, a merged cell ``{"text": ..., "rows": n, "cols": n}``, or None
    where a merged cell to the left or above covers the place."""
    from django.core.exceptions import ValidationError

    if not isinstance(cells, list) or not cells:
        raise ValidationError(_("a row is a non-empty list of cells"))
    for cell in cells:
        if cell is None or isinstance(cell, str):
            continue
        if not isinstance(cell, dict) or not isinstance(cell.get("text"), str) or set(cell) - {"text", "rows", "cols"}:
            raise ValidationError(_("a cell is a text, null, or {text, rows, cols}: %(cell)r") % {"cell": cell})
        for name in ("rows", "cols"):
            if not isinstance(cell.get(name, 1), int) or cell.get(name, 1) < 1:
                raise ValidationError(_("%(name)s of a merged cell is a whole number from 1") % {"name": name})


class ProjectTableRow(NaturalKeyModel):
    """A row of a project table: header rows repeat on every page the table runs over."""

    NATURAL_KEY = ("table__project__plan__code", "table__project__number", "table__key", "order")

    table = models.ForeignKey(ProjectTable, models.CASCADE, related_name="rows", verbose_name=_("table"))
    order = models.PositiveSmallIntegerField(_("order"))
    header = models.BooleanField(_("header row"), default=False)
    cells = models.JSONField(_("cells"), validators=[validate_cells])

    class Meta:
        verbose_name = _("table row")
        verbose_name_plural = _("table rows")
        ordering = ["table", "order"]
        constraints = [models.UniqueConstraint(fields=["table", "order"], name="projecttablerow_unique_order")]

    def __str__(self):
        return " | ".join(cell if isinstance(cell, str) else (cell or {}).get("text", "") for cell in self.cells)

    @property
    def shown_cells(self):
        """The cells a page shows, as ``{text, rows, cols}``: the places a merged cell covers left out."""
        return [
            {"text": cell, "rows": 1, "cols": 1}
            if isinstance(cell, str)
            else {"text": cell["text"], "rows": cell.get("rows", 1), "cols": cell.get("cols", 1)}
            for cell in self.cells
            if cell is not None
        ]
