from django.urls import path

from plansite import views

app_name = "plansite"

urlpatterns = [
    path("organisation/", views.organisation, name="organisation"),
    path("staffing/", views.staffing, name="staffing"),
    path("glossary/", views.glossary, name="glossary"),
]
