from django.urls import path

from milestones import plan_views, views

app_name = "milestones"

urlpatterns = [
    path("<int:pk>/", views.milestone_detail, name="detail"),
    path("<int:pk>/update/", views.milestone_update, name="update"),
    path("<int:pk>/comment/", views.milestone_comment, name="comment"),
    path("<int:pk>/propose/", plan_views.propose, name="propose"),
    path("<int:pk>/proposals/<int:proposal_pk>/decide/", plan_views.decide, name="decide"),
    path("<int:pk>/edit/", plan_views.edit, name="edit"),
    path("<int:pk>/delete/", plan_views.delete, name="delete"),
    path("add/<int:project_pk>/", plan_views.add, name="add"),
    path("<int:pk>/comments/<int:comment_pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
]
