"""The work report (업무보고) of a plan as of a date, for one reader, built once as plain data.

The outline (numbered sections and what each prints) is the plan's own (``ReportSection``); a plan
without one gets ``DEFAULT_OUTLINE``. Every read goes through the selectors of the review pages:
projects and milestones as ``milestones.selectors`` scopes them and as they stood on the date
(``reviews.selectors.milestones_on``), project status by ``reviews.status``, budgets through
``budgets.selectors``. A department head's report therefore holds their department's projects and
budget lines only; a manager's and an administrator's, the whole plan.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from accounts.roles import actor_for
from budgets.checks import budget_contradictions
from budgets.models import BudgetTable
from milestones.selectors import projects_visible_to
from plans.models import AnnualPlan, GlossaryTerm
from projects.models import EntryFigure, ProjectEntry, ProjectTable
from reports import tables
from reports.models import ReportPart, ReportSection
from reports.project_sections import MILESTONE_FIELDS, ProjectSectionBuilder
from reports.structure import Cover, Heading, Paragraph, Report, Section
from reviews.selectors import milestones_on, project_judgements

Kind = ReportPart.Kind


@dataclass
class OutlinePart:
    kind: str
    heading: str = ""
    budget_table: BudgetTable | None = None


@dataclass
class OutlineSection:
    numeral: str
    title: str
    parts: list


def plans_readable_by(user):
    """Plans of which ``user`` may read the report: those with a project they see (every plan for a manager)."""
    actor = actor_for(user)
    if actor.reads_everything:
        return AnnualPlan.objects.all()
    return AnnualPlan.objects.filter(pk__in=projects_visible_to(user).values("plan_id"))


def default_on(plan, *, today):
    """The date a report is read as of by default: today, or the plan's own reference date for a past plan."""
    return today if plan.year >= today.year else plan.as_of


def outline(plan):
    """The plan's sections in order, or the default outline for a plan that gives none."""
    sections = ReportSection.objects.filter(plan=plan).prefetch_related(
        Prefetch("parts", queryset=ReportPart.objects.select_related("budget_table").order_by("order"))
    )
    found = [
        OutlineSection(s.numeral, s.title, [OutlinePart(p.kind, p.heading, p.budget_table) for p in s.parts.all()])
        for s in sections.order_by("order")
    ]
    return found or default_outline(plan)


def default_outline(plan):
    """주요 현안업무, then the plan's budget tables, then its glossary: for plans loaded without an outline."""
    found = [OutlineSection("I", "주요 현안업무", [OutlinePart(Kind.PROJECT_INDEX), OutlinePart(Kind.PROJECTS)])]
    budget = [OutlinePart(Kind.BUDGET_TABLE, f"□ {t.title}", t) for t in plan.budget_tables.order_by("order")]
    if budget:
        found.append(OutlineSection("II", "세입 · 세출예산 현황", budget))
    if plan.glossary.exists():
        found.append(OutlineSection("", "용 어 설 명", [OutlinePart(Kind.GLOSSARY)]))
    return found


def _projects(*, plan, user):
    entries = ProjectEntry.objects.order_by("order", "pk").prefetch_related(
        Prefetch("figures", queryset=EntryFigure.objects.order_by("order"))
    )
    return list(
        projects_visible_to(user)
        .filter(plan=plan)
        .select_related("department")
        .prefetch_related(
            "budget_items",
            Prefetch("entries", queryset=entries),
            Prefetch("tables", queryset=ProjectTable.objects.prefetch_related("rows")),
        )
        .order_by("number")
    )


def work_report(*, plan, user, on, today):
    """The report of ``plan`` as of ``on`` as ``user`` may read it (see the module docstring)."""
    projects = _projects(plan=plan, user=user)
    rows = milestones_on(user=user, on=on, today=today).filter(project__plan=plan)
    milestones = list(rows.order_by().values(*MILESTONE_FIELDS))
    builder = ProjectSectionBuilder(
        plan=plan,
        on=on,
        milestones=milestones,
        judgements=project_judgements(user=user, plan=plan, on=on, today=today),
        new_since=plan.as_of,
    )
    readable = tables.readable_budget_tables(plan=plan, user=user)
    contradictions = None
    sections = []
    for place, item in enumerate(outline(plan), start=1):
        heading = f"{item.numeral}. {item.title}" if item.numeral else item.title
        section = Section(heading=heading, anchor=f"section-{place}")
        for part in item.parts:
            if part.kind == Kind.PROJECTS:
                section.children += [builder.section(project) for project in projects]
                continue
            if part.kind == Kind.BUDGET_TABLE:
                if part.budget_table.pk not in readable:
                    continue
                if contradictions is None:
                    contradictions = budget_contradictions(plan)
                table = tables.budget_table_on(part.budget_table, on=on)
                block = tables.budget_table(table, user=user, year=plan.year, contradictions=contradictions)
                if block is not None:
                    section.blocks += [Heading(part.heading, level=3), block]
                continue
            if part.heading:
                section.blocks.append(Heading(part.heading, level=3))
            section.blocks += _part_blocks(part, plan=plan, on=on, projects=projects)
        if section.blocks or section.children:
            sections.append(section)
    actor = actor_for(user)
    scope = "" if actor.reads_everything else str(getattr(actor.staff, "department", "") or "")
    return Report(
        plan=plan,
        on=on,
        cover=Cover(title=plan.title, issued=plan.issued_text, bureau=plan.bureau.name),
        sections=sections,
        scope=scope,
    )


def _part_blocks(part, *, plan, on, projects):
    if part.kind == Kind.ORGANISATION:
        line = tables.organisation_line(plan)
        return [line] if line else []
    if part.kind == Kind.STAFFING:
        snapshot = tables.staffing_snapshot(plan=plan, on=on)
        return [tables.staffing_table(snapshot)] if snapshot else []
    if part.kind == Kind.DUTIES:
        table = tables.duties_table(plan=plan)
        return [table] if table else []
    if part.kind == Kind.PROJECT_INDEX:
        return [Paragraph(f"{p.number}. {p.title}", marker="", style="index") for p in projects]
    if part.kind == Kind.GLOSSARY:
        return _glossary(plan)
    return []


def _glossary(plan):
    blocks = []
    for term in GlossaryTerm.objects.filter(plan=plan).order_by("order"):
        original = f" ({term.term_original})" if term.term_original else ""
        blocks.append(Heading(f"■ {term.term}{original}", level=4))
        if term.page:
            blocks.append(Paragraph(f"업무보고 p.{term.page}", marker="", style="page-ref"))
        for line in term.definition.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            level = 1 if line.startswith(" ") else 0
            marker = stripped[0] if stripped[0] in "-*" else ""
            text = stripped[1:].strip() if marker else stripped
            blocks.append(Paragraph(text, level=level, marker=marker))
    return blocks
