from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("start/<int:provider_pk>/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("settings/<int:provider_pk>/", views.settings_page, name="settings"),
    path("saml/<int:provider_pk>/metadata/", views.saml_metadata, name="saml-metadata"),
    path("saml/<int:provider_pk>/acs/", views.saml_acs, name="saml-acs"),
]
