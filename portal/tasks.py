from celery import shared_task

from portal import services


@shared_task
def retention_sweep():
    """Weekly: anonymise everyone whose records have passed their scheme's retention period."""
    services.retention_apply()
