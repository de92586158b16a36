from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_scope import BureauWideAdminMixin, DepartmentScopedAdminMixin
from common.admin import BoundedDateHierarchyMixin
from reminders.models import CalendarFeed, Delivery, Digest, ReminderPreference, ReminderSettings
from reminders.sending import digest_retry_now
from reminders.services import calendar_feed_reset


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(BureauWideAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "lead_days",
        "day_count",
        "overdue_every_days",
        "team_lead_after",
        "department_head_after",
        "send_from",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list is the form.
        settings = ReminderSettings.load()
        return self.change_view(request, str(settings.pk), extra_context=extra_context)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["milestone", "kind", "step", "due_date", "read_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Digest)
class DigestAdmin(BoundedDateHierarchyMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_paths = ("recipient__department",)
    list_display = [
        "remind_on",
        "recipient",
        "email",
        "status",
        "item_count",
        "attempts",
        "last_error_short",
        "sent_at",
    ]
    list_filter = ["status", "remind_on", ("recipient__department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["recipient__name", "recipient__code", "email", "last_error"]
    list_select_related = ["recipient"]
    date_hierarchy = "remind_on"
    readonly_fields = [f.name for f in Digest._meta.fields]
    inlines = [DeliveryInline]
    actions = ["retry_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("deliveries"))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Its reminders are the record that they were sent; deleting them would send them again.
        return False

    @admin.display(description=_("reminders"), ordering="item_count")
    def item_count(self, digest):
        return digest.item_count

    @admin.display(description=_("last error"))
    def last_error_short(self, digest):
        return digest.last_error[:80]

    @admin.action(description=_("Retry failed e-mails now"))
    def retry_now(self, request, queryset):
        count = digest_retry_now(digests=queryset, now=timezone.now())
        self.message_user(
            request, ngettext("%d e-mail queued again.", "%d e-mails queued again.", count) % count, messages.SUCCESS
        )


@admin.register(Delivery)
class DeliveryAdmin(BoundedDateHierarchyMixin, DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_paths = ("recipient__department",)
    list_display = ["remind_on", "recipient", "kind", "step", "milestone", "due_date", "email_status", "read_at"]
    list_filter = ["kind", "digest__status", "remind_on", ("recipient__department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["recipient__name", "recipient__code", "milestone__title", "milestone__project__title"]
    list_select_related = ["recipient", "milestone", "digest"]
    date_hierarchy = "remind_on"
    readonly_fields = [f.name for f in Delivery._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("e-mail"), ordering="digest__status")
    def email_status(self, delivery):
        return delivery.digest.get_status_display() if delivery.digest_id else "-"


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_paths = ("staff__department",)
    list_display = ["staff", "skipped_lead_days", "updated_at"]
    search_fields = ["staff__name", "staff__code"]
    list_select_related = ["staff"]
    autocomplete_fields = ["staff"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
    department_paths = ("staff__department", "department")
    list_display = ["__str__", "staff", "department", "created_at", "reset_at"]
    list_select_related = ["staff", "department"]
    search_fields = ["staff__name", "staff__code", "department__name", "department__code"]
    readonly_fields = ["token", "created_at", "reset_at"]
    autocomplete_fields = ["staff", "department"]
    actions = ["reset_token"]

    @admin.action(description=_("Make new addresses (the old ones stop working)"))
    def reset_token(self, request, queryset):
        now = timezone.now()
        for feed in queryset:
            calendar_feed_reset(feed=feed, now=now)
        self.message_user(request, _("New addresses made."), messages.SUCCESS)
