"""The Celery app. Tasks take primary keys only and are enqueued with delay_on_commit.

Work due later (a survey in three months) is a due-date column that a beat task sweeps: a task
held with a far-future ETA is redelivered by the Redis broker once its visibility timeout passes.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
