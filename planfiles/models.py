from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanUpload(models.Model):
    """A plan file uploaded in the admin: checked and previewed first, loaded once confirmed."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking")
        READY = "ready", _("ready to load")
        REFUSED = "refused", _("refused")
        LOADING = "loading", _("loading")
        LOADED = "loaded", _("loaded")
        FAILED = "failed", _("failed")

    #: Statuses in which a task is working on the upload.
    RUNNING = (Status.CHECKING, Status.LOADING)

    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    force = models.BooleanField(
        _("take the file's values over edits made in the application"),
        default=False,
        help_text=_("Without it, a plan field edited in the application since the last load is kept."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    plan = models.ForeignKey(
        "plans.AnnualPlan", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan")
    )
    load = models.ForeignKey(
        "plans.PlanLoad", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("plan load")
    )

    class Meta:
        verbose_name = _("plan file upload")
        verbose_name_plural = _("plan file uploads")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.name

    @property
    def is_running(self):
        return self.status in self.RUNNING
