"""Uploads in the admin: store the file, check it in a task (the preview), load it once confirmed.

The preview and the load are ``plan_file_check`` and ``plan_file_load``, as for ``manage.py load_plan``.
Progress goes to the cache (shared with the workers when Redis is configured) so that the page can
follow a long load whose writes are not visible until it commits.
"""

import logging
from collections import defaultdict

from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from planfiles.diff import NEW
from planfiles.models import PlanUpload
from planfiles.problems import MAX_PROBLEMS, PlanFileError
from planfiles.readers import check_size
from planfiles.registry import plan_model
from planfiles.services import checksum_of, describe, plan_file_check, plan_file_load

logger = logging.getLogger(__name__)

#: Records listed by name per model and kind of change in a preview; the others are counted.
SHOWN = 50
PROGRESS_SECONDS = 24 * 60 * 60


#: What each stage of a check or load is called on the page.
PHASES = {
    "waiting": _("waiting for a worker"),
    "reading": _("reading the file"),
    "checking": _("checking every record"),
    "comparing": _("comparing with the database"),
    "writing": _("writing"),
    "done": _("done"),
}


def _progress_key(upload_id):
    return f"planfiles:upload:{upload_id}:progress"


def upload_progress(upload_id):
    """The stage and percentage of the work on an upload, with the stage's name in the active language."""
    progress = cache.get(_progress_key(upload_id)) or {"phase": "waiting", "percent": 0}
    return {**progress, "label": str(PHASES.get(progress["phase"], progress["phase"]))}


def _progress_writer(upload_id):
    def write(phase, percent):
        cache.set(_progress_key(upload_id), {"phase": phase, "percent": round(percent)}, PROGRESS_SECONDS)

    return write


def plan_upload_create(*, file, by, force=False):
    """Store an uploaded file and queue its check; refuses a file over the size limit before reading it."""
    check_size(file.size, file.name)
    data = file.read()
    upload = PlanUpload.objects.create(
        name=file.name[:255],
        content=data,
        size=len(data),
        checksum=checksum_of(data),
        force=force,
        uploaded_by=by,
    )
    from planfiles.tasks import check_plan_upload

    transaction.on_commit(lambda: check_plan_upload.delay(upload.pk))
    return upload


def plan_upload_check(*, upload_id):
    """The preview of an upload: what loading it would do, or its problems. Writes only the upload."""
    upload = PlanUpload.objects.get(pk=upload_id)
    progress = _progress_writer(upload.pk)
    with translation.override("ko"):
        try:
            result = plan_file_check(
                data=bytes(upload.content), name=upload.name, force=upload.force, progress=progress
            )
        except PlanFileError as exc:
            upload.status, upload.problems = PlanUpload.Status.REFUSED, exc.problems
        else:
            upload.status, upload.problems = PlanUpload.Status.READY, []
            upload.preview, upload.plan = preview_of(result), result.plan
    progress("done", 100)
    upload.save(update_fields=["status", "problems", "preview", "plan"])
    return upload


def plan_upload_confirm(*, upload, by):
    """Queue the load of a previewed upload; False when it is not ready to load."""
    claimed = PlanUpload.objects.filter(pk=upload.pk, status=PlanUpload.Status.READY).update(
        status=PlanUpload.Status.LOADING, uploaded_by=by
    )
    if not claimed:
        return False
    cache.delete(_progress_key(upload.pk))
    from planfiles.tasks import load_plan_upload

    transaction.on_commit(lambda: load_plan_upload.delay(upload.pk))
    return True


def plan_upload_load(*, upload_id):
    """The confirmed load: the same atomic load as ``load_plan``, recorded in the plan-load log."""
    upload = PlanUpload.objects.select_related("uploaded_by").get(pk=upload_id)
    if upload.status != PlanUpload.Status.LOADING:
        return upload
    progress = _progress_writer(upload.pk)
    with translation.override("ko"):
        try:
            result = plan_file_load(
                data=bytes(upload.content),
                name=upload.name,
                user=upload.uploaded_by,
                force=upload.force,
                progress=progress,
            )
        except PlanFileError as exc:
            upload.status, upload.problems = PlanUpload.Status.REFUSED, exc.problems
        except Exception as exc:  # the load rolled back; the upload says so instead of staying "loading"
            logger.exception("plan upload %s failed", upload.pk)
            upload.status, upload.problems = PlanUpload.Status.FAILED, [str(exc)[:500]]
        else:
            upload.status, upload.plan = PlanUpload.Status.LOADED, result.plan
            upload.load = result.plan.loads.order_by("-pk").first()
            upload.preview = preview_of(result)
    progress("done", 100)
    upload.save(update_fields=["status", "problems", "preview", "plan", "load"])
    return upload


def preview_of(result):
    """The preview as stored data: per model the counts and, for the first ``SHOWN`` records of each kind,
    their key and the fields that change (old → new) or conflict (application → file)."""
    models = defaultdict(lambda: {"new": 0, "changed": 0, "unchanged": 0, "conflicts": 0, "missing": 0})
    shown = defaultdict(lambda: defaultdict(list))
    describer = _Describer()
    for change in result.diff.changes:
        record, action = change.record, change.action
        counts = models[record.label]
        counts[action] += 1
        counts["conflicts"] += len(change.conflicts)
        key = "/".join(record.key)
        if action == "new" and len(shown[record.label]["new"]) < SHOWN:
            shown[record.label]["new"].append(key)
        elif action == "changed" and len(shown[record.label]["changed"]) < SHOWN:
            fields = [
                [_field_label(record, n), *describer.pair(record, n, old, new)]
                for n, (old, new) in change.changed.items()
            ]
            shown[record.label]["changed"].append([key, fields])
        for name, (current, value) in change.conflicts.items():
            if len(shown[record.label]["conflicts"]) < SHOWN:
                pair = describer.pair(record, name, current, value)
                shown[record.label]["conflicts"].append([key, _field_label(record, name), *pair])
    for label, pk in result.diff.missing:
        models[label]["missing"] += 1
        if len(shown[label]["missing"]) < SHOWN:
            shown[label]["missing"].append(describer.record(label, pk))
    order = {label: i for i, label in enumerate(_labels())}
    return {
        "plan": str(result.plan or result.plan_code),
        "plan_code": result.plan_code,
        "models": [
            {"label": label, **counts, "shown": dict(shown[label])}
            for label, counts in sorted(models.items(), key=lambda item: order.get(item[0], len(order)))
        ],
        "warnings": result.warnings[:MAX_PROBLEMS],
        "warning_count": len(result.warnings),
        "totals": dict(zip(("new", "changed", "unchanged"), result.totals(), strict=True)),
        "conflict_count": len(result.conflicts),
    }


def _labels():
    from planfiles.registry import plan_models

    return [pm.label for pm in plan_models()]


def _field_label(record, attname):
    fld = next((f for f in record.model._meta.get_fields() if getattr(f, "attname", f.name) == attname), None)
    return str(fld.verbose_name) if fld is not None else attname


class _Describer:
    """Values as people read them: a reference by its natural key, looked up once per record."""

    def __init__(self):
        self.cache = {}

    def pair(self, record, attname, old, new):
        fld = next((f for f in record.model._meta.get_fields() if getattr(f, "attname", None) == attname), None)
        many = record.plan_model.many_to_many.get(attname)
        if many is not None:
            return self._many(many.related_model, old), ", ".join("/".join(k) for _, k in record.m2m.get(attname, []))
        if fld is not None and fld.is_relation:
            ref = record.refs.get(fld.name)
            return self._target(fld.related_model, old), "/".join(ref[1]) if ref else describe(None)
        return describe(old), describe(new)

    def _target(self, model, pk):
        if pk is None or pk is NEW:
            return describe(pk)
        key = (model._meta.label_lower, pk)
        if key not in self.cache:
            obj = model._default_manager.filter(pk=pk).first()
            self.cache[key] = "/".join(map(str, obj.natural_key())) if obj else f"#{pk}"
        return self.cache[key]

    def _many(self, model, pks):
        return ", ".join(self._target(model, pk) for pk in pks or []) or describe(None)

    def record(self, label, pk):
        pm = plan_model(label)
        return self._target(pm.model, pk) if pm else f"{label} #{pk}"


def preview_for_display(preview):
    """The stored preview with the sheet name of each model, for the template."""
    models = []
    for entry in preview.get("models", []):
        pm = plan_model(entry["label"])
        models.append({**entry, "sheet": pm.sheet if pm else entry["label"]})
    return {**preview, "models": models}
