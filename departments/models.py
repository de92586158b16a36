from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from plans.natural_keys import NaturalKeyModel


class Department(NaturalKeyModel):
    """A unit of the organisation tree: bureau, division, office, team or section."""

    NATURAL_KEY = ("code",)

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("bureau (정책관)")
        DIVISION = "division", _("division (담당관)")
        OFFICE = "office", _("affiliated office (사업소)")
        TEAM = "team", _("team (팀)")
        SECTION = "section", _("section (과)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    head_title = models.CharField(_("title of the head"), max_length=50, blank=True, help_text=_("e.g. 담당관, 소장"))
    phone_exchange = models.CharField(
        _("phone exchange"),
        max_length=20,
        blank=True,
        help_text=_("Prefix that completes a printed extension, e.g. 02-2133. Inherited from the parent if blank."),
    )
    established_text = models.CharField(_("established (as written)"), max_length=40, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def exchange(self):
        """The phone exchange of this unit or its nearest ancestor that has one."""
        unit = self
        while unit is not None:
            if unit.phone_exchange:
                return unit.phone_exchange
            unit = unit.parent
        return ""


class Staff(NaturalKeyModel):
    """A person of the organisation; at most one login account."""

    NATURAL_KEY = ("code",)

    class Position(models.TextChoices):
        BUREAU_HEAD = "bureau_head", _("bureau head")
        DEPARTMENT_HEAD = "department_head", _("department head")
        TEAM_LEAD = "team_lead", _("team lead")
        OFFICER = "officer", _("officer in charge")

    code = models.CharField(_("code"), max_length=80, unique=True, help_text=_("e.g. digital-policy:오경희"))
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("job title"), max_length=50, help_text=_("As printed, e.g. 디지털정책기획팀장, 담당"))
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        related_name="staff",
        verbose_name=_("department"),
        limit_choices_to=~Q(kind__in=["team", "section"]),
    )
    team = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("team"),
        limit_choices_to={"kind__in": ["team", "section"]},
    )
    phone_printed = models.CharField(_("phone (as printed)"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, help_text=_("Full number, e.g. 02-2133-2912"))
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("login"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["department__order", "name"]

    def __str__(self):
        return f"{self.name} ({self.title})"


class DepartmentDuty(NaturalKeyModel):
    """One of a department's standing duties (주요업무) as the plan lists them."""

    NATURAL_KEY = ("plan__code", "department__code", "order")

    plan = models.ForeignKey("plans.AnnualPlan", models.CASCADE, related_name="duties", verbose_name=_("plan"))
    department = models.ForeignKey(Department, models.CASCADE, related_name="duties", verbose_name=_("department"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("duty"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standing duty")
        verbose_name_plural = _("standing duties")
        ordering = ["plan", "department__order", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "department", "order"], name="duty_unique_order")]

    def __str__(self):
        return self.text


class JobCategory(NaturalKeyModel):
    """A job category of the staffing table (직종), e.g. 전산 within 행정·기술직군."""

    NATURAL_KEY = ("code",)

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    group = models.CharField(
        pgettext_lazy("job category", "group"), max_length=50, blank=True, help_text=_("e.g. 행정·기술직군")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("job category")
        verbose_name_plural = _("job categories")
        ordering = ["order"]

    def __str__(self):
        return self.name


class StaffingSnapshot(NaturalKeyModel):
    """The staffing table of a plan as of one date; totals are derived from its rows."""

    NATURAL_KEY = ("plan__code", "as_of")

    plan = models.ForeignKey("plans.AnnualPlan", models.CASCADE, related_name="staffing", verbose_name=_("plan"))
    as_of = models.DateField(_("as of"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staffing snapshot")
        verbose_name_plural = _("staffing snapshots")
        ordering = ["plan", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["plan", "as_of"], name="staffing_unique_date")]

    def __str__(self):
        return f"{self.plan} · {self.as_of}"

    def table(self):
        """Rows with derived current headcount and gap, and the derived total row (계).

        Returns ``(categories, rows, total)``; each row and the total have ``authorised``,
        ``current``, ``gap`` and ``by_category`` (category code -> count); the total also
        has ``percent`` (category code -> share of the current total, one decimal).
        """
        from budgets.models import rate

        categories = list(JobCategory.objects.order_by("order"))
        rows = list(self.rows.select_related("department").prefetch_related("counts__category"))
        total = StaffingLine(_("Total"), 0, {c.code: 0 for c in categories})
        lines = []
        for row in rows:
            counts = {c.category.code: c.count for c in row.counts.all()}
            lines.append(StaffingLine(row.department, row.authorised, counts))
            total.authorised += row.authorised
            for code, count in counts.items():
                total.by_category[code] += count
        total.percent = {code: rate(count, total.current) for code, count in total.by_category.items()}
        for line in [*lines, total]:
            line.cells = [(line.by_category.get(c.code), line.percent.get(c.code)) for c in categories]
        return categories, lines, total


class StaffingLine:
    """A line of the staffing table as people read it, with its derived figures."""

    def __init__(self, label, authorised, by_category):
        self.label, self.authorised, self.by_category = label, authorised, by_category
        self.percent = {}
        self.cells = []

    @property
    def current(self):
        return sum(self.by_category.values())

    @property
    def gap(self):
        """과부족: current minus authorised headcount (negative is a shortage)."""
        return self.current - self.authorised


class StaffingRow(NaturalKeyModel):
    """One department's authorised headcount (정원); current headcount comes from its counts."""

    NATURAL_KEY = ("snapshot__plan__code", "snapshot__as_of", "department__code")

    snapshot = models.ForeignKey(StaffingSnapshot, models.CASCADE, related_name="rows", verbose_name=_("snapshot"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="+", verbose_name=_("department"))
    authorised = models.PositiveIntegerField(_("authorised (정원)"))

    class Meta:
        verbose_name = _("staffing row")
        verbose_name_plural = _("staffing rows")
        ordering = ["snapshot", "department__order"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "department"], name="staffingrow_unique_dept")]

    def __str__(self):
        return f"{self.department} {self.snapshot.as_of}"

    def line(self):
        return StaffingLine(self.department, self.authorised, {c.category.code: c.count for c in self.counts.all()})


class StaffingCount(NaturalKeyModel):
    NATURAL_KEY = ("row__snapshot__plan__code", "row__snapshot__as_of", "row__department__code", "category__code")

    row = models.ForeignKey(StaffingRow, models.CASCADE, related_name="counts", verbose_name=_("row"))
    category = models.ForeignKey(JobCategory, models.PROTECT, related_name="+", verbose_name=_("job category"))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("headcount by category")
        verbose_name_plural = _("headcounts by category")
        ordering = ["row", "category__order"]
        constraints = [models.UniqueConstraint(fields=["row", "category"], name="staffingcount_unique_category")]

    def __str__(self):
        return f"{self.category} {self.count}"


class StaffingNote(NaturalKeyModel):
    """A ※ line under the staffing table, kept as written with its figures."""

    NATURAL_KEY = ("snapshot__plan__code", "snapshot__as_of", "order")

    snapshot = models.ForeignKey(StaffingSnapshot, models.CASCADE, related_name="notes", verbose_name=_("snapshot"))
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("staffing note")
        verbose_name_plural = _("staffing notes")
        ordering = ["snapshot", "order"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "order"], name="staffingnote_unique_order")]

    def __str__(self):
        return self.text


class NamedFigure(models.Model):
    """A figure a report states: a label, a number and its unit (88,601 명)."""

    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=150)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self):
        value = int(self.value) if self.value == self.value.to_integral() else self.value.normalize()
        return f"{self.label} {value:,}{self.unit}"


class StaffingNoteFigure(NaturalKeyModel, NamedFigure):
    NATURAL_KEY = ("note__snapshot__plan__code", "note__snapshot__as_of", "note__order", "order")

    note = models.ForeignKey(StaffingNote, models.CASCADE, related_name="figures", verbose_name=_("note"))

    class Meta(NamedFigure.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [models.UniqueConstraint(fields=["note", "order"], name="staffingnotefigure_unique_order")]
