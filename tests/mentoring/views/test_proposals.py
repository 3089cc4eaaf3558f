"""A mentor answers the matches proposed to them; a mentee asks for a mentor from the directory."""

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.services.mentorships import mentorship_propose
from tests.conftest import with_mfa
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application


def proposed(mentor_user, mentee_user, by=None):
    return mentorship_propose(
        mentee=Mentee.objects.get(user=mentee_user), mentor=Mentor.objects.get(user=mentor_user), by=by
    )


def proposal_url(mentorship):
    return reverse("mentoring:proposal", args=[mentorship.pk])


def decline_url(mentorship):
    return reverse("mentoring:proposal_decline", args=[mentorship.pk])


@pytest.fixture
def rich_mentee(scheme):
    """A mentee with everything a mentor may see, and demographics the mentor must not."""
    return MenteeFactory(
        scheme=scheme,
        user__first_name="Priya",
        user__last_name="Sandhu-Whitlock",
        user__email="priya@practice.nhs.uk",
        role="salaried_gp",
        career_stage="newly_qualified",
        is_gp_fellow=True,
        reasons=["work_life_balance", "career_options"],
        prefers_video=True,
        preferences="Someone who has worked part time.",
        age_band="30_34",
        gender="non_binary",
        ethnicity="K",
        intends_to_leave=True,
    ).user


@pytest.mark.django_db
def test_the_mentor_sees_what_they_need_to_decide_and_no_more(client, mentor, rich_mentee, staff):
    mentorship = proposed(mentor, rich_mentee, by=staff)
    client.force_login(mentor)

    page = client.get(proposal_url(mentorship)).content.decode()

    assert "Will you mentor Priya?" in page
    for shown in [
        "Salaried GP",
        "Newly qualified (first two years)",
        "Work-life balance, Career options",
        "Video",
        "Someone who has worked part time.",
    ]:
        assert shown in page
    for hidden in ["Sandhu-Whitlock", "priya@practice.nhs.uk", "30 to 34", "Non-binary", "Bangladeshi", "leave"]:
        assert hidden not in page


@pytest.mark.django_db
def test_a_mentor_accepts_and_the_mentee_is_emailed(client, mentor, mentee, staff):
    mentorship = proposed(mentor, mentee, by=staff)
    client.force_login(mentor)

    page = client.post(proposal_url(mentorship), {"accept": "yes"}, follow=True).content.decode()

    assert "You are mentoring" in page and "We have emailed" in page
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACCEPTED and mentorship.responded_at is not None
    assert OutboundEmail.objects.filter(to=mentee.email, subject="Your mentor is ready to meet you").exists()
    assert Mentee.objects.get(user=mentee).status == Mentee.Status.MATCHED


@pytest.mark.django_db
def test_declining_without_a_reason_shows_the_error_summary_and_changes_nothing(client, mentor, mentee, staff):
    mentorship = proposed(mentor, mentee, by=staff)
    client.force_login(mentor)

    page = client.get(decline_url(mentorship)).content.decode()
    assert "Why can you not take this mentee on?" in page
    page = client.post(decline_url(mentorship), {"reason": "  "}).content.decode()

    assert "nhsuk-error-summary" in page and "There is a problem" in page
    assert '<a href="#id_reason">Tell the scheme team why you cannot take this mentee on</a>' in page
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED
    assert Mentee.objects.get(user=mentee).status == Mentee.Status.MATCHED
    assert not OutboundEmail.objects.filter(to=mentee.email).exists()


@pytest.mark.django_db
def test_declining_with_a_reason_returns_the_mentee_to_waiting(client, mentor, mentee, staff):
    mentorship = proposed(mentor, mentee, by=staff)
    registered_at = Mentee.objects.get(user=mentee).registered_at
    client.force_login(mentor)

    response = client.post(decline_url(mentorship), {"reason": "I am on leave until March."}, follow=True)

    assert "You have declined this mentee" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.DECLINED
    assert mentorship.decline_reason == "I am on leave until March."
    waiting = Mentee.objects.get(user=mentee)
    assert waiting.status == Mentee.Status.WAITING and waiting.registered_at == registered_at
    assert OutboundEmail.objects.filter(to=mentee.email, subject="We are finding you another mentor").exists()
    assert client.post(proposal_url(mentorship), {"accept": "yes"}).status_code == 302
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.DECLINED


@pytest.mark.django_db
def test_only_the_proposals_own_mentor_reaches_it(client, scheme, mentor, other_mentor, mentee, staff):
    mentorship = proposed(mentor, mentee, by=staff)
    colleague = with_mfa(MentorFactory(scheme=scheme, user__email="colleague@practice.nhs.uk").user)

    for someone in [colleague, other_mentor, mentee, staff]:
        client.force_login(someone)
        assert client.get(proposal_url(mentorship)).status_code == 404
        assert client.post(proposal_url(mentorship), {"accept": "yes"}).status_code == 404
        assert client.post(decline_url(mentorship), {"reason": "Not mine"}).status_code == 404

    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED


@pytest.mark.django_db
def test_a_mentor_sees_only_their_own_proposals(client, scheme, mentor, mentee, staff):
    mine = proposed(mentor, mentee, by=staff)
    colleague = MentorFactory(scheme=scheme, user__email="colleague@practice.nhs.uk")
    someone_else = MenteeFactory(scheme=scheme, user__first_name="Zanele", user__email="zanele@practice.nhs.uk")
    theirs = mentorship_propose(mentee=someone_else, mentor=colleague, by=staff)
    client.force_login(mentor)

    response = client.get(reverse("mentoring:proposals"))

    assert list(response.context["proposals"]) == [mine]
    page = response.content.decode()
    assert proposal_url(mine) in page and proposal_url(theirs) not in page and "Zanele" not in page
    portal = client.get(reverse("portal")).content.decode()
    assert "Mentees waiting for your answer: 1" in portal


@pytest.mark.django_db
def test_a_proposal_withdrawn_by_staff_is_gone_from_the_mentor(client, mentor, mentee, staff):
    from mentoring.services.mentorships import mentorship_withdraw

    mentorship = proposed(mentor, mentee, by=staff)
    mentorship_withdraw(mentorship=mentorship, by=staff, reason="Re-matched")
    client.force_login(mentor)

    assert client.get(proposal_url(mentorship)).status_code == 404
    assert list(client.get(reverse("mentoring:proposals")).context["proposals"]) == []


# A mentee's own choice, where the scheme allows it.


def listed(scheme, **profile):
    return MentorFactory(
        scheme=scheme, status=Mentor.Status.ACTIVE, **complete_application(bio_published=True, **profile)
    )


def mentor_page(mentor):
    return reverse("mentoring:directory_mentor", args=[mentor.scheme.slug, mentor.pk])


def ask_url(mentor):
    return reverse("mentoring:request_mentor", args=[mentor.scheme.slug, mentor.pk])


@pytest.mark.django_db
def test_a_mentee_asks_for_a_mentor_where_the_scheme_allows_it(client, scheme, mentee):
    scheme.mentee_may_choose_mentor = True
    scheme.save()
    chosen = listed(scheme)
    client.force_login(mentee)

    assert "Ask for this mentor" in client.get(mentor_page(chosen)).content.decode()
    page = client.post(ask_url(chosen)).content.decode()

    assert "The scheme team will confirm your choice" in page
    mentorship = Mentorship.objects.get(mentee__user=mentee)
    assert mentorship.status == Mentorship.Status.REQUESTED and mentorship.chosen_by_mentee
    assert mentorship.mentor == chosen
    assert not OutboundEmail.objects.filter(to=chosen.user.email).exists()  # not until staff confirm
    assert "Ask for this mentor" not in client.get(mentor_page(chosen)).content.decode()


@pytest.mark.django_db
def test_where_staff_choose_the_mentor_there_is_no_button_and_asking_is_refused(client, scheme, mentee):
    chosen = listed(scheme)
    client.force_login(mentee)

    assert "Ask for this mentor" not in client.get(mentor_page(chosen)).content.decode()
    assert client.post(ask_url(chosen)).status_code == 403
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_mentor_with_no_place_left_cannot_be_asked_for(client, scheme, mentee):
    scheme.mentee_may_choose_mentor = True
    scheme.save()
    full = listed(scheme, capacity=4)
    for n in range(4):
        mentorship_propose(
            mentee=MenteeFactory(scheme=scheme, user__email=f"m{n}@practice.nhs.uk"), mentor=full, by=None
        )
    client.force_login(mentee)

    assert "Ask for this mentor" not in client.get(mentor_page(full)).content.decode()
    page = client.post(ask_url(full), follow=True).content.decode()

    assert "The mentor has no place left" in page
    assert not Mentorship.objects.filter(mentee__user=mentee).exists()


@pytest.mark.django_db
def test_only_a_waiting_mentee_of_the_scheme_may_ask(client, scheme, other_scheme, staff, mentee):
    scheme.mentee_may_choose_mentor = True
    scheme.save()
    chosen = listed(scheme)
    elsewhere = MenteeFactory(scheme=other_scheme, user__email="elsewhere@practice.nhs.uk").user

    client.force_login(staff)
    assert "Ask for this mentor" not in client.get(mentor_page(chosen)).content.decode()
    assert client.post(ask_url(chosen)).status_code == 403
    client.force_login(elsewhere)
    assert client.post(ask_url(chosen)).status_code == 404
    client.force_login(mentee)
    assert client.get(ask_url(chosen)).status_code == 405

    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_a_mentor_whose_places_filled_meanwhile_is_told_why_not_shown_an_error_page(client, mentor, mentee, staff):
    mentorship = proposed(mentor, mentee, by=staff)
    other = proposed(mentor, MenteeFactory(scheme=mentorship.scheme).user, by=staff)
    client.force_login(mentor)
    client.post(proposal_url(other), {"accept": "yes"})
    Mentor.objects.filter(user=mentor).update(capacity=1)  # staff lowered it since proposing

    response = client.post(proposal_url(mentorship), {"accept": "yes"}, follow=True)

    assert response.status_code == 200
    assert "You have no place left for another mentee" in response.content.decode()
    assert Mentorship.objects.get(pk=mentorship.pk).status == Mentorship.Status.PROPOSED


@pytest.mark.django_db
def test_once_the_mentor_accepts_each_sees_and_is_emailed_the_others_contact_details(client, mentor, mentee, staff):
    Mentee.objects.filter(user=mentee).update(preferred_contact="phone", phone="07123 456789")
    Mentor.objects.filter(user=mentor).update(bio_contact="Email me; I reply on Tuesdays", phone="0151 496 0000")
    mentorship = proposed(mentor, mentee, by=staff)
    client.force_login(mentor)

    before = client.get(proposal_url(mentorship)).content.decode()
    assert mentee.email not in before and "07123 456789" not in before and mentee.last_name not in before

    page = client.post(proposal_url(mentorship), {"accept": "yes"}, follow=True).content.decode()

    assert "How to contact your mentee" in page
    assert mentee.get_full_name() in page and mentee.email in page and "Phone: 07123 456789" in page
    to_mentee = OutboundEmail.objects.get(to=mentee.email, subject="Your mentor is ready to meet you")
    assert mentor.get_full_name() in to_mentee.body_text and mentor.email in to_mentee.body_text
    assert "Email me; I reply on Tuesdays" in to_mentee.body_text
    to_mentor = OutboundEmail.objects.get(to=mentor.email, subject="Your new mentee: how to get in touch")
    assert mentee.get_full_name() in to_mentor.body_text and mentee.email in to_mentor.body_text
    assert "Phone: 07123 456789" in to_mentor.body_text

    client.force_login(mentee)
    mine = client.get(reverse("mentoring:my_sessions")).content.decode()
    assert "How to contact your mentor" in mine
    assert mentor.get_full_name() in mine and mentor.email in mine and "Email me; I reply on Tuesdays" in mine
    assert "0151 496 0000" not in mine  # the number on the application is for the scheme team
