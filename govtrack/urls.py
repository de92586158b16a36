from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.admin_scope import view_on_site
from accounts.views import home
from govtrack.health import healthz

handler400 = "govtrack.errors.bad_request"

admin.site.site_header = _("govtrack: annual plan tracking")
admin.site.site_title = _("govtrack")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("my/", include("milestones.urls_my")),
    path("healthz", healthz, name="healthz"),
    # Ahead of the admin's own "view on site" (admin:view_on_site, same address), which checks no scope.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("reviews.urls")),
    path("budgets/", include("budgets.urls")),
    path("milestones/", include("milestones.urls")),
    path("projects/", include("projects.urls")),
    path("plans/<slug:code>/", include("reports.urls")),
    path("plan/", include("plansite.urls")),
    path("reminders/", include("reminders.urls")),
    path("search/", include("search.urls")),
    path("activity/", include("notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("settings/api-tokens/", include("api.urls_pages")),
]
