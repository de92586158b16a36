from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.natural_keys import NaturalKeyModel


def rate(part, whole):
    """``part / whole`` as a percentage with one decimal, or None when undefined."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


class BudgetTable(NaturalKeyModel):
    """A budget table of the plan as printed: revenue or expenditure, summary or detail.

    The report prints the same budget twice (a summary and a detail table) and the
    two do not always agree, so each is kept as printed and compared on load.
    """

    NATURAL_KEY = ("plan__code", "code")

    class Kind(models.TextChoices):
        REVENUE = "revenue", _("revenue (세입)")
        EXPENDITURE = "expenditure", _("expenditure (세출)")

    plan = models.ForeignKey("plans.AnnualPlan", models.CASCADE, related_name="budget_tables", verbose_name=_("plan"))
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    as_of = models.DateField(_("as of"))
    unit_text = models.CharField(_("printed unit"), max_length=20, default="천원")
    notes = models.TextField(_("notes"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget table")
        verbose_name_plural = _("budget tables")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="budgettable_unique_code")]

    def __str__(self):
        return f"{self.plan.year} {self.title}"


class BudgetLine(NaturalKeyModel):
    """A row of a budget table; rows form a tree whose parents should sum their children.

    Amounts are integer won (the report prints thousands). An empty cell or ``-``
    is None; derived changes and rates are computed, never stored.
    """

    NATURAL_KEY = ("table__plan__code", "table__code", "key")

    class Account(models.TextChoices):
        GENERAL = "general", _("general account (일반회계)")
        SPECIAL = "special", _("special account (특별회계)")

    table = models.ForeignKey(BudgetTable, models.CASCADE, related_name="lines", verbose_name=_("table"))
    key = models.CharField(_("key"), max_length=40, help_text=_("Position in the table, e.g. 1.2.3"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=200)
    name_printed = models.CharField(
        _("name as printed"), max_length=200, blank=True, help_text=_("Only where the report misprints it.")
    )
    department = models.ForeignKey(
        "departments.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("department"),
    )
    account = models.CharField(_("account"), max_length=8, choices=Account.choices, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("priority project"),
    )
    current_budget = models.BigIntegerField(_("current budget (예산현액)"), null=True, blank=True)
    prior_final = models.BigIntegerField(_("prior-year final budget (최종예산)"), null=True, blank=True)
    commitments = models.BigIntegerField(_("commitments (원인행위액)"), null=True, blank=True)
    disbursements = models.BigIntegerField(_("disbursements (지출액)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["table", "order"]
        constraints = [models.UniqueConstraint(fields=["table", "key"], name="budgetline_unique_key")]

    def __str__(self):
        return self.name

    @property
    def change(self):
        if self.current_budget is None and self.prior_final is None:
            return None
        return (self.current_budget or 0) - (self.prior_final or 0)

    @property
    def change_rate(self):
        """Change against the prior year in percent; None for a new line (순증)."""
        return rate(self.change, self.prior_final)

    @property
    def commitment_rate(self):
        return rate(self.commitments, self.current_budget)

    @property
    def disbursement_rate(self):
        return rate(self.disbursements, self.current_budget)
