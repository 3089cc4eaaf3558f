"""Staff erase a person on request, and the weekly retention sweep anonymises people past their scheme's
retention: what identifies them goes, the codes, dates and amounts that reports count stay."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from mentoring.models import Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.mentees import mentee_update
from mentoring.services.mentors import mentor_leave
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import mentorship_complete, session_log
from portal import erasure
from portal.services import ErasureRefused, people_past_retention, person_anonymise
from portal.subject_access import subject_access_records
from portal.tasks import retention_sweep
from surveys.models import Answer, Response
from surveys.services import response_import
from tests.factories.mentoring import MenteeFactory
from tests.factories.surveys import completed_mentorship

NOTES = "Thinking of leaving the partnership"


def finished_mentee(scheme, staff, *, years_ago=0, email="priya.raman@practice.nhs.uk"):
    """A mentee who answered the stress questionnaire and finished mentoring years_ago (about)."""
    ended_on = timezone.localdate() - datetime.timedelta(days=365 * years_ago + 1)
    mentee = MenteeFactory(scheme=scheme, user__email=email, user__first_name="Priya", user__last_name="Raman")
    mentee_update(mentee=mentee, by=mentee.user, age_band="40_44", preferences="Not someone from Leeds")
    response_import(mentee=mentee, code="pss10", answers=[3] * 10, by=staff)
    mentorship = completed_mentorship(scheme, staff, ended_on=ended_on, mentee=mentee)
    session = mentorship.sessions.get()
    MentoringSession.objects.filter(pk=session.pk).update(actions_agreed="Talk to the partners")
    began = timezone.now() - datetime.timedelta(days=365 * years_ago + 90)
    Mentee.objects.filter(pk=mentee.pk).update(registered_at=began)
    mentee.refresh_from_db()
    return mentee


def test_every_model_that_holds_a_persons_data_says_what_erasure_does_to_it():
    assert erasure.erasure_gaps() == []


@isolate_apps("portal")
def test_a_new_text_field_on_a_persons_record_fails_the_check_until_it_is_listed():
    from django.apps import apps

    from portal import subject_access

    class Reference(models.Model):
        mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE)
        referee_name = models.CharField(max_length=100)

        class Meta:
            app_label = "portal"

        def __str__(self):
            return self.referee_name

    subject_access.REFERENCES[("portal.Reference", "mentee")] = subject_access.FOLLOW
    try:
        assert erasure.erasure_gaps([*apps.get_models(), Reference]) == ["portal.Reference"]
        erasure.ERASE["portal.Reference"] = {}
        assert erasure.erasure_gaps([*apps.get_models(), Reference]) == ["portal.Reference.referee_name"]
    finally:
        del subject_access.REFERENCES[("portal.Reference", "mentee")]
        erasure.ERASE.pop("portal.Reference", None)


@pytest.mark.django_db
def test_staff_erase_a_mentee_on_request_keeping_what_reports_count(scheme, staff):
    mentee = finished_mentee(scheme, staff)
    user = mentee.user
    assert EmailAddress.objects.filter(user=user).exists()

    person_anonymise(user=user, by=staff, reason="request")

    user.refresh_from_db()
    mentee.refresh_from_db()
    assert (user.email, user.first_name, user.last_name) == (f"erased-{user.pk}@erased.invalid", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert (mentee.preferences, mentee.age_band, mentee.status) == ("", "40_44", Mentee.Status.FINISHED)
    mentorship = Mentorship.objects.get(mentee=mentee)
    assert mentorship.status == Mentorship.Status.COMPLETED
    assert mentorship.sessions.get().actions_agreed == ""
    response = Response.objects.get(mentee=mentee, code="pss10")
    assert sorted(Answer.objects.filter(response=response).values_list("value", flat=True)) == [3] * 10
    event = AuditEvent.objects.get(action="person.anonymise")
    assert (event.actor, event.target_id, event.detail["reason"]) == (staff, str(user.pk), "request")
    everything = str(subject_access_records(user))
    assert "Priya" not in everything and "Raman" not in everything and "Leeds" not in everything


@pytest.mark.django_db
def test_a_mentors_confidential_notes_and_biography_are_erased(scheme, staff, mentor, mentee):
    leaver = Mentor.objects.get(user=mentor)
    mentorship = mentorship_propose(mentee=Mentee.objects.get(user=mentee), mentor=leaver, by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor)
    session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=timezone.localdate(),
        duration_minutes=30,
        mode="video",
        kind="introductory",
        confidential_notes=NOTES,
    )
    mentorship_complete(mentorship=mentorship, by=staff, ended_on=timezone.localdate())
    mentor_leave(mentor=leaver, by=staff, left_on=timezone.localdate(), reason="Retired")

    person_anonymise(user=leaver.user, by=staff, reason="request")

    leaver.refresh_from_db()
    assert (leaver.bio_about, leaver.gmc_number, leaver.status) == ("", "", Mentor.Status.LEFT)
    assert set(MentoringSession.objects.filter(mentorship=mentorship).values_list("confidential_notes", flat=True)) == {
        ""
    }


@pytest.mark.django_db
def test_someone_still_waiting_for_a_mentor_is_not_erased_and_nothing_changes(scheme, staff, mentee):
    with pytest.raises(ErasureRefused, match="registration is still open"):
        person_anonymise(user=mentee, by=staff, reason="request")

    mentee.refresh_from_db()
    assert mentee.email == "mentee@practice.nhs.uk" and mentee.is_active
    assert not AuditEvent.objects.filter(action="person.anonymise").exists()


@pytest.mark.django_db
def test_another_schemes_staff_cannot_erase_the_person(scheme, staff, other_staff):
    mentee = finished_mentee(scheme, staff)

    with pytest.raises(ErasureRefused, match="every scheme you manage"):
        person_anonymise(user=mentee.user, by=other_staff, reason="request")

    assert User.objects.get(pk=mentee.user.pk).email == "priya.raman@practice.nhs.uk"


@pytest.mark.django_db
def test_nobody_erases_themselves_and_staff_are_not_erased_while_they_hold_the_role(scheme, staff, superuser):
    with pytest.raises(ErasureRefused, match="Another member of staff"):
        person_anonymise(user=staff, by=staff, reason="request")
    with pytest.raises(ErasureRefused, match="staff, approver or commissioner role"):
        person_anonymise(user=staff, by=superuser, reason="request")


@pytest.mark.django_db
def test_retention_is_six_years_after_mentoring_ends_unless_the_scheme_says_otherwise(scheme, staff):
    seven = finished_mentee(scheme, staff, years_ago=7, email="seven@practice.nhs.uk")
    five = finished_mentee(scheme, staff, years_ago=5, email="five@practice.nhs.uk")

    assert scheme.retention_years == 6
    assert people_past_retention() == [seven.user.pk]
    type(scheme).objects.filter(pk=scheme.pk).update(retention_years=4)
    assert people_past_retention() == [seven.user.pk, five.user.pk]


@pytest.mark.django_db
def test_the_command_lists_who_is_due_with_dry_run_and_changes_nothing(scheme, staff, capsys):
    due = finished_mentee(scheme, staff, years_ago=7)

    call_command("apply_retention", "--dry-run")

    out = capsys.readouterr().out
    assert f"would anonymise user {due.user.pk}" in out and "priya" not in out.lower()
    assert User.objects.get(pk=due.user.pk).email == "priya.raman@practice.nhs.uk"


@pytest.mark.django_db
def test_the_weekly_job_anonymises_those_past_retention_only(scheme, staff):
    due = finished_mentee(scheme, staff, years_ago=7, email="due@practice.nhs.uk")
    recent = finished_mentee(scheme, staff, years_ago=1, email="recent@practice.nhs.uk")

    retention_sweep()

    assert User.objects.get(pk=due.user.pk).email.endswith("@erased.invalid")
    assert User.objects.get(pk=recent.user.pk).email == "recent@practice.nhs.uk"
    event = AuditEvent.objects.get(action="person.anonymise")
    assert (event.actor, event.detail["reason"]) == (None, "retention")
    assert people_past_retention() == []


def test_the_retention_job_is_on_the_static_beat_schedule_weekly():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "portal.tasks.retention_sweep")
    assert entry["schedule"].day_of_week == {0}


@pytest.mark.django_db
def test_staff_erase_a_person_from_the_mentee_screen_after_confirming(client, scheme, staff):
    mentee = finished_mentee(scheme, staff)
    client.force_login(staff)
    url = reverse("admin:mentoring_mentee_changelist") + "?status=finished"
    chosen = {"action": "erase_on_request", "_selected_action": [mentee.pk]}

    confirm = client.post(url, chosen)

    assert "Yes, erase their personal data" in confirm.content.decode()
    assert "Priya Raman" in confirm.content.decode()
    assert User.objects.get(pk=mentee.user.pk).is_active

    done = client.post(url, {**chosen, "confirm": "yes"}, follow=True)

    shown = [str(message) for message in done.context["messages"]]
    assert shown == ["Priya Raman: personal data erased; the figures already reported are kept"]
    assert User.objects.get(pk=mentee.user.pk).email.endswith("@erased.invalid")


@pytest.mark.django_db
def test_a_mentor_is_erased_only_once_their_claims_are_paid_and_paid_claims_keep_their_amounts(scheme, staff, approver):
    from claims.models import ClaimLine, LineStatus
    from claims.services import batch_create, batch_export, batch_mark_paid
    from tests.factories.claims import approved_claim, claiming_mentor, mentorship_of, past_month, three_weeks

    claimant = claiming_mentor(scheme, user__first_name="Priya", user__last_name="Shah")
    month = past_month()
    three_weeks(mentorship_of(claimant), month)
    approved_claim(claimant, month, approver)
    lines = ClaimLine.objects.filter(mentor=claimant)
    amounts = sorted(lines.values_list("amount", flat=True))

    with pytest.raises(ErasureRefused, match="waiting for a decision or payment"):
        person_anonymise(user=claimant.user, by=staff, reason="request")

    batch, _ = batch_create(scheme=scheme, by=staff)
    batch_export(batch=batch, by=staff, format="csv")
    batch_mark_paid(batch=batch, by=staff, paid_on=timezone.localdate())
    mentor_leave(mentor=claimant, by=staff, left_on=timezone.localdate(), reason="Moved away")
    person_anonymise(user=claimant.user, by=staff, reason="request")

    assert sorted(lines.values_list("amount", flat=True)) == amounts
    assert set(lines.values_list("status", flat=True)) == {LineStatus.PAID}
    assert User.objects.get(pk=claimant.user.pk).last_name == ""
