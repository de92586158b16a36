from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanFilesConfig(AppConfig):
    """Plan files: reading YAML, JSON and workbooks, checking them, previewing and applying a load."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "planfiles"
    verbose_name = _("plan files")
