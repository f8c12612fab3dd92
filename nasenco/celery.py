"""The Celery app. Tasks run eagerly in-process unless REDIS_URL points at a broker."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nasenco.settings")

app = Celery("nasenco")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["nasenco.mail", "nasenco.files"])


@worker_process_init.connect
def _worker_ready(**kwargs):
    """Each worker process gets ready (URLs, WeasyPrint) before its first task: see nasenco.warm."""
    from nasenco.warm import worker_ready

    worker_ready()
