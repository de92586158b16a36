from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import home
from govtrack.health import healthz

admin.site.site_header = _("govtrack: annual plan tracking")
admin.site.site_title = _("govtrack")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("my/", include("milestones.urls_my")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("reviews.urls")),
    path("budgets/", include("budgets.urls")),
    path("milestones/", include("milestones.urls")),
    path("projects/", include("projects.urls")),
    path("plan/", include("plansite.urls")),
    path("reminders/", include("reminders.urls")),
    path("search/", include("search.urls")),
    path("activity/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
