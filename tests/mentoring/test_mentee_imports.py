"""Bulk import of mentees (a hub's waiting list) from a spreadsheet: every row checked, all or none."""

import datetime
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent, User
from mentoring.imports import mentees_import
from mentoring.imports.mentees import COLUMN_NAMES
from mentoring.models import Mentee
from mentoring.transitions import status_change
from surveys.models import Response
from surveys.scoring import pss10_total
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory
from tests.mentoring.spreadsheets import PRACTICE_CODE, csv_content, mentee_row, practice, xlsx_content

DOCUMENTED_COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "role",
    "career_stage",
    "gp_fellow",
    "practice_ods_code",
    "registered_on",
    "age_band",
    "gender",
    "ethnicity",
    "preferred_contact",
    "phone",
    "reasons",
    "other_reason",
    "changes_considered",
    "intends_to_leave",
    "pss10_answers",
    "wlb_before",
]
REQUIRED = ["first_name", "last_name", "email", "role"]
PSS10_PROBLEM = "give ten answers from 0 to 4, separated by ;"


@pytest.fixture
def surgery(db):
    return practice()


def import_csv(scheme, rows, by=None, headings=None):
    content = csv_content(rows, headings or COLUMN_NAMES)
    return mentees_import(scheme=scheme, file_name="mentees.csv", content=content, by=by)


def messages(result):
    return [str(problem) for problem in result.errors]


def places(result):
    return [(problem.row, problem.column) for problem in result.errors]


def responses(mentee):
    return {response.code: response for response in Response.objects.filter(mentee=mentee)}


def nothing_imported():
    return (
        not Mentee.objects.exists()
        and not Response.objects.exists()
        and not User.objects.filter(email__startswith="mentee").exists()
    )


@pytest.mark.django_db
def test_good_csv_registers_every_mentee_with_every_answer(scheme, staff, surgery):
    rows = [
        mentee_row(1),
        dict(mentee_row(2, role="gp_fellow"), **dict.fromkeys(DOCUMENTED_COLUMNS[4:], "")),
        mentee_row(
            3, gp_fellow="TRUE", intends_to_leave="No", registered_on="15/03/2026", pss10_answers="", wlb_before="10"
        ),
    ]

    result = import_csv(scheme, rows, by=staff)

    assert result.errors == [] and result.created == 3
    mentees = {mentee.user.email: mentee for mentee in Mentee.objects.filter(scheme=scheme)}
    full = mentees["mentee1@nhs.net"]
    assert (full.user.first_name, full.user.last_name, full.status) == ("Sam", "Okafor 1", "waiting")
    assert (full.role, full.career_stage, full.is_gp_fellow, full.practice) == (
        "salaried_gp",
        "early_mid_career",
        False,
        surgery,
    )
    # Midnight in London on 1 July 2025 is 23:00 UTC the day before (summer time).
    assert full.registered_at == datetime.datetime(2025, 6, 30, 23, 0, tzinfo=datetime.UTC)
    assert (full.age_band, full.gender, full.ethnicity) == ("35_39", "female", "N")
    assert full.reasons == ["work_life_balance", "workload"]
    assert full.changes_considered == ["reduce_hours", "change_role"]
    assert full.intends_to_leave is True
    assert set(responses(full)) == {"pss10", "wlb"}

    bare = mentees["mentee2@nhs.net"]
    assert (bare.role, bare.career_stage, bare.is_gp_fellow, bare.practice, bare.intends_to_leave) == (
        "gp_fellow",
        "",
        False,
        None,
        None,
    )
    assert (bare.age_band, bare.gender, bare.ethnicity, bare.reasons, bare.changes_considered) == ("", "", "", [], [])
    assert (datetime.datetime.now(datetime.UTC) - bare.registered_at) < datetime.timedelta(minutes=1)
    assert responses(bare) == {}

    third = mentees["mentee3@nhs.net"]
    assert (third.is_gp_fellow, third.intends_to_leave) == (True, False)
    assert third.registered_at == datetime.datetime(2026, 3, 15, 0, 0, tzinfo=datetime.UTC)  # GMT in March
    assert set(responses(third)) == {"wlb"} and responses(third)["wlb"].score == 10


@pytest.mark.django_db
def test_new_mentees_get_an_unverified_account_without_a_password_and_everything_is_audited(scheme, staff, surgery):
    import_csv(scheme, [mentee_row(1), mentee_row(2)], by=staff)

    user = User.objects.get(email="mentee1@nhs.net")
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified is False
    for action, count in [("user.create", 2), ("mentee.register", 2), ("response.import", 4)]:
        assert AuditEvent.objects.filter(action=action, actor=staff).count() == count, action
    assert (
        not AuditEvent.objects.filter(action__in=["mentee.register", "response.import"]).exclude(actor=staff).exists()
    )
    assert AuditEvent.objects.get(action="mentee.import", scheme=scheme).detail == {
        "file": "mentees.csv",
        "created": 2,
    }


@pytest.mark.django_db
def test_stress_answers_are_stored_in_item_order_and_scored(scheme, staff, surgery):
    all_never = ";".join(["0"] * 10)
    rows = [mentee_row(1, pss10_answers=all_never, wlb_before="3"), mentee_row(2)]

    assert import_csv(scheme, rows, by=staff).ok

    first = responses(Mentee.objects.get(user__email="mentee1@nhs.net"))
    # Items 4, 5, 7 and 8 are reverse scored: "never" on each of them counts 4.
    assert (first["pss10"].score, first["pss10"].band) == (16, "moderate")
    assert first["pss10"].completed_at is not None
    answers = dict(first["pss10"].answers.values_list("item__number", "value"))
    assert answers == dict.fromkeys(range(1, 11), 0)
    assert (first["wlb"].score, list(first["wlb"].answers.values_list("value", flat=True))) == (3, [3])
    second = responses(Mentee.objects.get(user__email="mentee2@nhs.net"))
    in_order = [2, 3, 1, 1, 2, 3, 1, 2, 3, 2]
    assert list(second["pss10"].answers.order_by("item__number").values_list("value", flat=True)) == in_order
    assert second["pss10"].score == pss10_total(in_order) == 24


@pytest.mark.django_db
def test_good_xlsx_with_real_date_number_and_true_false_cells_imports(scheme, surgery):
    rows = [
        mentee_row(1, registered_on=datetime.datetime(2025, 10, 2), wlb_before=7, gp_fellow=True),
        mentee_row(2, registered_on="02/10/2025", wlb_before=4.0, gp_fellow=0, intends_to_leave=None, age_band=None),
    ]

    result = mentees_import(scheme=scheme, file_name="Mentees.XLSX", content=xlsx_content(rows, COLUMN_NAMES), by=None)

    assert result.ok and result.created == 2, messages(result)
    first = Mentee.objects.get(user__email="mentee1@nhs.net")
    assert first.registered_at == datetime.datetime(2025, 10, 1, 23, 0, tzinfo=datetime.UTC)
    assert first.is_gp_fellow is True and responses(first)["wlb"].score == 7
    second = Mentee.objects.get(user__email="mentee2@nhs.net")
    assert (second.is_gp_fellow, second.intends_to_leave, second.age_band) == (False, None, "")
    assert responses(second)["wlb"].score == 4 and responses(second)["pss10"].score == 24


@pytest.mark.django_db
def test_one_bad_row_among_forty_imports_nothing_and_names_that_row_and_column(scheme, surgery):
    rows = [mentee_row(n) for n in range(1, 41)]
    rows[24]["wlb_before"] = "11"  # the 25th mentee is on spreadsheet row 26

    result = import_csv(scheme, rows)

    assert result.created == 0
    assert messages(result) == ["Row 26, wlb_before: must be a whole number from 1 (very poor) to 10 (excellent)"]
    assert nothing_imported()


@pytest.mark.django_db
def test_every_bad_row_is_reported(scheme, surgery):
    rows = [
        mentee_row(1, email="not-an-email"),
        mentee_row(2, role="partner"),
        mentee_row(3, career_stage="veteran"),
        mentee_row(4, gp_fellow="maybe"),
        mentee_row(5, practice_ods_code="Z99999"),
        mentee_row(6, registered_on="31/02/2025"),
        mentee_row(7, reasons="workload;juggling"),
        mentee_row(8, changes_considered="emigrate"),
        mentee_row(9, first_name="", ethnicity="Q", intends_to_leave="perhaps"),
        mentee_row(10, registered_on="2999-01-01", role=""),
        mentee_row(11),
    ]

    result = import_csv(scheme, rows)

    assert places(result) == [
        (2, "email"),
        (3, "role"),
        (4, "career_stage"),
        (5, "gp_fellow"),
        (6, "practice_ods_code"),
        (7, "registered_on"),
        (8, "reasons"),
        (9, "changes_considered"),
        (10, "first_name"),
        (10, "ethnicity"),
        (10, "intends_to_leave"),
        (11, "role"),
        (11, "registered_on"),
    ]
    text = "\n".join(messages(result))
    assert "Row 2, email: not-an-email is not an email address, like name@nhs.net" in text
    assert "Row 3, role: partner is not one we know: use one of gp_partner (GP partner)" in text
    assert "Row 5, gp_fellow: maybe is not yes or no: write yes or no, or leave it empty" in text
    assert "Row 6, practice_ods_code: Z99999 is not a current GP practice in the NHS reference data" in text
    assert "Row 7, registered_on: 31/02/2025 is not a date: write it like 2025-09-01 or 01/09/2025" in text
    assert "Row 8, reasons: juggling is not a reason for mentoring we know: use career_options" in text
    assert "Row 9, changes_considered: emigrate is not a change we know" in text
    assert "Row 10, first_name: is empty: enter the mentee's first name" in text
    assert "Row 11, role: is empty: use one of gp_partner (GP partner); salaried_gp (Salaried GP)" in text
    assert "Row 11, registered_on: 1 January 2999 is in the future" in text
    assert nothing_imported()


@pytest.mark.django_db
def test_a_role_the_scheme_does_not_admit_is_refused_in_the_schemes_words(scheme, surgery):
    scheme.admitted_mentee_roles = ["gp_partner", "salaried_gp"]
    scheme.save()

    result = import_csv(scheme, [mentee_row(1), mentee_row(2, role="Practice nurse")])

    assert messages(result) == ["Row 3, role: Cheshire and Merseyside GP Mentoring is open to: GP partner, Salaried GP"]
    assert nothing_imported()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [
        "0;1;2;3;4;0;1;2;3",  # nine
        "0;1;2;3;4;0;1;2;3;4;0",  # eleven
        "0;1;2;3;4;0;1;2;3;5",  # a 5
        "0;1;2;3;4;0;1;2;3;a",  # a letter
        "0;1;2;3;-1;0;1;2;3;4",  # below 0
        "0;1;2;3;4;0;1;2;3;2.5",  # not whole
        "0,1,2,3,4,0,1,2,3,4",  # the wrong separator
        "0;1;2;3;4;0;1;2;3;",  # one missing at the end
    ],
)
def test_stress_answers_of_any_other_shape_are_refused(scheme, surgery, answers):
    result = import_csv(scheme, [mentee_row(1), mentee_row(2), mentee_row(3, pss10_answers=answers)])

    assert messages(result) == [f"Row 4, pss10_answers: {PSS10_PROBLEM}"]
    assert nothing_imported()


@pytest.mark.django_db
def test_stress_answers_with_spaces_round_them_are_read(scheme, surgery):
    assert import_csv(scheme, [mentee_row(1, pss10_answers=" 4; 4 ;4;4;4;4;4;4;4 ; 4 ")]).ok

    assert Response.objects.get(code="pss10").score == 24  # 6 x 4, and the four reversed items 0


@pytest.mark.django_db
@pytest.mark.parametrize("rating", ["0", "11", "7.5", "seven", "-3"])
def test_work_life_balance_outside_one_to_ten_is_refused(scheme, surgery, rating):
    result = import_csv(scheme, [mentee_row(1, wlb_before=rating)])

    assert messages(result) == ["Row 2, wlb_before: must be a whole number from 1 (very poor) to 10 (excellent)"]
    assert nothing_imported()


@pytest.mark.django_db
def test_the_same_email_twice_in_the_file_is_reported_on_the_later_row(scheme, surgery):
    result = import_csv(scheme, [mentee_row(1), mentee_row(2), mentee_row(3, email="MENTEE1@nhs.net")])

    assert messages(result) == ["Row 4, email: MENTEE1@nhs.net is also on row 2"]
    assert nothing_imported()


@pytest.mark.django_db
def test_someone_already_waiting_in_the_scheme_is_refused_but_not_elsewhere_or_after_finishing(
    scheme, other_scheme, staff, surgery
):
    MenteeFactory(scheme=scheme, user__email="Waiting@nhs.net")
    elsewhere = MenteeFactory(scheme=other_scheme, user__email="elsewhere@nhs.net")
    MenteeFactory(scheme=scheme, user=elsewhere.user, status=Mentee.Status.FINISHED)
    finished = MenteeFactory(scheme=scheme, user__email="finished@nhs.net")
    status_change(finished, "withdraw", by=staff)  # no longer open, like a finished registration
    rows = [mentee_row(1, email="waiting@NHS.net"), mentee_row(2, email="elsewhere@nhs.net")]

    refused = import_csv(scheme, rows)
    accepted = import_csv(scheme, [rows[1], mentee_row(3, email="FINISHED@nhs.net")], by=staff)

    assert messages(refused) == [
        "Row 2, email: waiting@NHS.net is already registered for mentoring with this scheme "
        "(waiting for or matched with a mentor)"
    ]
    assert accepted.ok, messages(accepted)
    assert Mentee.objects.filter(scheme=scheme, user__email="finished@nhs.net").count() == 2
    assert Mentee.objects.filter(user__email="elsewhere@nhs.net").count() == 3


@pytest.mark.django_db
def test_an_existing_user_is_reused_without_changing_their_name(scheme, staff, surgery):
    user = UserFactory(email="Mentee1@NHS.net", first_name="Kept", last_name="Name")
    Mentee.objects.filter(pk=MenteeFactory(scheme=scheme, user=user).pk).update(status=Mentee.Status.FINISHED)
    users_before = User.objects.count()

    assert import_csv(scheme, [mentee_row(1)]).ok

    assert User.objects.count() == users_before
    mentee = Mentee.objects.get(scheme=scheme, status=Mentee.Status.WAITING)
    assert (mentee.user.email, mentee.user.get_full_name()) == ("Mentee1@nhs.net", "Kept Name")


@pytest.mark.django_db
def test_codes_and_labels_are_accepted_in_any_case(scheme, surgery):
    row = mentee_row(
        1,
        role="GP TRAINEE OR REGISTRAR",
        career_stage="newly qualified (first two years)",
        gp_fellow="Yes",
        practice_ods_code=PRACTICE_CODE.lower(),
        age_band="30 to 34",
        gender="Non-Binary",
        ethnicity="asian or asian british: indian",
        reasons=" Stress Management ; WORK-LIFE BALANCE;other;Other",
        other_reason="Returning after illness",
        changes_considered="Leaving general practice;RETIRE_EARLY",
        intends_to_leave="FALSE",
    )
    rows = [row, mentee_row(2, role="LOCUM_GP", age_band="70-plus", ethnicity="z", changes_considered="None of these")]

    result = import_csv(scheme, rows)

    assert result.ok, messages(result)
    first = Mentee.objects.get(user__email="mentee1@nhs.net")
    assert (first.role, first.career_stage, first.is_gp_fellow, first.practice.code) == (
        "gp_trainee",
        "newly_qualified",
        True,
        PRACTICE_CODE,
    )
    assert (first.age_band, first.gender, first.ethnicity, first.intends_to_leave) == (
        "30_34",
        "non_binary",
        "H",
        False,
    )
    assert first.reasons == ["stress_management", "work_life_balance", "other"]
    assert first.changes_considered == ["leave_general_practice", "retire_early"]
    second = Mentee.objects.get(user__email="mentee2@nhs.net")
    assert (second.role, second.age_band, second.ethnicity, second.changes_considered) == (
        "locum_gp",
        "70_plus",
        "Z",
        ["none"],
    )


@pytest.mark.django_db
def test_only_the_required_columns_need_headings(scheme, surgery):
    result = import_csv(scheme, [mentee_row(1)], headings=REQUIRED)

    assert result.ok, messages(result)
    mentee = Mentee.objects.get()
    assert (mentee.role, mentee.practice, mentee.reasons) == ("salaried_gp", None, [])
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_missing_and_unknown_columns_are_named(scheme, surgery):
    missing = import_csv(scheme, [mentee_row(1)], headings=["first_name", "last_name", "pss10_answers"])
    unknown = import_csv(scheme, [mentee_row(1, mobile="0151")], headings=[*DOCUMENTED_COLUMNS, "mobile"])

    assert messages(missing)[0].startswith("Row 1: The file is missing the columns email, role.")
    assert places(unknown) == [(1, "mobile")]
    assert nothing_imported()


@pytest.mark.django_db
def test_a_file_without_mentees_or_that_is_not_a_spreadsheet_is_refused(scheme):
    only_headings = mentees_import(scheme=scheme, file_name="m.csv", content=csv_content([], COLUMN_NAMES), by=None)
    not_a_spreadsheet = mentees_import(scheme=scheme, file_name="m.pdf", content=b"%PDF-1.4", by=None)

    assert messages(only_headings) == ["The file has headings but no mentees in it"]
    assert messages(not_a_spreadsheet) == ["Upload a CSV file or an Excel workbook (.xlsx)"]


@pytest.mark.django_db
def test_someone_registering_during_the_import_makes_it_import_nothing(scheme, surgery, monkeypatch):
    from mentoring.imports import mentees as imports

    checked = imports._questionnaire_problems

    def someone_registers_meanwhile(mentee_rows):
        MenteeFactory(scheme=scheme, user__email="mentee2@nhs.net")  # after this file's rows were checked
        return checked(mentee_rows)

    monkeypatch.setattr(imports, "_questionnaire_problems", someone_registers_meanwhile)

    result = import_csv(scheme, [mentee_row(1), mentee_row(2), mentee_row(3)])

    assert messages(result) == [
        "Someone changed this scheme's mentees during the import, so nothing was imported: try again"
    ]
    assert list(Mentee.objects.values_list("user__email", flat=True)) == ["mentee2@nhs.net"]
    assert not Response.objects.exists()
    assert not User.objects.filter(email__in=["mentee1@nhs.net", "mentee3@nhs.net"]).exists()


@pytest.mark.django_db
def test_answers_to_a_questionnaire_that_is_not_set_up_are_refused(scheme, surgery):
    from surveys.models import Questionnaire

    Questionnaire.objects.filter(code="wlb").update(is_current=False)

    result = import_csv(scheme, [mentee_row(1), mentee_row(2, wlb_before="")])

    assert places(result) == [(None, "wlb_before")]
    assert messages(result)[0].startswith("wlb_before: The wlb questionnaire is not set up on this service")
    assert nothing_imported()
    assert import_csv(scheme, [mentee_row(1, wlb_before="")]).ok  # without ratings the file imports


@pytest.mark.django_db
def test_problems_without_personal_data_keep_the_row_column_and_what_is_wrong(scheme, surgery):
    rows = [mentee_row(1), mentee_row(2, email="mentee1@nhs.net", ethnicity="Welsh", role="boss")]

    result = import_csv(scheme, rows)

    assert [problem.without_personal_data() for problem in result.errors] == [
        "Row 3, email: is also on row 2",
        "Row 3, role: is not one we know: use one of " + result.errors[1].message.split("use one of ")[1],
        "Row 3, ethnicity: is not one we know: use one of " + result.errors[2].message.split("use one of ")[1],
    ]
    assert messages(result)[0] == "Row 3, email: mentee1@nhs.net is also on row 2"
    assert messages(result)[2].startswith("Row 3, ethnicity: Welsh is not one we know")


# The admin screens


def import_url():
    return reverse("admin:mentoring_mentee_import")


@pytest.mark.django_db
def test_mentee_list_links_to_the_import(client, staff):
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentee_changelist")).content.decode()

    assert f'href="{import_url()}"' in page and "Import mentees" in page


@pytest.mark.django_db
def test_staff_import_mentees_through_the_admin(client, staff, scheme, surgery):
    client.force_login(staff)
    upload = SimpleUploadedFile("mentees.xlsx", xlsx_content([mentee_row(1), mentee_row(2)], COLUMN_NAMES))

    response = client.post(import_url(), {"scheme": scheme.pk, "file": upload}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:mentoring_mentee_changelist")
    assert f"Imported 2 mentees into {scheme.name}" in response.content.decode()
    assert Mentee.objects.filter(scheme=scheme).count() == 2
    assert set(AuditEvent.objects.filter(action="mentee.register").values_list("actor", flat=True)) == {staff.pk}


@pytest.mark.django_db
def test_admin_lists_every_mentee_problem_and_imports_nothing(client, staff, scheme, other_scheme, surgery):
    client.force_login(staff)
    rows = [mentee_row(1), mentee_row(2, pss10_answers="1;2"), mentee_row(3, wlb_before="0")]
    content = csv_content(rows, COLUMN_NAMES)

    page = client.get(import_url()).content.decode()
    response = client.post(import_url(), {"scheme": scheme.pk, "file": SimpleUploadedFile("m.csv", content)})

    assert scheme.name in page and other_scheme.name not in page
    text = response.content.decode()
    assert response.status_code == 200 and "nothing was imported" in text
    assert f"Row 3, pss10_answers: {PSS10_PROBLEM}" in text
    assert "Row 4, wlb_before: must be a whole number from 1 (very poor) to 10 (excellent)" in text
    assert nothing_imported()


@pytest.mark.django_db
def test_staff_cannot_import_mentees_into_another_scheme(client, staff, other_scheme, surgery):
    client.force_login(staff)
    upload = SimpleUploadedFile("mentees.csv", csv_content([mentee_row(1)], COLUMN_NAMES))

    response = client.post(import_url(), {"scheme": other_scheme.pk, "file": upload})

    assert "Select a valid choice" in response.content.decode()
    assert nothing_imported()


@pytest.mark.django_db
def test_admin_users_without_the_mentee_right_are_refused(client, approver, mentee):
    client.force_login(approver)
    assert client.get(import_url()).status_code == 403
    assert client.get(reverse("admin:mentoring_mentee_import_template")).status_code == 403

    client.force_login(mentee)
    assert client.get(import_url()).status_code == 302  # to the admin's sign-in


@pytest.mark.django_db
def test_mentee_template_has_the_documented_columns_and_imports(client, staff, scheme, surgery):
    client.force_login(staff)

    response = client.get(reverse("admin:mentoring_mentee_import_template"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mentees-import-template.csv"'
    header, example = response.content.decode().splitlines()
    assert header.split(",") == DOCUMENTED_COLUMNS
    documentation = (Path(settings.BASE_DIR) / "docs" / "imports.md").read_text()
    mentees_section = documentation[documentation.index("# Mentees") :]
    assert all(f"`{column}`" in mentees_section for column in DOCUMENTED_COLUMNS)
    assert "/admin/mentoring/mentee/import-template/" in mentees_section
    # The example row is itself a good mentee, stress answers and rating included.
    assert mentees_import(scheme=scheme, file_name="template.csv", content=response.content, by=staff).ok
    assert set(Response.objects.values_list("code", flat=True)) == {"pss10", "wlb"}


@pytest.mark.django_db
def test_the_preferred_contact_is_imported_with_the_phone_number_written_the_uk_way(scheme, surgery):
    result = import_csv(
        scheme,
        [
            mentee_row(1, preferred_contact="Phone", phone="+447123456789"),
            mentee_row(2, preferred_contact="email", phone=""),
            mentee_row(3),
        ],
    )

    assert result.ok, messages(result)
    by_email = {mentee.user.email: mentee for mentee in Mentee.objects.select_related("user")}
    assert (by_email["mentee1@nhs.net"].preferred_contact, by_email["mentee1@nhs.net"].phone) == (
        "phone",
        "07123 456789",
    )
    assert (by_email["mentee2@nhs.net"].preferred_contact, by_email["mentee2@nhs.net"].phone) == ("email", "")
    assert by_email["mentee3@nhs.net"].preferred_contact == ""
    assert by_email["mentee1@nhs.net"].preferred_contact_text == "Phone: 07123 456789"


@pytest.mark.django_db
def test_a_phone_contact_needs_a_real_uk_number_and_other_says_what_it_is(scheme, surgery):
    result = import_csv(
        scheme,
        [
            mentee_row(1, preferred_contact="phone", phone=""),
            mentee_row(2, phone="banana"),
            mentee_row(3, reasons="other"),
            mentee_row(4, preferred_contact="pigeon"),
        ],
    )

    assert places(result) == [(2, "phone"), (3, "phone"), (4, "other_reason"), (5, "preferred_contact")]
    assert "banana" not in " ".join(messages(result))  # a mentee's cells stay out of the messages
    assert nothing_imported()
