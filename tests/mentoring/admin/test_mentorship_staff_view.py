"""The staff view of mentorships once the pair meet: hours against the allowance, mentorships at risk,
sessions logged on the pair's behalf, extensions, completion, "not a fit", and the CSV export. The
mentor's confidential notes never reach any of it."""

import csv
import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring.models import AllowanceExtension, Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import allowance_extend, fit_check_answer, session_log
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application

CHANGELIST = "admin:mentoring_mentorship_changelist"
NOTES = "Mentee spoke about a private family matter"
S = MentoringSession
M = Mentorship.Status

_people = iter(range(1000))


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def accepted(scheme, *, staff, fellow=False, first_name="Priya", proposed_days_ago=120):
    """A mentorship proposed long enough ago that sessions can be back-dated, and accepted."""
    n = next(_people)
    mentor = MentorFactory(
        scheme=scheme,
        status=Mentor.Status.ACTIVE,
        user__email=f"mentor{n}@practice.nhs.uk",
        user__first_name="Tom",
        user__last_name=f"Mentor{n}",
        **complete_application(),
    )
    mentee = MenteeFactory(
        scheme=scheme,
        user__email=f"mentee{n}@practice.nhs.uk",
        user__first_name=first_name,
        user__last_name=f"Mentee{n}",
        is_gp_fellow=fellow,
    )
    mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=staff)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=proposed_days_ago)
    )
    mentorship.refresh_from_db()
    return mentorship_accept(mentorship=mentorship, by=mentor.user)


def held(mentorship, *, days, minutes=60, kind=S.Kind.REGULAR, **kwargs):
    by = kwargs.pop("by", mentorship.mentor.user)
    return session_log(
        mentorship=mentorship,
        by=by,
        held_on=days_ago(days),
        duration_minutes=minutes,
        mode="video",
        kind=kind,
        **kwargs,
    )


def active(scheme, *, staff, last_session_days_ago, **kwargs):
    mentorship = accepted(scheme, staff=staff, **kwargs)
    held(mentorship, days=last_session_days_ago, kind=S.Kind.INTRODUCTORY)
    mentorship.refresh_from_db()
    return mentorship


def listed(client, **params):
    return list(client.get(reverse(CHANGELIST), params).context["cl"].result_list)


def change_url(mentorship, name="change"):
    return reverse(f"admin:mentoring_mentorship_{name}", args=[mentorship.pk])


def csv_rows(response):
    return list(
        csv.reader(io.StringIO(b"".join(response).decode() if response.streaming else response.content.decode()))
    )


# The list


@pytest.mark.django_db
def test_the_list_shows_hours_dates_and_at_risk_reasons(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=60)
    held(mentorship, days=59, minutes=90)
    client.force_login(staff)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "2.5 of 8" in page  # an hour's introduction and 90 minutes, of the scheme's 8 hours
    assert "<strong>No session for 8 weeks</strong>" in page
    assert "First meeting" in page and "Last session" in page and "At risk" in page


@pytest.mark.django_db
def test_search_finds_a_mentorship_by_the_mentees_or_the_mentors_name(client, scheme, staff):
    priya = accepted(scheme, staff=staff, first_name="Priya")
    other = accepted(scheme, staff=staff, first_name="Oluwaseun")
    client.force_login(staff)

    assert listed(client, q="Priya") == [priya]
    assert listed(client, q=other.mentor.user.last_name) == [other]
    assert listed(client, q="Tom") == [other, priya]


def mentorships_of_every_kind(scheme, staff, count):
    """Rows that exercise every column: sessions, extensions, fellows, "not a fit", waiting proposals."""
    for n in range(count):
        mentorship = accepted(scheme, staff=staff, fellow=bool(n % 2))
        if n % 3 or n % 5 == 0:
            held(mentorship, days=40 + n, kind=S.Kind.INTRODUCTORY)
        if n % 3:
            held(mentorship, days=10, minutes=300)
        if n % 4 == 0:
            allowance_extend(mentorship=mentorship, by=staff, extra_hours=2, reason="A career change under way")
        if n % 5 == 0:
            fit_check_answer(mentorship=mentorship, by=mentorship.mentee.user, answer=Mentorship.Fit.NOT_A_FIT)


@pytest.mark.django_db
def test_the_staff_list_runs_a_fixed_number_of_queries_whatever_the_number_of_mentees(
    client, scheme, staff, monkeypatch, django_assert_max_num_queries
):
    client.force_login(staff)
    monkeypatch.setattr(admin.site._registry[Mentorship], "list_per_page", 100)
    url = reverse(CHANGELIST)
    client.get(url)  # warm per-process caches (content types, sessions)

    counts = {}
    for total in (2, 14):
        mentorships_of_every_kind(scheme, staff, total - Mentorship.objects.count())
        for params in ({}, {"at_risk": "any"}, {"fit": "not_a_fit", "q": "Tom"}):
            with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            counts[total, str(params)] = len(queries)
        said_not_a_fit = Mentorship.objects.filter(mentee_fit=Mentorship.Fit.NOT_A_FIT, status__in=Mentorship.OPEN)
        assert len(response.context["cl"].result_list) == said_not_a_fit.count() > 0
        assert len(client.get(url).context["cl"].result_list) == total

    for params in ({}, {"at_risk": "any"}, {"fit": "not_a_fit", "q": "Tom"}):
        assert counts[2, str(params)] == counts[14, str(params)], counts


# At risk: each rule both ways, in the filter, the list and the dashboard


@pytest.mark.django_db
def test_accepted_with_no_first_meeting_in_21_days_is_at_risk(client, scheme, staff):
    late = accepted(scheme, staff=staff)
    Mentorship.objects.filter(pk=late.pk).update(responded_at=timezone.now() - datetime.timedelta(days=22))
    recent = accepted(scheme, staff=staff)
    Mentorship.objects.filter(pk=recent.pk).update(responded_at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(staff)

    assert listed(client, at_risk="no_first_meeting") == [late]
    assert listed(client, at_risk="any") == [late]
    assert "No first meeting within 21 days of accepting" in client.get(reverse(CHANGELIST)).content.decode()
    assert "Mentorships at risk</a></th><td>1</td>" in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_active_with_no_session_for_8_weeks_is_at_risk(client, scheme, staff):
    quiet = active(scheme, staff=staff, last_session_days_ago=57)
    recent = active(scheme, staff=staff, last_session_days_ago=50)
    # A later session makes an old mentorship current again.
    revived = active(scheme, staff=staff, last_session_days_ago=90)
    held(revived, days=3)
    MentoringSession.objects.filter(mentorship=recent).update(held_on=days_ago(55))
    client.force_login(staff)

    assert listed(client, at_risk="quiet") == [quiet]
    assert listed(client, at_risk="any") == [quiet]
    assert listed(client, at_risk="fellow_quiet") == []
    assert "No session for 8 weeks" in client.get(change_url(quiet)).content.decode()
    assert "No session for 8 weeks" not in client.get(change_url(recent)).content.decode()


@pytest.mark.django_db
def test_a_gp_fellow_with_no_session_for_4_weeks_is_flagged(client, scheme, staff):
    fellow = active(scheme, staff=staff, fellow=True, last_session_days_ago=29)
    recent_fellow = active(scheme, staff=staff, fellow=True, last_session_days_ago=27)
    not_a_fellow = active(scheme, staff=staff, last_session_days_ago=29)
    client.force_login(staff)

    assert listed(client, at_risk="fellow_quiet") == [fellow]
    assert listed(client, at_risk="any") == [fellow]
    assert "GP fellow with no session for 4 weeks" in client.get(change_url(fellow)).content.decode()
    assert {recent_fellow.pk, not_a_fellow.pk}.isdisjoint({m.pk for m in listed(client, at_risk="any")})
    MentoringSession.objects.filter(mentorship=recent_fellow).update(held_on=days_ago(30))
    assert set(listed(client, at_risk="fellow_quiet")) == {fellow, recent_fellow}


@pytest.mark.django_db
def test_the_fellows_interval_follows_the_scheme(client, scheme, staff):
    scheme.fellow_session_interval_weeks = 6
    scheme.save()
    fellow = active(scheme, staff=staff, fellow=True, last_session_days_ago=30)
    client.force_login(staff)

    assert listed(client, at_risk="fellow_quiet") == []
    MentoringSession.objects.filter(mentorship=fellow).update(held_on=days_ago(43))
    assert listed(client, at_risk="fellow_quiet") == [fellow]


@pytest.mark.django_db
def test_sessions_over_the_allowance_show_until_staff_extend_it(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=20)
    held(mentorship, days=10, minutes=480)  # 9 hours of 8
    within = active(scheme, staff=staff, last_session_days_ago=20)
    client.force_login(staff)

    assert listed(client, at_risk="over_allowance") == [mentorship]
    assert "Over the hours allowance</a></th><td>1</td>" in client.get(reverse("admin:index")).content.decode()
    assert within not in listed(client, at_risk="any")
    allowance_extend(mentorship=mentorship, by=staff, extra_hours=1, reason="Near the end of a return to practice")
    assert listed(client, at_risk="over_allowance") == []
    assert "Over the hours allowance</a></th><td>0</td>" in client.get(reverse("admin:index")).content.decode()


# Logging a session on the pair's behalf


@pytest.mark.django_db
def test_staff_log_a_session_for_the_pair_without_notes(client, scheme, staff):
    mentorship = accepted(scheme, staff=staff)
    client.force_login(staff)
    url = change_url(mentorship, "log_session")

    form_page = client.get(url).content.decode()
    assert url in client.get(change_url(mentorship)).content.decode()
    assert 'name="confidential_notes"' not in form_page and "<textarea" not in form_page
    response = client.post(
        url,
        {
            "held_on": days_ago(2).isoformat(),
            "duration_minutes": "60",
            "mode": "telephone",
            "kind": "introductory",
            "confidential_notes": "Staff must not write this",
        },
        follow=True,
    )

    assert "Logged the Introductory (contracting) session" in response.content.decode()
    session = MentoringSession.objects.get(mentorship=mentorship)
    assert session.logged_by_staff and session.logged_by == staff
    assert session.confidential_notes == "" and session.mode == "telephone" and session.held_on == days_ago(2)
    mentorship.refresh_from_db()
    assert mentorship.status == M.ACTIVE and mentorship.started_on == days_ago(2)
    assert AuditEvent.objects.filter(action="session.log", actor=staff, detail__by_staff=True).exists()


@pytest.mark.django_db
def test_staff_logging_is_checked_like_the_mentors(client, scheme, staff):
    mentorship = accepted(scheme, staff=staff)
    client.force_login(staff)
    url = change_url(mentorship, "log_session")

    page = client.post(
        url,
        {
            "held_on": (today() + datetime.timedelta(days=1)).isoformat(),
            "duration_minutes": "0",
            "mode": "video",
            "kind": "regular",
        },
    ).content.decode()

    assert "The date of the session must be today or in the past" in page
    assert "A session must last between 1 and 600 minutes (10 hours). You entered 0" in page
    assert not MentoringSession.objects.exists()


@pytest.mark.django_db
def test_logging_past_the_allowance_is_allowed_with_a_warning(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=30)
    client.force_login(staff)

    response = client.post(
        change_url(mentorship, "log_session"),
        {"held_on": days_ago(1).isoformat(), "duration_minutes": "480", "mode": "video", "kind": "regular"},
        follow=True,
    )

    assert "past its allowance of 8 hours" in response.content.decode()
    assert MentoringSession.objects.filter(mentorship=mentorship).count() == 2
    assert "9 of 8" in client.get(reverse(CHANGELIST)).content.decode()


# Extending the allowance, completing


@pytest.mark.django_db
def test_an_extension_needs_a_reason_and_is_audited(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=10)
    client.force_login(staff)
    url = change_url(mentorship, "extend")

    blank = client.post(url, {"extra_hours": "2", "reason": "  "}).content.decode()
    assert "Give the reason for the extra hours" in blank
    assert not AllowanceExtension.objects.exists()
    client.post(url, {"extra_hours": "2", "reason": "A partnership offer to prepare for"})

    extension = AllowanceExtension.objects.get(mentorship=mentorship)
    assert extension.extra_hours == 2 and extension.granted_by == staff
    assert AuditEvent.objects.filter(action="mentorship.extend", actor=staff, target_id=str(mentorship.pk)).exists()
    assert "1 of 10" in client.get(reverse(CHANGELIST)).content.decode()
    assert "A partnership offer to prepare for" in client.get(change_url(mentorship)).content.decode()


@pytest.mark.django_db
def test_staff_mark_completed_and_the_follow_up_counts_from_the_end_date(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=30)
    client.force_login(staff)
    url = change_url(mentorship, "complete")

    future = client.post(url, {"ended_on": (today() + datetime.timedelta(days=1)).isoformat()}).content.decode()
    assert "The end date must be today or in the past" in future
    client.post(url, {"ended_on": days_ago(5).isoformat()})

    mentorship.refresh_from_db()
    assert mentorship.status == M.COMPLETED and mentorship.ended_on == days_ago(5)
    assert mentorship.follow_up_due_on == days_ago(5) + relativedelta(months=3)
    assert Mentee.objects.get(pk=mentorship.mentee_id).status == Mentee.Status.FINISHED


@pytest.mark.django_db
def test_the_final_session_logged_by_staff_completes_the_mentorship(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=30)
    client.force_login(staff)

    client.post(
        change_url(mentorship, "log_session"),
        {"held_on": days_ago(1).isoformat(), "duration_minutes": "60", "mode": "video", "kind": "final"},
    )

    mentorship.refresh_from_db()
    assert mentorship.status == M.COMPLETED and mentorship.ended_on == days_ago(1)
    assert mentorship.follow_up_due_on == days_ago(1) + relativedelta(months=3)


# Not a fit


@pytest.mark.django_db
def test_not_a_fit_is_flagged_and_ending_it_keeps_the_mentees_place(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=3)
    registered_at = mentorship.mentee.registered_at
    fit_check_answer(mentorship=mentorship, by=mentorship.mentee.user, answer=Mentorship.Fit.NOT_A_FIT)
    client.force_login(staff)

    assert "Said not a fit</a></th><td>1</td>" in client.get(reverse("admin:index")).content.decode()
    assert listed(client, fit="not_a_fit") == [mentorship]
    assert change_url(mentorship, "not_a_fit") in client.get(change_url(mentorship)).content.decode()
    response = client.post(change_url(mentorship, "not_a_fit"), follow=True)

    assert "keeping their place in the queue" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == M.WITHDRAWN and mentorship.end_reason == "Not a fit"
    mentee = Mentee.objects.get(pk=mentorship.mentee_id)
    assert mentee.status == Mentee.Status.WAITING and mentee.registered_at == registered_at
    assert listed(client, fit="not_a_fit") == [] and listed(client, fit="not_a_fit_any") == [mentorship]
    assert "Said not a fit</a></th><td>0</td>" in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_staff_cannot_end_as_not_a_fit_when_nobody_said_so(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=3)
    client.force_login(staff)

    assert change_url(mentorship, "not_a_fit") not in client.get(change_url(mentorship)).content.decode()
    client.post(change_url(mentorship, "not_a_fit"))

    assert Mentorship.objects.get(pk=mentorship.pk).status == M.ACTIVE


# Another scheme's staff


@pytest.mark.django_db
def test_another_schemes_staff_get_404_on_every_action(client, scheme, staff, other_staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=3)
    fit_check_answer(mentorship=mentorship, by=mentorship.mentor.user, answer=Mentorship.Fit.NOT_A_FIT)
    client.force_login(other_staff)

    for name in ["change", "log_session", "extend", "complete", "not_a_fit"]:
        assert client.get(change_url(mentorship, name)).status_code == 404
        posted = {"held_on": days_ago(1).isoformat(), "duration_minutes": "60", "mode": "video", "kind": "regular"}
        assert (
            client.post(change_url(mentorship, name), posted | {"extra_hours": "2", "reason": "x"}).status_code == 404
        )
    assert csv_rows(client.get(reverse("admin:mentoring_mentorship_export")))[1:] == []
    assert MentoringSession.objects.filter(mentorship=mentorship).count() == 1
    assert not AllowanceExtension.objects.exists()
    assert Mentorship.objects.get(pk=mentorship.pk).status == M.ACTIVE


# The CSV export


@pytest.mark.django_db
def test_the_csv_export_has_names_and_dates_only(client, scheme, staff):
    mentorship = active(scheme, staff=staff, last_session_days_ago=10)
    held(mentorship, days=5, minutes=30, actions_agreed="Read the partnership agreement", confidential_notes=NOTES)
    allowance_extend(mentorship=mentorship, by=staff, extra_hours=2, reason="A career change under way")
    other = accepted(scheme, staff=staff, first_name="Oluwaseun")
    client.force_login(staff)

    response = client.get(reverse("admin:mentoring_mentorship_export"), {"q": "Priya"})

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="mentorships-{today():%Y-%m-%d}.csv"'
    rows = csv_rows(response)
    assert rows == [
        [
            "Mentee",
            "Mentor",
            "Scheme",
            "Status",
            "Proposed on",
            "First meeting",
            "Ended on",
            "Hours used",
            "Hours allowed",
        ],
        [
            mentorship.mentee.user.get_full_name(),
            mentorship.mentor.user.get_full_name(),
            "Cheshire and Merseyside GP Mentoring",
            "Active",
            days_ago(120).isoformat(),
            days_ago(10).isoformat(),
            "",
            "1.5",
            "10",
        ],
    ]
    assert "export.csv?q=Priya" in client.get(reverse(CHANGELIST), {"q": "Priya"}).content.decode()
    selected = client.post(reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [other.pk]})
    assert [row[0] for row in csv_rows(selected)] == ["Mentee", other.mentee.user.get_full_name()]
    for leaked in ["partnership agreement", "career change", NOTES]:
        assert leaked not in response.content.decode() + selected.content.decode()


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(client, scheme, staff):
    accepted(scheme, staff=staff, first_name="=HYPERLINK(1)")
    client.force_login(staff)

    rows = csv_rows(client.get(reverse("admin:mentoring_mentorship_export")))

    assert rows[1][0].startswith("'=HYPERLINK(1)")


# Confidential notes: never in the admin, for scheme staff or a superuser


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_confidential_notes_never_reach_the_admin(client, scheme, staff, superuser, who):
    mentorship = active(scheme, staff=staff, last_session_days_ago=20)
    held(mentorship, days=10, confidential_notes=NOTES)
    assert any(session.confidential_notes == NOTES for session in mentorship.sessions.all())
    client.force_login(staff if who == "staff" else superuser)

    pages = {
        "change page": client.get(change_url(mentorship)),
        "changelist": client.get(reverse(CHANGELIST)),
        "session log": client.get(change_url(mentorship, "log_session")),
        "extend": client.get(change_url(mentorship, "extend")),
        "export": client.get(reverse("admin:mentoring_mentorship_export")),
        "export action": client.post(
            reverse(CHANGELIST), {"action": "export_csv", "_selected_action": [mentorship.pk]}
        ),
    }

    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)
    for name, page in pages.items():
        assert NOTES not in page.content.decode(), name
    change_page = pages["change page"].content.decode()
    assert "Introductory (contracting)" in change_page and "Regular" in change_page  # the sessions are listed
    assert len(csv_rows(pages["export"])) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_sessions_have_no_admin_of_their_own(client, staff, superuser, who):
    client.force_login(staff if who == "staff" else superuser)

    assert client.get("/admin/mentoring/mentoringsession/").status_code == 404
    assert client.get("/admin/mentoring/mentoringsession/1/change/").status_code == 404
    assert MentoringSession not in admin.site._registry
