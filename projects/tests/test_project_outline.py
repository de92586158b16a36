"""The project page holds the whole section of the report: 사업개요 (background, scope, budget, footnotes) and
추진실적 at every depth with their figures, in the plan's order."""

import html
import re

import pytest
from django.urls import reverse

from projects.models import ProjectEntry

pytestmark = pytest.mark.django_db

FOURTH_LEVEL = "(세션1) 디지털 기술의 도전과 미래"
THIRD_LEVEL = "iF 디자인 수상작 Soul Drop(서울광장), 노들 글로벌 예술섬 디자인 공모 작품, 서울건축상 등"


def page_of(client, plan, number):
    return html.unescape(client.get(reverse("projects:detail", args=[plan.projects.get(number=number).pk])).text)


def section(page, anchor):
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.mark.parametrize("persona", ["officer", "colleague", "team_lead"])
def test_the_department_reads_achievements_at_every_depth(client, request, persona, plan_2023):
    client.force_login(request.getfixturevalue(persona))

    achievements = section(page_of(client, plan_2023, 1), "achievements")

    assert FOURTH_LEVEL in achievements
    innermost = achievements.split('<ul class="points depth-4">')[1].split("</ul>")[0]
    assert FOURTH_LEVEL in innermost and "(세션3) 스마트도시의 기준, 스마트시티 인덱스" in innermost


def test_another_departments_project_is_not_shown(client, outsider, plan_2023):
    client.force_login(outsider)

    response = client.get(reverse("projects:detail", args=[plan_2023.projects.get(number=1).pk]))

    assert response.status_code == 404


def test_every_point_of_every_2023_project_is_on_its_page(client, manager, plan_2023):
    client.force_login(manager)
    for project in plan_2023.projects.all():
        page = page_of(client, plan_2023, project.number)
        for text in project.entries.values_list("text", flat=True):
            assert html.unescape(text) in page, (project.number, text)
    achievements = ProjectEntry.objects.filter(project__plan=plan_2023, section=ProjectEntry.Section.ACHIEVEMENT)
    assert achievements.count() == 132


def test_overview_shows_background_scope_budget_and_footnotes(client, manager, plan_2023):
    client.force_login(manager)

    overview = section(page_of(client, plan_2023, 3), "overview")

    assert "추진배경" in overview and "민·관 데이터 협업분석으로 의사결정 지원과 데이터 이용 활성화" in overview
    assert "사업내용" in overview and "서울 데이터 펠로우십 운영으로 정책과제 분석 및 활용체계 강화" in overview
    assert "1) 서울 데이터 펠로우십 : 데이터 분석 준전문가(대학원생 등) 대상 도시연구 지원(데이터 등) 사업" in overview
    assert "전산장비 : 서버, 스토리지, 자동백업장치, 부가장비 등" in section(page_of(client, plan_2023, 8), "overview")


def test_achievements_read_in_the_plans_order_with_their_figures(client, manager, plan_2023):
    client.force_login(manager)

    achievements = section(page_of(client, plan_2023, 2), "achievements")

    lines = [
        "세계도시 최초의 공공 메타버스 플랫폼, '메타버스 서울' 오픈('23.1.16.) 및 운영",
        "방문수 : 88,601명 / 앱설치 : 25,110건",
        "메타버스 서울 서비스 공간(14개)",
        "공 통(9개) : 마이룸, 서울광장, 서울시청",
        "민간에서 불가능한 행정서비스 및 현실에서 불가능한 공공 체험 서비스 제공",
        THIRD_LEVEL,
        "('23년) : 독일공영방송(ARD), 주한이스라엘대사관",
    ]
    places = [achievements.index(line) for line in lines]
    assert places == sorted(places)
    assert re.search(r"방문수\s*<strong>88,601명</strong>", achievements)
