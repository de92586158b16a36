import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from milestones.models import EventKind


class ApiToken(models.Model):
    """A personal API token: it acts as its owner, with their role and scope. Only a hash of the secret is kept.

    The token reads ``gt_<prefix>_<secret>``; the prefix finds the row, the SHA-256 of the whole token checks it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. nightly dashboard."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("hash of the secret"), max_length=64, editable=False)
    read_only = models.BooleanField(_("read-only"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_later"),
        ]

    def __str__(self):
        return f"{self.name} (gt_{self.prefix}_…)"


def new_webhook_secret():
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An address that is sent a signed JSON POST for each event of the chosen kinds, set up by administrators."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"), max_length=500, help_text=_("Its host must be allowed by the WEBHOOK_ALLOWED_HOSTS setting.")
    )
    kinds = models.JSONField(
        _("event kinds"), default=list, help_text=_("The kinds of events sent, e.g. confirm, return, overdue.")
    )
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_(
            "Signs each POST (HMAC-SHA256 of the body, header X-Govtrack-Signature); share it with the receiver."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, kind):
        return kind in self.kinds

    def kind_labels(self):
        labels = dict(EventKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in self.kinds)


class WebhookDelivery(models.Model):
    """One event for one webhook: written with the event, claimed before each attempt, never sent once it was."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")
        GAVE_UP = "gave_up", _("failed, no more attempts")

    delivery_id = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, models.CASCADE, related_name="deliveries", verbose_name=_("webhook"))
    event = models.ForeignKey(
        "milestones.Event", models.CASCADE, related_name="webhook_deliveries", verbose_name=_("event")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_by = models.CharField(_("claimed by"), max_length=155, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="webhookdelivery_once_per_event"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="webhookdelivery_sent_at"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhookdelivery_status_next")]

    def __str__(self):
        return str(self.delivery_id)
