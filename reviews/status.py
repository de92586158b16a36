"""Project status: on track, at risk or off track on a reference date (기준일) D.

The rules, applied to a project's milestones as they stood on D:

**Off track** when any of:

1. a milestone is overdue by more than ``OFF_TRACK_DAYS_OVERDUE`` (30) days;
2. ``OFF_TRACK_OVERDUE_COUNT`` (3) or more milestones are overdue;
3. progress lags elapsed time by ``OFF_TRACK_PROGRESS_LAG`` (25) points or more.

**At risk** when not off track and any of:

4. a milestone is overdue (1 to 30 days);
5. a milestone is marked delayed;
6. progress lags elapsed time by ``AT_RISK_PROGRESS_LAG`` (10) points or more;
7. budget execution lags the time of year (the rule of ``budgets.selectors``: commitments below the
   share of the year elapsed at the expenditure table's date, less 15 points). It applies from the
   date of the plan's latest expenditure table that is dated on or before D.

**On track** otherwise.

Definitions:

- *overdue*: open (not done, confirmed or cancelled) and due before D; days overdue = D - due date
  (``milestones.schedule.days_overdue``).
- *progress lag*: over the project's open milestones that are under way on D, the mean of
  (share of the milestone's span from start to due date elapsed on D - percent complete), in
  points. Under way means: with a start and a due date, started on or before D and not yet past
  due (an overdue milestone is judged by rules 1, 2 and 4), and with progress recorded (a percent
  above zero, or the status in progress, delayed or returned). A milestone still planned with
  nothing recorded is judged by its due date alone: the plan itself records no progress.
- *completion* (shown, not judged): the mean percent complete of the milestones not cancelled,
  done and confirmed counting as 100.

The functions take plain milestone states (``MilestoneState``) so that the same rules judge the
present, an earlier date and each month end of the status-over-time chart.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgets.money import percent
from budgets.selectors import lag_threshold, year_elapsed
from milestones.models import CLOSED_STATUSES, Status
from milestones.schedule import days_overdue

OFF_TRACK_DAYS_OVERDUE = 30
OFF_TRACK_OVERDUE_COUNT = 3
OFF_TRACK_PROGRESS_LAG = Decimal(25)
AT_RISK_PROGRESS_LAG = Decimal(10)

#: Statuses that show progress has been recorded on a milestone.
WORK_STARTED_STATUSES = (Status.IN_PROGRESS, Status.DELAYED, Status.RETURNED)


def under_way_q(on):
    """``MilestoneState.is_under_way`` as a query condition, for counting in the database."""
    return (
        ~Q(status__in=CLOSED_STATUSES)
        & Q(start_date__lte=on, due_date__gte=on)
        & (Q(percent_complete__gt=0) | Q(status__in=WORK_STARTED_STATUSES))
    )


class ProjectStatus(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


#: Shapes that tell the statuses apart without colour.
STATUS_SYMBOLS = {ProjectStatus.ON_TRACK: "●", ProjectStatus.AT_RISK: "▲", ProjectStatus.OFF_TRACK: "■"}


@dataclass(frozen=True)
class MilestoneState:
    """What the rules read of a milestone on a date."""

    project_id: int
    status: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    percent_complete: int

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    def days_overdue(self, on):
        return 0 if self.is_closed else days_overdue(self.due_date, on)

    def is_under_way(self, on):
        return (
            not self.is_closed
            and self.start_date is not None
            and self.due_date is not None
            and self.start_date <= on <= self.due_date
            and (self.percent_complete > 0 or self.status in WORK_STARTED_STATUSES)
        )

    def elapsed_share(self, on):
        """The share of the span from start to due date elapsed at the end of ``on``, 0 to 1."""
        span = (self.due_date - self.start_date).days + 1
        elapsed = (on - self.start_date).days + 1
        return min(max(Decimal(elapsed) / Decimal(span), Decimal(0)), Decimal(1))


@dataclass
class Judgement:
    """A project's status on a date, with the figures it rests on and the reasons for it."""

    status: str = ProjectStatus.ON_TRACK
    reasons: list = field(default_factory=list)
    milestone_count: int = 0
    overdue_count: int = 0
    oldest_overdue_days: int = 0
    delayed_count: int = 0
    completion: Decimal | None = None
    progress_lag: Decimal | None = None
    budget_rate: Decimal | None = None
    budget_lags: bool = False

    @property
    def status_label(self):
        return ProjectStatus(self.status).label

    @property
    def symbol(self):
        return STATUS_SYMBOLS[self.status]


def _points(value):
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ProjectFacts:
    """What the rules read of one project on a date, added up milestone by milestone or from SQL sums."""

    milestone_count: int = 0
    overdue_count: int = 0
    oldest_overdue_days: int = 0
    delayed_count: int = 0
    completion_sum: int = 0
    completion_count: int = 0
    lag_sum: Decimal = Decimal(0)
    lag_count: int = 0

    def add(self, state, *, on):
        """Count one milestone's state on ``on``."""
        self.milestone_count += 1
        self.add_overdue(state.days_overdue(on))
        if state.status == Status.DELAYED:
            self.delayed_count += 1
        if state.status != Status.CANCELLED:
            self.completion_sum += 100 if state.is_closed else state.percent_complete
            self.completion_count += 1
        if state.is_under_way(on):
            self.add_progress(state, on=on)

    def add_overdue(self, days):
        if days > 0:
            self.overdue_count += 1
            self.oldest_overdue_days = max(self.oldest_overdue_days, days)

    def add_progress(self, state, *, on):
        """Count a milestone under way (``MilestoneState.is_under_way``) in the progress lag."""
        self.lag_sum += state.elapsed_share(on) * 100 - state.percent_complete
        self.lag_count += 1

    @classmethod
    def of(cls, states, *, on):
        facts = cls()
        for state in states:
            facts.add(state, on=on)
        return facts


def judge_project(states, *, on, budget=None):
    """Judge one project from its milestones' states on ``on``; ``budget`` is a ``ProjectBudget`` or None."""
    return judge(ProjectFacts.of(states, on=on), on=on, budget=budget)


def judge(facts, *, on, budget=None):
    """Judge one project from its facts on ``on`` by the rules of the module docstring."""
    judgement = Judgement(
        milestone_count=facts.milestone_count,
        overdue_count=facts.overdue_count,
        oldest_overdue_days=facts.oldest_overdue_days,
        delayed_count=facts.delayed_count,
    )
    if facts.completion_count:
        judgement.completion = _points(Decimal(facts.completion_sum) / facts.completion_count)
    if facts.lag_count:
        judgement.progress_lag = _points(facts.lag_sum / facts.lag_count)
    if budget is not None and budget.as_of <= on:
        judgement.budget_rate = budget.commitment_rate
        judgement.budget_lags = budget.lags

    off_track, at_risk = [], []
    if judgement.oldest_overdue_days > OFF_TRACK_DAYS_OVERDUE:
        off_track.append(
            _("overdue by %(days)d days (more than %(limit)d)")
            % {"days": judgement.oldest_overdue_days, "limit": OFF_TRACK_DAYS_OVERDUE}
        )
    elif judgement.overdue_count:
        at_risk.append(_("overdue by %(days)d days") % {"days": judgement.oldest_overdue_days})
    if judgement.overdue_count >= OFF_TRACK_OVERDUE_COUNT:
        off_track.append(
            ngettext("%(count)d milestone overdue", "%(count)d milestones overdue", judgement.overdue_count)
            % {"count": judgement.overdue_count}
        )
    if judgement.delayed_count:
        at_risk.append(
            ngettext(
                "%(count)d milestone marked delayed", "%(count)d milestones marked delayed", judgement.delayed_count
            )
            % {"count": judgement.delayed_count}
        )
    lag = judgement.progress_lag
    if lag is not None and lag >= AT_RISK_PROGRESS_LAG:
        reason = _("progress %(lag)s points behind elapsed time") % {"lag": lag}
        (off_track if lag >= OFF_TRACK_PROGRESS_LAG else at_risk).append(reason)
    if judgement.budget_lags:
        at_risk.append(
            _("budget committed %(rate)s against %(expected)s of the year (threshold %(threshold)s)")
            % {
                "rate": percent(judgement.budget_rate),
                "expected": percent(year_elapsed(budget.as_of)),
                "threshold": percent(lag_threshold(budget.as_of)),
            }
        )
    if off_track:
        judgement.status = ProjectStatus.OFF_TRACK
    elif at_risk:
        judgement.status = ProjectStatus.AT_RISK
    judgement.reasons = off_track + at_risk
    return judgement


def judge_all(facts_by_project, *, on, budgets=None, project_ids=()):
    """Judge every project named and every project with facts: ``{project_id: Judgement}``."""
    budgets = budgets or {}
    ids = list(dict.fromkeys([*project_ids, *facts_by_project]))
    return {
        project_id: judge(facts_by_project.get(project_id) or ProjectFacts(), on=on, budget=budgets.get(project_id))
        for project_id in ids
    }
