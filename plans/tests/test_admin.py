"""Every model of the plan has an admin that opens, in Korean, without a query per row."""

import datetime
import html

import pytest
import time_machine
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

PLAN_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"plans", "departments", "projects", "milestones", "budgets"}
]


@pytest.fixture
def admin_client_ko(client, django_user_model, plan_2023):
    user = django_user_model.objects.create_superuser("root", password="correct horse battery")
    client.force_login(user)
    client.cookies["django_language"] = "ko"
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", PLAN_MODELS, ids=lambda m: m._meta.label)
def test_each_change_list_opens_with_a_bounded_number_of_queries(
    admin_client_ko, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        response = admin_client_ko.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", PLAN_MODELS, ids=lambda m: m._meta.label)
def test_each_record_opens_with_its_history(admin_client_ko, model):
    obj = model.objects.order_by("pk").first()

    assert admin_client_ko.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert admin_client_ko.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_the_admin_speaks_korean(admin_client_ko):
    page = admin_client_ko.get(reverse("admin:index")).content.decode()

    assert "추진일정" in page and "예산 항목" in page and "연간 업무계획" in page


def test_a_project_page_shows_its_milestones_achievements_and_budget_lines(admin_client_ko, plan_2023):
    project = plan_2023.projects.get(number=2)

    page = html.unescape(admin_client_ko.get(admin_url(project, "change", project.pk)).content.decode())

    assert "'메타버스 서울' 2단계 구축 사업 추진 및 순차 오픈" in page
    assert "88601" in page or "88,601" in page
    assert "메타버스 서울 추진" in page and "2,813,953,000" in page


def test_the_milestone_list_shows_days_overdue_counted_in_seoul(admin_client_ko, plan_2023):
    from milestones.models import Milestone

    with time_machine.travel(datetime.datetime(2023, 10, 1, 23, 30, tzinfo=datetime.UTC)):  # 10-02 08:30 in Seoul
        page = admin_client_ko.get(admin_url(Milestone, "changelist"), {"q": "최종 심사위원회"}).content.decode()

    assert '<td class="field-days_overdue_display">8</td>' in page


def test_the_expenditure_lines_show_their_execution_rates(admin_client_ko, plan_2023):
    from budgets.models import BudgetLine

    page = admin_client_ko.get(admin_url(BudgetLine, "changelist"), {"q": "메타버스 서울 추진"}).content.decode()

    assert "2,813,953,000" in page and "83.2%" in page and "42.5%" in page


def test_the_staffing_snapshot_shows_the_derived_table(admin_client_ko, plan_2023):
    snapshot = plan_2023.staffing.get()

    page = admin_client_ko.get(admin_url(snapshot, "change", snapshot.pk)).content.decode()

    assert "269" in page and "254" in page and "59 (23.2%)" in page and "△15" in page


def test_the_interface_is_korean_even_when_the_browser_asks_for_english(client, plan_2023):
    page = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "사용자 이름" in page


def test_english_is_one_choice_away(client, plan_2023):
    client.cookies["django_language"] = "en"

    page = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "Username" in page
