from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("settings/", views.reminder_settings, name="settings"),
    path("settings/feed/reset/", views.feed_reset, name="feed_reset"),
    path("ical/<str:token>.ics", views.ical_feed, name="ical"),
]
