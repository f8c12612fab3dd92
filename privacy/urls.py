from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my-data"),
    path("export/", views.my_data_export, name="my-data-export"),
    path("erase/", views.my_erasure_request, name="my-erasure-request"),
    path("participants/<int:pk>/", views.participant_data, name="participant"),
    path("participants/<int:pk>/export/", views.participant_export, name="participant-export"),
    path("participants/<int:pk>/erase/", views.participant_erase, name="participant-erase"),
]
