from django.urls import path

from . import views, views_messages

app_name = "reminders"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("email/<int:pk>/retry/", views.retry, name="retry"),
    path("preferences/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("templates/<int:provider_pk>/", views.template_list, name="templates"),
    path("templates/<int:provider_pk>/<str:rule>/", views.template_edit, name="template-edit"),
    path("messages/cohort/<int:cohort_pk>/", views_messages.cohort_messages, name="cohort-messages"),
    path("messages/<int:pk>/", views_messages.message_detail, name="message"),
    path("messages/<int:pk>/send/", views_messages.message_send, name="message-send"),
    path("messages/<int:pk>/discard/", views_messages.message_discard, name="message-discard"),
    path("messages/<int:pk>/attachment/", views_messages.message_attachment, name="message-attachment"),
]
