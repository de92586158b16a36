"""The search box: projects, milestones, people, departments, comments and achievements a user may see.

Each kind is one query, scoped by the same selectors as the pages (``milestones.selectors``), filtered by
every word of the query as a substring (``search.lookups``: on PostgreSQL ``ILIKE``, served by the trigram
indexes of this app's migration; on SQLite a plain scan), ranked (the whole query as the text, then texts
that start with it, then shorter texts first, among the first ``CANDIDATES`` matches) and cut to a few hits;
so a search costs the same number of queries whatever it finds, and a common word no more than a rare one.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.templatetags.people import person
from milestones.models import Comment
from milestones.selectors import (
    departments_visible_to,
    milestones_visible_to,
    pk_urls,
    projects_visible_to,
    staff_visible_to,
)
from projects.models import ProjectEntry

#: Hits shown per kind; one more is read to tell that there are more.
HITS_PER_KIND = 10
#: Matches ranked per kind: a query that matches more is ranked among the first this many found (and says
#: that there are more), so that a common word costs no more than a rare one.
CANDIDATES = 1000
#: Characters of pg_trgm's trigrams: shorter words cannot use the indexes.
TRIGRAM = 3
#: Words of a query that are searched; the rest are ignored.
MAX_WORDS = 5
#: Characters of a long text (comment, achievement) shown around the first match.
SNIPPET_CHARS = 120


@dataclass
class Hit:
    title: str
    url: str = ""
    context: str = ""
    snippet: str = ""


@dataclass
class Group:
    kind: str
    label: str
    hits: list = field(default_factory=list)
    more: bool = False


def words_of(query):
    """The words searched for: at most ``MAX_WORDS``, in order, without repeats."""
    words = []
    for word in (query or "").split():
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def _matching(scope, column, words, query, *, related=()):
    """Rows of ``scope`` whose ``column`` holds every word, best first, one more than shown.

    The best are chosen among at most ``CANDIDATES`` matches, on the table alone; their related records are read
    for them only.
    """
    condition = Q()
    for word in words:
        # A word shorter than a trigram gives the index nothing to look up: one such condition among the index's
        # would make it read every entry. It is tested on the rows the other words find (or, alone, on a scan).
        target = column if len(word) >= TRIGRAM else "search_unindexed"
        condition &= Q(**{f"{target}__ilike_contains": word})
    # The whole query as the text is the shortest text that starts with it: it comes first without a test of its own.
    rank = Case(
        When(**{f"{column}__ilike_startswith": query}, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    objects = scope.model.objects
    unindexed = Concat(column, Value(""), output_field=TextField())
    candidates = scope.alias(search_unindexed=unindexed).filter(condition).order_by().values("pk")[:CANDIDATES]
    ranked = objects.filter(pk__in=candidates).annotate(search_rank=rank, search_length=Length(column))
    best = ranked.order_by("search_rank", "search_length", "pk").values("pk")[: HITS_PER_KIND + 1]
    rows = objects.filter(pk__in=best).select_related(*related).order_by()
    rows = rows.annotate(search_rank=rank, search_length=Length(column))
    return sorted(rows, key=lambda row: (row.search_rank, row.search_length, row.pk))


def snippet(text, words, width=SNIPPET_CHARS):
    """A window of ``text`` around the first word found, with ellipses where it is cut."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    folded = text.casefold()
    found = [folded.find(word.casefold()) for word in words]
    first = min((i for i in found if i >= 0), default=0)
    start = max(0, min(first - width // 3, len(text) - width))
    end = start + width
    return f"{'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''}"


def _group(kind, label, rows, hit):
    return Group(kind, label, [hit(row) for row in rows[:HITS_PER_KIND]], len(rows) > HITS_PER_KIND)


def search(user, query):
    """The groups of hits for ``query`` among what ``user`` may see; six queries, whatever they find."""
    words = words_of(query)
    if not words:
        return []
    query = " ".join(words)
    milestone_url, project_url = pk_urls("milestones:detail"), pk_urls("projects:detail")
    organisation_url = reverse("plansite:organisation")

    comments = Comment.objects.filter(milestone__in=milestones_visible_to(user))
    achievements = ProjectEntry.objects.filter(
        section=ProjectEntry.Section.ACHIEVEMENT, project__in=projects_visible_to(user)
    )
    return [
        _group(
            "projects",
            _("Projects"),
            _matching(projects_visible_to(user), "title", words, query, related=("plan", "department")),
            lambda p: Hit(p.title, project_url(p.pk), f"{p.plan.year} · {p.number} · {p.department}"),
        ),
        _group(
            "milestones",
            _("Milestones"),
            _matching(milestones_visible_to(user), "title", words, query, related=("project__plan", "owner")),
            lambda m: Hit(
                m.title,
                milestone_url(m.pk),
                f"{m.project.plan.year} · {m.project.number}. {m.project.title}"
                f"{' · ' + m.owner.name if m.owner else ''} · {m.get_status_display()}",
            ),
        ),
        _group(
            "people",
            _("People"),
            _matching(staff_visible_to(user), "name", words, query, related=("department", "team")),
            lambda s: Hit(
                s.name,
                f"{organisation_url}#unit-{(s.team or s.department).code}",
                f"{s.title} · {s.team or s.department}{' · ' + s.phone if s.phone else ''}",
            ),
        ),
        _group(
            "departments",
            _("Departments"),
            _matching(departments_visible_to(user), "name", words, query),
            lambda d: Hit(d.name, f"{organisation_url}#unit-{d.code}", d.get_kind_display()),
        ),
        _group(
            "comments",
            _("Comments"),
            _matching(comments, "text", words, query, related=("milestone", "author__staff")),
            lambda c: Hit(
                c.milestone.title,
                f"{milestone_url(c.milestone_id)}#comments",
                f"{person(c.author)} · {c.created_at:%Y-%m-%d}",
                snippet(c.text, words),
            ),
        ),
        _group(
            "achievements",
            _("Achievements"),
            _matching(achievements, "text", words, query, related=("project__plan",)),
            lambda e: Hit(
                e.project.title,
                f"{project_url(e.project_id)}#achievements",
                f"{e.project.plan.year} · {e.project.number}",
                snippet(e.text, words),
            ),
        ),
    ]
