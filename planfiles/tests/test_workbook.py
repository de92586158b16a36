"""The plan workbook: the 2023 plan round trip, text kept as text, a broken workbook's every problem."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from milestones.models import Milestone
from planfiles.problems import PlanFileError
from planfiles.registry import plan_model, plan_models
from planfiles.services import plan_file_load
from planfiles.tests.workbooks import export, find_row, open_workbook, save, set_cell, sheet_of
from plans.models import PlanLoad

pytestmark = pytest.mark.django_db


def history_rows():
    return sum(pm.model.history.count() for pm in plan_models() if hasattr(pm.model, "history"))


def test_the_2023_plan_goes_through_its_workbook_unchanged(plan_2023):
    data = export(plan_2023)
    before = history_rows()

    result = plan_file_load(data=data, name="seoul-dpb-2023.xlsx", force=True)

    assert result.totals() == (0, 0, 770)
    assert result.conflicts == []
    assert history_rows() == before


def test_the_workbook_has_a_sheet_per_plan_model_with_korean_headers_and_a_read_me(plan_2023):
    workbook = load_workbook(io.BytesIO(export(plan_2023)), read_only=True)

    assert workbook.sheetnames[0] == "읽어보기"
    assert workbook.sheetnames[1:] == [pm.sheet for pm in plan_models()]
    assert {"추진일정", "사업", "예산 항목", "용어", "조직", "직원"} <= set(workbook.sheetnames)
    headers = [cell.value for cell in next(workbook["추진일정"].iter_rows(max_row=1))]
    assert headers[:3] == ["사업: 계획 코드", "사업: 번호", "위치 번호"]
    assert "마감일" in headers and "상태" not in headers  # progress is not part of the plan


def test_choices_have_a_drop_down_list(plan_2023):
    sheet = open_workbook(export(plan_2023))["추진일정"]

    lists = [v.formula1 for v in sheet.data_validations.dataValidation]

    assert '"day,month,open,ongoing"' in lists


def test_a_title_starting_with_equals_is_written_as_text_not_a_formula(plan_2023):
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    milestone.title = '=HYPERLINK("http://evil.example","click")'
    milestone.save()

    sheet = open_workbook(export(plan_2023))["추진일정"]
    row = find_row(sheet, **{"사업: 번호": 1, "위치 번호": "1"})
    cell = sheet.cell(row=row, column=8)

    assert cell.value == '=HYPERLINK("http://evil.example","click")'
    assert cell.data_type == "s"


def broken_workbook(plan):
    workbook = open_workbook(export(plan))
    milestones = sheet_of(workbook, "milestones.milestone")
    row = find_row(milestones, **{"사업: 번호": 1, "위치 번호": "1"})
    set_cell(milestones, row, "마감일", "2023-13-45")
    projects = sheet_of(workbook, "projects.project")
    set_cell(projects, find_row(projects, 번호=2), "예산(원)", "12억")
    set_cell(projects, find_row(projects, 번호=3), "주관 부서: 코드", "nowhere")
    copied = [cell.value for cell in milestones[find_row(milestones, **{"사업: 번호": 2, "위치 번호": "1"})]]
    milestones.append(copied)
    del workbook[plan_model("plans.glossaryterm").sheet]
    return save(workbook)


def test_a_broken_workbook_lists_every_problem_with_sheet_row_and_column_and_changes_nothing(plan_2023, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(broken_workbook(plan_2023))
    before = (Milestone.objects.count(), PlanLoad.objects.count(), history_rows())

    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("load_plan", str(path), stdout=io.StringIO())

    report = str(error.value)
    assert "5 problem(s); nothing was loaded" in report
    assert "sheet 용어 is missing" in report
    assert "sheet 추진일정, row 2 (seoul-dpb-2023/1/1): column K (마감일):" in report
    assert "sheet 사업, row 3 (seoul-dpb-2023/2): column G (예산(원)):" in report and "12억" in report
    assert "sheet 사업, row 4 (seoul-dpb-2023/3): column D (주관 부서: 코드): unknown department nowhere" in report
    assert "sheet 추진일정, row 42 (seoul-dpb-2023/2/1): duplicate of sheet 추진일정, row" in report
    assert (Milestone.objects.count(), PlanLoad.objects.count(), history_rows()) == before


def test_a_formula_typed_into_the_workbook_is_refused(plan_2023):
    workbook = open_workbook(export(plan_2023))
    glossary = sheet_of(workbook, "plans.glossaryterm")
    glossary.cell(row=2, column=5, value="=1+1")

    with pytest.raises(PlanFileError) as error:
        plan_file_load(data=save(workbook), name="formula.xlsx")

    assert "수식입니다. 값을 입력하십시오(=1+1)" in str(error.value)


def test_a_due_date_changed_in_the_workbook_is_loaded(plan_2023):
    workbook = open_workbook(export(plan_2023))
    milestones = sheet_of(workbook, "milestones.milestone")
    row = find_row(milestones, **{"사업: 번호": 1, "위치 번호": "1"})
    set_cell(milestones, row, "일자(원문 표기)", "'23. 10. 5.")
    set_cell(milestones, row, "시작일", datetime.date(2023, 10, 5))
    set_cell(milestones, row, "마감일", datetime.date(2023, 10, 5))

    result = plan_file_load(data=save(workbook), name="moved.xlsx")

    assert result.totals() == (0, 1, 769)
    milestone = Milestone.objects.get(project__plan=plan_2023, project__number=1, key="1")
    assert milestone.due_date == datetime.date(2023, 10, 5)
