"""A hub that moves onto the service in the autumn: its mentors with their training, mentees,
mentorships and paid claims for April to September, imported from hand-built files, give the
figures of that history in the monitoring returns for Q1 and Q2 and in the year's ledger."""

import csv

import pytest
from django.core.management import call_command

from claims.imports import COLUMN_NAMES as CLAIM_COLUMNS
from mentoring.imports.mentees import COLUMN_NAMES as MENTEE_COLUMNS
from mentoring.imports.mentorships import COLUMN_NAMES as MENTORSHIP_COLUMNS
from tests.mentoring.spreadsheets import csv_content, mentee_row, mentor_row, practice


def write(tmp_path, name, rows, headings=None):
    path = tmp_path / name
    path.write_bytes(csv_content(rows, headings))
    return str(path)


def read_csv(path):
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def imported_history(scheme, staff, tmp_path):
    practice()
    mentors = write(
        tmp_path,
        "mentors.csv",
        [
            mentor_row(
                1,
                approved_on="2025-04-01",
                training_course="ilm5",
                training_started_on="2024-09-01",
                training_completed_on="2025-05-20",
            ),
            mentor_row(
                2,
                approved_on="2025-04-01",
                training_course="ilm5",
                training_started_on="2024-10-01",
                training_completed_on="2025-08-10",
                training_session_dates="2025-06-05;2025-07-03",
            ),
        ],
    )
    mentees = write(
        tmp_path,
        "mentees.csv",
        [mentee_row(n, registered_on="2025-04-02") for n in (1, 2, 3)],
        MENTEE_COLUMNS,
    )
    ongoing = {"status": "active", "ended_on": "", "reasons_addressed": "", "wlb_after": ""}
    mentorships = write(
        tmp_path,
        "mentorships.csv",
        [
            {
                "mentee_email": "mentee1@nhs.net",
                "mentor_gmc_number": "7000001",
                "status": "completed",
                "sessions": "2025-04-10:60;2025-05-08:60;2025-06-12:60",
                "ended_on": "2025-06-12",
                "wlb_after": "7",
            },
            {"mentee_email": "mentee2@nhs.net", "mentor_gmc_number": "7000001", "sessions": "2025-05-15:60", **ongoing},
            {
                "mentee_email": "mentee3@nhs.net",
                "mentor_gmc_number": "7000002",
                "sessions": "2025-07-10:60;2025-08-07:45",
                **ongoing,
            },
        ],
        MENTORSHIP_COLUMNS,
    )

    def paid(gmc, kind, date, paid_on, status="paid"):
        return {
            "gmc_number": gmc,
            "kind": kind,
            "date": date,
            "amount": "289.00",
            "status": status,
            "paid_on": paid_on,
            "reference": "",
        }

    claims = write(
        tmp_path,
        "claims.csv",
        [
            paid("7000001", "mentoring_session", "2025-04-10", "2025-05-15"),
            paid("7000001", "mentoring_session", "2025-05-08", "2025-06-15"),
            paid("7000001", "mentoring_session", "2025-05-15", "2025-06-15"),
            paid("7000001", "mentoring_session", "2025-06-12", "2025-07-15"),
            paid("7000002", "training_session", "2025-06-05", "2025-07-15"),
            paid("7000002", "training_session", "2025-07-03", "2025-08-15"),
            paid("7000002", "mentoring_session", "2025-07-10", "", status="approved"),
        ],
        CLAIM_COLUMNS,
    )
    for command, path in [
        ("import_mentors", mentors),
        ("import_mentees", mentees),
        ("import_mentorships", mentorships),
        ("import_claims", claims),
    ]:
        call_command(command, scheme.slug, path, by=staff.email)
    return scheme


def test_the_monitoring_returns_give_the_imported_history(imported_history, tmp_path):
    figures = {}
    for quarter in ("2025/26-Q1", "2025/26-Q2"):
        output = tmp_path / f"{quarter.replace('/', '-')}.csv"
        call_command("monitoring_return", imported_history.slug, quarter, output=str(output))
        figures[quarter] = {row["metric"]: row["value"] for row in read_csv(output)}

    q1, q2 = figures["2025/26-Q1"], figures["2025/26-Q2"]
    assert (q1["mentors_trained_in_quarter"], q1["mentors_trained_year_to_date"]) == ("1", "1")
    assert (q2["mentors_trained_in_quarter"], q2["mentors_trained_year_to_date"]) == ("1", "2")
    assert (q1["matches_registered_in_quarter"], q1["matches_registered_year_to_date"]) == ("2", "2")
    assert (q2["matches_registered_in_quarter"], q2["matches_registered_year_to_date"]) == ("1", "3")
    assert q1["active_mentors_at_quarter_end"] == q2["active_mentors_at_quarter_end"] == "2"
    assert (q1["mentees_waiting_at_quarter_end"], q2["mentees_waiting_at_quarter_end"]) == ("1", "0")


def test_the_ledger_gives_the_imported_spend(imported_history, tmp_path):
    output = tmp_path / "ledger.csv"

    call_command("ledger", imported_history.slug, "2025/26", output=str(output))

    rows = {row["period"]: row for row in read_csv(output)}
    actual = [rows[month]["actual"] for month in ("2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09")]
    assert actual == ["289.00", "578.00", "578.00", "578.00", "0.00", "0.00"]
    assert rows["2025-09"]["ytd_actual"] == "2023.00"
    assert rows["2026-03"]["ytd_actual"] == "2023.00"
