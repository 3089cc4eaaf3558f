"""`manage.py import_mentees SCHEME_SLUG FILE`: the same import as the admin's, from a shell."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent
from mentoring.imports.mentees import COLUMN_NAMES
from mentoring.models import Mentee
from surveys.models import Response
from tests.mentoring.spreadsheets import csv_content, mentee_row, practice, xlsx_content


@pytest.fixture
def surgery(db):
    return practice()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_mentees", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_command_imports_a_good_file_and_says_how_many(tmp_path, scheme, staff, surgery):
    file = tmp_path / "mentees.xlsx"
    file.write_bytes(xlsx_content([mentee_row(1), mentee_row(2), mentee_row(3)], COLUMN_NAMES))

    out, err = run(scheme.slug, str(file), "--by", "ALICE@hub.nhs.uk")

    assert out.strip() == "Imported 3 mentees into Cheshire and Merseyside GP Mentoring"
    assert err == ""
    assert Mentee.objects.filter(scheme=scheme).count() == 3
    assert Response.objects.filter(code="pss10", score=24).count() == 3
    assert AuditEvent.objects.get(action="mentee.import").actor == staff


@pytest.mark.django_db
def test_command_prints_every_problem_without_personal_data_and_imports_nothing(tmp_path, scheme, surgery):
    file = tmp_path / "mentees.csv"
    rows = [
        mentee_row(1),
        mentee_row(2, email="MENTEE1@nhs.net", ethnicity="Cornish"),
        mentee_row(3, first_name="", practice_ods_code="Z99999", pss10_answers="4;4;4;4;4;4;4;4;4"),
        mentee_row(4, wlb_before="11", reasons="my divorce"),
    ]
    file.write_bytes(csv_content(rows, COLUMN_NAMES))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 7 problems in mentees.csv"):
        call_command("import_mentees", scheme.slug, str(file), stdout=io.StringIO(), stderr=err)

    printed = err.getvalue()
    lines = printed.splitlines()
    assert lines[0] == "Row 3, email: is also on row 2"
    assert lines[1].startswith("Row 3, ethnicity: is not one we know: use one of A (White: British); ")
    assert lines[2:5] == [
        "Row 4, first_name: is empty: enter the mentee's first name",
        "Row 4, practice_ods_code: Z99999 is not a current GP practice in the NHS reference data",
        "Row 4, pss10_answers: give ten answers from 0 to 4, separated by ;",
    ]
    assert lines[5].startswith("Row 5, reasons: is not a reason for mentoring we know: use career_options ")
    assert lines[6:] == ["Row 5, wlb_before: must be a whole number from 1 (very poor) to 10 (excellent)"]
    for personal in ["MENTEE1", "mentee1", "Cornish", "divorce", "Okafor"]:
        assert personal not in printed
    assert not Mentee.objects.exists()


@pytest.mark.django_db
def test_command_refuses_an_unknown_scheme_or_user(tmp_path, scheme):
    file = tmp_path / "mentees.csv"
    file.write_bytes(csv_content([mentee_row(1)], COLUMN_NAMES))

    with pytest.raises(CommandError, match="No scheme has the slug 'nowhere'"):
        run("nowhere", str(file))
    with pytest.raises(CommandError, match="No user has the email address nobody@nhs.net"):
        run(scheme.slug, str(file), "--by", "nobody@nhs.net")
    with pytest.raises(CommandError, match="Cannot read"):
        run(scheme.slug, str(tmp_path / "missing.csv"))
    assert not Mentee.objects.exists()
