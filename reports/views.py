"""The report page, its PDF and HWPX, and the files built in the background for large plans."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from common.query import query_forms
from milestones.models import Milestone
from milestones.schedule import seoul_today
from reports.forms import ReportDateForm
from reports.models import ReportExport
from reports.selectors import default_on, plans_readable_by, work_report
from reports.services import file_name, report_export_request, report_file

#: A plan with more milestones than this has its PDF and HWPX built in the background.
SYNC_MILESTONES = 300

CONTENT_TYPES = {"pdf": "application/pdf", "hwpx": "application/hwp+zip"}


def _scope(request, code):
    plan = get_object_or_404(plans_readable_by(request.user).select_related("bureau"), code=code)
    today = seoul_today()
    form = ReportDateForm(request.GET or None, plan=plan)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return plan, form, on or default_on(plan, today=today), today


@query_forms(ReportDateForm)
@require_GET
@login_required
def report_page(request, code):
    plan, form, on, today = _scope(request, code)
    report = work_report(plan=plan, user=request.user, on=on, today=today)
    context = {"report": report, "plan": plan, "on": on, "form": form}
    return render(request, "reports/report.html", context, status=400 if form.errors else 200)


@query_forms(ReportDateForm)
@require_GET
@login_required
def report_download(request, code, fmt):
    plan, form, on, today = _scope(request, code)
    if form.errors:
        return HttpResponseBadRequest(" ".join(form.errors.get("on", [])))
    if Milestone.objects.filter(project__plan=plan).count() > SYNC_MILESTONES:
        export = report_export_request(plan=plan, on=on, fmt=fmt, by=request.user)
        return redirect("reports:export", code=plan.code, pk=export.pk)
    data = report_file(plan=plan, user=request.user, on=on, today=today, fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(plan, on, fmt)}"'
    return response


def _export(request, code, pk):
    return get_object_or_404(
        ReportExport.objects.select_related("plan"), pk=pk, plan__code=code, requested_by=request.user
    )


@query_forms()
@require_GET
@login_required
def export_status(request, code, pk):
    export = _export(request, code, pk)
    return render(request, "reports/export.html", {"export": export, "plan": export.plan})


@query_forms()
@require_GET
@login_required
def export_download(request, code, pk):
    export = _export(request, code, pk)
    if export.state != ReportExport.State.DONE:
        return redirect("reports:export", code=code, pk=pk)
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=file_name(export.plan, export.on, export.format),
        content_type=CONTENT_TYPES[export.format],
    )
