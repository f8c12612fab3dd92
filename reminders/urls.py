from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("email/<int:pk>/retry/", views.retry, name="retry"),
    path("preferences/", views.preferences, name="preferences"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("templates/<int:provider_pk>/", views.template_list, name="templates"),
    path("templates/<int:provider_pk>/<str:rule>/", views.template_edit, name="template-edit"),
]
