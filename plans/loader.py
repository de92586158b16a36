"""Load an annual plan file: validate everything first, then write it in one transaction.

A plan file is a Django fixture (YAML or JSON) with natural keys, so that
``manage.py loaddata`` reads it too. ``load_plan`` adds what ``loaddata`` lacks:
every problem reported at once, records found by natural key and updated in place,
progress recorded in the application left alone, conflicts with edits made in the
application reported and kept, and the printed budget totals checked against their
lines.
"""

import datetime
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q

from budgets.checks import budget_mismatches
from milestones.dates import DateTextError, parse_date_text
from plans.models import AnnualPlan, LoadedRecord, PlanLoad
from plans.natural_keys import NaturalKeyModel

#: libyaml's parser where PyYAML was built with it (ten times faster on large plans), else the Python one.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Records looked up or written per query.
BATCH = 200

#: The history change reason of every save a load makes.
LOAD_REASON = "load_plan"

#: The due-date field of each model whose dates the loader checks against the date as written.
DUE_FIELD_BY_MODEL = {"milestones.milestone": "due_date", "projects.projectentry": "end_date"}


class PlanFileError(Exception):
    """The file cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Record:
    index: int
    label: str
    model: type[models.Model]
    fields: dict
    key: tuple = ()
    m2m: dict = field(default_factory=dict)

    def where(self, path):
        return f"{path}: record {self.index} ({self.label} {'/'.join(map(str, self.key))})"


@dataclass
class LoadResult:
    plan: AnnualPlan | None = None
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    conflicts: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    dry_run: bool = False


def _norm(value):
    """A natural-key part as comparable text: dates and numbers read from YAML or the database."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _key(values):
    return tuple(_norm(v) for v in values)


def _natural_key_of(model, fields):
    """The natural key of a record from its fields, following ``NATURAL_KEY`` paths."""
    parts, seen = [], set()
    for path in model.NATURAL_KEY:
        name = path.split("__")[0]
        if name in seen:
            continue
        seen.add(name)
        value = fields.get(name)
        if model._meta.get_field(name).is_relation:
            parts.extend(value if isinstance(value, list | tuple) else [value])
        else:
            parts.append(value)
    return _key(parts)


def read_records(path):
    """The raw records of a plan file (YAML or JSON)."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(text) if str(path).endswith(".json") else yaml.load(text, Loader=YAML_LOADER)
    except (ValueError, yaml.YAMLError) as exc:
        raise PlanFileError([f"{path}: not a readable plan file: {exc}"]) from exc
    if not isinstance(data, list):
        raise PlanFileError([f"{path}: a plan file is a list of records"])
    return text, data


def _plan_fields(model):
    """The concrete fields a plan file may set (not the primary key)."""
    return {
        f.name: f
        for f in model._meta.get_fields()
        if f.concrete and not f.primary_key and not f.auto_created and not f.many_to_many
    }


class PlanLoader:
    def __init__(self, path):
        self.path = str(path)
        self.problems = []
        self.records = []
        self.index = {}  # (label, key) -> Record
        self.known = set()  # (label, key) of records found in the database

    # Validation ---------------------------------------------------------------

    def validate(self, raw):
        for number, item in enumerate(raw, start=1):
            record = self._read(number, item)
            if record is not None:
                self.records.append(record)
        for record in self.records:
            self._check_fields(record)
        if not any(r.label == "plans.annualplan" for r in self.records):
            self.problems.append(f"{self.path}: no plans.annualplan record: a plan file names its plan")
        if self.problems:
            raise PlanFileError(self.problems)

    def _read(self, number, item):
        where = f"{self.path}: record {number}"
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict) or "model" not in item:
            self.problems.append(f"{where}: needs 'model' and 'fields'")
            return None
        try:
            model = apps.get_model(item["model"])
        except (LookupError, ValueError):
            self.problems.append(f"{where}: unknown model {item['model']!r}")
            return None
        if not issubclass(model, NaturalKeyModel):
            self.problems.append(f"{where}: {item['model']} cannot be loaded from a plan file")
            return None
        record = Record(number, model._meta.label_lower, model, dict(item["fields"]))
        unknown = set(record.fields) - set(_plan_fields(model)) - {f.name for f in model._meta.many_to_many}
        for name in sorted(unknown):
            self.problems.append(f"{where} ({record.label}): {name}: no such field")
            record.fields.pop(name)
        try:
            record.key = _natural_key_of(model, record.fields)
        except (TypeError, FieldDoesNotExist):
            record.key = ("?",)
        if (record.label, record.key) in self.index:
            first = self.index[(record.label, record.key)]
            self.problems.append(f"{record.where(self.path)}: duplicate of record {first.index}")
        else:
            self.index[(record.label, record.key)] = record
        return record

    def _check_fields(self, record):
        where = record.where(self.path)
        values = {}
        for name, fld in _plan_fields(record.model).items():
            if name not in record.fields:
                if not (fld.null or fld.blank or fld.has_default()):
                    self.problems.append(f"{where}: {name}: missing required field")
                continue
            value = record.fields[name]
            if fld.is_relation:
                self._check_reference(record, name, fld.related_model, value, where)
                continue
            try:
                values[name] = fld.clean(value, None)
            except ValidationError as exc:
                self.problems.append(f"{where}: {name}: {' '.join(exc.messages)} (value {value!r})")
        for fld in record.model._meta.many_to_many:
            for value in record.fields.get(fld.name) or []:
                self._check_reference(record, fld.name, fld.related_model, value, where)
        self._check_dates(record, values, where)

    def _check_reference(self, record, name, target, value, where):
        if value is None:
            return
        if not isinstance(value, list | tuple):
            self.problems.append(f"{where}: {name}: a reference is a list of natural-key values, not {value!r}")
            return
        label, key = target._meta.label_lower, _key(value)
        found = self.index.get((label, key))
        if found is not None:
            if found.index >= record.index:
                self.problems.append(f"{where}: {name}: refers to record {found.index}, which must come first")
            return
        if (label, key) not in self.known:
            try:
                target._default_manager.get_by_natural_key(*value)
            except (target.DoesNotExist, ValueError, TypeError, ValidationError):
                self.problems.append(f"{where}: {name}: unknown {target._meta.verbose_name} {'/'.join(key)}")
                return
            self.known.add((label, key))

    def _check_dates(self, record, values, where):
        due_field = DUE_FIELD_BY_MODEL.get(record.label)
        start, due = values.get("start_date"), values.get(due_field)
        if start and due and start > due:
            self.problems.append(f"{where}: {due_field}: {due} is before start_date {start}")
        text = values.get("date_text")
        if due_field is None or not text:
            return
        plan_year = self._plan_year()
        try:
            parsed = parse_date_text(text, year=plan_year)
        except DateTextError as exc:
            if record.label == "milestones.milestone":
                self.problems.append(f"{where}: date_text: {exc}")
            return
        expected = {"start_date": parsed.start, due_field: parsed.due, "date_precision": parsed.precision}
        for name, value in expected.items():
            if name in values and values[name] != value:
                self.problems.append(
                    f"{where}: {name}: {values[name]} does not match the date as written {text!r} ({value})"
                )

    def _plan_record(self):
        return next((r for r in self.records if r.label == "plans.annualplan"), None)

    def _plan_year(self):
        year = getattr(self._plan_record(), "fields", {}).get("year")
        return year if isinstance(year, int) else datetime.date.today().year

    @property
    def plan_code(self):
        return self._plan_record().fields.get("code")

    # Loading ------------------------------------------------------------------

    def load(self, *, force=False, user=None, result):
        self.user = user
        self.pending = {}  # id(obj) -> (wave, obj, m2m targets) of new records not yet written
        self.last_wave = {}  # model -> wave of its last queued record
        self._prefetch()
        cache, loaded = {}, []
        for record in self.records:
            obj, wanted = self._upsert(record, cache, force, result)
            cache[(record.label, record.key)] = obj
            loaded.append((record.label, obj, wanted))
            if record.label == "plans.annualplan":
                result.plan = obj
        self._flush()
        seen = defaultdict(set)
        for label, obj, _ in loaded:
            seen[label].add(obj.pk)
        LoadedRecord.objects.bulk_create(
            [
                LoadedRecord(model=label, object_id=obj.pk, values=_values(*wanted), plan_code=self.plan_code)
                for label, obj, wanted in loaded
            ],
            update_conflicts=True,
            unique_fields=["model", "object_id"],
            update_fields=["values", "plan_code"],
            batch_size=BATCH,
        )
        self._report_missing(result, seen)
        return result

    def _prefetch(self):
        """Find the records that exist already, and their last loaded values, a batch at a time."""
        self.existing, self.baselines = {}, {}
        by_model = defaultdict(list)
        for record in self.records:
            by_model[record.model].append(record)
        for model, records in by_model.items():
            label = model._meta.label_lower
            related = {path.rsplit("__", 1)[0] for path in model.NATURAL_KEY if "__" in path}
            for start in range(0, len(records), BATCH):
                condition = Q()
                for record in records[start : start + BATCH]:
                    condition |= Q(**dict(zip(model.NATURAL_KEY, record.key, strict=True)))
                for obj in model._default_manager.filter(condition).select_related(*related):
                    self.existing[(label, _key(obj.natural_key()))] = obj
            pks = [obj.pk for (found, _), obj in self.existing.items() if found == label]
            for start in range(0, len(pks), BATCH):
                rows = LoadedRecord.objects.filter(model=label, object_id__in=pks[start : start + BATCH])
                self.baselines.update({(label, row.object_id): row.values for row in rows})

    def _resolve(self, target, value, cache):
        if value is None:
            return None
        key = (target._meta.label_lower, _key(value))
        if key not in cache:
            cache[key] = target._default_manager.get_by_natural_key(*value)
        return cache[key]

    def _upsert(self, record, cache, force, result):
        """Create or update one record; returns it and the values the file gives it (see ``_values``)."""
        model = record.model
        fields = _plan_fields(model)
        new, related = {}, {}
        for name, value in record.fields.items():
            fld = fields.get(name)
            if fld is None:
                continue
            if fld.is_relation:
                related[fld] = self._resolve(fld.related_model, value, cache)
            else:
                new[fld.attname] = fld.clean(value, None)
        m2m = {
            f.name: [self._resolve(f.related_model, v, cache) for v in record.fields[f.name] or []]
            for f in model._meta.many_to_many
            if f.name in record.fields
        }
        wanted = (new, related, m2m)
        obj = self.existing.get((record.label, record.key))
        if obj is None:
            # A reference to a new record of the same model (a sub-step's parent) is set once both are written.
            links = {fld: t for fld, t in related.items() if t is not None and t.pk is None and type(t) is model}
            obj = model(**new, **{fld.name: None if fld in links else t for fld, t in related.items()})
            targets = [t for fld, t in related.items() if fld not in links]
            self._defer(obj, [*targets, *chain.from_iterable(m2m.values())], m2m, links)
            result.created[record.label] += 1
            return obj, wanted
        if any(t is not None and t.pk is None for t in [*related.values(), *chain.from_iterable(m2m.values())]):
            self._flush()
        wanted_values = _values(new, related, m2m, jsonable=False)
        baseline = self.baselines.get((record.label, obj.pk))
        current = {name: getattr(obj, name) for name in wanted_values if name not in m2m}
        current.update({name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m})
        where = f"{record.label} {'/'.join(record.key)}"
        changed = {}
        for name, value in wanted_values.items():
            if _jsonable(current[name]) == _jsonable(value):
                continue
            edited = baseline is not None and name in baseline and baseline[name] != _jsonable(current[name])
            if edited and not force:
                result.conflicts.append(
                    f"{where}: {name}: changed in the application to {current[name]!r}; "
                    f"the plan file says {value!r}; kept (use --force to take the file's value)"
                )
                continue
            changed[name] = value
        for name, value in changed.items():
            if name in m2m:
                getattr(obj, name).set(value)
            else:
                setattr(obj, name, value)
        if set(changed) - set(m2m):
            self._save(obj)
        (result.updated if changed else result.unchanged)[record.label] += 1
        return obj, wanted

    def _defer(self, obj, targets, m2m, links):
        """Queue a new record. It is written in a later wave than the queued records of other models it refers to,
        and not before the records of its model queued earlier, so that primary keys follow the order of the file.
        """
        model = type(obj)
        waves = [self.pending[id(t)][0] + 1 for t in targets if t is not None and id(t) in self.pending]
        wave = max([1, self.last_wave.get(model, 1), *waves])
        self.last_wave[model] = wave
        self.pending[id(obj)] = (wave, obj, m2m, links)

    def _flush(self):
        """Write the queued new records: one bulk insert per wave and model, then their references to records of
        their own model, their many-to-many rows and their history rows, each in bulk."""
        batches, by_model, linked = defaultdict(list), defaultdict(list), defaultdict(list)
        for wave, obj, _, _ in self.pending.values():
            batches[(wave, type(obj))].append(obj)
            by_model[type(obj)].append(obj)
        for (_, model), objs in sorted(batches.items(), key=lambda item: item[0][0]):
            model._default_manager.bulk_create(objs, batch_size=BATCH)
        for _, obj, m2m, links in self.pending.values():
            for fld, target in links.items():
                setattr(obj, fld.name, target)
                linked[(type(obj), fld.name)].append(obj)
            for name, targets in m2m.items():
                field = obj._meta.get_field(name)
                through = field.remote_field.through
                linked[(through, None)] += [
                    through(**{field.m2m_field_name(): obj, field.m2m_reverse_field_name(): t}) for t in targets
                ]
        for (model, name), objs in linked.items():
            if name is None:
                model._default_manager.bulk_create(objs, batch_size=BATCH)
            else:
                model._default_manager.bulk_update(objs, [name], batch_size=BATCH)
        for model, objs in by_model.items():
            if hasattr(model, "history"):
                model.history.bulk_history_create(
                    objs, batch_size=BATCH, default_user=self.user, default_change_reason=LOAD_REASON
                )
        self.pending, self.last_wave = {}, {}

    def _save(self, obj):
        obj._change_reason = LOAD_REASON
        obj._history_user = self.user
        obj.save()

    def _report_missing(self, result, seen):
        stale = LoadedRecord.objects.filter(plan_code=self.plan_code)
        for label, pks in seen.items():
            stale = stale.exclude(model=label, object_id__in=pks)
        for row in stale.order_by("model", "object_id"):
            result.warnings.append(f"{row.model} #{row.object_id} is no longer in the plan file; kept")


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _values(new, related, m2m, *, jsonable=True):
    """The values a file gives a record, by field attribute name: references as primary keys, many-to-many
    fields as sorted lists of them. Kept per record (LoadedRecord) to tell later edits in the application."""
    values = {
        **new,
        **{fld.attname: target.pk if target is not None else None for fld, target in related.items()},
        **{name: sorted(t.pk for t in targets) for name, targets in m2m.items()},
    }
    return {k: _jsonable(v) for k, v in values.items()} if jsonable else values


def load_plan(path, *, dry_run=False, force=False, user=None):
    """Validate and load a plan file; raise PlanFileError listing every problem."""
    text, raw = read_records(path)
    loader = PlanLoader(path)
    loader.validate(raw)
    result = LoadResult(dry_run=dry_run)
    with transaction.atomic():
        loader.load(force=force, user=user, result=result)
        result.warnings[:0] = budget_mismatches(result.plan)
        if dry_run:
            transaction.set_rollback(True)
        else:
            PlanLoad.objects.create(
                plan=result.plan,
                loaded_by=user,
                source=str(path),
                checksum=hashlib.sha256(text.encode()).hexdigest(),
                created=sum(result.created.values()),
                updated=sum(result.updated.values()),
                unchanged=sum(result.unchanged.values()),
                conflicts=result.conflicts,
                warnings=result.warnings,
            )
    return result
