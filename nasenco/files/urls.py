from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<uuid:pk>/", views.file_status, name="status"),
    path("<uuid:pk>/download/", views.file_download, name="download"),
]
