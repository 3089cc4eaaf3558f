"""The Reports pages: who gets in, what they see, and that every download is recorded."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.permissions import Role
from reporting.models import GeneratedReport
from reporting.services import report_generate, report_request
from tests.conftest import with_mfa
from tests.factories.mentoring import MenteeFactory
from tests.factories.schemes import SchemeMembershipFactory

QUARTER = "2025/26-Q2"


@pytest.fixture
def other_commissioner(other_scheme):
    membership = SchemeMembershipFactory(scheme=other_scheme, role=Role.COMMISSIONER, user__email="ne@england.nhs.uk")
    return with_mfa(membership.user)


@pytest.fixture
def ready_report(scheme, commissioner):
    report = report_request(by=commissioner, period=QUARTER, schemes=[scheme])
    report_generate(report_id=report.pk)
    return report


def test_commissioner_asks_for_a_report_and_sees_it_waiting(scheme, commissioner, client):
    client.force_login(commissioner)

    response = client.post(reverse("reporting:reports"), {"scheme": scheme.slug, "period": "2026/27-Q2"})

    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", args=[report.pk])
    assert list(report.schemes.all()) == [scheme] and not report.unsuppressed
    page = client.get(response["Location"])
    assert page["Refresh"] == "3"
    assert 'id="report-progress-bar"' in page.content.decode() and "js/report_progress.js" in page.content.decode()
    progress = client.get(reverse("reporting:report_progress", args=[report.pk])).json()
    assert progress == {"status": "Waiting to start", "progress": 0, "stage": "", "finished": False}
    assert AuditEvent.objects.filter(action="report.request", actor=commissioner, target_id=str(report.pk)).exists()


def test_a_commissioner_is_not_offered_exact_figures_and_cannot_ask_for_them(scheme, commissioner, client):
    client.force_login(commissioner)
    assert "unsuppressed" not in client.get(reverse("reporting:reports")).content.decode()

    client.post(reverse("reporting:reports"), {"scheme": scheme.slug, "period": "2026/27-Q2", "unsuppressed": "on"})

    assert GeneratedReport.objects.get().unsuppressed is False


def test_a_commissioner_cannot_ask_for_another_schemes_report(other_scheme, commissioner, client):
    client.force_login(commissioner)

    response = client.post(reverse("reporting:reports"), {"scheme": other_scheme.slug, "period": "2026/27-Q2"})

    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_the_finished_report_is_listed_under_its_quarter_with_its_downloads(ready_report, commissioner, client):
    client.force_login(commissioner)

    listing = client.get(reverse("reporting:reports")).content.decode()
    page = client.get(reverse("reporting:report", args=[ready_report.pk]))

    assert f'<h3 class="nhsuk-heading-s">{QUARTER}</h3>' in listing
    assert "Refresh" not in page
    assert reverse("reporting:report_download", args=[ready_report.pk, "pdf"]) in page.content.decode()
    chart = client.get(reverse("reporting:report_chart", args=[ready_report.pk, "reasons"]))
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content
    pdf = client.get(reverse("reporting:report_download", args=[ready_report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="report.download", actor=commissioner, detail__format="pdf").count() == 1


@pytest.mark.parametrize("name", ["report", "report_progress", "report_download", "report_chart"])
def test_another_schemes_commissioner_gets_a_404(ready_report, other_commissioner, client, name):
    args = {"report_download": ["pdf"], "report_chart": ["reasons"]}.get(name, [])
    client.force_login(other_commissioner)

    assert client.get(reverse(f"reporting:{name}", args=[ready_report.pk, *args])).status_code == 404
    assert not AuditEvent.objects.filter(action="report.download").exists()


def test_people_without_a_report_role_are_refused(ready_report, mentor, approver, client):
    for person in (mentor, approver):
        client.force_login(person)
        assert client.get(reverse("reporting:reports")).status_code == 403
        assert client.get(reverse("reporting:report", args=[ready_report.pk])).status_code == 403


def test_a_commissioner_never_sees_the_staff_version(scheme, staff, commissioner, client):
    exact = report_request(by=staff, period=QUARTER, schemes=[scheme], unsuppressed=True)
    client.force_login(commissioner)

    assert client.get(reverse("reporting:report", args=[exact.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("reporting:report", args=[exact.pk])).status_code == 200


def test_someone_who_lost_the_role_reaches_nothing(ready_report, commissioner, client):
    commissioner.scheme_memberships.all().delete()
    client.force_login(commissioner)

    assert client.get(reverse("reporting:report", args=[ready_report.pk])).status_code == 403


def test_monitoring_return_page_hides_small_counts_from_commissioners_and_records_downloads(
    scheme, commissioner, staff, client
):
    for _ in range(3):
        MenteeFactory(scheme=scheme)
    url = reverse("reporting:monitoring_return", args=[scheme.slug, "2026-27-Q3"])
    client.force_login(commissioner)

    page = client.get(url).content.decode()
    download = client.get(url, {"format": "csv"})

    assert '<code>mentees_waiting_at_quarter_end</code></th><td class="nhsuk-table__cell">*</td>' in page
    assert b"mentees_waiting_at_quarter_end,*" in download.content
    event = AuditEvent.objects.get(action="monitoring_return.download")
    assert event.detail == {"period": "2026/27-Q3", "format": "csv", "suppressed": True}
    client.force_login(staff)
    assert b"mentees_waiting_at_quarter_end,3" in client.get(url, {"format": "csv"}).content


def test_monitoring_return_of_another_scheme_is_a_404(other_scheme, commissioner, client):
    client.force_login(commissioner)
    url = reverse("reporting:monitoring_return", args=[other_scheme.slug, "2025-26-Q2"])
    assert client.get(url).status_code == 404


def test_the_report_list_query_count_does_not_grow_with_reports(
    scheme, commissioner, client, django_assert_max_num_queries
):
    client.force_login(commissioner)
    for _ in range(2):
        report_request(by=commissioner, period=QUARTER, schemes=[scheme])
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("reporting:reports"))
    for _ in range(10):
        report_request(by=commissioner, period=QUARTER, schemes=[scheme])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reporting:reports"))
