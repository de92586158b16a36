"""The frozen clock of the report tests and helpers to read the report as the source is read."""

import datetime

import pytest
import time_machine

from conftest import make_persona
from milestones.schedule import SEOUL
from reports.selectors import work_report
from reports.tests import source
from reports.text import section_lines

#: Mid-November 2023: the 2023 plan is the plan of the year, loaded with its report of 2023-08-16.
CURRENT_TIME = datetime.datetime(2023, 11, 15, 9, 0, tzinfo=SEOUL)
TODAY = CURRENT_TIME.date()
#: The 2023 report's own reference date (기준일).
REPORT_DATE = datetime.date(2023, 8, 16)

#: The source's section headings, in order (see ``reports.tests.source.split_sections``).
HEADINGS = [
    "I. 일반 현황",
    "II. 주요 현안업무",
    "1. 「글로벌 스마트도시 서울」 리더십 확립",
    "2. 메타버스 서울 운영(1단계) 및 구축(2단계)",
    "3. 「민·관 데이터 융합분석」을 통한 상생도시 구현",
    "4. 인공지능 행정 추진",
    "5. 시민의 알 권리 보장을 위한 「정보공개제도」 운영",
    "6. 공간정보 기술 기반 스마트 인프라 구축",
    "7. 「지능형 CCTV」 기반 시민 안전서비스 확대",
    "8. 정보자원의 통합구축 및 안정적 운영",
    "9. 소장기록을 활용한 전시 연계 및 교육프로그램 운영",
    "IV. 2023 세입 · 세출예산 세부현황",
    "용 어 설 명",
]


@pytest.fixture
def no_role(plan_2023):
    """A login linked to no staff record and in no group."""
    return make_persona("no-role")


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield CURRENT_TIME


def report_of(plan, user, on=REPORT_DATE, today=TODAY):
    return work_report(plan=plan, user=user, on=on, today=today)


def lines_by_section(report, *, source_only=True):
    """``{heading: [lines]}`` of a report, the cover under ``""``, as ``source.compare`` reads them."""
    found = {"": [report.cover.title, report.cover.issued, report.cover.bureau]}
    for section in report.walk():
        found[section.heading] = section_lines(section, source_only=source_only)
    return found


def writer_differences(report, text):
    """Per section, the report's tokens a writer's text lacks or holds out of order: ``[(section, token)]``."""
    return source.writer_differences(list(lines_by_section(report).items()), text)
