"""Claim lines approved or paid before the move onto the service: every column rule by row and column,
all or nothing, and imported lines taking part in every claims rule (the week, the training cap, the
career fund)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.imports import COLUMN_NAMES, claims_import, template_csv
from claims.models import Claim, ClaimLine, LineKind, LineStatus
from claims.selectors import month_evidence
from claims.services import claim_open_month, fund_left
from mentoring.models import TrainingRecord
from mentoring.services.training import training_record_save
from schemes.models import Organisation, Scheme
from tests.conftest import with_mfa
from tests.factories.claims import claiming_mentor, held, mentorship_of, mondays, past_month, trained
from tests.factories.schemes import OrganisationFactory
from tests.mentoring.spreadsheets import csv_content, xlsx_content

GMC = "1234567"


@pytest.fixture
def paid_mentor(scheme):
    return claiming_mentor(scheme, gmc_number=GMC)


def line(**overrides):
    row = {
        "gmc_number": GMC,
        "practice_ods_code": "",
        "kind": "mentoring_session",
        "date": "2025-07-03",
        "amount": "289.00",
        "status": "paid",
        "paid_on": "2025-08-15",
        "reference": "JUL25-017",
    }
    return {**row, **overrides}


def import_lines(scheme, rows, by=None, headings=None, file_name="claims.csv"):
    content = csv_content(rows, headings or COLUMN_NAMES)
    return claims_import(scheme=scheme, file_name=file_name, content=content, by=by)


def messages(result):
    return [str(problem) for problem in result.errors]


def test_a_good_file_records_paid_and_approved_lines_marked_imported(scheme, paid_mentor, staff):
    result = import_lines(
        scheme,
        [
            line(),
            line(date="2025-07-10", status="approved", paid_on="", reference=""),
            line(kind="Mentor training session", date="2025-06-02", amount="£289"),
        ],
        by=staff,
    )

    assert result.ok, messages(result)
    assert result.created == 3
    lines = list(ClaimLine.objects.order_by("date"))
    assert [(x.kind, x.status, x.amount, x.imported) for x in lines] == [
        (LineKind.TRAINING_SESSION, LineStatus.PAID, Decimal("289.00"), True),
        (LineKind.MENTORING_SESSION, LineStatus.PAID, Decimal("289.00"), True),
        (LineKind.MENTORING_SESSION, LineStatus.APPROVED, Decimal("289.00"), True),
    ]
    assert lines[1].reference == "JUL25-017"
    assert lines[1].week_start == datetime.date(2025, 6, 30)
    assert lines[1].paid_on == datetime.date(2025, 8, 15)
    assert lines[1].batch is None and lines[0].training_session is None
    july = Claim.objects.get(month=datetime.date(2025, 7, 1))
    assert july.imported and july.mentor == paid_mentor and july.lines.count() == 2
    assert july.status == Claim.Status.APPROVED  # one line still to be paid
    assert Claim.objects.get(month=datetime.date(2025, 6, 1)).status == Claim.Status.PAID


def test_an_excel_workbook_with_date_cells_is_read(scheme, paid_mentor):
    row = line(date=datetime.datetime(2025, 7, 3), paid_on=datetime.datetime(2025, 8, 15), amount=289.5)
    content = xlsx_content([row], COLUMN_NAMES)

    result = claims_import(scheme=scheme, file_name="claims.xlsx", content=content, by=None)

    assert result.ok, messages(result)
    assert ClaimLine.objects.get().amount == Decimal("289.50")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"gmc_number": ""}, "Row 2, gmc_number: is empty: enter the GMC number of the mentor the line paid"),
        ({"gmc_number": "12345"}, "Row 2, gmc_number: 12345 must be 7 digits, like 1234567"),
        (
            {"gmc_number": "7654321"},
            "Row 2, gmc_number: 7654321 is not the GMC number of a mentor on this scheme: import the mentor first",
        ),
        ({"practice_ods_code": "A81001"}, "Row 2, practice_ods_code: must be empty: only career-need funding"),
        ({"kind": ""}, "Row 2, kind: is empty: use one of mentoring_session"),
        ({"kind": "reversal"}, "Row 2, kind: reversal is not one we know"),
        ({"date": ""}, "Row 2, date: is empty: enter a date like 2025-07-03"),
        ({"date": "3rd July"}, "Row 2, date: 3rd July is not a date"),
        ({"date": "2099-01-01", "paid_on": ""}, "Row 2, date: 01/01/2099 is in the future"),
        ({"amount": ""}, "Row 2, amount: is empty: enter the amount in pounds and pence"),
        ({"amount": "289.005"}, "Row 2, amount: 289.005 is not an amount in pounds and pence"),
        ({"amount": "-289"}, "Row 2, amount: -289 is not an amount in pounds and pence"),
        ({"amount": "0.00"}, "Row 2, amount: must be more than £0.00"),
        ({"status": ""}, "Row 2, status: is empty: use one of approved (Approved); paid (Paid)"),
        ({"status": "submitted"}, "Row 2, status: submitted is not one we know"),
        ({"paid_on": ""}, "Row 2, paid_on: is empty: enter the date the line was paid"),
        ({"status": "approved"}, "Row 2, paid_on: must be empty for a line approved and not yet paid"),
        ({"paid_on": "2025-07-01"}, "Row 2, paid_on: 01/07/2025 is before the line's date, 03/07/2025"),
        ({"paid_on": "2099-01-01"}, "Row 2, paid_on: 01/01/2099 is in the future"),
        ({"reference": "x" * 101}, "Row 2, reference: is longer than 100 characters"),
    ],
)
def test_each_column_rule_names_the_row_and_column(scheme, paid_mentor, overrides, expected):
    result = import_lines(scheme, [line(**overrides)])

    assert not result.ok
    assert any(message.startswith(expected) for message in messages(result)), messages(result)
    assert not ClaimLine.objects.exists()


def test_funding_lines_name_the_practice_not_a_mentor(scheme, paid_mentor):
    OrganisationFactory(kind=Organisation.Kind.PRACTICE, code="A81001", name="Hoylake Road Surgery")
    Scheme.objects.filter(pk=scheme.pk).update(career_fund=Decimal("1000.00"))
    funding = {"kind": "career_need_funding", "gmc_number": "", "practice_ods_code": "A81001", "amount": "600"}

    refused = import_lines(
        scheme,
        [
            line(**funding),
            line(**{**funding, "gmc_number": GMC}),
            line(**{**funding, "practice_ods_code": ""}),
            line(**{**funding, "amount": "500"}),
        ],
    )
    done = import_lines(scheme, [line(**funding)])

    assert messages(refused) == [
        "Row 3, gmc_number: must be empty for career-need funding, which is paid to the practice",
        "Row 4, practice_ods_code: must be the practice's ODS code: a capital letter and 5 digits, like A81001",
        "Row 5, amount: takes the career fund of £1,000.00 past its total, with the funding already applied for "
        "and the earlier rows",
    ]
    assert done.ok, messages(done)
    funding_line = ClaimLine.objects.get()
    assert funding_line.claim.kind == Claim.Kind.FUNDING and funding_line.claim.claimant is None
    assert funding_line.claim.practice.code == "A81001"
    assert fund_left(Scheme.objects.get(pk=scheme.pk)) == Decimal("400.00")


def test_funding_needs_a_career_fund(scheme):
    OrganisationFactory(kind=Organisation.Kind.PRACTICE, code="A81001", name="Hoylake Road Surgery")
    row = line(kind="career_need_funding", gmc_number="", practice_ods_code="A81001")

    assert messages(import_lines(scheme, [row])) == [
        "Row 2, kind: This scheme has no career fund set, so career-need funding cannot be imported. "
        "Set the fund in the scheme's settings"
    ]


def test_two_mentoring_lines_in_one_iso_week_are_refused(scheme, paid_mentor):
    result = import_lines(scheme, [line(date="2025-06-30"), line(date="2025-07-06", reference="")])

    assert messages(result) == [
        "Row 3, date: 06/07/2025 is in the same week (2025-W27) as this mentor's mentoring line on row 2: "
        "one mentoring session a week is paid"
    ]
    assert not ClaimLine.objects.exists()


def test_a_week_claimed_on_the_service_is_refused(scheme, paid_mentor):
    assert import_lines(scheme, [line()]).ok

    result = import_lines(scheme, [line(date="2025-07-04")])

    assert messages(result) == [
        "Row 2, date: 04/07/2025 is in a week (2025-W27) already claimed for this mentor on the service"
    ]
    assert ClaimLine.objects.count() == 1


def test_after_importing_a_paid_week_the_mentors_claim_does_not_offer_it(scheme):
    mentor = claiming_mentor(scheme, gmc_number=GMC)
    mentorship = mentorship_of(mentor)
    month = past_month()
    week_1, week_2 = mondays(month)[:2]
    held(mentorship, week_1)
    held(mentorship, week_2)
    paid = line(date=f"{week_1 + datetime.timedelta(days=2):%Y-%m-%d}", paid_on=f"{week_2:%Y-%m-%d}")
    assert import_lines(scheme, [paid]).ok, "imported"

    claim = claim_open_month(mentor=mentor, month=month, by=mentor.user)

    offered = claim.lines.filter(status=LineStatus.DRAFT)
    assert [(x.kind, x.week_start) for x in offered] == [(LineKind.MENTORING_SESSION, week_2)]


def test_imported_training_lines_count_towards_the_cap_of_four(scheme):
    mentor = claiming_mentor(scheme, gmc_number=GMC)
    mentor.mentorship = mentorship_of(mentor)
    month = past_month()
    days = [month + datetime.timedelta(days=n) for n in range(4)]
    trained(mentor, *days)
    training = {"kind": "training_session", "reference": ""}
    too_many = [line(date=f"2025-05-{day:02d}", **training) for day in (1, 2, 3, 4, 5)]

    refused = import_lines(scheme, too_many)
    three = import_lines(
        scheme,
        [line(date=f"{days[0]:%Y-%m-%d}", paid_on="", status="approved", **training)]
        + [line(date=f"2025-05-{day:02d}", **training) for day in (1, 2)],
    )

    assert messages(refused) == [
        "Row 6, kind: takes this mentor past the 4 training sessions the scheme pays for in all "
        "(counting lines already claimed and earlier rows)"
    ]
    assert three.ok, messages(three)
    # The line dated on a recorded training day holds that day's session; one more is paid, no more.
    evidence = month_evidence(mentor, month)
    assert [(x.kind, x.date) for x in evidence.lines] == [(LineKind.TRAINING_SESSION, days[1])], evidence.held_back
    assert "at most 4 training sessions" in evidence.held_back[0]


def all_rows():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_file_with_one_bad_row_changes_nothing(scheme, paid_mentor, staff):
    before = all_rows()

    result = import_lines(
        scheme, [line(), line(date="2025-07-10", reference=""), line(date="2025-07-17", amount="lots")], by=staff
    )

    assert messages(result) == ["Row 4, amount: lots is not an amount in pounds and pence, like 289.00"]
    assert all_rows() == before


def test_another_schemes_mentor_is_unknown(scheme, other_scheme):
    claiming_mentor(other_scheme, gmc_number=GMC)

    assert messages(import_lines(scheme, [line()])) == [
        f"Row 2, gmc_number: {GMC} is not the GMC number of a mentor on this scheme: import the mentor first"
    ]


def test_the_command_prints_problems_without_gmc_numbers(scheme, paid_mentor, tmp_path, capsys):
    bad = tmp_path / "claims.csv"
    bad.write_bytes(csv_content([line(gmc_number="7654321")], COLUMN_NAMES))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_content([line()], COLUMN_NAMES))

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem in claims.csv"):
        call_command("import_claims", scheme.slug, str(bad))
    printed = capsys.readouterr().err
    call_command("import_claims", scheme.slug, str(good))

    assert "Row 2, gmc_number: is not the GMC number of a mentor on this scheme" in printed
    assert "7654321" not in printed
    assert "Imported 1 claim lines" in capsys.readouterr().out
    assert ClaimLine.objects.get().imported


def test_the_admin_offers_a_template_and_imports_into_staffs_own_scheme(client, scheme, paid_mentor, staff):
    client.force_login(staff)

    template = client.get(reverse("admin:claims_claimline_import_template"))
    page = client.get(reverse("admin:claims_claimline_import"))
    upload = csv_content([line()], COLUMN_NAMES)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:claims_claimline_import"),
        {"scheme": scheme.pk, "file": SimpleUploadedFile("claims.csv", upload, content_type="text/csv")},
    )

    assert template.status_code == 200
    assert template.content.decode() == template_csv()
    assert template.content.decode().splitlines()[0] == ",".join(COLUMN_NAMES)
    assert b"Import claim lines" in page.content
    assert response.status_code == 302
    assert ClaimLine.objects.get().imported


def test_another_schemes_staff_cannot_import_into_this_scheme(client, scheme, paid_mentor, other_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(other_staff)
    response = client.post(
        reverse("admin:claims_claimline_import"),
        {"scheme": scheme.pk, "file": SimpleUploadedFile("claims.csv", csv_content([line()], COLUMN_NAMES))},
    )

    assert response.status_code == 200
    assert not ClaimLine.objects.exists()


def test_every_column_is_documented_in_the_imports_guide():
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "imports.md").read_text()

    assert all(f"| `{column}` |" in guide for column in COLUMN_NAMES)


def test_imported_claims_show_to_staff_and_to_the_mentor(client, scheme, paid_mentor, staff):
    OrganisationFactory(kind=Organisation.Kind.PRACTICE, code="A81001", name="Hoylake Road Surgery")
    Scheme.objects.filter(pk=scheme.pk).update(career_fund=Decimal("1000.00"))
    funding = line(kind="career_need_funding", gmc_number="", practice_ods_code="A81001", reference="")
    assert import_lines(scheme, [line(), funding]).ok
    month_claim = Claim.objects.get(kind=Claim.Kind.MONTH)
    funding_claim = Claim.objects.get(kind=Claim.Kind.FUNDING)

    client.force_login(staff)
    claims_list = client.get(reverse("admin:claims_claim_changelist"))
    funding_page = client.get(reverse("admin:claims_claim_change", args=[funding_claim.pk]))
    lines_list = client.get(reverse("admin:claims_claimline_changelist"))
    client.force_login(with_mfa(paid_mentor.user))
    mentor_list = client.get(reverse("claims:claims"))
    mentor_claim = client.get(reverse("claims:claim", args=[month_claim.pk]))

    assert claims_list.status_code == funding_page.status_code == lines_list.status_code == 200
    assert "Hoylake Road Surgery" in claims_list.content.decode()
    assert b"Import claim lines" in lines_list.content
    assert mentor_list.status_code == mentor_claim.status_code == 200
    assert "289.00" in mentor_claim.content.decode()


def test_a_facilitators_course_paid_before_the_move_is_not_offered_again_nor_imported_twice(scheme):
    facilitator = claiming_mentor(scheme, gmc_number=GMC)
    month = past_month()
    training_record_save(
        record=TrainingRecord(
            mentor=facilitator,
            course=TrainingRecord.Course.CAREER_CONVERSATION,
            provider="NHS England",
            started_on=month - datetime.timedelta(days=60),
            expected_completion_on=month,
            completed_on=month,
        ),
        by=None,
    )
    course = {"kind": "facilitator_course", "reference": ""}

    twice = import_lines(scheme, [line(date="2025-06-02", **course), line(date="2025-06-09", **course)])
    assert messages(twice) == ["Row 3, kind: repeats this mentor's facilitator course line on row 2"]
    assert import_lines(scheme, [line(date="2025-06-02", **course)]).ok
    again = import_lines(scheme, [line(date="2025-06-09", **course)])
    assert messages(again) == ["Row 2, kind: this mentor's facilitator course time is already claimed on the service"]

    claim = claim_open_month(mentor=facilitator, month=month, by=facilitator.user)
    assert not claim.lines.filter(kind=LineKind.FACILITATOR_COURSE).exists()
