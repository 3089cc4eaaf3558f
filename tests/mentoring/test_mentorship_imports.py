"""A hub's mentoring history from a spreadsheet: every column rule by row and column, all or nothing,
the site's rules holding (one open mentorship per mentee, the mentor's places, no session before the
mentor's approval), and the follow-up only for mentoring that ended recently."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from mentoring.imports.mentorships import COLUMN_NAMES, mentorships_import, template_csv
from mentoring.models import EligibilityCheck, Mentee, Mentor, MentoringSession, Mentorship
from surveys.models import Response
from tests.factories.claims import claiming_mentor, mentorship_of
from tests.factories.mentoring import MenteeFactory
from tests.mentoring.spreadsheets import csv_content, xlsx_content

GMC = "1234567"
MENTEE_EMAIL = "sam.okafor@nhs.net"


@pytest.fixture
def history_mentor(scheme):
    mentor = claiming_mentor(scheme, gmc_number=GMC, capacity=4)
    Mentor.objects.filter(pk=mentor.pk).update(approved_on=datetime.date(2025, 4, 1))
    mentor.refresh_from_db()
    return mentor


@pytest.fixture
def history_mentee(scheme):
    return MenteeFactory(scheme=scheme, user__email=MENTEE_EMAIL)


def pair(**overrides):
    row = {
        "mentee_email": MENTEE_EMAIL,
        "mentor_gmc_number": GMC,
        "status": "completed",
        "sessions": "2025-07-03:60;2025-07-31:45;2025-09-25:60",
        "mode": "video",
        "ended_on": "2025-09-25",
        "end_reason": "",
        "reasons_addressed": "work_life_balance;workload",
        "wlb_after": "7",
    }
    return {**row, **overrides}


def import_pairs(scheme, rows, by=None, headings=None, file_name="mentorships.csv"):
    content = csv_content(rows, headings or COLUMN_NAMES)
    return mentorships_import(scheme=scheme, file_name=file_name, content=content, by=by)


def messages(result):
    return [str(problem) for problem in result.errors]


def test_a_completed_mentorship_is_recorded_with_its_sessions_and_final_review(
    scheme, history_mentor, history_mentee, staff
):
    result = import_pairs(scheme, [pair()], by=staff)

    assert result.ok, messages(result)
    mentorship = Mentorship.objects.get()
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.started_on == datetime.date(2025, 7, 3)
    assert mentorship.ended_on == datetime.date(2025, 9, 25)
    sessions = list(mentorship.sessions.order_by("held_on"))
    assert [(s.held_on, s.duration_minutes, s.kind) for s in sessions] == [
        (datetime.date(2025, 7, 3), 60, MentoringSession.Kind.INTRODUCTORY),
        (datetime.date(2025, 7, 31), 45, MentoringSession.Kind.REGULAR),
        (datetime.date(2025, 9, 25), 60, MentoringSession.Kind.FINAL),
    ]
    assert all(s.logged_by_staff and s.confidential_notes == "" for s in sessions)
    assert sessions[-1].reasons_addressed == ["work_life_balance", "workload"]
    review = Response.objects.get(code="final_review", mentee=history_mentee)
    assert review.completed_at is not None
    assert Mentee.objects.get(pk=history_mentee.pk).status == Mentee.Status.FINISHED


def test_an_old_completed_mentorship_gets_no_follow_up(scheme, history_mentor, history_mentee):
    """Its three months passed long ago: a survey now would be unexpected and answered from memory."""
    assert import_pairs(scheme, [pair()]).ok

    assert Mentorship.objects.get().follow_up_due_on is None


def test_the_follow_up_is_kept_while_the_survey_job_would_still_send_it(scheme, history_mentor, history_mentee):
    """Sixty days (the survey job's SURVEY_LINK_MAX_AGE_DAYS) after it fell due, it is no longer sent."""
    today = timezone.localdate()
    rows, ends = [], []
    for n, overdue in ((1, 55), (2, 65)):
        MenteeFactory(scheme=scheme, user__email=f"late{n}@nhs.net")
        ended = today - datetime.timedelta(days=overdue) - relativedelta(months=3)
        start = ended - datetime.timedelta(days=30)
        ends.append(ended)
        rows.append(
            pair(
                mentee_email=f"late{n}@nhs.net",
                sessions=f"{start:%Y-%m-%d}:60;{ended:%Y-%m-%d}:60",
                ended_on=f"{ended:%Y-%m-%d}",
            )
        )

    assert import_pairs(scheme, rows).ok

    kept, dropped = (Mentorship.objects.get(mentee__user__email=f"late{n}@nhs.net") for n in (1, 2))
    assert kept.follow_up_due_on == ends[0] + relativedelta(months=3)
    assert dropped.follow_up_due_on is None


def test_a_recently_completed_mentorship_gets_its_follow_up(scheme, history_mentor, history_mentee):
    ended = timezone.localdate() - relativedelta(months=2)
    start = ended - datetime.timedelta(days=60)
    row = pair(sessions=f"{start:%Y-%m-%d}:60;{ended:%Y-%m-%d}:60", ended_on=f"{ended:%Y-%m-%d}")

    assert import_pairs(scheme, [row]).ok

    assert Mentorship.objects.get().follow_up_due_on == ended + relativedelta(months=3)


def test_an_active_and_a_withdrawn_mentorship(scheme, history_mentor, history_mentee):
    other = MenteeFactory(scheme=scheme, user__email="jo.bloggs@nhs.net")
    rows = [
        pair(status="active", ended_on="", reasons_addressed="", wlb_after="", sessions="2025-10-02:60"),
        pair(
            mentee_email="jo.bloggs@nhs.net",
            status="withdrawn",
            sessions="2025-05-01:60;2025-05-15:60",
            ended_on="2025-06-01",
            end_reason="Moved away",
            reasons_addressed="",
            wlb_after="",
        ),
    ]

    result = import_pairs(scheme, rows, headings=COLUMN_NAMES)

    assert result.ok, messages(result)
    active = Mentorship.objects.get(mentee=history_mentee)
    withdrawn = Mentorship.objects.get(mentee=other)
    assert (active.status, active.started_on, active.ended_on) == ("active", datetime.date(2025, 10, 2), None)
    assert (withdrawn.status, withdrawn.ended_on, withdrawn.end_reason) == (
        "withdrawn",
        datetime.date(2025, 6, 1),
        "Moved away",
    )
    assert Mentee.objects.get(pk=history_mentee.pk).status == Mentee.Status.MATCHED


def test_only_the_required_headings_are_needed(scheme, history_mentor, history_mentee):
    headings = ["mentee_email", "mentor_gmc_number", "status", "sessions"]
    row = pair(status="active", sessions="2025-10-02:60")

    result = import_pairs(scheme, [row], headings=headings)

    assert result.ok, messages(result)
    assert Mentorship.objects.get().sessions.get().mode == "video"


def test_an_excel_workbook_is_read(scheme, history_mentor, history_mentee):
    content = xlsx_content([pair(ended_on=datetime.datetime(2025, 9, 25))], COLUMN_NAMES)

    result = mentorships_import(scheme=scheme, file_name="history.xlsx", content=content, by=None)

    assert result.ok, messages(result)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"mentee_email": ""}, "Row 2, mentee_email: is empty: enter the mentee's email address"),
        (
            {"mentee_email": "nobody@nhs.net"},
            "Row 2, mentee_email: nobody@nhs.net is not a mentee registered with this scheme: import the mentee first",
        ),
        ({"mentor_gmc_number": ""}, "Row 2, mentor_gmc_number: is empty: enter the mentor's GMC number"),
        ({"mentor_gmc_number": "123"}, "Row 2, mentor_gmc_number: 123 must be 7 digits, like 1234567"),
        (
            {"mentor_gmc_number": "7654321"},
            "Row 2, mentor_gmc_number: 7654321 is not the GMC number of a mentor on this scheme",
        ),
        ({"status": ""}, "Row 2, status: is empty: use one of active (Active); completed (Completed)"),
        ({"status": "proposed"}, "Row 2, status: proposed is not one we know"),
        ({"mode": "carrier pigeon"}, "Row 2, mode: carrier pigeon is not one we know"),
        ({"sessions": ""}, "Row 2, sessions: is empty: write each session as date:minutes"),
        ({"sessions": "2025-07-03"}, "Row 2, sessions: 2025-07-03 is not a session: write each session as"),
        ({"sessions": "3rd July:60"}, "Row 2, sessions: 3rd July:60 is not a session"),
        (
            {"sessions": "2025-07-03:0;2025-09-25:60"},
            "Row 2, sessions: 2025-07-03:0: A session must last between 1 and 600 minutes",
        ),
        ({"sessions": "2099-07-03:60", "ended_on": ""}, "Row 2, sessions: 03/07/2099 is in the future"),
        ({"sessions": "2025-09-25:60;2025-07-03:60"}, "Row 2, sessions: list the sessions in date order"),
        ({"ended_on": ""}, "Row 2, ended_on: is empty: enter the date the mentoring ended"),
        ({"ended_on": "soon"}, "Row 2, ended_on: soon is not a date"),
        ({"ended_on": "2025-09-24"}, "Row 2, ended_on: 24/09/2025 is before the last session, 25/09/2025"),
        ({"ended_on": "2099-01-01"}, "Row 2, ended_on: 01/01/2099 is in the future"),
        (
            {"status": "active", "reasons_addressed": "", "wlb_after": ""},
            "Row 2, ended_on: must be empty for a mentorship still going on",
        ),
        ({"end_reason": "Moved"}, "Row 2, end_reason: must be empty unless the status is withdrawn"),
        (
            {"status": "withdrawn", "reasons_addressed": "", "wlb_after": ""},
            "Row 2, end_reason: is empty: say why the mentoring was withdrawn",
        ),
        ({"reasons_addressed": "boredom"}, "Row 2, reasons_addressed: boredom is not a reason we know"),
        (
            {"status": "withdrawn", "end_reason": "Moved", "wlb_after": ""},
            "Row 2, reasons_addressed: must be empty unless the status is completed",
        ),
        ({"wlb_after": "11"}, "Row 2, wlb_after: 11 must be a whole number from 1 to 10"),
        (
            {"status": "withdrawn", "end_reason": "Moved", "reasons_addressed": ""},
            "Row 2, wlb_after: must be empty unless the status is completed",
        ),
    ],
)
def test_each_column_rule_names_the_row_and_column(scheme, history_mentor, history_mentee, overrides, expected):
    result = import_pairs(scheme, [pair(**overrides)])

    assert not result.ok
    assert any(message.startswith(expected) for message in messages(result)), messages(result)
    assert not Mentorship.objects.exists()


def test_a_first_session_before_the_mentors_approval_is_refused(scheme, history_mentor, history_mentee):
    result = import_pairs(scheme, [pair(sessions="2025-03-31:60;2025-09-25:60")])

    assert messages(result) == ["Row 2, sessions: The first session, 31/03/2025, is before the mentor was approved"]
    assert not Mentorship.objects.exists()


def test_unverified_eligibility_does_not_hold_history(scheme, history_mentor, history_mentee):
    """History is a record of what happened, not a new match."""
    EligibilityCheck.objects.filter(mentor=history_mentor).delete()

    assert import_pairs(scheme, [pair()]).ok


def test_one_open_mentorship_per_mentee(scheme, history_mentor, history_mentee):
    active = pair(status="active", ended_on="", reasons_addressed="", wlb_after="", sessions="2025-10-02:60")

    twice = import_pairs(scheme, [active, active])
    assert messages(twice) == [
        "Row 3, sessions: the mentee's mentorship on row 2 is active, so this one cannot follow it"
    ]

    mentorship_of(claiming_mentor(scheme), days_ago=10)  # another mentee; now this one's open one
    Mentorship.objects.update(mentee=history_mentee)
    on_site = import_pairs(scheme, [active])
    assert messages(on_site) == ["Row 2, mentee_email: The mentee already has an open mentorship"]


def test_the_mentors_places_hold(scheme, history_mentor):
    rows = []
    for n in range(5):
        MenteeFactory(scheme=scheme, user__email=f"mentee{n}@nhs.net")
        rows.append(
            pair(
                mentee_email=f"mentee{n}@nhs.net",
                status="active",
                ended_on="",
                reasons_addressed="",
                wlb_after="",
                sessions="2025-10-02:60",
            )
        )

    result = import_pairs(scheme, rows)

    assert messages(result) == [
        "Row 2, mentor_gmc_number: the mentor has 4 places, 0 taken on the service, and the file has "
        "5 active mentorships with them"
    ]
    assert not Mentorship.objects.exists()


def all_rows():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_a_file_with_one_bad_row_changes_nothing(scheme, history_mentor, history_mentee, staff):
    MenteeFactory(scheme=scheme, user__email="jo.bloggs@nhs.net")
    before = all_rows()

    result = import_pairs(scheme, [pair(), pair(mentee_email="jo.bloggs@nhs.net", wlb_after="eleven")], by=staff)

    assert messages(result) == ["Row 3, wlb_after: eleven must be a whole number from 1 to 10"]
    assert all_rows() == before


def test_another_schemes_mentee_is_unknown_without_a_name(scheme, other_scheme, history_mentor):
    MenteeFactory(scheme=other_scheme, user__email=MENTEE_EMAIL, user__first_name="Zebedee")

    result = import_pairs(scheme, [pair()])

    assert messages(result) == [
        f"Row 2, mentee_email: {MENTEE_EMAIL} is not a mentee registered with this scheme: import the mentee first"
    ]
    assert "Zebedee" not in " ".join(messages(result))


def test_the_command_prints_no_personal_data(scheme, history_mentor, history_mentee, tmp_path, capsys):
    bad = tmp_path / "history.csv"
    bad.write_bytes(csv_content([pair(mentee_email="nobody@nhs.net", wlb_after="11")], COLUMN_NAMES))

    with pytest.raises(CommandError, match="Nothing was imported: 2 problems in history.csv"):
        call_command("import_mentorships", scheme.slug, str(bad))

    printed = capsys.readouterr().err
    assert "Row 2, mentee_email: is not a mentee registered with this scheme" in printed
    assert "nobody@nhs.net" not in printed and "11" not in printed.replace("Row 2", "")


def test_the_admin_offers_a_template_and_imports(client, scheme, history_mentor, history_mentee, staff):
    client.force_login(staff)

    template = client.get(reverse("admin:mentoring_mentorship_import_template"))
    listing = client.get(reverse("admin:mentoring_mentorship_changelist"))
    response = client.post(
        reverse("admin:mentoring_mentorship_import"),
        {
            "scheme": scheme.pk,
            "file": SimpleUploadedFile("history.csv", csv_content([pair()], COLUMN_NAMES), content_type="text/csv"),
        },
    )

    assert template.content.decode() == template_csv()
    assert b"Import mentorships" in listing.content
    assert response.status_code == 302
    assert Mentorship.objects.get().status == Mentorship.Status.COMPLETED


def test_every_column_is_documented_in_the_imports_guide():
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "imports.md").read_text()

    assert all(f"| `{column}` |" in guide for column in COLUMN_NAMES)


def test_another_schemes_staff_cannot_import_into_this_scheme(
    client, scheme, history_mentor, history_mentee, other_staff
):
    client.force_login(other_staff)

    response = client.post(
        reverse("admin:mentoring_mentorship_import"),
        {"scheme": scheme.pk, "file": SimpleUploadedFile("history.csv", csv_content([pair()], COLUMN_NAMES))},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Mentorship.objects.exists()


def test_the_survey_job_sends_a_follow_up_only_for_the_recently_ended_history(scheme, history_mentor, history_mentee):
    from surveys.dispatch import dispatch_rows_create
    from surveys.dispatch_models import EmailKind, SurveyDispatch

    MenteeFactory(scheme=scheme, user__email="recent@nhs.net")
    ended = timezone.localdate() - relativedelta(months=3, days=5)
    recent = pair(
        mentee_email="recent@nhs.net",
        sessions=f"{ended - datetime.timedelta(days=40):%Y-%m-%d}:60;{ended:%Y-%m-%d}:60",
        ended_on=f"{ended:%Y-%m-%d}",
    )
    assert import_pairs(scheme, [pair(), recent]).ok  # the first ended in September 2025

    dispatch_rows_create()

    follow_ups = SurveyDispatch.objects.filter(kind=EmailKind.FOLLOW_UP)
    assert [row.mentorship.mentee.user.email for row in follow_ups] == ["recent@nhs.net"]
