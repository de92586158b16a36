"""``load_plan``: validation of bad files, atomic loads, reloads, conflicts and budget warnings."""

import io
import textwrap

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation

from milestones.models import Milestone, Status
from plans.models import AnnualPlan, PlanLoad

pytestmark = pytest.mark.django_db

SMALL_PLAN = textwrap.dedent(
    """\
    - model: departments.department
      fields: {code: test-bureau, name: 시험정책관, kind: bureau, phone_exchange: 02-2133}
    - model: departments.department
      fields: {code: test-division, name: 시험담당관, kind: division, parent: [test-bureau]}
    - model: plans.annualplan
      fields: {code: test-2030, bureau: [test-bureau], year: 2030, title: 2030년 시험 계획, as_of: 2030-08-16}
    - model: projects.project
      fields:
        plan: [test-2030]
        number: 1
        title: 시험 사업
        department: [test-division]
        budget_total: 637000000
    - model: milestones.milestone
      fields:
        project: [test-2030, 1]
        key: "1"
        order: 1
        title: 최종 심사위원회 개최
        date_text: "'30. 9. 24."
        start_date: 2030-09-24
        due_date: 2030-09-24
        date_precision: day
    - model: milestones.milestone
      fields:
        project: [test-2030, 1]
        key: "2"
        order: 2
        title: 종합계획 수립
        date_text: "'30. 11.(예정)"
        start_date: 2030-11-01
        due_date: 2030-11-30
        date_precision: month
        is_tentative: true
    - model: budgets.budgettable
      fields: {plan: [test-2030], code: expenditure-detail, kind: expenditure, title: 세출, as_of: 2030-08-16}
    - model: budgets.budgetline
      fields: {table: [test-2030, expenditure-detail], key: "1", order: 1, name: 계, current_budget: 3000}
    - model: budgets.budgetline
      fields:
        {table: [test-2030, expenditure-detail], key: "1.1", parent: [test-2030, expenditure-detail, "1"],
         order: 1, name: 가, current_budget: 1000}
    - model: budgets.budgetline
      fields:
        {table: [test-2030, expenditure-detail], key: "1.2", parent: [test-2030, expenditure-detail, "1"],
         order: 2, name: 나, current_budget: 1999}
    """
)


def write_plan(tmp_path, records=None, text=None, name="plan.yaml"):
    path = tmp_path / name
    path.write_text(text if text is not None else yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return path


def small_records():
    return yaml.safe_load(SMALL_PLAN)


def run(path, *args, language="en"):
    out = io.StringIO()
    with translation.override(language):
        call_command("load_plan", str(path), *args, verbosity=2, stdout=out)
    return out.getvalue()


def database_state():
    """Everything a load may touch, to compare before and after."""
    return (
        AnnualPlan.objects.count(),
        Milestone.objects.count(),
        PlanLoad.objects.count(),
        list(Milestone.objects.order_by("pk").values_list("title", "due_date", "status")),
    )


def test_a_small_plan_loads_and_reports_what_it_created(tmp_path):
    output = run(write_plan(tmp_path, text=SMALL_PLAN))

    assert "milestones.milestone: 2 created, 0 updated, 0 unchanged" in output
    plan = AnnualPlan.objects.get(code="test-2030")
    assert plan.projects.get().milestones.get(key="2").is_tentative is True
    assert PlanLoad.objects.get(plan=plan).created == 10


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    path = write_plan(tmp_path, text=SMALL_PLAN)
    run(path)
    before = database_state()

    output = run(path)

    assert ": 0 created, 0 updated, 10 unchanged;" in output
    assert database_state()[:2] == before[:2]
    assert database_state()[3] == before[3]


def test_the_2023_plan_loads_again_without_changes(plan_2023):
    output = run("fixtures/seoul-dpb-2023.yaml")

    assert ": 0 created, 0 updated, 770 unchanged;" in output


def test_a_budget_total_that_differs_from_its_lines_is_a_warning_naming_both_figures(tmp_path):
    output = run(write_plan(tmp_path, text=SMALL_PLAN))

    assert "budget expenditure-detail 1 계: current_budget printed 3,000 but its lines sum to 2,999" in output
    line = AnnualPlan.objects.get(code="test-2030").budget_tables.get().lines.get(key="1")
    assert line.current_budget == 3000


def test_dry_run_validates_and_changes_nothing(tmp_path):
    before = database_state()

    output = run(write_plan(tmp_path, text=SMALL_PLAN), "--dry-run")

    assert "Would load" in output and "Dry run: nothing was changed." in output
    assert database_state() == before


def mutate(records, index, **fields):
    records[index]["fields"].update(fields)
    return records


BAD_FILES = {
    "unknown department": (
        lambda r: mutate(r, 3, department=["no-such-division"]),
        "record 4 (projects.project test-2030/1): department: unknown department no-such-division",
    ),
    "impossible date": (
        lambda r: mutate(r, 4, date_text="'30. 2. 30.", start_date="2030-02-30", due_date="2030-02-30"),
        "record 5 (milestones.milestone test-2030/1/1): start_date: “2030-02-30” value has the correct format "
        "(YYYY-MM-DD) but it is an invalid date.",
    ),
    "month 13": (
        lambda r: mutate(r, 5, date_text="'30. 13.", start_date="2030-13-01", due_date="2030-13-31"),
        "record 6 (milestones.milestone test-2030/1/2): due_date: “2030-13-31” value has the correct format",
    ),
    "month 13 in the date as written": (
        lambda r: mutate(r, 5, date_text="'30. 13."),
        "record 6 (milestones.milestone test-2030/1/2): date_text: impossible date: year 2030, month 13",
    ),
    "duplicate key": (
        lambda r: r + [r[4]],
        "record 11 (milestones.milestone test-2030/1/1): duplicate of record 5",
    ),
    "amount with letters": (
        lambda r: mutate(r, 3, budget_total="637백만원"),
        "record 4 (projects.project test-2030/1): budget_total: “637백만원” value must be an integer.",
    ),
    "missing required field": (
        lambda r: [
            r[0],
            r[1],
            {"model": r[2]["model"], "fields": {k: v for k, v in r[2]["fields"].items() if k != "as_of"}},
            *r[3:],
        ],
        "record 3 (plans.annualplan test-2030): as_of: missing required field",
    ),
    "due before start": (
        lambda r: mutate(r, 5, start_date="2030-12-01"),
        "record 6 (milestones.milestone test-2030/1/2): due_date: 2030-11-30 is before start_date 2030-12-01",
    ),
    "dates that contradict the date as written": (
        lambda r: mutate(r, 4, due_date="2030-09-25"),
        "record 5 (milestones.milestone test-2030/1/1): due_date: 2030-09-25 does not match the date as written",
    ),
    "unknown field": (
        lambda r: mutate(r, 3, budjet=1),
        "record 4 (projects.project): budjet: no such field",
    ),
    "unknown status choice": (
        lambda r: mutate(r, 4, date_precision="week"),
        "record 5 (milestones.milestone test-2030/1/1): date_precision: Value 'week' is not a valid choice.",
    ),
    "reference before its record": (
        lambda r: [r[2], r[0], r[1], *r[3:]],
        "record 1 (plans.annualplan test-2030): bureau: refers to record 2, which must come first",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_plan_file_is_refused_with_a_clear_error_and_nothing_changes(tmp_path, case):
    break_file, message = BAD_FILES[case]
    path = write_plan(tmp_path, break_file(small_records()))
    before = database_state()

    with pytest.raises(CommandError) as error:
        run(path)

    assert f"{path}: " in str(error.value) and "nothing was loaded" in str(error.value)
    assert message in str(error.value)
    assert database_state() == before


def test_field_errors_speak_korean_under_the_korean_locale(tmp_path):
    path = write_plan(tmp_path, mutate(small_records(), 3, budget_total="637백만원"))

    with pytest.raises(CommandError) as error:
        run(path, language="ko")

    assert 'budget_total: "637백만원" 값은 정수를 입력하여야 합니다.' in str(error.value)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    records = mutate(small_records(), 3, department=["nowhere"], budget_total="12a00")
    records = mutate(records, 5, due_date="2030-13-31")
    path = write_plan(tmp_path, records)

    with pytest.raises(CommandError) as error:
        run(path)

    assert "3 problem(s)" in str(error.value)
    for field in ("department: unknown department nowhere", "budget_total:", "due_date:"):
        assert field in str(error.value)


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a readable plan file"):
        run(write_plan(tmp_path, text="- model: [unclosed"))


def test_a_failure_in_the_middle_of_a_load_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from planfiles.apply import Applier

    path = write_plan(tmp_path, text=SMALL_PLAN)
    before = database_state()
    original = Applier._new
    calls = {"n": 0}

    def failing_new(self, record):
        calls["n"] += 1
        if calls["n"] == 6:
            raise RuntimeError("disk full")
        return original(self, record)

    monkeypatch.setattr(Applier, "_new", failing_new)
    with pytest.raises(RuntimeError):
        run(path)

    assert database_state() == before


def test_a_revised_plan_updates_plan_fields_and_keeps_progress(tmp_path):
    run(write_plan(tmp_path, text=SMALL_PLAN))
    milestone = Milestone.objects.get(project__plan__code="test-2030", key="1")
    milestone.status, milestone.percent_complete, milestone.note = Status.IN_PROGRESS, 40, "위원 위촉 완료"
    milestone.save()
    revised = mutate(small_records(), 4, title="최종 심사위원회 개최(변경)")

    output = run(write_plan(tmp_path, revised, name="revised.yaml"))

    milestone.refresh_from_db()
    assert milestone.title == "최종 심사위원회 개최(변경)"
    assert (milestone.status, milestone.percent_complete, milestone.note) == (Status.IN_PROGRESS, 40, "위원 위촉 완료")
    assert "milestones.milestone: 0 created, 1 updated, 1 unchanged" in output


def test_a_plan_field_edited_in_the_application_is_a_conflict_and_is_kept(tmp_path):
    run(write_plan(tmp_path, text=SMALL_PLAN))
    milestone = Milestone.objects.get(project__plan__code="test-2030", key="1")
    milestone.title = "최종 심사위원회 개최 (일정 조정)"
    milestone.save()
    revised = write_plan(tmp_path, mutate(small_records(), 4, title="최종 심사위원회 개최(변경)"), name="r.yaml")

    output = run(revised)

    milestone.refresh_from_db()
    assert milestone.title == "최종 심사위원회 개최 (일정 조정)"
    assert "Conflicts (1):" in output
    assert "milestones.milestone test-2030/1/1: title: changed in the application" in output

    run(revised, "--force")
    milestone.refresh_from_db()
    assert milestone.title == "최종 심사위원회 개최(변경)"


def test_a_load_is_kept_in_the_history_of_each_record(tmp_path):
    run(write_plan(tmp_path, text=SMALL_PLAN))

    milestone = Milestone.objects.get(project__plan__code="test-2030", key="1")
    assert milestone.history.get().history_change_reason == "load_plan"


def test_a_record_dropped_from_the_plan_file_is_kept_and_reported(tmp_path):
    run(write_plan(tmp_path, text=SMALL_PLAN))
    milestone = Milestone.objects.get(project__plan__code="test-2030", key="2")
    without_it = [r for r in small_records() if r["fields"].get("title") != "종합계획 수립"]

    output = run(write_plan(tmp_path, without_it, name="fewer.yaml"))

    assert f"milestones.milestone #{milestone.pk} is no longer in the plan file; kept" in output
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_failure_after_records_were_written_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from planfiles.apply import Applier

    before = database_state()

    def failing_keep(self):
        assert Milestone.objects.filter(project__plan__code="test-2030").count() == 2  # written, then undone
        raise RuntimeError("disk full")

    monkeypatch.setattr(Applier, "_keep_loaded_values", failing_keep)
    with pytest.raises(RuntimeError):
        run(write_plan(tmp_path, text=SMALL_PLAN))

    assert database_state() == before


def test_new_records_are_numbered_in_the_order_of_the_file(plan_2023):
    with open("fixtures/seoul-dpb-2023.yaml", encoding="utf-8") as plan_file:
        records = yaml.safe_load(plan_file)
    in_file = [
        (r["fields"]["project"][1], r["fields"]["key"]) for r in records if r["model"] == "milestones.milestone"
    ]

    by_pk = Milestone.objects.filter(project__plan__code="seoul-dpb-2023").order_by("pk")

    assert list(by_pk.values_list("project__number", "key")) == in_file


def _sub_step_of_first(records):
    """Milestone 1.1 under the small plan's first milestone (``records[4]``)."""
    return {
        "model": "milestones.milestone",
        "fields": {
            **records[4]["fields"],
            "key": "1.1",
            "order": 3,
            "title": "심사위원 위촉",
            "parent": ["test-2030", 1, "1"],
        },
    }


def test_a_sub_step_is_written_with_its_parent_and_one_history_row_by_the_loader(tmp_path, django_user_model):
    loader_user = django_user_model.objects.create_user("plan-admin")
    records = small_records()
    sub_step = _sub_step_of_first(records)
    records.insert(5, sub_step)

    run(write_plan(tmp_path, records), "--user", "plan-admin")

    parent = Milestone.objects.get(project__plan__code="test-2030", key="1")
    child = Milestone.objects.get(project__plan__code="test-2030", key="1.1")
    assert child.parent == parent
    history = child.history.get()
    assert (history.parent_id, history.history_user, history.history_change_reason) == (
        parent.pk,
        loader_user,
        "load_plan",
    )


def test_an_existing_record_may_refer_to_a_record_new_in_the_file(tmp_path):
    run(write_plan(tmp_path, text=SMALL_PLAN))
    records = small_records()
    office = {
        "model": "departments.department",
        "fields": {"code": "test-office", "name": "시험팀", "kind": "team", "parent": ["test-division"]},
    }
    records.insert(2, office)
    mutate(records, 4, department=["test-office"], teams=[["test-office"], ["test-division"]])

    output = run(write_plan(tmp_path, records, name="revised.yaml"))

    project = AnnualPlan.objects.get(code="test-2030").projects.get()
    assert project.department.code == "test-office"
    assert sorted(project.teams.values_list("code", flat=True)) == ["test-division", "test-office"]
    assert "departments.department: 1 created" in output


def test_new_records_written_a_few_at_a_time_keep_their_order_parents_references_and_history(tmp_path, monkeypatch):
    from planfiles import apply

    monkeypatch.setattr(apply, "FLUSH_EVERY", 2)
    records = small_records()
    sub_step = _sub_step_of_first(records)
    records.insert(6, sub_step)

    run(write_plan(tmp_path, records))

    milestones = Milestone.objects.filter(project__plan__code="test-2030").order_by("pk")
    assert list(milestones.values_list("key", "parent__key")) == [("1", None), ("2", None), ("1.1", "1")]
    assert all(m.history.count() == 1 for m in milestones)
    lines = AnnualPlan.objects.get(code="test-2030").budget_tables.get().lines.order_by("pk")
    assert list(lines.values_list("key", "parent__key")) == [("1", None), ("1.1", "1"), ("1.2", "1")]
