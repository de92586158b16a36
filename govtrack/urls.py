from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("govtrack: annual plan tracking")
admin.site.site_title = _("govtrack")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("milestones/", include("milestones.urls")),
    path("projects/", include("projects.urls")),
    path("reminders/", include("reminders.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
