"""Dates shown with their precision in words that cannot be read as weekdays ("9월 중", "상시", "미정")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from milestones.dates import DatePrecision, date_words
from milestones.models import Milestone

D = datetime.date
DAY, MONTH, OPEN, ONGOING = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.OPEN, DatePrecision.ONGOING

CASES = [
    # start, due, precision, tentative, Korean, English
    (D(2023, 9, 24), D(2023, 9, 24), DAY, False, "2023-09-24", "2023-09-24"),
    (D(2023, 7, 31), D(2023, 12, 31), DAY, False, "2023-07-31 ~ 2023-12-31", "2023-07-31 ~ 2023-12-31"),
    (None, D(2023, 8, 20), DAY, False, "2023-08-20까지", "by 2023-08-20"),
    (D(2023, 9, 1), D(2023, 9, 30), MONTH, False, "2023년 9월 중", "during September 2023"),
    (D(2023, 11, 1), D(2023, 11, 30), MONTH, True, "2023년 11월 중 (예정)", "during November 2023 (tentative)"),
    (D(2023, 8, 1), D(2023, 12, 31), MONTH, False, "2023년 8월 ~ 2023년 12월", "August 2023 ~ December 2023"),
    (None, D(2023, 8, 31), MONTH, False, "2023년 8월까지", "by August 2023"),
    (D(2023, 9, 1), None, OPEN, False, "2023년 9월부터", "from September 2023"),
    (D(2023, 9, 5), None, OPEN, False, "2023-09-05부터", "from 2023-09-05"),
    (None, None, ONGOING, False, "상시", "ongoing"),
    (None, None, DAY, False, "미정", "not yet dated"),
]


@pytest.mark.parametrize(("start", "due", "precision", "tentative", "korean", "english"), CASES)
def test_a_date_reads_in_words_of_its_precision(start, due, precision, tentative, korean, english):
    with translation.override("ko"):
        assert date_words(start=start, due=due, precision=precision, tentative=tentative) == korean
    with translation.override("en"):
        assert date_words(start=start, due=due, precision=precision, tentative=tentative) == english


def test_no_date_reads_as_a_weekday():
    for start, due, precision, tentative, *_ in CASES:
        with translation.override("ko"):
            words = date_words(start=start, due=due, precision=precision, tentative=tentative)
        assert not any(f"({day})" in words for day in "월화수목금토일")


@pytest.mark.django_db
def test_the_milestone_page_says_during_the_month_not_a_weekday(client, officer, plan_2023):
    month = Milestone.objects.get(project__plan=plan_2023, project__number=2, key="2.1.1")  # (9월)
    client.force_login(officer)

    page = client.get(reverse("milestones:detail", args=[month.pk])).text

    assert '<dd class="when">2023년 9월 중</dd>' in page
    assert "(월)" not in page and "(일)" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 4, 9])
def test_project_pages_show_dates_in_words(client, manager, plan_2023, number):
    client.force_login(manager)

    page = client.get(reverse("projects:detail", args=[plan_2023.projects.get(number=number).pk])).text

    expected = {1: "2023-09-24", 2: "2023년 9월 중", 4: "2023년 11월 중 (예정)", 9: "상시"}[number]
    assert f"<td>{expected}" in page
    assert "(월)" not in page and "(일)" not in page


@pytest.mark.django_db
def test_the_work_list_shows_month_milestones_as_during_the_month(client, plan_2023, frozen):
    from conftest import make_persona

    client.force_login(make_persona("metaverse-officer", "digital-policy:여언영"))

    page = client.get(reverse("my:group", args=["month"])).text

    assert "<td>2023년 9월 중" in page and "2023-09-30" not in page


def test_words_worked_out_once_still_follow_the_reader_s_language():
    words = {}
    for language in ("ko", "en", "ko", "en"):
        with translation.override(language):
            words.setdefault(language, set()).add(
                date_words(start=D(2023, 9, 1), due=D(2023, 9, 30), precision=MONTH, tentative=1)
            )
    assert words == {"ko": {"2023년 9월 중 (예정)"}, "en": {"during September 2023 (tentative)"}}
