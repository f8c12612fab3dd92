from django.urls import path

from .views import eligibility, programme

app_name = "enrolment"

urlpatterns = [
    path("programme/", programme.my_programme, name="my-programme"),
    path("eligibility/", eligibility.eligibility_check, name="eligibility"),
]
