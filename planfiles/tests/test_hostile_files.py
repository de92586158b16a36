"""Hostile plan files: each is refused with a problem report, never a traceback, and changes nothing,
in bounded time and memory. Small ones are fixtures in ``files/``; big ones are made here."""

import io
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from milestones.models import Milestone
from plans.models import AnnualPlan, GlossaryTerm, PlanLoad

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"

HOSTILE = {
    "tag.yaml": "line 1: YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not accepted",
    "alias-bomb.yaml": "YAML aliases expand beyond 100,000 values",
    "alias-definition.yaml": "YAML aliases expand beyond 100,000 values",
    "date-list.yaml": "as_of: a single value is expected, not a list or a mapping (value [2031, 1, 1])",
    "date-mapping.yaml": "as_of: a single value is expected, not a list or a mapping",
    "numeric-field.yaml": "record 1 (plans.annualplan): 1: a field name is text",
    "model-not-text.yaml": "record 1: model: the name of a model is expected, e.g. milestones.milestone",
    "nan.json": "not a readable plan file: NaN is not a number a plan file may hold",
    "infinity.json": "not a readable plan file: Infinity is not a number a plan file may hold",
    "huge-number.json": "stated_teams: Ensure this value is less than or equal to",
    "nul.json": "title: contains a NUL character",
    "latin1.yaml": "not a UTF-8 text file: byte 112 is not UTF-8 (a Latin-1 or EUC-KR file?); save it as UTF-8",
    "utf16.yaml": "not a UTF-8 text file: it is UTF-16; save it as UTF-8",
    "second-plan.yaml": "bureau, year, is_demo: the same as seoul-dpb-2023, already in the database",
}


def state():
    return (
        AnnualPlan.objects.count(),
        Milestone.objects.count(),
        GlossaryTerm.objects.count(),
        PlanLoad.objects.count(),
    )


def refused(path):
    """The load's problem report, under the English locale; fails on anything but a CommandError."""
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("load_plan", str(path), stdout=io.StringIO())
    return str(error.value)


@pytest.mark.parametrize("name", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_file_gets_a_problem_report_and_changes_nothing(plan_2023, name):
    before = state()
    tracemalloc.start()

    report = refused(FILES / name)

    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "nothing was loaded" in report
    assert HOSTILE[name] in report
    assert state() == before
    assert peak < 20_000_000


def test_a_second_model_name_that_is_not_text_is_reported_too(plan_2023):
    report = refused(FILES / "model-not-text.yaml")

    assert "record 2: model: the name of a model is expected" in report


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_hundred_thousand_nested_lists_are_refused_without_recursing(plan_2023, tmp_path, suffix):
    path = tmp_path / f"nested.{suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    report = refused(path)

    assert "nested too deeply" in report or "exceeded maximum nesting depth" in report  # libyaml stops at 1,000


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(plan_2023, tmp_path, settings):
    settings.PLAN_FILE_MAX_BYTES = 1_000_000
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * 200_000, encoding="utf-8")

    assert "larger than the limit of 1 MB for a plan file" in refused(path)


def test_a_directory_is_not_a_plan_file(plan_2023, tmp_path):
    assert f"{tmp_path}: a directory, not a plan file" in refused(tmp_path)


def test_a_file_of_many_bad_records_reports_the_first_hundred_and_a_count(
    plan_2023, tmp_path, django_assert_max_num_queries
):
    records = "".join(
        f"- model: plans.glossaryterm\n  fields: {{plan: [nowhere], key: k{n}, order: -1, term: x, definition: y}}\n"
        for n in range(3_000)
    )
    path = tmp_path / "bad.yaml"
    path.write_text(records, encoding="utf-8")

    with django_assert_max_num_queries(5):  # references looked up once, not per record
        report = refused(path)

    lines = report.splitlines()
    assert "101 problem(s); nothing was loaded" in lines[0]
    assert lines[-1] == "… and 5,901 more problem(s)"


def test_a_long_plan_file_is_read_from_its_events_as_the_loader_would_read_it():
    import yaml

    from planfiles.readers import YAML_LOADER, read_yaml

    text = "# a comment\n" + "".join(
        f'- model: plans.glossaryterm\n  fields:\n    key: k{n}\n    definition: "두 줄\n      정의 {n}"\n'
        for n in range(2007)
    )

    assert read_yaml(text, "long.yaml") == yaml.load(text, Loader=YAML_LOADER)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [yes, No, on, 0o17, 0x1f, 1_000, 1.5, .inf, ~, null, '', 2023-01-02, 2023-01-02 10:00:00+09:00]\n",
        "- {model: x, fields: {key: '1', order: 01, title: \"따옴표\", empty: }}\n- [1, [2, 3]]\n- plain text\n",
        "a: &x [1, 2]\nb: *x\n",
        "<<: {a: 1}\nb: 2\n",
        "a: 1\na: 2\n",
        "",
        "# only a comment\n",
    ],
    ids=["scalars", "nested", "alias", "merge", "repeated-key", "empty", "comment"],
)
def test_a_plan_file_is_read_as_the_yaml_loader_reads_it(text):
    import yaml

    from planfiles.readers import YAML_LOADER, read_yaml

    assert read_yaml(text, "plan.yaml") == yaml.load(text, Loader=YAML_LOADER)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(plan_2023, tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(300):
            member.write(b"0" * 1_000_000)

    assert "unpacks to more than a plan workbook can hold" in refused(path)


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(plan_2023, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    assert "not a readable workbook (.xlsx)" in refused(path)
