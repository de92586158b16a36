from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        from api import checks, schema  # noqa: F401  (system checks; the OpenAPI description of the tokens)
        from api.webhooks import webhook_deliveries_record, webhook_deliveries_record_many
        from milestones.events import subscribe

        subscribe(webhook_deliveries_record, many=webhook_deliveries_record_many)
