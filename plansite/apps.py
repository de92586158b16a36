from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansiteConfig(AppConfig):
    name = "plansite"
    verbose_name = _("The plan on the site")
