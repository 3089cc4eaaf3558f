"""Staff confirm mentees' choices, see proposals not answered in time, and withdraw to re-match."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import OutboundEmail
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentorships import mentorship_propose
from tests.factories.mentoring import MenteeFactory, MentorFactory

CHANGELIST = "admin:mentoring_mentorship_changelist"


def proposed(mentor_user, mentee_user, by=None, **kwargs):
    return mentorship_propose(
        mentee=Mentee.objects.get(user=mentee_user), mentor=Mentor.objects.get(user=mentor_user), by=by, **kwargs
    )


def days_ago(mentorship, days):
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=timezone.now() - datetime.timedelta(days=days))


def listed(client, **params):
    return list(client.get(reverse(CHANGELIST), params).context["cl"].result_list)


@pytest.mark.django_db
def test_staff_confirm_a_mentees_choice_and_the_mentor_is_emailed(client, scheme, staff, mentor, mentee):
    mentorship = proposed(mentor, mentee, by=mentee, chosen_by_mentee=True)
    client.force_login(staff)

    assert listed(client, attention="to_confirm") == [mentorship]
    assert "Mentee choices to confirm</a></th><td>1</td>" in client.get(reverse("admin:index")).content.decode()
    confirm_url = reverse("admin:mentoring_mentorship_confirm", args=[mentorship.pk])
    assert (
        confirm_url in client.get(reverse("admin:mentoring_mentorship_change", args=[mentorship.pk])).content.decode()
    )
    response = client.post(confirm_url, follow=True)

    assert "Confirmed. We have asked" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.PROPOSED and mentorship.proposed_by == staff
    assert OutboundEmail.objects.filter(to=mentor.email, subject__contains="A new mentee for you").exists()
    assert listed(client, attention="to_confirm") == []


@pytest.mark.django_db
def test_the_confirm_action_confirms_only_mentees_choices(client, scheme, staff, mentor, mentee):
    chosen = proposed(mentor, mentee, by=mentee, chosen_by_mentee=True)
    other = MenteeFactory(scheme=scheme, user__email="other@practice.nhs.uk")
    by_staff = mentorship_propose(mentee=other, mentor=Mentor.objects.get(user=mentor), by=staff)
    client.force_login(staff)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "confirm_choices", "_selected_action": [chosen.pk, by_staff.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "Confirmed 1 mentorship; each mentor has been emailed." in page and "Left 1 unchanged" in page
    assert Mentorship.objects.get(pk=chosen.pk).status == Mentorship.Status.PROPOSED


@pytest.mark.django_db
def test_a_proposal_not_answered_in_7_days_is_flagged_to_staff(client, scheme, staff, mentor, mentee):
    late = proposed(mentor, mentee, by=staff)
    days_ago(late, 8)
    recent_mentee = MenteeFactory(scheme=scheme, user__email="recent@practice.nhs.uk")
    recent = mentorship_propose(mentee=recent_mentee, mentor=Mentor.objects.get(user=mentor), by=staff)
    days_ago(recent, 6)
    client.force_login(staff)

    assert listed(client, attention="unanswered") == [late]
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "Not answered in 7 days" in page and "<strong>8 days (overdue)</strong>" in page and "6 days" in page
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert "?attention=unanswered" in dashboard
    assert "Proposals not answered in 7 days</a></th><td>1</td>" in dashboard


@pytest.mark.django_db
def test_the_flag_follows_the_schemes_own_answer_time(client, scheme, staff, mentor, mentee):
    scheme.proposal_response_days = 10
    scheme.save()
    mentorship = proposed(mentor, mentee, by=staff)
    days_ago(mentorship, 8)
    client.force_login(staff)

    assert listed(client, attention="unanswered") == []
    days_ago(mentorship, 11)
    assert listed(client, attention="unanswered") == [mentorship]


@pytest.mark.django_db
def test_withdraw_and_rematch_returns_the_mentee_to_waiting_keeping_their_place(client, scheme, staff, mentor, mentee):
    mentorship = proposed(mentor, mentee, by=staff)
    days_ago(mentorship, 8)
    registered_at = Mentee.objects.get(user=mentee).registered_at
    client.force_login(staff)
    withdraw_url = reverse("admin:mentoring_mentorship_withdraw", args=[mentorship.pk])

    assert "The mentor did not answer within 7 days" in client.get(withdraw_url).content.decode()
    blank = client.post(withdraw_url, {"reason": ""}).content.decode()
    assert "Give a reason for withdrawing" in blank
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED
    response = client.post(withdraw_url, {"reason": "The mentor did not answer within 7 days"}, follow=True)

    assert "is waiting again, keeping their place in the queue" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.WITHDRAWN
    assert mentorship.end_reason == "The mentor did not answer within 7 days"
    waiting = Mentee.objects.get(user=mentee)
    assert waiting.status == Mentee.Status.WAITING and waiting.registered_at == registered_at
    assert listed(client, attention="unanswered") == []


@pytest.mark.django_db
def test_the_withdraw_action_takes_only_overdue_proposals(client, scheme, staff, mentor, mentee):
    late = proposed(mentor, mentee, by=staff)
    days_ago(late, 8)
    recent_mentee = MenteeFactory(scheme=scheme, user__email="recent@practice.nhs.uk")
    recent = mentorship_propose(mentee=recent_mentee, mentor=Mentor.objects.get(user=mentor), by=staff)
    client.force_login(staff)

    client.post(reverse(CHANGELIST), {"action": "withdraw_unanswered", "_selected_action": [late.pk, recent.pk]})

    late.refresh_from_db()
    assert late.status == Mentorship.Status.WITHDRAWN
    assert late.end_reason == "The mentor did not answer within 7 days"
    assert Mentorship.objects.get(pk=recent.pk).status == Mentorship.Status.PROPOSED
    assert Mentee.objects.get(user=mentee).status == Mentee.Status.WAITING


@pytest.mark.django_db
def test_a_mentorship_cannot_be_added_edited_or_deleted_in_the_admin(client, staff, mentor, mentee):
    mentorship = proposed(mentor, mentee, by=staff)
    client.force_login(staff)
    change_url = reverse("admin:mentoring_mentorship_change", args=[mentorship.pk])

    assert client.get(reverse("admin:mentoring_mentorship_add")).status_code == 403
    assert client.get(reverse("admin:mentoring_mentorship_delete", args=[mentorship.pk])).status_code == 403
    assert 'name="_save"' not in client.get(change_url).content.decode()
    assert client.post(change_url, {}).status_code == 403
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED


@pytest.mark.django_db
def test_another_schemes_staff_cannot_reach_a_mentorship(client, other_staff, staff, mentor, mentee):
    mentorship = proposed(mentor, mentee, by=staff)
    days_ago(mentorship, 8)
    client.force_login(other_staff)

    for name in ["change", "confirm", "withdraw"]:
        url = reverse(f"admin:mentoring_mentorship_{name}", args=[mentorship.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "Not mine"}).status_code == 404
    assert listed(client) == []
    assert "Proposals not answered in 7 days</a></th><td>0</td>" in client.get(reverse("admin:index")).content.decode()
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED


def mentorships(scheme, numbers, by):
    for n in numbers:
        mentor = MentorFactory(scheme=scheme, user__email=f"mentor{n}@practice.nhs.uk")
        mentee = MenteeFactory(scheme=scheme, user__email=f"mentee{n}@practice.nhs.uk")
        mentorship_propose(mentee=mentee, mentor=mentor, by=by, chosen_by_mentee=bool(n % 2))


@pytest.mark.django_db
def test_the_mentorship_list_runs_a_fixed_number_of_queries(client, scheme, staff, monkeypatch):
    client.force_login(staff)
    url = reverse(CHANGELIST)
    client.get(url)  # warm per-process caches (content types, sessions)
    mentorship_admin = admin.site._registry[Mentorship]

    counts = {}
    for total in (2, 12):
        mentorships(scheme, range(Mentorship.objects.count(), total), staff)
        monkeypatch.setattr(mentorship_admin, "list_per_page", 100)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["cl"].result_list) == total
        counts[total] = len(queries)

    assert counts[2] == counts[12], counts
