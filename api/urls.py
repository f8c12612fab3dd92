from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("v1/docs/", views.docs, name="docs"),
    path("settings/<int:provider_pk>/", views.home, name="home"),
    path("settings/<int:provider_pk>/tokens/", views.token_add, name="token-add"),
    path("settings/<int:provider_pk>/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("settings/<int:provider_pk>/endpoints/", views.endpoint_add, name="endpoint-add"),
    path("settings/<int:provider_pk>/endpoints/<int:pk>/remove/", views.endpoint_remove, name="endpoint-remove"),
    path("settings/<int:provider_pk>/deliveries/<int:pk>/again/", views.delivery_again, name="delivery-again"),
]
