"""The admin upload: check, preview (new, changed, unchanged, conflicts, missing, problems), confirm, load."""

import datetime
import hashlib
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from milestones.models import Milestone
from planfiles.models import PlanUpload
from planfiles.tests.workbooks import export, find_row, open_workbook, save, set_cell, sheet_of
from plans.models import PlanLoad
from projects.models import EntryFigure, Project

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:planfiles_planupload_add")


@pytest.fixture
def admin_client(client, django_user_model, plan_2023, django_capture_on_commit_callbacks):
    """A superuser's client whose requests run the tasks they queue (in-process, as without Redis)."""
    user = django_user_model.objects.create_superuser("root", password="correct horse battery staple")
    client.force_login(user)
    client.cookies["django_language"] = "ko"
    post = client.post

    def post_and_run(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_run
    return client


def revised_workbook(plan):
    """One milestone moved, one new project, one figure removed, one title changed in the file."""
    workbook = open_workbook(export(plan))
    milestones = sheet_of(workbook, "milestones.milestone")
    row = find_row(milestones, **{"사업: 번호": 1, "위치 번호": "1"})
    set_cell(milestones, row, "일자(원문 표기)", "'23. 10. 5.")
    set_cell(milestones, row, "시작일", datetime.date(2023, 10, 5))
    set_cell(milestones, row, "마감일", datetime.date(2023, 10, 5))
    row = find_row(milestones, **{"사업: 번호": 2, "위치 번호": "1"})
    set_cell(milestones, row, "제목(원문 표기)", "파일에서 고친 제목")
    projects = sheet_of(workbook, "projects.project")
    projects.append(["seoul-dpb-2023", 10, "새 시범 사업", "digital-policy"])
    figures = sheet_of(workbook, "projects.entryfigure")
    figures.delete_rows(2)
    return save(workbook)


def upload(client, data, name="revised.xlsx", **extra):
    file = SimpleUploadedFile(name, data)
    return client.post(UPLOAD, {"file": file, **extra})


def test_the_upload_page_lists_each_plan_with_its_workbook(admin_client, plan_2023):
    page = admin_client.get(UPLOAD).content.decode()

    assert "계획 파일 올리기" in page and "파일 검사" in page
    assert reverse("admin:planfiles_planupload_export", args=[plan_2023.pk]) in page


def test_the_workbook_download_is_the_plans_workbook(admin_client, plan_2023):
    response = admin_client.get(reverse("admin:planfiles_planupload_export", args=[plan_2023.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="seoul-dpb-2023.xlsx"'
    workbook = open_workbook(b"".join(response.streaming_content))
    assert sheet_of(workbook, "milestones.milestone").max_row == 41


def test_someone_without_the_permission_cannot_upload(client, django_user_model, plan_2023):
    user = django_user_model.objects.create_user("staff-only", password="x", is_staff=True)
    client.force_login(user)

    assert client.get(UPLOAD).status_code == 403


def test_the_preview_of_a_revised_plan_shows_each_change_and_writes_nothing(admin_client, plan_2023):
    conflicted = Milestone.objects.get(project__plan=plan_2023, project__number=2, key="1")
    conflicted.title = "애플리케이션에서 고친 제목"
    conflicted.save()
    removed = EntryFigure.objects.filter(entry__project__plan=plan_2023).order_by("pk").first()
    data = revised_workbook(plan_2023)
    before = (Project.objects.count(), PlanLoad.objects.count(), Milestone.history.count())

    response = upload(admin_client, data)

    upload_ = PlanUpload.objects.get()
    assert response.url == reverse("admin:planfiles_planupload_change", args=[upload_.pk])
    assert upload_.status == "ready"
    models = {m["label"]: m for m in upload_.preview["models"]}
    assert models["milestones.milestone"]["changed"] == 1 and models["milestones.milestone"]["conflicts"] == 1
    assert models["milestones.milestone"]["shown"]["changed"][0][0] == "seoul-dpb-2023/1/1"
    assert models["projects.project"]["new"] == 1
    assert models["projects.entryfigure"]["missing"] == 1
    assert (Project.objects.count(), PlanLoad.objects.count(), Milestone.history.count()) == before

    page = html.unescape(admin_client.get(response.url).content.decode())
    assert "적재하면 바뀌는 내용" in page
    assert "2023-09-24</td><td>→</td><td>2023-10-05" in page
    assert "seoul-dpb-2023/10" in page
    assert "/".join(map(str, removed.natural_key())) in page
    assert "애플리케이션에서 고친 제목</td><td>파일에서 고친 제목" in page
    assert "예산 expenditure-summary 1 계: commitments 인쇄된 금액 126,391,750,000" in page
    assert "이 파일 적재" in page


def test_confirming_loads_the_file_once_and_records_who_and_the_checksum(admin_client, plan_2023):
    data = revised_workbook(plan_2023)
    upload(admin_client, data)
    upload_ = PlanUpload.objects.get()
    loads = PlanLoad.objects.count()

    response = admin_client.post(reverse("admin:planfiles_planupload_confirm", args=[upload_.pk]))
    admin_client.post(reverse("admin:planfiles_planupload_confirm", args=[upload_.pk]))

    upload_.refresh_from_db()
    assert response.status_code == 302 and upload_.status == "loaded"
    assert PlanLoad.objects.count() == loads + 1
    load = PlanLoad.objects.latest("pk")
    assert (load.loaded_by.username, load.checksum) == ("root", hashlib.sha256(data).hexdigest())
    assert (load.created, load.updated) == (1, 2)
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    assert milestone.due_date == datetime.date(2023, 10, 5)
    assert Project.objects.filter(plan=plan_2023, number=10, title="새 시범 사업").exists()
    page = admin_client.get(reverse("admin:planfiles_planupload_change", args=[upload_.pk])).content.decode()
    assert "적재 결과" in page and reverse("admin:plans_planload_change", args=[load.pk]) in page


def test_a_refused_file_lists_its_problems_in_korean_and_writes_nothing(admin_client, plan_2023):
    before = (Project.objects.count(), PlanLoad.objects.count())

    upload(admin_client, b"- model: plans.annualplan\n  fields: {code: x, as_of: [1, 2]}\n", name="bad.yaml")

    upload_ = PlanUpload.objects.get()
    assert upload_.status == "refused"
    page = admin_client.get(reverse("admin:planfiles_planupload_change", args=[upload_.pk])).content.decode()
    assert "파일을 적재할 수 없습니다" in page
    assert "as_of: 목록이나 매핑이 아닌 값 하나여야 합니다" in html.unescape(page)
    assert "이 파일 적재" not in page
    assert admin_client.post(reverse("admin:planfiles_planupload_confirm", args=[upload_.pk])).status_code == 302
    assert (Project.objects.count(), PlanLoad.objects.count()) == before


def test_a_file_over_the_limit_is_refused_by_the_form(admin_client, settings):
    settings.PLAN_FILE_MAX_BYTES = 1000

    response = upload(admin_client, b"#" * 2000, name="big.yaml")

    assert "파일이 한도 0.001 MB보다 큽니다." in response.content.decode()
    assert not PlanUpload.objects.exists()


def test_the_status_tells_the_page_when_the_work_is_done(admin_client, plan_2023):
    upload(admin_client, export(plan_2023), name="same.xlsx")
    upload_ = PlanUpload.objects.get()

    status = admin_client.get(reverse("admin:planfiles_planupload_status", args=[upload_.pk])).json()

    assert status == {
        "status": "ready",
        "status_label": "적재 대기",
        "running": False,
        "phase": "완료",
        "percent": 100,
    }
    assert upload_.preview["totals"] == {"new": 0, "changed": 0, "unchanged": 770}


def test_the_progress_page_follows_a_running_check_with_a_static_script(admin_client, plan_2023):
    running = PlanUpload.objects.create(name="big.yaml", content=b"", size=0, checksum="0" * 64)

    page = admin_client.get(reverse("admin:planfiles_planupload_change", args=[running.pk])).content.decode()

    assert 'src="/static/planfiles/progress.js"' in page
    assert f'data-status-url="{reverse("admin:planfiles_planupload_status", args=[running.pk])}"' in page
    assert "<script>" not in page


def test_the_uploads_are_listed_with_their_status(admin_client, plan_2023):
    upload(admin_client, b"- model: nowhere.nothing\n  fields: {}\n", name="nothing.yaml")

    page = admin_client.get(reverse("admin:planfiles_planupload_changelist")).content.decode()

    assert "nothing.yaml" in page and "거부됨" in page
    assert reverse("admin:planfiles_planupload_add") in page
