"""Bulk import of mentors from a hub's spreadsheet: every row checked, all imported or none."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from accounts.models import AuditEvent, User
from mentoring.imports import mentors_import
from mentoring.models import Mentor
from schemes.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory, MentorFactory
from tests.factories.schemes import OrganisationFactory
from tests.mentoring.spreadsheets import PRACTICE_CODE, csv_content, mentor_row, practice, xlsx_content

DOCUMENTED_COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "gmc_number",
    "practice_ods_code",
    "role",
    "clinical_sessions_per_week",
    "status",
    "approved_on",
    "capacity",
    "focus_areas",
    "gender",
    "age_band",
    "ethnicity",
    "training_course",
    "training_started_on",
    "training_completed_on",
    "training_session_dates",
]


@pytest.fixture
def surgery(db):
    return practice()


def import_csv(scheme, rows, by=None, headings=None):
    return mentors_import(scheme=scheme, file_name="mentors.csv", content=csv_content(rows, headings), by=by)


def messages(result):
    return [str(problem) for problem in result.errors]


def places(result):
    return [(problem.row, problem.column) for problem in result.errors]


@pytest.mark.django_db
def test_good_csv_imports_every_mentor_with_their_details(scheme, staff, surgery):
    rows = [
        mentor_row(1),
        mentor_row(2, status="applied", approved_on="", capacity="", focus_areas="", gender="", ethnicity=""),
        mentor_row(3, status="in_training", approved_on="15/03/2026", focus_areas="education"),
        mentor_row(4, status="left", clinical_sessions_per_week="1", capacity="", approved_on="2024-04-01"),
        mentor_row(5, status="paused", role="retired_gp", age_band=""),
    ]

    result = import_csv(scheme, rows, by=staff)

    assert result.errors == [] and result.created == 5
    mentors = {mentor.user.email: mentor for mentor in Mentor.objects.filter(scheme=scheme)}
    assert len(mentors) == 5
    first = mentors["mentor1@nhs.net"]
    assert first.user.first_name == "Priya" and first.user.last_name == "Shah 1"
    assert (first.status, first.gmc_number, first.practice, first.role) == ("active", "7000001", surgery, "gp_partner")
    assert (first.clinical_sessions_per_week, first.capacity) == (6, 6)
    assert first.approved_on == datetime.date(2025, 9, 1)
    assert sorted(first.focus_areas.values_list("code", flat=True)) == ["leadership", "wellbeing"]
    assert (first.gender, first.age_band, first.ethnicity) == ("female", "40_44", "H")
    applied = mentors["mentor2@nhs.net"]
    assert (applied.status, applied.approved_on, applied.capacity) == ("applied", None, None)
    assert not applied.focus_areas.exists() and applied.gender == ""
    in_training = mentors["mentor3@nhs.net"]
    assert (in_training.status, in_training.approved_on) == ("in_training", datetime.date(2026, 3, 15))
    assert list(in_training.focus_areas.values_list("code", flat=True)) == ["education"]
    assert mentors["mentor4@nhs.net"].status == "left" and mentors["mentor4@nhs.net"].clinical_sessions_per_week == 1
    assert mentors["mentor5@nhs.net"].role == "retired_gp"


@pytest.mark.django_db
def test_new_mentors_get_an_unverified_account_without_a_password(scheme, staff, surgery):
    import_csv(scheme, [mentor_row(1)], by=staff)

    user = User.objects.get(email="mentor1@nhs.net")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified is False


@pytest.mark.django_db
def test_import_is_audited_as_the_importing_staff_member(scheme, staff, surgery):
    import_csv(scheme, [mentor_row(1), mentor_row(2)], by=staff)

    created = AuditEvent.objects.filter(action="mentor.create", scheme=scheme)
    assert created.count() == 2 and set(created.values_list("actor", flat=True)) == {staff.pk}
    assert AuditEvent.objects.get(action="mentor.import").detail == {"file": "mentors.csv", "created": 2}
    assert AuditEvent.objects.filter(action="user.create", actor=staff).count() == 2


@pytest.mark.django_db
def test_a_mentee_of_the_scheme_without_a_mentor_record_here_is_reused(scheme, surgery):
    MenteeFactory(scheme=scheme, user__email="Already.Here@nhs.net")
    users_before = User.objects.count()

    result = import_csv(scheme, [mentor_row(1, email="already.here@NHS.net")])

    assert result.ok
    assert User.objects.count() == users_before
    assert Mentor.objects.get(scheme=scheme).user.email == "Already.Here@nhs.net"


@pytest.mark.django_db
def test_email_of_a_mentor_already_on_the_scheme_is_refused(scheme, surgery):
    MentorFactory(scheme=scheme, user__email="taken@nhs.net")

    result = import_csv(scheme, [mentor_row(1), mentor_row(2, email="Taken@nhs.net")])

    assert messages(result) == ["Row 3, email: Taken@nhs.net is already a mentor on this scheme"]
    assert Mentor.objects.filter(scheme=scheme).count() == 1


@pytest.mark.django_db
def test_xlsx_with_real_date_and_number_cells_imports(scheme, surgery):
    rows = [
        mentor_row(1, approved_on=datetime.datetime(2025, 10, 2), gmc_number=7000001, capacity=5),
        mentor_row(2, approved_on="02/10/2025", clinical_sessions_per_week=4.0, gender=None, age_band=None),
    ]

    result = mentors_import(scheme=scheme, file_name="Mentors.XLSX", content=xlsx_content(rows), by=None)

    assert result.ok and result.created == 2
    mentor = Mentor.objects.get(scheme=scheme, gmc_number="7000001")
    assert (mentor.approved_on, mentor.capacity) == (datetime.date(2025, 10, 2), 5)
    assert Mentor.objects.get(scheme=scheme, gmc_number="7000002").clinical_sessions_per_week == 4


@pytest.mark.django_db
def test_one_bad_row_among_fifty_imports_nothing_and_names_that_row(scheme, surgery):
    rows = [mentor_row(n) for n in range(1, 51)]
    rows[29]["gmc_number"] = "123456"  # the 30th mentor is on spreadsheet row 31

    result = import_csv(scheme, rows)

    assert result.created == 0
    assert places(result) == [(31, "gmc_number")]
    assert messages(result) == ["Row 31, gmc_number: 123456 must be 7 digits, like 1234567"]
    assert not Mentor.objects.exists()
    assert not User.objects.filter(email__endswith="@nhs.net").exists()


@pytest.mark.django_db
def test_every_bad_row_is_reported(scheme, surgery):
    rows = [
        mentor_row(1, email="not-an-email"),
        mentor_row(2, role="partner"),
        mentor_row(3, clinical_sessions_per_week="2"),
        mentor_row(4, approved_on=""),
        mentor_row(5, capacity="12"),
        mentor_row(6, focus_areas="leadership;juggling"),
        mentor_row(7, approved_on="31/02/2025"),
        mentor_row(8, status="retired"),
        mentor_row(9, first_name="", clinical_sessions_per_week="three"),
        mentor_row(10),
    ]

    result = import_csv(scheme, rows)

    assert places(result) == [
        (2, "email"),
        (3, "role"),
        (4, "clinical_sessions_per_week"),
        (5, "approved_on"),
        (6, "capacity"),
        (7, "focus_areas"),
        (8, "approved_on"),
        (9, "status"),
        (10, "first_name"),
        (10, "clinical_sessions_per_week"),
    ]
    text = "\n".join(messages(result))
    assert "Row 3, role: partner is not one we know: use one of gp_partner (GP partner)" in text
    assert "Row 4, clinical_sessions_per_week: To mentor on this scheme you need to work at least 3" in text
    assert "Row 5, approved_on: is empty: enter the date the mentor was approved" in text
    assert "Row 6, capacity: Mentors on this scheme support between 4 and 8 mentees at once" in text
    assert "Row 7, focus_areas: juggling is not a focus area we know" in text
    assert "Row 8, approved_on: 31/02/2025 is not a date" in text
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_capacity_is_required_for_mentors_on_the_scheme(scheme, surgery):
    result = import_csv(scheme, [mentor_row(1, status="in_training", capacity="")])

    assert messages(result) == ["Row 2, capacity: Mentors on this scheme support between 4 and 8 mentees at once"]


@pytest.mark.django_db
def test_applied_mentor_needs_no_approval_date_but_must_not_have_one(scheme, surgery):
    result = import_csv(scheme, [mentor_row(1, status="applied", approved_on="2025-01-01")])

    assert places(result) == [(2, "approved_on")]


@pytest.mark.django_db
def test_duplicate_gmc_number_within_the_file_is_reported_on_the_later_row(scheme, surgery):
    rows = [mentor_row(1), mentor_row(2), mentor_row(3, gmc_number="7000001")]

    result = import_csv(scheme, rows)

    assert messages(result) == ["Row 4, gmc_number: 7000001 is also the GMC number on row 2"]
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_duplicate_email_within_the_file_is_reported(scheme, surgery):
    result = import_csv(scheme, [mentor_row(1), mentor_row(2, email="MENTOR1@nhs.net")])

    assert messages(result) == ["Row 3, email: MENTOR1@nhs.net is also on row 2"]


@pytest.mark.django_db
def test_gmc_number_already_on_the_scheme_is_refused_but_another_schemes_is_not(scheme, other_scheme, surgery):
    MentorFactory(scheme=scheme, gmc_number="7000002")
    MentorFactory(scheme=other_scheme, gmc_number="7000001")

    result = import_csv(scheme, [mentor_row(1), mentor_row(2)])

    assert messages(result) == ["Row 3, gmc_number: 7000002 is the GMC number of a mentor already on this scheme"]
    assert Mentor.objects.filter(scheme=scheme).count() == 1


@pytest.mark.django_db
def test_unknown_closed_or_malformed_practice_is_refused(scheme, surgery):
    OrganisationFactory(
        kind=Organisation.Kind.PRACTICE, code="B82002", name="Closed Surgery", valid_from=datetime.date(2000, 1, 1)
    )
    Organisation.objects.filter(code="B82002").update(valid_to=datetime.date(2024, 3, 31))
    rows = [mentor_row(1, practice_ods_code="C99999"), mentor_row(2, practice_ods_code="B82002"), mentor_row(3)]
    rows.append(mentor_row(4, practice_ods_code="81001"))

    result = import_csv(scheme, rows)

    assert messages(result) == [
        "Row 2, practice_ods_code: C99999 is not a current GP practice in the NHS reference data",
        "Row 3, practice_ods_code: B82002 is not a current GP practice in the NHS reference data",
        "Row 5, practice_ods_code: must be the practice's ODS code: a capital letter and 5 digits, like A81001",
    ]


@pytest.mark.django_db
def test_labels_and_codes_are_accepted_in_any_case(scheme, surgery):
    row = mentor_row(
        1,
        role="salaried GP",
        status="APPROVED, IN TRAINING",
        focus_areas=" Career Planning ; WELLBEING;new_to_practice",
        gender="Non-Binary",
        age_band="40 to 44",
        ethnicity="white: british",
        practice_ods_code=PRACTICE_CODE.lower(),
    )
    rows = [row, mentor_row(2, role="LOCUM_GP", status="Active", ethnicity="z", age_band="70 or over")]

    result = import_csv(scheme, rows)

    assert result.ok, messages(result)
    first, second = Mentor.objects.order_by("gmc_number")
    assert (first.role, first.status, first.gender, first.age_band, first.ethnicity) == (
        "salaried_gp",
        "in_training",
        "non_binary",
        "40_44",
        "A",
    )
    assert sorted(first.focus_areas.values_list("code", flat=True)) == [
        "career_planning",
        "new_to_practice",
        "wellbeing",
    ]
    assert (second.role, second.status, second.ethnicity, second.age_band) == ("locum_gp", "active", "Z", "70_plus")


@pytest.mark.django_db
def test_missing_columns_are_named_in_one_error(scheme, surgery):
    headings = [name for name in DOCUMENTED_COLUMNS if name not in ("role", "capacity", "gender")]

    result = import_csv(scheme, [mentor_row(1)], headings=headings)

    assert len(result.errors) == 1
    assert messages(result)[0].startswith("Row 1: The file is missing the columns role, capacity.")
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_unknown_extra_column_is_an_error(scheme, surgery):
    result = import_csv(scheme, [mentor_row(1, phone="0151")], headings=[*DOCUMENTED_COLUMNS, "phone"])

    assert places(result) == [(1, "phone")]
    assert "is not a column we know" in messages(result)[0]
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_blank_rows_are_skipped_but_rows_keep_their_spreadsheet_numbers(scheme, surgery):
    blank = dict.fromkeys(DOCUMENTED_COLUMNS, "")

    result = import_csv(scheme, [mentor_row(1), blank, mentor_row(2, gmc_number="12")])

    assert places(result) == [(4, "gmc_number")]


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused(scheme):
    not_csv = mentors_import(scheme=scheme, file_name="mentors.pdf", content=b"%PDF-1.4", by=None)
    not_xlsx = mentors_import(scheme=scheme, file_name="mentors.xlsx", content=b"first_name,last_name", by=None)
    empty = mentors_import(scheme=scheme, file_name="mentors.csv", content=b"", by=None)
    only_headings = mentors_import(scheme=scheme, file_name="mentors.csv", content=csv_content([]), by=None)

    assert messages(not_csv) == ["Upload a CSV file or an Excel workbook (.xlsx)"]
    assert messages(not_xlsx) == ["The file could not be read as an Excel workbook (.xlsx). Save it again"]
    assert messages(empty) == ["The file is empty: the first row must hold the column headings"]
    assert messages(only_headings) == ["The file has headings but no mentors in it"]


@pytest.mark.django_db
def test_csv_saved_by_excel_on_windows_is_read(scheme, surgery):
    content = "\ufeff".encode() + csv_content([mentor_row(1, last_name="Ní Bhriain")])
    windows = csv_content([mentor_row(2, last_name="Ní Bhriain")]).decode().encode("cp1252")

    assert mentors_import(scheme=scheme, file_name="a.csv", content=content, by=None).ok
    assert mentors_import(scheme=scheme, file_name="b.csv", content=windows, by=None).ok
    assert set(User.objects.filter(last_name="Ní Bhriain").values_list("email", flat=True)) == {
        "mentor1@nhs.net",
        "mentor2@nhs.net",
    }


@pytest.mark.django_db
def test_import_cannot_take_the_scheme_past_its_mentor_cap(scheme, surgery):
    scheme.mentor_cap = 2
    scheme.save()
    MentorFactory(scheme=scheme)

    result = import_csv(scheme, [mentor_row(1), mentor_row(2), mentor_row(3, status="applied", approved_on="")])

    assert places(result) == [(None, "status")]
    assert "more than its cap of 2" in messages(result)[0]
    assert Mentor.objects.filter(scheme=scheme).count() == 1


@pytest.mark.django_db
def test_more_bad_cells_each_say_what_is_wrong(scheme, surgery):
    rows = [
        mentor_row(1, email="", status=""),
        mentor_row(2, approved_on="2999-01-01"),
        mentor_row(3, capacity="six", focus_areas="leadership;Leadership"),
    ]

    result = import_csv(scheme, rows)

    assert messages(result)[:2] == [
        "Row 2, email: is empty: enter the mentor's email address",
        "Row 2, status: is empty: use one of applied (Applied); in_training (Approved, in training); active (Active); "
        "paused (Paused); left (Left)",
    ]
    assert messages(result)[2:] == [
        "Row 3, approved_on: 1 January 2999 is in the future",
        "Row 4, capacity: six is not a whole number, like 6",
    ]


@pytest.mark.django_db
def test_badly_shaped_files_are_refused_with_a_reason(scheme, surgery):
    def refused(content, name="mentors.csv"):
        return messages(mentors_import(scheme=scheme, file_name=name, content=content, by=None))

    good = csv_content([mentor_row(1)]).decode()
    header, row = good.splitlines()

    assert refused(f"{header},\r\n{row},surprise\r\n".encode()) == [
        "Row 2: column 19 has a value but no heading in row 1"
    ]
    assert refused(f"{header}\r\n{row},surprise\r\n".encode()) == [
        "Row 2: column 19 has a value but no heading in row 1"
    ]
    assert refused(f"{header},email\r\n{row},x@nhs.net\r\n".encode()) == [
        "Row 1, email: this column heading is there more than once"
    ]
    assert refused(b"first_name\x81\r\n") == [
        'The file\'s characters could not be read. Save it as "CSV UTF-8" and upload it again'
    ]
    assert refused(b'first_name\r\n"' + b"x" * 200_000 + b'"\r\n')[0].startswith("The file could not be read as CSV")
    empty_book = io.BytesIO()
    openpyxl.Workbook().save(empty_book)
    assert refused(empty_book.getvalue(), name="empty.xlsx") == [
        "The file is empty: the first row must hold the column headings"
    ]
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_a_mentor_added_during_the_import_makes_it_import_nothing(scheme, surgery, monkeypatch):
    from mentoring.imports import mentors as imports

    checked = imports._cap_problems

    def someone_else_adds_the_same_gmc_number(scheme, mentor_rows):
        MentorFactory(scheme=scheme, gmc_number="7000002")  # after this file's rows were checked
        return checked(scheme, mentor_rows)

    monkeypatch.setattr(imports, "_cap_problems", someone_else_adds_the_same_gmc_number)

    result = import_csv(scheme, [mentor_row(1), mentor_row(2)])

    assert messages(result) == [
        "Someone changed this scheme's mentors during the import, so nothing was imported: try again"
    ]
    assert list(Mentor.objects.values_list("gmc_number", flat=True)) == ["7000002"]


# The admin screens


def import_url():
    return reverse("admin:mentoring_mentor_import")


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.django_db
def test_mentor_list_links_to_the_import(client, staff):
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentor_changelist")).content.decode()

    assert f'href="{import_url()}"' in page and "Import mentors" in page


@pytest.mark.django_db
def test_staff_import_through_the_admin(client, staff, scheme, surgery):
    client.force_login(staff)
    content = csv_content([mentor_row(1), mentor_row(2)])

    response = client.post(import_url(), {"scheme": scheme.pk, "file": upload("mentors.csv", content)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:mentoring_mentor_changelist")
    assert f"Imported 2 mentors into {scheme.name}" in response.content.decode()
    assert Mentor.objects.filter(scheme=scheme).count() == 2
    assert set(AuditEvent.objects.filter(action="mentor.create").values_list("actor", flat=True)) == {staff.pk}


@pytest.mark.django_db
def test_admin_lists_every_problem_and_imports_nothing(client, staff, scheme, surgery):
    client.force_login(staff)
    content = csv_content([mentor_row(1), mentor_row(2, gmc_number="123"), mentor_row(3, role="boss")])

    response = client.post(import_url(), {"scheme": scheme.pk, "file": upload("mentors.csv", content)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing was imported" in page
    assert "Row 3, gmc_number: 123 must be 7 digits, like 1234567" in page
    assert "Row 4, role: boss is not one we know" in page
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_staff_are_offered_only_their_own_schemes(client, staff, scheme, other_scheme):
    client.force_login(staff)

    page = client.get(import_url()).content.decode()

    assert scheme.name in page and other_scheme.name not in page


@pytest.mark.django_db
def test_staff_cannot_import_into_another_scheme(client, staff, other_scheme, surgery):
    client.force_login(staff)
    content = csv_content([mentor_row(1)])

    response = client.post(import_url(), {"scheme": other_scheme.pk, "file": upload("mentors.csv", content)})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Mentor.objects.exists() and not User.objects.filter(email="mentor1@nhs.net").exists()


@pytest.mark.django_db
def test_people_who_do_not_manage_mentors_cannot_reach_the_import(client, mentee):
    client.force_login(mentee)

    assert client.get(import_url()).status_code == 302  # to the admin's sign-in, as for the rest of the admin
    assert client.get(reverse("admin:mentoring_mentor_import_template")).status_code == 302


@pytest.mark.django_db
def test_admin_upload_must_be_a_spreadsheet_of_sensible_size(client, staff, scheme, monkeypatch):
    from mentoring.admin import imports as admin_imports

    client.force_login(staff)
    monkeypatch.setattr(admin_imports, "IMPORT_MAX_BYTES", 1024 * 1024)

    wrong_kind = client.post(import_url(), {"scheme": scheme.pk, "file": upload("mentors.pdf", b"%PDF-1.4")})
    too_big = client.post(import_url(), {"scheme": scheme.pk, "file": upload("mentors.csv", b"x" * (1024 * 1024 + 1))})

    assert "Upload a CSV file or an Excel workbook (.xlsx)" in wrong_kind.content.decode()
    assert "The file must be smaller than 1 MB" in too_big.content.decode()
    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_admin_users_without_the_mentor_right_are_refused(client, approver):
    client.force_login(approver)

    assert client.get(import_url()).status_code == 403
    assert client.get(reverse("admin:mentoring_mentor_import_template")).status_code == 403


@pytest.mark.django_db
def test_template_download_has_the_documented_columns_and_imports(client, staff, scheme, surgery):
    client.force_login(staff)

    response = client.get(reverse("admin:mentoring_mentor_import_template"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, example = response.content.decode().splitlines()
    assert header.split(",") == DOCUMENTED_COLUMNS
    documentation = (Path(settings.BASE_DIR) / "docs" / "imports.md").read_text()
    assert all(f"`{column}`" in documentation for column in DOCUMENTED_COLUMNS)
    assert "/admin/mentoring/mentor/import-template/" in documentation
    # The example row is itself a good mentor.
    assert mentors_import(scheme=scheme, file_name="template.csv", content=response.content, by=staff).ok


@pytest.mark.django_db
def test_existing_user_reuse_does_not_change_their_name(scheme, surgery):
    MenteeFactory(scheme=scheme, user=UserFactory(email="mentor1@nhs.net", first_name="Kept", last_name="Name"))

    assert import_csv(scheme, [mentor_row(1)]).ok

    assert User.objects.get(email="mentor1@nhs.net").get_full_name() == "Kept Name"
