from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestEmail(models.Model):
    """The e-mail of one request for an update, written with the request: whether and when it went out, and why
    not. A delivery that fails is kept here with its error (the admin lists them), never dropped silently."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        UNDELIVERABLE = "undeliverable", _("undeliverable: no e-mail address")

    comment = models.OneToOneField(
        "milestones.Comment", models.CASCADE, related_name="request_email", verbose_name=_("request")
    )
    email = models.EmailField(_("sent to"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("update request e-mail")
        verbose_name_plural = _("update request e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email or '—'} · {self.get_status_display()}"
