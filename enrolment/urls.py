from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.my_programme, name="my-programme"),
]
