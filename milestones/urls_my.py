"""``/my/``: the signed-in person's work list, mounted at the root of the site."""

from django.urls import path

from milestones import views

app_name = "my"

urlpatterns = [
    path("", views.my_work, name="work"),
    path("<slug:code>/", views.my_group, name="group"),
]
