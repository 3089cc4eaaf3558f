"""Mentor and mentee spreadsheets as a hub would send them, for the import tests."""

import csv
import io

import openpyxl

from mentoring.imports.mentors import COLUMN_NAMES
from schemes.models import Organisation
from tests.factories.schemes import OrganisationFactory

PRACTICE_CODE = "A81001"


# A mentor's training columns: a completed ILM 5 course with three sessions attended.
TRAINING = {
    "training_course": "ilm5",
    "training_started_on": "2024-09-01",
    "training_completed_on": "2025-06-30",
    "training_session_dates": "2024-09-12;2024-10-10;2024-11-14",
}


def practice():
    return OrganisationFactory(kind=Organisation.Kind.PRACTICE, code=PRACTICE_CODE, name="Hoylake Road Surgery")


def mentor_row(n=1, **overrides):
    """A good row; n keeps the email and GMC number unique across a file."""
    row = {
        "first_name": "Priya",
        "last_name": f"Shah {n}",
        "email": f"mentor{n}@nhs.net",
        "gmc_number": f"{7000000 + n}",
        "practice_ods_code": PRACTICE_CODE,
        "role": "gp_partner",
        "clinical_sessions_per_week": "6",
        "status": "active",
        "approved_on": "2025-09-01",
        "capacity": "6",
        "focus_areas": "leadership;wellbeing",
        "gender": "female",
        "age_band": "40_44",
        "ethnicity": "H",
    }
    return {**row, **overrides}


def mentee_row(n=1, **overrides):
    """A good mentee row with every column filled in; n keeps the email unique across a file."""
    row = {
        "first_name": "Sam",
        "last_name": f"Okafor {n}",
        "email": f"mentee{n}@nhs.net",
        "role": "salaried_gp",
        "career_stage": "early_mid_career",
        "gp_fellow": "no",
        "practice_ods_code": PRACTICE_CODE,
        "registered_on": "2025-07-01",
        "age_band": "35_39",
        "gender": "female",
        "ethnicity": "N",
        "reasons": "work_life_balance;workload",
        "changes_considered": "reduce_hours;change_role",
        "intends_to_leave": "yes",
        "pss10_answers": "2;3;1;1;2;3;1;2;3;2",
        "wlb_before": "4",
    }
    return {**row, **overrides}


def csv_content(rows, headings=None):
    headings = headings or COLUMN_NAMES
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headings, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_content(rows, headings=None):
    headings = headings or COLUMN_NAMES
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headings)
    for row in rows:
        sheet.append([row.get(heading) for heading in headings])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
