from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.activity_mine, name="mine"),
    path("bureau/", views.activity_bureau, name="bureau"),
    path("projects/<int:pk>/", views.activity_project, name="project"),
    path("follow/milestones/<int:pk>/", views.follow_milestone, name="follow_milestone"),
    path("follow/projects/<int:pk>/", views.follow_project, name="follow_project"),
]
