from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications and activity")

    def ready(self):
        from milestones.events import subscribe
        from notifications.services import notify_event

        subscribe(notify_event)
