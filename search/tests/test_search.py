"""The search box: Korean substrings, ranked and highlighted hits, within what each person may see."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from milestones import services
from milestones.models import Comment, Milestone
from search.selectors import search
from search.templatetags.search_tags import highlight

pytestmark = pytest.mark.django_db

#: Project 1 (디지털정책담당관) has three milestones with "스마트" or "포럼"; project 7 (정보통신보안담당관) one.
SMART_OF_PROJECT_1 = {
    "'서울 스마트도시 상' 최종 심사위원회 개최",
    "제1회 '서울 스마트도시 상' 행사(시상식, 홍보관) 개최",
}
FORUM = "'2023 서울 스마트시티 포럼' 개최"


@pytest.fixture
def milestone(plan_2023):
    """Project 1's first milestone, of the digital-policy department."""
    return Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")


def found(user, query, kind):
    return [hit.title for group in search(user, query) if group.kind == kind for hit in group.hits]


def test_a_korean_substring_finds_the_milestones_that_contain_it(manager):
    titles = found(manager, "스마트", "milestones")
    assert SMART_OF_PROJECT_1 | {FORUM} <= set(titles)
    assert any("스마트서울 안전망" in t for t in titles), "another department's, for a manager"
    assert found(manager, "포럼", "milestones") == [FORUM]


def test_the_big_data_officer_finds_nothing_of_the_forum(outsider):
    """The forum is project 1's (디지털정책담당관); the outsider is the officer of project 3 (빅데이터담당관)."""
    assert all(not group.hits for group in search(outsider, "포럼") if group.kind not in ("people", "departments"))


def test_every_word_must_match_and_case_does_not_matter(manager):
    assert found(manager, "스마트 심사위원회", "milestones") == ["'서울 스마트도시 상' 최종 심사위원회 개최"]
    assert found(manager, "cctv", "projects") == ["「지능형 CCTV」 기반 시민 안전서비스 확대"]


def test_the_whole_text_ranks_first_then_texts_that_start_with_it(manager, milestone):
    Milestone.objects.filter(pk=milestone.pk).update(title="스마트")
    other = Milestone.objects.exclude(pk=milestone.pk).filter(project=milestone.project).first()
    Milestone.objects.filter(pk=other.pk).update(title="스마트 도시 시작")
    assert found(manager, "스마트", "milestones")[:2] == ["스마트", "스마트 도시 시작"]


@pytest.mark.parametrize(
    ("persona", "sees_project_1", "sees_project_7"),
    [("officer", True, False), ("colleague", True, False), ("outsider", False, False), ("manager", True, True)],
)
def test_an_officer_never_finds_another_departments_milestones_or_comments(
    persona, sees_project_1, sees_project_7, officer, manager, milestone, request
):
    services.milestone_comment(milestone=milestone, by=manager, text="스마트도시 상 심사 일정 확인 바랍니다")
    user = request.getfixturevalue(persona)
    titles = set(found(user, "스마트", "milestones"))
    assert (FORUM in titles) is sees_project_1
    assert any("스마트서울 안전망" in t for t in titles) is sees_project_7
    assert bool(found(user, "심사 일정", "comments")) is sees_project_1
    visible = Milestone.objects.filter(title__in=titles)
    if persona != "manager":
        assert set(visible.values_list("project__department__code", flat=True)) <= {"digital-policy"}


def test_people_and_departments_are_found_as_the_organisation_page_shows_them(officer, outsider, manager):
    """Names, titles and office phones are printed in the plan for the whole bureau, as on /plan/organisation/."""
    assert found(officer, "김연숙", "people") == ["김연숙"]
    assert found(outsider, "김연숙", "people") == ["김연숙"]
    assert "스마트CCTV팀" in found(officer, "CCTV", "departments")
    hit = next(g for g in search(officer, "김연숙") if g.kind == "people").hits[0]
    assert hit.url.startswith(reverse("plansite:organisation") + "#unit-")


def test_achievements_are_found_with_a_snippet_around_the_word(officer, outsider):
    hits = [hit for group in search(officer, "시티 포럼") if group.kind == "achievements" for hit in group.hits]
    assert len(hits) == 4
    assert all("포럼" in hit.snippet and "시티" in hit.snippet for hit in hits)
    assert found(outsider, "시티 포럼", "achievements") == []


#: The queries of a search page: session, login and role (3), the six kinds, the bell.
SEARCH_PAGE_QUERIES = 12


def test_a_search_costs_the_same_queries_whatever_it_finds(client, manager):
    client.force_login(manager)

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search:results"), {"q": query}).status_code == 200
        return len(captured)

    counts = {query: queries(query) for query in ("스마트", "없는말입니다", "서울", "김연숙")}
    assert len(set(counts.values())) == 1, counts
    assert counts["서울"] <= SEARCH_PAGE_QUERIES


def test_hits_are_escaped_and_highlighted(client, manager, milestone):
    Milestone.objects.filter(pk=milestone.pk).update(title="<script>alert(1)</script> 스마트 <b>상</b>")
    client.force_login(manager)
    page = client.get(reverse("search:results"), {"q": "스마트"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>스마트</mark> &lt;b&gt;상&lt;/b&gt;" in page


def test_highlight_marks_every_word_without_case_and_escapes_the_rest():
    assert highlight("Smart <도시> smart", "SMART 도시") == (
        "<mark>Smart</mark> &lt;<mark>도시</mark>&gt; <mark>smart</mark>"
    )


def test_the_header_holds_the_search_box_and_a_short_query_is_refused(client, officer):
    client.force_login(officer)
    home = client.get(reverse("my:work")).text
    assert 'role="search"' in home and reverse("search:results") in home
    response = client.get(reverse("search:results"), {"q": "스"})
    assert response.status_code == 200 and 'role="alert"' in response.text


def test_someone_without_a_role_finds_nothing_not_even_people(client, plan_2023):
    user = get_user_model().objects.create_user("nobody", password="nobody-password-123")
    assert all(not group.hits for group in search(user, "스마트"))
    assert Comment.objects.count() == 0


def test_a_common_word_is_ranked_among_a_bounded_number_of_matches(manager, monkeypatch):
    monkeypatch.setattr("search.selectors.CANDIDATES", 2)
    assert len(found(manager, "스마트", "milestones")) == 2
    monkeypatch.setattr("search.selectors.CANDIDATES", 1000)
    assert len(found(manager, "스마트", "milestones")) == 4
