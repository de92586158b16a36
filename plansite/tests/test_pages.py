"""The plan's organisation, staffing and glossary pages: what each persona reads, as the 2023 report prints it."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from departments.models import Staff

pytestmark = pytest.mark.django_db

ORGANISATION, STAFFING, GLOSSARY = (reverse(f"plansite:{name}") for name in ("organisation", "staffing", "glossary"))

#: The staffing table of the 2023 report (as of 2023-08-16), row by row with its empty cells left out.
STAFFING_2023 = [
    "계 269 254 59 (23.2%) 74 (29.1%) 50 (19.7%) 9 (3.5%) 13 (5.1%) 8 (3.1%) 7 (2.8%) 24 (9.4%) 10 (3.9%) △15",
    "디지털정책담당관 36 35 18 11 3 2 1 △1",
    "빅데이터담당관 28 26 8 10 2 5 1 △2",
    "정보시스템담당관 27 26 6 13 4 3 △1",
    "정보공개담당관 25 24 10 8 1 3 2 △1",
    "공간정보담당관 25 24 3 5 2 9 4 1 0 △1",
    "정보통신보안담당관 36 35 3 1 28 2 1 △1",
    "데이터센터 68 62 6 24 12 7 8 5 △6",
    "서울기록원 24 22 5 2 1 5 5 1 3 △2",
]
STAFFING_NOTES_2023 = [
    "※ 5급 팀장 이상 43명 중 관련분야 직렬(전산·방송통신·지적 등) 총 37명(86.0%)",
    "※ 전체 직원(254명) 중 전문자격증 소지자(63%) : 전산분야 122명, 정보통신분야 38명",
]
STAFFING_HEADER_2023 = "행정·기술직군 연구직 전문경력관 임기제 관리운영직 행정 전산 방송통신 지적 기타"


def text(fragment):
    """The text of an HTML fragment, its whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def rows(page, selector="tbody"):
    body = page.split(f"<{selector}>")[1].split(f"</{selector}>")[0]
    return [text(row.split(">", 1)[1]) for row in body.split("<tr")[1:]]


@pytest.fixture
def head_email(plan_2023):
    Staff.objects.filter(code="digital-policy:오경희").update(email="okh@seoul.go.kr")
    return "okh@seoul.go.kr"


@pytest.mark.parametrize("persona", ["officer", "outsider", "manager"])
def test_everyone_who_may_see_the_plan_reads_its_organisation_duties_and_office_phones(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    page = html.unescape(client.get(ORGANISATION).text)

    assert "1정책관 6담당관 28팀, 2사업소" in page
    for unit in ("디지털정책담당관", "빅데이터담당관", "데이터센터", "서울기록원", "메타버스서울팀", "보존서비스과"):
        assert unit in page
    assert "오경희" in page and "02-2133-2910" in page and "원유복" in page and "02-2133-4297" in page
    assert "메타버스 서울 플랫폼 구축 추진" in page and "영구기록관리시스템 구축·운영" in page
    assert "인공지능행정팀" in page and "' 23.7" in page


def test_every_standing_duty_of_the_plan_is_on_the_organisation_page(client, officer, plan_2023):
    client.force_login(officer)

    page = html.unescape(client.get(ORGANISATION).text)

    duties = list(plan_2023.duties.values_list("text", flat=True))
    assert len(duties) == 59 and all(duty in page for duty in duties)


def test_email_addresses_are_shown_within_ones_own_department_only(client, officer, outsider, manager, head_email):
    client.force_login(officer)
    assert head_email in client.get(ORGANISATION).text
    client.force_login(manager)
    assert head_email in client.get(ORGANISATION).text
    client.force_login(outsider)
    page = client.get(ORGANISATION).text
    assert head_email not in page and "02-2133-2910" in page


def test_a_login_without_a_role_reads_no_plan(client, plan_2023):
    nobody = get_user_model().objects.create_user("nobody", password="nobody-password-2023")
    client.force_login(nobody)

    page = client.get(ORGANISATION).text

    assert "오경희" not in page and "1정책관" not in page
    assert client.get(STAFFING, {"plan": plan_2023.code}).status_code == 404


def test_an_unknown_plan_answers_404_and_a_visitor_is_sent_to_sign_in(client, officer):
    assert client.get(GLOSSARY).status_code == 302
    client.force_login(officer)
    assert client.get(GLOSSARY, {"plan": "no-such-plan"}).status_code == 404


@pytest.mark.parametrize("persona", ["officer", "colleague", "outsider", "manager"])
def test_the_staffing_table_reads_as_the_2023_report_prints_it(client, request, persona, plan_2023):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(STAFFING, {"plan": plan_2023.code}).text

    assert rows(page) == STAFFING_2023
    assert STAFFING_HEADER_2023 in text(page.split("<thead>")[1].split("</thead>")[0])
    assert "2023. 8. 16. 기준" in page
    notes = page.split('<ul class="notes">')[1].split("</ul>")[0]
    assert [text(n) for n in notes.split("<li>")[1:]] == STAFFING_NOTES_2023


def test_the_glossary_gives_each_term_its_original_page_and_definition(client, outsider, plan_2023):
    client.force_login(outsider)

    page = html.unescape(client.get(GLOSSARY).text)

    assert page.count("<dt ") == 8
    assert "디지털 트윈" in page and "(Digital twin)" in page and "14쪽" in page
    assert "가상공간에 실물과 똑같은 물체(쌍둥이)를 만들어" in page
    assert page.index("디지털 트윈") < page.index("메타버스") < page.index("클라우드")


@pytest.mark.parametrize("persona", ["officer", "outsider", "manager"])
def test_the_header_links_to_the_organisation_staffing_and_glossary(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    header = client.get(reverse("projects:list")).text.split("</header>")[0]

    assert all(f'href="{url}"' in header for url in (ORGANISATION, STAFFING, GLOSSARY))


def test_the_pages_take_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    client.get(ORGANISATION)
    for url in (ORGANISATION, STAFFING, GLOSSARY):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("address", [ORGANISATION, STAFFING, GLOSSARY])
def test_the_plan_tabs_mark_the_page_being_read_and_no_other(client, officer, plan_2023, address):
    client.force_login(officer)
    page = client.get(address, {"plan": plan_2023.code}).text
    current = re.findall(r'<a href="([^"?]+)[^"]*" aria-current="page"', page)
    assert current == [address]


def test_a_bad_query_answers_400_saying_why_with_a_link_to_the_page_without_it(client, officer):
    client.force_login(officer)
    response = client.get(GLOSSARY, {"plan": "not a slug!"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert 'class="card error-page"' in page
    assert "요청을 이해할 수 없습니다." not in page, "the page names the bad parameter, not the generic reason"
    assert f'href="{GLOSSARY}"' in page
