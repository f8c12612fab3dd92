"""The API's own URLs, at the top level: django-ninja reverses them under its own namespace, ``api-v1``."""

from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
