"""The financial ledger: actual spend to the penny, month by month, and a forecast that follows the profile."""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEvent
from claims.models import ClaimLine, LineStatus
from claims.services import spend_profile_set
from reporting.ledger import COLUMNS, ledger
from schemes.models import SchemeYear
from schemes.services import financial_year_for
from tests.factories.mentoring import MentorFactory
from tests.factories.reporting import spent_lines
from tests.factories.schemes import SchemeFactory

D = datetime.date
RATE = Decimal("289.00")
PROFILE = [
    Decimal(amount)
    for amount in ("1000.00", "1500.50", "2000.00", "2000.00", "2500.25", "2500.00")
    + ("3000.00", "3000.00", "2500.00", "2000.00", "1500.00", "1000.01")
]


def a_year_of_lines(mentor):
    """Approved and paid lines in every month, with lines that must not count: submitted, rejected,
    removed, and dated outside the year; a paid line reversed in November; odd pence in March."""
    lines = []
    for offset in range(12):
        month = D(2025 + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
        for week in range(offset % 4 + 1):
            status = LineStatus.PAID if week % 2 else LineStatus.APPROVED
            lines.append((month + datetime.timedelta(days=7 * week), RATE, status))
    lines += [
        (D(2025, 5, 20), RATE, LineStatus.SUBMITTED),
        (D(2025, 6, 20), RATE, LineStatus.REJECTED),
        (D(2025, 7, 20), RATE, LineStatus.REMOVED),
        (D(2025, 3, 31), RATE, LineStatus.PAID),
        (D(2026, 4, 1), RATE, LineStatus.APPROVED),
        (D(2025, 11, 25), -RATE, LineStatus.APPROVED),
        (D(2026, 3, 30), Decimal("0.07"), LineStatus.APPROVED),
    ]
    return spent_lines(mentor, lines)


@pytest.fixture
def scheme_with_a_year(db):
    scheme = SchemeFactory(slug="hub")
    SchemeYear.objects.create(
        scheme=scheme, financial_year=financial_year_for(start_year=2025), allocation=Decimal("30000.00")
    )
    spend_profile_set(scheme_year=scheme.years.get(), amounts=PROFILE, by=None)
    a_year_of_lines(MentorFactory(scheme=scheme))
    return scheme


def expected_actuals(scheme):
    """Summed here in Python from the lines, to check the database's sums."""
    actuals = []
    for offset in range(12):
        month = D(2025 + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
        lines = ClaimLine.objects.filter(
            scheme=scheme, status__in=["approved", "paid"], date__year=month.year, date__month=month.month
        )
        actuals.append(sum((line.amount for line in lines), Decimal("0.00")))
    return actuals


def test_actual_matches_the_lines_to_the_penny_and_the_forecast_follows_the_profile(scheme_with_a_year):
    frame = ledger(scheme_with_a_year, "2025/26")

    assert list(frame.columns) == COLUMNS
    assert list(frame["period"]) == [f"{2025 + (3 + n) // 12}-{(3 + n) % 12 + 1:02d}" for n in range(12)]
    assert list(frame["actual"]) == expected_actuals(scheme_with_a_year)
    assert all(isinstance(value, Decimal) for column in COLUMNS[1:] for value in frame[column])
    november = frame.set_index("period").loc["2025-11"]
    assert november["actual"] == 4 * RATE  # eight months in: four weeks, the reversal cancelling its paid line
    march = frame.set_index("period").loc["2026-03"]
    assert march["actual"] == RATE * 4 + Decimal("0.07")
    for index in range(12):
        row = frame.iloc[index]
        assert row["allocation"] == Decimal("30000.00")
        assert row["profiled"] == PROFILE[index]
        assert row["ytd_profiled"] == sum(PROFILE[: index + 1], Decimal("0"))
        assert row["ytd_actual"] == sum(frame["actual"][: index + 1], Decimal("0"))
        assert row["variance"] == row["ytd_actual"] - row["ytd_profiled"]
        assert row["forecast_outturn"] == row["ytd_actual"] + sum(PROFILE[index + 1 :], Decimal("0"))
    assert frame.iloc[-1]["forecast_outturn"] == frame.iloc[-1]["ytd_actual"]


def test_ledger_command_writes_pence_exactly(scheme_with_a_year, tmp_path):
    output = tmp_path / "ledger.csv"
    call_command("ledger", "hub", "2025/26", "--output", str(output))

    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    assert rows[0] == {
        "period": "2025-04",
        "allocation": "30000.00",
        "profiled": "1000.00",
        "actual": "289.00",
        "ytd_profiled": "1000.00",
        "ytd_actual": "289.00",
        "variance": "-711.00",
        "forecast_outturn": f"{289 + sum(PROFILE[1:])}",
    }
    assert rows[-1]["actual"] == "1156.07"

    call_command("ledger", "hub", "2025/26", "--output", str(tmp_path / "ledger.xlsx"))
    sheet = pd.read_excel(tmp_path / "ledger.xlsx", sheet_name="Ledger")
    assert list(sheet.columns) == COLUMNS
    assert sheet.iloc[-1]["actual"] == pytest.approx(1156.07)


def test_career_conversation_schemes_have_a_row_a_quarter(db):
    scheme = SchemeFactory(kind="career_conversations")
    SchemeYear.objects.create(
        scheme=scheme, financial_year=financial_year_for(start_year=2025), allocation=Decimal("1200.00")
    )
    spent_lines(
        MentorFactory(scheme=scheme),
        [(D(2025, 5, 5), RATE, LineStatus.APPROVED), (D(2025, 8, 5), RATE, LineStatus.PAID)],
    )

    frame = ledger(scheme, "2025/26")

    assert list(frame["period"]) == ["2025/26-Q1", "2025/26-Q2", "2025/26-Q3", "2025/26-Q4"]
    assert list(frame["actual"]) == [RATE, RATE, Decimal("0.00"), Decimal("0.00")]
    assert list(frame["profiled"]) == [Decimal("300.00")] * 4  # no profile: the allocation spread evenly


def test_a_thousand_sessions_total_to_the_penny(db):
    scheme = SchemeFactory()
    mentor = MentorFactory(scheme=scheme)
    spent_lines(
        mentor, [(D(2025, 4, 1) + datetime.timedelta(days=n % 30), RATE, LineStatus.APPROVED) for n in range(1000)]
    )

    frame = ledger(scheme, "2025/26")

    assert f"{frame.iloc[0]['actual']}" == "289000.00"
    assert frame.iloc[-1]["ytd_actual"] == Decimal("289000.00")


def test_ledger_page_for_the_commissioner_and_a_404_for_another_scheme(scheme_with_a_year, client, db):
    from accounts.permissions import Role
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    commissioner = with_mfa(SchemeMembershipFactory(scheme=scheme_with_a_year, role=Role.COMMISSIONER).user)
    outsider = with_mfa(SchemeMembershipFactory(role=Role.COMMISSIONER).user)
    url = reverse("reporting:ledger", args=["hub", "2025-26"])
    client.force_login(commissioner)

    page = client.get(url).content.decode()
    download = client.get(url, {"format": "csv"})

    assert '<th scope="row" class="nhsuk-table__header">2026-03</th>' in page and "1156.07" in page
    assert download.content.decode().splitlines()[0] == ",".join(COLUMNS)
    assert AuditEvent.objects.filter(action="ledger.download", actor=commissioner).count() == 1
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_xlsx_holds_every_amount_to_the_penny(scheme_with_a_year, tmp_path):
    from openpyxl import load_workbook

    from reporting.ledger import ledger_xlsx

    frame = ledger(scheme_with_a_year, "2025/26")
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(ledger_xlsx(frame))

    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    assert header == COLUMNS
    for row_number, (_, expected) in enumerate(frame.iterrows(), start=2):
        row = dict(zip(header, sheet[row_number], strict=True))
        assert row["period"].value == expected["period"]
        for column in COLUMNS[1:]:
            assert Decimal(str(row[column].value)) == expected[column]
            assert row[column].number_format == "#,##0.00"
    march = {name: cell.value for name, cell in zip(header, sheet[13], strict=True)}
    assert Decimal(str(march["actual"])) == Decimal("1156.07")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    stored = re.findall(r'<c r="([B-H])13"[^>]*><v>([^<]*)</v>', xml)
    assert [Decimal(text) for _, text in stored] == list(frame.iloc[11][COLUMNS[1:]])


def test_a_reversal_counts_when_it_was_made_and_leaves_a_submitted_year_alone(db):
    """A paid line of March 2025 reversed in May 2025: 2024/25's ledger is as it was submitted; the
    reversal is spend (negative) in May 2025."""
    from accounts.permissions import Role
    from claims.services import line_reverse
    from tests.factories.schemes import SchemeMembershipFactory

    scheme = SchemeFactory()
    staff = SchemeMembershipFactory(scheme=scheme, role=Role.STAFF).user
    [line] = spent_lines(MentorFactory(scheme=scheme), [(D(2025, 3, 10), RATE, LineStatus.PAID)])
    submitted = ledger(scheme, "2024/25").set_index("period")
    assert submitted.loc["2025-03", "actual"] == RATE

    reversed_at = datetime.datetime(2025, 5, 31, 23, 30, tzinfo=datetime.UTC)  # 1 June in London
    reversal = line_reverse(line=line, by=staff, reason="Paid twice")
    ClaimLine.objects.filter(pk=reversal.pk).update(decided_at=reversed_at)

    after = ledger(scheme, "2024/25").set_index("period")
    assert after.loc["2025-03", "actual"] == RATE
    assert after.loc["2025-03", "ytd_actual"] == RATE
    this_year = ledger(scheme, "2025/26").set_index("period")
    assert this_year.loc["2025-06", "actual"] == -RATE
    assert this_year.loc["2025-05", "actual"] == Decimal("0.00")
    assert this_year.iloc[-1]["ytd_actual"] == -RATE
