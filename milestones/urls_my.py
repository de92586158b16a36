"""``/my/``: the signed-in person's work list, mounted at the root of the site."""

from django.urls import path

from milestones import views

app_name = "my"

urlpatterns = [
    path("", views.my_work, name="work"),
    path("review/bulk/", views.my_review_bulk, name="review_bulk"),
    path("<slug:code>/", views.my_group, name="group"),
]
