from celery import shared_task

from accounts import services


@shared_task
def email_send(email_id):
    services.email_send(email_id=email_id)


@shared_task
def email_outbox_sweep():
    services.email_outbox_sweep()
