from django.urls import path

from milestones import views

app_name = "milestones"

urlpatterns = [
    path("<int:pk>/", views.milestone_detail, name="detail"),
    path("<int:pk>/update/", views.milestone_update, name="update"),
    path("<int:pk>/comment/", views.milestone_comment, name="comment"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
]
