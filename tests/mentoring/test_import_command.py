"""`manage.py import_mentors SCHEME_SLUG FILE`: the same import as the admin's, from a shell."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEvent
from mentoring.models import Mentor
from tests.mentoring.spreadsheets import csv_content, mentor_row, practice, xlsx_content


@pytest.fixture
def surgery(db):
    return practice()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_mentors", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_command_imports_a_good_file_and_says_how_many(tmp_path, scheme, surgery):
    file = tmp_path / "mentors.csv"
    file.write_bytes(csv_content([mentor_row(1), mentor_row(2), mentor_row(3)]))

    out, err = run(scheme.slug, str(file))

    assert out.strip() == "Imported 3 mentors into Cheshire and Merseyside GP Mentoring"
    assert err == ""
    assert Mentor.objects.filter(scheme=scheme).count() == 3


@pytest.mark.django_db
def test_command_imports_xlsx_and_audits_the_named_staff_member(tmp_path, scheme, staff, surgery):
    file = tmp_path / "mentors.xlsx"
    file.write_bytes(xlsx_content([mentor_row(1)]))

    out, _ = run(scheme.slug, str(file), "--by", "ALICE@hub.nhs.uk")

    assert "Imported 1 mentors" in out
    assert AuditEvent.objects.get(action="mentor.create").actor == staff


@pytest.mark.django_db
def test_command_prints_every_problem_fails_and_imports_nothing(tmp_path, scheme, surgery):
    file = tmp_path / "mentors.csv"
    rows = [mentor_row(1), mentor_row(2, gmc_number="12345"), mentor_row(3, practice_ods_code="Z99999")]
    file.write_bytes(csv_content(rows))
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems in mentors.csv"):
        call_command("import_mentors", scheme.slug, str(file), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "Row 3, gmc_number: must be 7 digits, like 1234567",
        "Row 4, practice_ods_code: Z99999 is not a current GP practice in the NHS reference data",
    ]
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_command_output_leaves_out_email_addresses_and_gmc_numbers(tmp_path, scheme, surgery):
    """What a terminal prints ends up in logs: the row and column say where to look, not whose it is."""
    file = tmp_path / "mentors.csv"
    rows = [mentor_row(1), mentor_row(2, email="Mentor1@nhs.net", gmc_number="7000001"), mentor_row(3, email="x@")]
    file.write_bytes(csv_content(rows))
    err = io.StringIO()

    with pytest.raises(CommandError, match="3 problems"):
        call_command("import_mentors", scheme.slug, str(file), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == [
        "Row 3, email: is also on row 2",
        "Row 3, gmc_number: is also the GMC number on row 2",
        "Row 4, email: is not an email address, like name@nhs.net",
    ]


@pytest.mark.django_db
def test_command_refuses_an_unknown_scheme_file_or_user(tmp_path, scheme):
    file = tmp_path / "mentors.csv"
    file.write_bytes(csv_content([mentor_row(1)]))

    with pytest.raises(CommandError, match="No scheme has the slug 'nowhere'"):
        run("nowhere", str(file))
    with pytest.raises(CommandError, match="Cannot read"):
        run(scheme.slug, str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="No user has the email address nobody@nhs.net"):
        run(scheme.slug, str(file), "--by", "nobody@nhs.net")
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_command_failure_exits_non_zero_from_the_shell(tmp_path, scheme, surgery):
    """manage.py turns a CommandError into this exit status."""
    file = tmp_path / "mentors.csv"
    file.write_bytes(csv_content([mentor_row(1, role="")]))

    with pytest.raises(CommandError) as failure:
        call_command("import_mentors", scheme.slug, str(file), stderr=io.StringIO())

    assert failure.value.returncode == 1
