"""Admin pages of plan files: thin views over ``uploads`` and ``workbook``."""

import tempfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planfiles.forms import PlanUploadForm
from planfiles.models import PlanUpload
from planfiles.uploads import plan_upload_confirm, plan_upload_create, preview_for_display, upload_progress
from planfiles.workbook import XLSX_TYPE, write_workbook
from plans.models import AnnualPlan


def _can_load(request):
    if not request.user.has_perm("planfiles.add_planupload"):
        raise PermissionDenied


def _context(request, **extra):
    return {
        **admin.site.each_context(request),
        "opts": PlanUpload._meta,
        "app_label": PlanUpload._meta.app_label,
        **extra,
    }


def upload(request):
    _can_load(request)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        created = plan_upload_create(file=form.cleaned_data["file"], by=request.user, force=form.cleaned_data["force"])
        return redirect("admin:planfiles_planupload_change", created.pk)
    plans = AnnualPlan.objects.select_related("bureau").order_by("-year", "code")
    return TemplateResponse(
        request,
        "admin/planfiles/planupload/upload.html",
        _context(request, title=_("Upload a plan file"), form=form, plans=plans),
    )


def preview(request, pk):
    _can_load(request)
    upload = get_object_or_404(PlanUpload.objects.defer("content").select_related("plan", "load"), pk=pk)
    return TemplateResponse(
        request,
        "admin/planfiles/planupload/preview.html",
        _context(
            request,
            title=_("Plan file %(name)s") % {"name": upload.name},
            upload=upload,
            original=upload,
            preview=preview_for_display(upload.preview),
            progress=upload_progress(upload.pk),
        ),
    )


def status(request, pk):
    _can_load(request)
    upload = get_object_or_404(PlanUpload.objects.only("status"), pk=pk)
    progress = upload_progress(upload.pk)
    return JsonResponse(
        {
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "running": upload.is_running,
            "phase": progress["label"],
            "percent": 100 if not upload.is_running else progress["percent"],
        }
    )


@require_POST
def confirm(request, pk):
    _can_load(request)
    upload = get_object_or_404(PlanUpload.objects.defer("content"), pk=pk)
    if plan_upload_confirm(upload=upload, by=request.user):
        messages.info(request, _("The load has started."))
    else:
        messages.warning(request, _("This file is not ready to load."))
    return redirect("admin:planfiles_planupload_change", upload.pk)


def export(request, plan_pk):
    if not request.user.has_perm("plans.view_annualplan"):
        raise PermissionDenied
    plan = get_object_or_404(AnnualPlan, pk=plan_pk)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write_workbook(plan, file)
    file.seek(0)
    response = FileResponse(file, as_attachment=True, filename=f"{plan.code}.xlsx", content_type=XLSX_TYPE)
    response["Cache-Control"] = "no-store"
    return response
