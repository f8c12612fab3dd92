from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("cohort/<int:cohort_pk>/", views.cohort_scheme, name="cohort-scheme"),
]
