from celery import shared_task

from surveys import digests, dispatch


@shared_task
def dispatch_sweep():
    dispatch.dispatch_sweep()
    digests.staff_digests_send()
