"""A mentor who leaves takes nobody with them, and keeps their two-step sign-in; nobody decides on their
own application or standing, or proposes a match they are part of."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import Role
from mentoring.models import CareerConversation, EligibilityCheck, Mentee, Mentor, Mentorship
from mentoring.services.conversations import conversation_accept, conversation_request
from mentoring.services.mentors import MentorRuleBroken, mentor_leave, mentor_pause
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from tests.factories.mentoring import MenteeFactory, MentorFactory, applicant, complete_application
from tests.factories.schemes import SchemeMembershipFactory
from tests.mentoring.test_conversations import career_scheme, gp_of, trained


def review_url(mentor):
    return reverse("admin:mentoring_mentor_review", args=[mentor.pk])


def leave(client, mentor, reason="Moved to Scotland"):
    return client.post(
        review_url(mentor),
        {"action": "leave", "leave-left_on": timezone.localdate().isoformat(), "leave-reason": reason},
        follow=True,
    )


@pytest.mark.django_db
def test_leaving_withdraws_open_mentorships_and_the_mentees_wait_again_in_their_place(
    client, scheme, staff, mentor, mentee
):
    nadia = Mentor.objects.get(user=mentor)
    priya = Mentee.objects.get(user=mentee)
    registered_at = priya.registered_at
    active = mentorship_propose(mentee=priya, mentor=nadia, by=staff)
    mentorship_accept(mentorship=active, by=mentor)
    waiting_answer = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=nadia, by=staff)
    client.force_login(staff)

    assert "Recorded as left." in leave(client, nadia).content.decode()

    for mentorship in (active, waiting_answer):
        mentorship.refresh_from_db()
        assert mentorship.status == Mentorship.Status.WITHDRAWN
        assert mentorship.end_reason == "The mentor left the scheme"
        assert mentorship.mentee.status == Mentee.Status.WAITING
    priya.refresh_from_db()
    assert priya.registered_at == registered_at  # the place in the queue


@pytest.mark.django_db
def test_a_facilitator_who_leaves_withdraws_their_conversations_not_yet_complete(client, staff):
    career = career_scheme()
    SchemeMembershipFactory(scheme=career, user=staff, role=Role.STAFF)
    lena = trained(MentorFactory(scheme=career, **complete_application(bio_published=True)))
    conversation = conversation_request(facilitator=lena, gp=gp_of(career), by=None)
    client.force_login(staff)

    leave(client, lena, reason="Retired")

    conversation.refresh_from_db()
    assert (conversation.status, conversation.end_reason) == (
        CareerConversation.Status.WITHDRAWN,
        "The mentor left the scheme",
    )


@pytest.mark.django_db
def test_a_mentor_who_left_still_needs_two_step_sign_in(client, scheme, staff, mentor):
    nadia = Mentor.objects.get(user=mentor)
    client.force_login(staff)
    leave(client, nadia)
    client.force_login(mentor)

    # They cannot switch it off...
    totp = Authenticator.objects.get(user=mentor, type=Authenticator.Type.TOTP)
    client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(pk=totp.pk).exists()
    # ...and without an authenticator every page sends them to set one up again.
    Authenticator.objects.filter(user=mentor).delete()
    response = client.get(reverse("portal"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_who_lose_their_role_still_need_two_step_sign_in(client, scheme, staff):
    staff.scheme_memberships.all().delete()
    Authenticator.objects.filter(user=staff).delete()
    client.force_login(staff)

    response = client.get(reverse("portal"))

    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


@pytest.fixture
def staff_applicant(scheme, staff):
    """A member of staff who has also applied to mentor in their own scheme."""
    return applicant(scheme, user=staff)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "post",
    [
        {"action": "verify", "verify-item": EligibilityCheck.Item.GMC_LICENCE.value},
        {"action": "approve", "approve-already_qualified": "on"},
        {"action": "reject", "reject-feedback": "No"},
    ],
    ids=["verify", "approve", "reject"],
)
def test_staff_cannot_decide_on_their_own_application(client, staff, staff_applicant, post):
    for item in EligibilityCheck.Item:  # a colleague verified everything, so only the rule stops an approval
        EligibilityCheck.objects.create(
            mentor=staff_applicant, item=item, recheck_due=timezone.localdate().replace(year=2099)
        )
    checks_before = list(EligibilityCheck.objects.filter(mentor=staff_applicant).values_list("verified_by", flat=True))
    client.force_login(staff)

    page = client.post(review_url(staff_applicant), post, follow=True).content.decode()

    assert "You cannot decide on your own application or standing" in page
    assert Mentor.objects.get(pk=staff_applicant.pk).status == Mentor.Status.APPLIED
    after = list(EligibilityCheck.objects.filter(mentor=staff_applicant).values_list("verified_by", flat=True))
    assert after == checks_before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["pause", "leave"])
def test_staff_cannot_change_their_own_standing_as_a_mentor(client, scheme, staff, action):
    own = MentorFactory(scheme=scheme, user=staff)
    client.force_login(staff)
    post = {"action": action, "leave-left_on": timezone.localdate().isoformat(), "leave-reason": "Off"}

    page = client.post(review_url(own), post, follow=True).content.decode()

    assert "You cannot decide on your own application or standing" in page
    assert Mentor.objects.get(pk=own.pk).status == Mentor.Status.ACTIVE


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["mentor", "mentee"])
def test_staff_cannot_propose_a_match_they_are_part_of(client, scheme, staff, part):
    mentor = MentorFactory(scheme=scheme, **({"user": staff} if part == "mentor" else {}))
    mentee = MenteeFactory(scheme=scheme, **({"user": staff} if part == "mentee" else {}))
    client.force_login(staff)

    response = client.post(
        reverse("admin:mentoring_mentee_suggestions", args=[mentee.pk]), {"mentor": mentor.pk}, follow=True
    )

    assert "You cannot propose a match you are part of" in response.content.decode()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("becomes", ["paused", "left"])
def test_the_services_refuse_a_mentor_who_is_paused_or_left_whatever_the_page_showed(
    scheme, staff, mentor, mentee, becomes
):
    nadia = Mentor.objects.get(user=mentor)
    mentorship = mentorship_propose(mentee=Mentee.objects.get(user=mentee), mentor=nadia, by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor)
    career = career_scheme()
    lena = trained(MentorFactory(scheme=career, **complete_application(bio_published=True)))
    conversation = conversation_request(facilitator=lena, gp=gp_of(career), by=None)
    for record in (nadia, lena):
        if becomes == "paused":
            mentor_pause(mentor=record, by=staff)
        else:
            mentor_leave(mentor=record, by=staff, left_on=timezone.localdate(), reason="Retired")
    mentorship.refresh_from_db()
    mentorship.status = Mentorship.Status.ACCEPTED  # a page loaded before the change
    conversation.status = CareerConversation.Status.REQUESTED

    with pytest.raises(MentorRuleBroken):
        session_log(mentorship=mentorship, by=mentor, held_on=timezone.localdate(), duration_minutes=60, mode="video")
    with pytest.raises(MentorRuleBroken):
        conversation_accept(conversation=conversation, by=lena.user)
    assert not mentorship.sessions.exists()
