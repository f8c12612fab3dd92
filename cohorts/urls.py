from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="cohort-list"),
    path("<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("<int:pk>/timetable.pdf", views.cohort_timetable_pdf, name="cohort-timetable-pdf"),
]
