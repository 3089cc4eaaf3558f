"""Every write of the reporting app: asking for a report, generating it, and recording downloads."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.services import audit
from reporting import periods, quarterly, selectors
from reporting.models import GeneratedReport
from reporting.outputs import charts, pdf, spreadsheets
from reporting.tables import display_rows, display_total

logger = logging.getLogger(__name__)


class ReportRuleBroken(ValueError):
    pass


def report_request(*, by, period, schemes=None, all_schemes=False, unsuppressed=False):
    """Ask for a quarterly report of some schemes (or all the requester holds); a worker makes it."""
    period = periods.quarter(period).label
    held = selectors.report_schemes_for(by)
    if all_schemes:
        schemes = list(held)
    schemes = list(schemes or [])
    if not schemes:
        raise ReportRuleBroken("Choose a scheme")
    if held.filter(pk__in=[scheme.pk for scheme in schemes]).count() != len(set(schemes)):
        raise PermissionDenied
    if unsuppressed and not selectors.may_see_unsuppressed(by, schemes):
        raise PermissionDenied
    with transaction.atomic():
        report = GeneratedReport.objects.create(
            period=period, all_schemes=all_schemes, unsuppressed=unsuppressed, requested_by=by
        )
        report.schemes.set(schemes)
        audit(actor=by, action="report.request", target=report, period=period, unsuppressed=unsuppressed)
        from reporting.tasks import generate_report

        generate_report.delay_on_commit(report.pk)
    return report


def _progress(report, percent, stage):
    """Written at once, outside any transaction, so the page polling it sees it move."""
    GeneratedReport.objects.filter(pk=report.pk).update(progress=percent, stage=stage)


def _table_record(table):
    return {
        "key": table.key,
        "title": table.title,
        "columns": list(table.frame.columns),
        "rows": display_rows(table),
        "total": display_total(table),
        "note": table.note,
        "definition": table.definition,
        "alternative": charts.text_alternative(table),
    }


def report_generate(*, report_id):
    """Make the report's tables, charts, PDF and XLSX, telling the page how far it has got."""
    report = GeneratedReport.objects.get(pk=report_id)
    if report.status != GeneratedReport.Status.QUEUED:
        return report
    GeneratedReport.objects.filter(pk=report.pk).update(status=GeneratedReport.Status.RUNNING)
    try:
        schemes = list(report.schemes.order_by("name"))
        _progress(report, 5, "Counting")
        made = quarterly.quarterly_report(schemes, periods.quarter(report.period))
        _progress(report, 40, "Applying disclosure control")
        suppress = not report.unsuppressed
        made = quarterly.published(made, suppress=suppress)
        _progress(report, 50, "Drawing charts")
        chart_svgs = {table.key: charts.svg(table) for table in made.tables}
        _progress(report, 70, "Writing the PDF")
        pdf_bytes = pdf.quarterly_pdf(made, unsuppressed=report.unsuppressed)
        _progress(report, 90, "Writing the spreadsheet")
        xlsx_bytes = spreadsheets.quarterly_xlsx(made, unsuppressed=report.unsuppressed)
        with transaction.atomic():
            report.title = made.title
            report.tables = [_table_record(table) for table in made.tables]
            report.charts = chart_svgs
            report.pdf, report.xlsx = pdf_bytes, xlsx_bytes
            report.status, report.progress, report.stage = GeneratedReport.Status.READY, 100, "Ready"
            report.finished_at = timezone.now()
            report.save()
            audit(actor=None, action="report.generate", target=report, period=report.period)
    except Exception:
        logger.exception("Quarterly report %s could not be generated", report.pk)
        GeneratedReport.objects.filter(pk=report.pk).update(
            status=GeneratedReport.Status.FAILED, stage="Could not be generated", finished_at=timezone.now()
        )
        raise
    return report


def report_download(*, report, by, file_format):
    """Record who downloaded which report in which format; returns the file's bytes."""
    if report.status != GeneratedReport.Status.READY:
        raise ReportRuleBroken("The report is not ready yet")
    if file_format not in ("pdf", "xlsx"):
        raise ReportRuleBroken("Choose PDF or XLSX")
    with transaction.atomic():
        audit(actor=by, action="report.download", target=report, format=file_format, period=report.period)
    content = GeneratedReport.objects.values_list(file_format, flat=True).get(pk=report.pk)
    return bytes(content)


def return_download(*, scheme, by, period, file_format, suppressed):
    """Record a monitoring return download (the figures themselves are read, not stored)."""
    with transaction.atomic():
        audit(
            actor=by,
            action="monitoring_return.download",
            target=scheme,
            scheme=scheme,
            period=period,
            format=file_format,
            suppressed=suppressed,
        )


def ledger_download(*, scheme, by, year, file_format):
    with transaction.atomic():
        audit(actor=by, action="ledger.download", target=scheme, scheme=scheme, year=year, format=file_format)
