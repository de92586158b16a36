"""Configurations of third-party apps that the project adjusts: their names in the admin, in Korean."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (sign-in throttling) names its admin section "Axes", a name no catalogue translates."""

    verbose_name = _("Axes")
