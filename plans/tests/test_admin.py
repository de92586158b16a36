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


def test_django_links_read_change_and_the_budget_column_reads_its_own_word(admin_client_ko, client):
    index = admin_client_ko.get(reverse("admin:index")).content.decode()
    budgets = admin_client_ko.get(reverse("budgets:index")).content.decode()

    assert "변경</a>" in index and "증감액" not in index
    assert "증감액" in budgets


def test_history_shows_statuses_by_label_and_empty_values_as_a_dash(admin_client_ko, plan_2023):
    from django.contrib.auth import get_user_model

    from milestones.models import Milestone, Status
    from milestones.services import milestone_record_progress

    root = get_user_model().objects.get(username="root")
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    day = datetime.date(2023, 9, 20)
    milestone = milestone_record_progress(milestone=milestone, by=root, version=1, status=Status.DONE, today=day)
    milestone_record_progress(milestone=milestone, by=root, version=2, status=Status.RETURNED, today=day, reason="x")

    page = html.unescape(admin_client_ko.get(admin_url(Milestone, "history", milestone.pk)).content.decode())

    table = page.split('id="change-history"')[1]
    assert "완료(확인 대기)" in table and "returned" not in table and "done" not in table and "None" not in page
    assert "반려" in page and "변경 이력 보기" in page


def test_the_plan_load_log_shows_its_warnings_as_korean_sentences_and_cannot_be_deleted(admin_client_ko, plan_2023):
    from plans.models import PlanLoad

    load = PlanLoad.objects.create(
        plan=plan_2023,
        source="seoul-dpb-2023.yaml",
        checksum="0" * 64,
        warnings=[
            "budget expenditure-detail 1 총계: current_budget printed 1,000 but its lines sum to 900 (difference 100)"
        ],
        conflicts=[
            "milestone seoul-dpb-2023/1/1: title: changed in the application to 'a'; the plan file says 'b'; "
            "kept (use --force to take the file's value)"
        ],
    )

    page = html.unescape(admin_client_ko.get(admin_url(PlanLoad, "change", load.pk)).content.decode())
    deleted = admin_client_ko.post(admin_url(PlanLoad, "delete", load.pk), {"post": "yes"})

    assert "인쇄된 값을 유지했습니다" in page and "하위 항목의 합은 900" in page
    assert "애플리케이션의 값을 유지했습니다" in page
    assert "printed" not in page and "[" not in page.split("warning_list")[1][:200]
    assert deleted.status_code == 403 and PlanLoad.objects.filter(pk=load.pk).exists()
