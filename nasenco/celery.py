"""The Celery app. Tasks run eagerly in-process unless REDIS_URL points at a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasenco.settings")

app = Celery("nasenco")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["nasenco.mail", "nasenco.files"])
