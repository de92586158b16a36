"""The plan file uploaded in the admin: the services its two Celery tasks call, timed as ``load_plan`` is.

The upload is stored as the admin stores it; ``plan_upload_check`` (the preview the check task builds) and
``plan_upload_load`` (the confirmed load the load task runs) are called in this process, on the same file as
the command's row, the plan removed before each run. Their bare figure is the command row's: ``COPY`` of the
same milestone and history rows.
"""

import time


def upload_figures(repeat, path, *, measure, reset, bare_ms):
    from planfiles.models import PlanUpload
    from planfiles.services import checksum_of
    from planfiles.uploads import plan_upload_check, plan_upload_load

    data = path.read_bytes()
    uploads = []

    def clean():
        """The plan removed, with the uploads that name its loads."""
        PlanUpload.objects.filter(pk__in=uploads).delete()
        reset()

    def stored():
        upload = PlanUpload.objects.create(name=path.name, content=data, size=len(data), checksum=checksum_of(data))
        uploads.append(upload.pk)
        return upload

    def check():
        upload = plan_upload_check(upload_id=stored().pk)
        if upload.status != PlanUpload.Status.READY:
            raise AssertionError(f"the check refused the file: {upload.problems[:3]}")

    prepared = {}

    def checked_and_confirmed():
        """Reset, then an upload checked and confirmed as the admin leaves it for the load task."""
        clean()
        upload = stored()
        plan_upload_check(upload_id=upload.pk)
        PlanUpload.objects.filter(pk=upload.pk).update(status=PlanUpload.Status.LOADING)
        prepared["id"] = upload.pk

    def load():
        upload = plan_upload_load(upload_id=prepared["id"])
        if upload.status != PlanUpload.Status.LOADED:
            raise AssertionError(f"the load did not complete: {upload.status} {upload.problems[:3]}")

    note = f"{len(data) / 1024 / 1024:.1f} MiB YAML; bare: the command row's COPY"
    figures = []
    try:
        figures.append(
            measure(
                "plan upload: the check task's service (read, check, compare, preview)",
                check,
                repeat=repeat,
                reset=clean,
                note=note,
            )
        )
        figures.append(
            measure(
                "plan upload: the load task's service (the confirmed load)",
                load,
                repeat=repeat,
                reset=checked_and_confirmed,
                note=note,
            )
        )
    finally:
        clean()
    for figure in figures:
        if figure.server_ms is not None:
            figure.sql_ms = bare_ms
    return figures


def cpu_seconds(call):
    """The CPU time of this process during ``call`` (beside the wall time: the machine may be shared)."""
    started = time.process_time()
    call()
    return time.process_time() - started
