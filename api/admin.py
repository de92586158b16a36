from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken, Webhook, WebhookDelivery
from api.outgoing import HostRefused, check_url
from api.webhooks import deliveries_retry_now
from milestones.models import EventKind


class WebhookForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label=_("event kinds"), choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "kinds", "secret", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url)
        except HostRefused as exc:
            raise ValidationError(str(exc)) from exc
        return url


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["delivery_id", "event", "status", "attempts", "response_status", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event__milestone")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["name", "url", "kind_labels", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    inlines = [DeliveryInline]

    @admin.display(description=_("event kinds"))
    def kind_labels(self, webhook):
        return webhook.kind_labels()


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: one row per (webhook, event), with its attempts and the last answer or error."""

    list_display = [
        "created_at",
        "webhook",
        "event_kind",
        "milestone",
        "status",
        "attempts",
        "response_status",
        "sent_at",
    ]
    list_filter = ["status", "webhook", "event__kind"]
    list_select_related = ["webhook", "event__milestone"]
    search_fields = ["delivery_id", "last_error", "event__milestone__title"]
    readonly_fields = [
        "delivery_id",
        "webhook",
        "event",
        "status",
        "attempts",
        "claimed_by",
        "claimed_until",
        "next_attempt_at",
        "response_status",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("event"), ordering="event__kind")
    def event_kind(self, delivery):
        return delivery.event.get_kind_display()

    @admin.display(description=_("milestone"))
    def milestone(self, delivery):
        return delivery.event.milestone

    @admin.action(description=_("Retry the selected failed deliveries now"))
    def retry_now(self, request, queryset):
        count = deliveries_retry_now(deliveries=queryset, now=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners on their settings page; an administrator can see and revoke them."""

    list_display = ["name", "user", "prefix", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = list_display
    fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
