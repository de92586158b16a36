"""A large plan loads in bulk: a fixed number of queries whatever its size, new keys, history with who and when."""

import datetime

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.make_plan_file import PLAN_CODE, PREFIX, plan_records
from milestones.models import Milestone
from planfiles.services import plan_file_load
from plans.models import LoadedRecord, PlanLoad
from scale.purge import purge_generated

pytestmark = pytest.mark.django_db


def plan_file(milestones):
    return yaml.safe_dump(plan_records(milestones), allow_unicode=True).encode()


def load(data, **kwargs):
    return plan_file_load(data=data, name="plan.yaml", **kwargs)


def queries_of_a_load(milestones):
    data = plan_file(milestones)
    with CaptureQueriesContext(connection) as queries:
        load(data)
    purge_generated(PREFIX)
    return len(queries)


def test_a_load_reads_and_writes_in_as_many_queries_for_three_times_the_milestones():
    assert queries_of_a_load(120) == queries_of_a_load(40)


def test_new_records_get_new_keys_in_the_order_of_the_file_with_one_history_row_each(django_user_model):
    loader = django_user_model.objects.create(username="loader")
    now = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)

    load(plan_file(80), user=loader, now=now)

    milestones = Milestone.objects.filter(project__plan__code=PLAN_CODE).order_by("pk")
    assert [(m.project.number, m.order) for m in milestones] == sorted((m.project.number, m.order) for m in milestones)
    sub_steps = [m for m in milestones if "." in m.key]
    assert sub_steps and all(m.parent.key == m.key.rsplit(".", 1)[0] for m in sub_steps)
    history = Milestone.history.filter(project__plan__code=PLAN_CODE)
    assert history.count() == 80
    assert set(history.values_list("history_user", "history_date", "history_change_reason", "history_type")) == {
        (loader.pk, now, "load_plan", "+")
    }
    first = history.order_by("id").first()
    assert (first.title, first.due_date, first.owner_id) == (
        milestones[0].title,
        milestones[0].due_date,
        milestones[0].owner_id,
    )
    kept = LoadedRecord.objects.get(model="milestones.milestone", object_id=milestones[0].pk)
    assert kept.values["title"] == milestones[0].title and kept.plan_code == PLAN_CODE
    assert PlanLoad.objects.get(plan__code=PLAN_CODE).created == len(plan_records(80))


def test_a_record_removed_does_not_give_its_key_to_the_next_load():
    data = plan_file(40)
    load(data)
    last = Milestone.objects.filter(project__plan__code=PLAN_CODE).order_by("-pk").first().pk
    purge_generated(PREFIX)

    load(data)

    assert Milestone.objects.filter(project__plan__code=PLAN_CODE).order_by("pk").first().pk > last
    assert Milestone.history.filter(id=last + 1).count() == 1


def test_reloading_the_large_plan_writes_nothing():
    data = plan_file(80)
    load(data)
    before = (Milestone.history.count(), LoadedRecord.objects.count(), PlanLoad.objects.count())

    result = load(data)

    assert result.totals() == (0, 0, len(plan_records(80)))
    assert (Milestone.history.count(), LoadedRecord.objects.count(), PlanLoad.objects.count()) == before


def test_a_changed_record_is_saved_with_one_history_row_at_the_time_of_the_load():
    load(plan_file(40))
    records = plan_records(40)
    first = next(r for r in records if r["model"] == "milestones.milestone")
    first["fields"]["title"] = "바뀐 제목"
    now = datetime.datetime(2026, 4, 1, 8, 0, tzinfo=datetime.UTC)

    result = load(yaml.safe_dump(records, allow_unicode=True).encode(), now=now)

    assert result.totals()[1] == 1
    milestone = Milestone.objects.get(title="바뀐 제목")
    latest = milestone.history.order_by("-history_id").first()
    assert (latest.history_date, latest.history_type, latest.history_change_reason) == (now, "~", "load_plan")
    assert milestone.history.count() == 2
