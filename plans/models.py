from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.natural_keys import NaturalKeyModel


class AnnualPlan(NaturalKeyModel):
    """One bureau's plan for one year: everything yearly hangs off it."""

    NATURAL_KEY = ("code",)

    code = models.SlugField(_("code"), max_length=60, unique=True, help_text=_("e.g. seoul-dpb-2023"))
    bureau = models.ForeignKey(
        "departments.Department", models.PROTECT, related_name="plans", verbose_name=_("bureau")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    issued_text = models.CharField(_("issued (as written)"), max_length=40, blank=True, help_text=_("e.g. 2023. 9."))
    as_of = models.DateField(_("as of"), help_text=_("The reference date (기준일) of the report's figures."))
    organisation_text = models.CharField(
        _("organisation (as written)"), max_length=200, blank=True, help_text=_("e.g. 1정책관 6담당관 28팀, 2사업소")
    )
    stated_directors = models.PositiveSmallIntegerField(_("stated directors"), null=True, blank=True)
    stated_divisions = models.PositiveSmallIntegerField(_("stated divisions"), null=True, blank=True)
    stated_teams = models.PositiveSmallIntegerField(_("stated teams"), null=True, blank=True)
    stated_offices = models.PositiveSmallIntegerField(_("stated offices"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo plan"), default=False)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("A closed plan reminds nobody and is read-only; it stays in every review."),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year", "code"]
        constraints = [models.UniqueConstraint(fields=["bureau", "year", "is_demo"], name="plan_unique_bureau_year")]

    @property
    def is_closed(self):
        return self.closed_at is not None

    def __str__(self):
        """The year and the title, the year once when the title starts with it ("2023년 주요 업무보고")."""
        title = str(self.title)
        return title if title.startswith(str(self.year)) else f"{self.year} {title}"


class GlossaryTerm(NaturalKeyModel):
    NATURAL_KEY = ("plan__code", "key")

    plan = models.ForeignKey(AnnualPlan, models.CASCADE, related_name="glossary", verbose_name=_("plan"))
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    term = models.CharField(_("term"), max_length=100)
    term_original = models.CharField(_("original term"), max_length=100, blank=True, help_text=_("e.g. Digital twin"))
    page = models.PositiveSmallIntegerField(_("page"), null=True, blank=True, help_text=_("Page of the report."))
    definition = models.TextField(_("definition"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="glossary_unique_key")]

    def __str__(self):
        return self.term


class PlanLoad(models.Model):
    """A record of one ``load_plan`` run: what it changed and what it warned about."""

    plan = models.ForeignKey(AnnualPlan, models.CASCADE, related_name="loads", verbose_name=_("plan"))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("loaded by")
    )
    source = models.CharField(_("source file"), max_length=300)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan load")
        verbose_name_plural = _("plan loads")
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.plan} @ {timezone.localtime(self.loaded_at):%Y-%m-%d %H:%M}"


class LoadedRecord(models.Model):
    """The plan-owned values of one record as the last load wrote them.

    A reload compares a record with these to tell an edit made in the application
    (a conflict) from a value that merely has not changed.
    """

    plan_code = models.CharField(max_length=60, db_index=True)
    model = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    values = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "object_id"], name="loadedrecord_unique")]

    def __str__(self):
        return f"{self.model} #{self.object_id}"
