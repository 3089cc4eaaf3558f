"""The quarterly report's figures are the same on the page, in the XLSX and in the PDF."""

import datetime
import io
import re
from decimal import Decimal

import pandas as pd
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from mentoring.imports import mentees_import
from mentoring.imports.mentees import COLUMN_NAMES
from reporting import periods
from reporting.models import GeneratedReport
from reporting.quarterly import quarterly_report
from reporting.services import report_generate, report_request
from tests.mentoring.spreadsheets import csv_content, mentee_row, practice
from tests.reporting.pdf_text import pages_text

QUARTER = "2025/26-Q2"


def reasons_of(n):
    """111 mentees: 74 give career options, 42 work-life balance, 37 work environment."""
    reasons = []
    if n < 74:
        reasons.append("career_options")
    if n < 42:
        reasons.append("work_life_balance")
    if n >= 111 - 37:
        reasons.append("work_environment")
    return ";".join(reasons)


@pytest.fixture
def gpmplus(scheme, staff):
    practice()
    rows = [mentee_row(n, reasons=reasons_of(n), registered_on="2025-07-01") for n in range(111)]
    result = mentees_import(scheme=scheme, file_name="mentees.csv", content=csv_content(rows, COLUMN_NAMES), by=staff)
    assert result.ok and result.created == 111, result.errors
    return scheme


def generated(by, scheme, **options):
    report = report_request(by=by, period=QUARTER, schemes=[scheme], **options)
    report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.READY
    return report


def page_row(html, label):
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*>{re.escape(label)}</th>(.*?)</tr>", html, re.S)
    assert row, f"no row {label!r}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_reasons_read_the_same_on_the_page_in_the_xlsx_and_in_the_pdf(gpmplus, commissioner, client):
    report = generated(commissioner, gpmplus)
    client.force_login(commissioner)

    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    reasons = page[page.index('id="reasons"') :]
    assert page_row(reasons, "Career options") == ["74", "66.7%"]
    assert page_row(reasons, "Work-life balance") == ["42", "37.8%"]
    assert page_row(reasons, "Work environment") == ["37", "33.3%"]
    assert "the percentages add up to more than 100%" in reasons

    xlsx = client.get(reverse("reporting:report_download", args=[report.pk, "xlsx"]))
    sheet = pd.read_excel(io.BytesIO(xlsx.content), sheet_name="Reasons").set_index("Reason")
    assert round(sheet.loc["Career options", "Mentees (%)"] * 100, 1) == 66.7
    assert round(sheet.loc["Work-life balance", "Mentees (%)"] * 100, 1) == 37.8
    assert round(sheet.loc["Work environment", "Mentees (%)"] * 100, 1) == 33.3
    assert sheet.loc["Career options", "Mentees"] == 74
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book["Reasons"]["C2"].number_format == "0.0%"
    assert "career_options" not in str(list(book["Reasons"].values))

    pdf = client.get(reverse("reporting:report_download", args=[report.pk, "pdf"]))
    text = "\n".join(pages_text(pdf.content))
    reasons_page = next(
        page
        for page in pages_text(pdf.content)
        if "Reasons for seeking mentoring" in page and "Career options" in page and "66.7%" in page
    )
    assert re.search(r"Career options\n74\n66\.7%", reasons_page)
    assert re.search(r"Work-life balance\n42\n37\.8%", reasons_page)
    assert re.search(r"Work environment\n37\n33\.3%", reasons_page)
    assert "Contents" in text and "Definitions" in text
    assert "NOT FOR PUBLICATION" not in text

    downloads = AuditEvent.objects.filter(action="report.download", actor=commissioner, target_id=str(report.pk))
    assert sorted(event.detail["format"] for event in downloads) == ["pdf", "xlsx"]


def test_the_staff_version_says_not_for_publication_on_every_page(gpmplus, staff):
    report = generated(staff, gpmplus, unsuppressed=True)

    pages = pages_text(bytes(GeneratedReport.objects.get(pk=report.pk).pdf))
    assert len(pages) > 10
    assert all("NOT FOR PUBLICATION" in page for page in pages)


def test_commissioners_see_small_counts_hidden_and_staff_see_them(gpmplus, commissioner, staff):
    made = quarterly_report([gpmplus], periods.quarter(QUARTER))
    roles = made.table("registrations_by_role").frame.set_index("Role")
    assert roles.loc["Salaried GP", "Count"] == 111
    assert made.table("registrations_by_month").frame.set_index("Month").loc["2025-07", "Registrations"] == 111


def test_money_is_never_float():
    total = sum([Decimal("289.00")] * 1000, Decimal("0.00"))
    assert f"{total}" == "289000.00"


def test_work_life_balance_means_pair_each_mentees_before_and_after(scheme, staff):
    from surveys.services import response_import
    from tests.factories.mentoring import MenteeFactory

    ratings = [(3, 7), (4, 8), (5, 6), (2, 5), (6, 9), (3, 6), (4, 7), (5, 8), (9, None), (None, 2)]
    for before, after in ratings:
        mentee = MenteeFactory(scheme=scheme)
        if before is not None:
            response_import(mentee=mentee, code="wlb", answers=[before], by=staff)
        if after is not None:
            response_import(mentee=mentee, code="final_review", answers=[[], after], by=staff)
    today = datetime.date.today()

    made = quarterly_report([scheme], periods.quarter(periods.periods.quarter_label(today)))
    means = made.table("work_life_balance_means").frame.set_index("Measure")

    assert means.loc["All answers before", "Mentees"] == 9
    assert means.loc["All answers before", "Mean rating"] == pytest.approx(41 / 9)
    assert means.loc["Paired: before", "Mentees"] == 8
    assert means.loc["Paired: before", "Mean rating"] == pytest.approx(32 / 8)
    assert means.loc["Paired: at the final review", "Mean rating"] == pytest.approx(56 / 8)
    shown = publish_table(made.table("work_life_balance_means"))
    assert list(shown.frame["Mean rating"]) == [4.6, 6.4, 4.0, 7.0]
    distribution = made.table("work_life_balance").frame.set_index("Rating")
    assert distribution.loc["3", "Before mentoring"] == 2 and distribution.loc["8", "At the final review"] == 2


def publish_table(table):
    from reporting.tables import publish

    return publish(table, suppress=True)
