from celery import shared_task

from reporting.services import report_generate


@shared_task
def generate_report(report_id):
    report_generate(report_id=report_id)
