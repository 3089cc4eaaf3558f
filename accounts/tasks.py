from celery import shared_task

from accounts import services


@shared_task
def email_send(email_id):
    services.email_send(email_id=email_id)


@shared_task
def email_send_batch(email_ids):
    services.email_send_many(email_ids=email_ids)


@shared_task
def email_outbox_sweep():
    services.email_outbox_sweep()
