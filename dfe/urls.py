from django.urls import path

from . import views

app_name = "dfe"

urlpatterns = [
    path("", views.start, name="start"),
    path("place/<int:pk>/", views.place, name="place"),
    path("<int:provider_pk>/", views.home, name="home"),
    path("<int:provider_pk>/connection/", views.connection, name="connection"),
    path("<int:provider_pk>/connection/check", views.check, name="check"),
    path("<int:provider_pk>/sync", views.sync, name="sync"),
    path("<int:provider_pk>/decide", views.decide, name="decide"),
    path("<int:provider_pk>/applications/<int:pk>/", views.application, name="application"),
    path("<int:provider_pk>/applications/<int:pk>/training", views.training, name="training"),
    path("<int:provider_pk>/applications/<int:pk>/head", views.ask_head, name="ask-head"),
    path("<int:provider_pk>/declare/", views.due, name="due"),
    path("<int:provider_pk>/declare/send", views.declare, name="declare"),
    path("<int:provider_pk>/declarations/<int:pk>/void", views.void, name="void"),
    path("<int:provider_pk>/statements/", views.statements, name="statements"),
]
