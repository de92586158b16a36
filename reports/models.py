from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.natural_keys import NaturalKeyModel


class ReportSection(NaturalKeyModel):
    """A numbered section of a plan's work report, as the report numbers and titles it (I. 일반 현황)."""

    NATURAL_KEY = ("plan__code", "order")

    plan = models.ForeignKey(
        "plans.AnnualPlan", models.CASCADE, related_name="report_sections", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    numeral = models.CharField(_("numeral"), max_length=10, blank=True, help_text=_("e.g. I, II, IV; blank for none"))
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. 일반 현황"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="reportsection_unique_order")]

    def __str__(self):
        return f"{self.numeral}. {self.title}" if self.numeral else self.title


class ReportPart(NaturalKeyModel):
    """What a report section holds, in order: a heading as printed, and the plan's data it prints under it."""

    NATURAL_KEY = ("section__plan__code", "section__order", "order")

    class Kind(models.TextChoices):
        HEADING = "heading", _("heading only")
        ORGANISATION = "organisation", _("organisation summary")
        STAFFING = "staffing", _("staffing table")
        DUTIES = "duties", _("standing duties by department")
        BUDGET_TABLE = "budget_table", _("budget table")
        PROJECT_INDEX = "project_index", _("index of the priority projects")
        PROJECTS = "projects", _("the priority projects")
        GLOSSARY = "glossary", _("glossary")

    section = models.ForeignKey(ReportSection, models.CASCADE, related_name="parts", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    heading = models.CharField(_("heading (as printed)"), max_length=200, blank=True, help_text=_("e.g. ● 세입 총괄"))
    budget_table = models.ForeignKey(
        "budgets.BudgetTable",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="report_parts",
        verbose_name=_("budget table"),
    )

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="reportpart_unique_order"),
            models.CheckConstraint(
                condition=models.Q(kind="budget_table", budget_table__isnull=False)
                | (~models.Q(kind="budget_table") & models.Q(budget_table__isnull=True)),
                name="reportpart_budget_table_iff_kind",
            ),
        ]

    def __str__(self):
        return self.heading or self.get_kind_display()


class ReportExport(models.Model):
    """A PDF or HWPX file of a report, built in the background for a person, with its progress."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        HWPX = "hwpx", "HWPX"

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey("plans.AnnualPlan", models.CASCADE, related_name="+", verbose_name=_("plan"))
    on = models.DateField(_("as of"))
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="report_exports", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-requested_at"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="reportexport_progress_max")]

    def __str__(self):
        return f"{self.plan.code} {self.on} {self.format}"
