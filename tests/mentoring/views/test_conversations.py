"""Career conversations in the portal: a GP asks from the directory, the facilitator holds and logs it,
and staff read it in the admin. Only the GP and the facilitator reach a conversation's pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import Role
from mentoring.models import CareerConversation, ConversationPart, Mentor
from mentoring.services.conversations import conversation_accept, conversation_request
from tests.conftest import with_mfa
from tests.factories.mentoring import MentorFactory, complete_application
from tests.factories.schemes import SchemeFactory, SchemeMembershipFactory
from tests.mentoring.test_conversations import (
    accepted,
    asked_a_month_ago,
    career_scheme,
    completed,
    facilitator,
    gp_of,
    log,
)

C = CareerConversation.Status


@pytest.fixture
def career(db):
    return career_scheme()


@pytest.fixture
def lena(career):
    """A trained facilitator, listed in the directory."""
    mentor = facilitator(career, first_name="Lena", last_name="Okafor", email="lena@practice.nhs.uk")
    with_mfa(mentor.user)
    return mentor


@pytest.fixture
def gp(career):
    return gp_of(career, first_name="Tom", last_name="Hughes", email="tom@practice.nhs.uk")


@pytest.fixture
def conversation(lena, gp):
    return asked_a_month_ago(conversation_request(facilitator=lena, gp=gp, by=gp))


def held_by_mfa_facilitator(scheme):
    """An accepted conversation whose facilitator can sign in past the MFA gate (mentors need MFA)."""
    conversation = accepted(scheme)
    with_mfa(conversation.facilitator.user)
    return conversation


def mentor_page(scheme, mentor):
    return reverse("mentoring:directory_mentor", args=[scheme.slug, mentor.pk])


def ask_url(scheme, mentor):
    return reverse("mentoring:conversation_ask", args=[scheme.slug, mentor.pk])


def page(conversation):
    return reverse("mentoring:conversation", args=[conversation.pk])


def part_url(conversation, part):
    return reverse("mentoring:conversation_part", args=[conversation.pk, part])


def outcome_url(conversation):
    return reverse("mentoring:conversation_outcome", args=[conversation.pk])


@pytest.mark.django_db
def test_a_gp_asks_a_facilitator_from_the_directory(client, career, lena, gp):
    client.force_login(gp)

    assert "Request a career conversation" in client.get(mentor_page(career, lena)).content.decode()
    response = client.post(ask_url(career, lena), follow=True)

    conversation = CareerConversation.objects.get()
    assert (conversation.gp, conversation.facilitator, conversation.status) == (gp, lena, C.REQUESTED)
    assert response.redirect_chain == [(reverse("mentoring:conversations"), 302)]
    listing = response.content.decode()
    assert "You have asked Lena Okafor for a career conversation" in listing
    assert "With Lena Okafor" in listing and "Requested" in listing
    assert "Your career conversations" in client.get(reverse("portal")).content.decode()


@pytest.mark.django_db
def test_the_request_button_is_for_facilitators_of_career_conversation_schemes(client, career, lena, gp):
    untrained = MentorFactory(scheme=career, status=Mentor.Status.ACTIVE, **complete_application(bio_published=True))
    mentoring = SchemeFactory()
    elsewhere = facilitator(mentoring)
    client.force_login(gp)

    assert "Request a career conversation" not in client.get(mentor_page(career, untrained)).content.decode()
    response = client.post(ask_url(career, untrained), follow=True)
    assert "This facilitator is not taking career conversations at the moment" in response.content.decode()

    client.force_login(lena.user)
    assert "Request a career conversation" not in client.get(mentor_page(career, lena)).content.decode()

    client.force_login(gp_of(mentoring))
    assert "Request a career conversation" not in client.get(mentor_page(mentoring, elsewhere)).content.decode()
    assert client.post(ask_url(mentoring, elsewhere)).status_code == 404
    assert not CareerConversation.objects.exists()


@pytest.mark.django_db
def test_someone_who_cannot_see_the_directory_cannot_ask(client, career, lena, outsider, other_scheme):
    client.force_login(outsider)
    assert client.post(ask_url(career, lena)).status_code == 404

    client.force_login(gp_of(other_scheme))
    assert client.post(ask_url(career, lena)).status_code == 404
    assert client.get(ask_url(career, lena)).status_code == 405
    assert not CareerConversation.objects.exists()


@pytest.mark.django_db
def test_the_facilitator_accepts_logs_both_parts_and_the_conversation_completes(client, conversation, lena):
    client.force_login(lena.user)
    portal = client.get(reverse("portal")).content.decode()
    assert "Career conversations to hold" in portal
    to_hold = client.get(reverse("mentoring:conversations_to_hold")).content.decode()
    assert "Tom Hughes" in to_hold and "0 of 250 minutes logged" in to_hold

    client.post(page(conversation), {"accept": "yes"})
    earlier, later = timezone.localdate() - datetime.timedelta(days=10), timezone.localdate() - datetime.timedelta(1)
    client.post(part_url(conversation, 1), {"held_on": earlier.strftime("%d/%m/%Y"), "duration_minutes": "100"})
    halfway = client.get(page(conversation)).content.decode()
    assert "100 of 250 minutes" in halfway and "150 more minutes to log" in halfway
    response = client.post(
        part_url(conversation, 2), {"held_on": later.strftime("%d/%m/%Y"), "duration_minutes": "150"}, follow=True
    )

    conversation.refresh_from_db()
    assert (conversation.status, conversation.completed_on) == (C.COMPLETE, later)
    detail = response.content.decode()
    assert "Both parts are logged: the career conversation is complete" in detail
    assert "250 of 250 minutes" in detail and "Record the outcome" in detail
    assert "250 of 250 minutes logged" in client.get(reverse("mentoring:conversations_to_hold")).content.decode()


@pytest.mark.django_db
def test_two_parts_of_100_minutes_leave_the_conversation_to_finish(client, lena):
    conversation = held_by_mfa_facilitator(lena.scheme)
    client.force_login(conversation.facilitator.user)
    today = timezone.localdate().strftime("%d/%m/%Y")

    for part in (1, 2):
        client.post(part_url(conversation, part), {"held_on": today, "duration_minutes": "100"})

    conversation.refresh_from_db()
    assert conversation.status == C.ACCEPTED
    assert "200 of 250 minutes" in client.get(page(conversation)).content.decode()
    assert client.get(outcome_url(conversation)).status_code == 302


@pytest.mark.django_db
def test_there_is_no_third_part(client, lena):
    conversation = held_by_mfa_facilitator(lena.scheme)
    client.force_login(conversation.facilitator.user)

    response = client.post(
        part_url(conversation, 3), {"held_on": timezone.localdate().strftime("%d/%m/%Y"), "duration_minutes": "60"}
    )

    assert response.status_code == 404
    assert not ConversationPart.objects.exists()


@pytest.mark.django_db
def test_the_part_page_shows_what_was_wrong(client, lena):
    conversation = held_by_mfa_facilitator(lena.scheme)
    client.force_login(conversation.facilitator.user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        part_url(conversation, 1), {"held_on": tomorrow.strftime("%d/%m/%Y"), "duration_minutes": ""}
    )

    page_text = response.content.decode()
    assert "There is a problem" in page_text
    assert "Enter how long this part lasted in minutes, like 120" in page_text
    response = client.post(
        part_url(conversation, 1), {"held_on": tomorrow.strftime("%d/%m/%Y"), "duration_minutes": "90"}
    )
    assert "The date must be today or in the past" in response.content.decode()
    assert not ConversationPart.objects.exists()


@pytest.mark.django_db
def test_the_facilitator_records_the_outcome_which_the_gp_does_not_see(client, lena, gp):
    conversation = conversation_accept(conversation=conversation_request(facilitator=lena, gp=gp, by=gp), by=lena.user)
    log(conversation, 1, 100)
    log(conversation, 2, 150)
    client.force_login(lena.user)

    refused = client.post(
        outcome_url(conversation), {"career_need_identified": "True", "will_apply_for_funding": "True"}
    )
    assert "Select the career needs from the list" in refused.content.decode()
    client.post(
        outcome_url(conversation),
        {
            "career_need_identified": "True",
            "career_needs": ["management_partnership", "portfolio"],
            "support_in_resource_list": "False",
            "need_not_in_resource_list": "Leadership course for new partners",
            "will_apply_for_funding": "True",
        },
    )

    conversation.refresh_from_db()
    assert conversation.career_needs == ["management_partnership", "portfolio"]
    assert conversation.support_in_resource_list is False
    assert conversation.will_apply_for_funding is True
    detail = client.get(page(conversation)).content.decode()
    assert "Management/Partnership skills, Building a Portfolio" in detail
    assert "Leadership course for new partners" in detail

    client.force_login(gp)
    for url in (page(conversation), reverse("mentoring:conversations")):
        seen = client.get(url).content.decode()
        assert "Complete" in seen and conversation.completed_on.strftime("%-d %B %Y") in seen
        assert "Leadership course" not in seen and "Portfolio" not in seen


@pytest.mark.django_db
def test_only_the_gp_and_the_facilitator_reach_a_conversation(client, conversation, lena, gp, career, outsider):
    other_facilitator = facilitator(career)
    with_mfa(other_facilitator.user)
    career_staff = with_mfa(SchemeMembershipFactory(scheme=career, role=Role.STAFF).user)
    facilitator_pages = [part_url(conversation, 1), outcome_url(conversation)]

    for someone in (outsider, other_facilitator.user, career_staff):
        client.force_login(someone)
        for url in [page(conversation), *facilitator_pages]:
            assert client.get(url).status_code == 404, (someone, url)
        assert client.post(page(conversation), {"accept": "yes"}).status_code == 404
        assert conversation.pk not in [
            c.pk for c in client.get(reverse("mentoring:conversations")).context["conversations"]
        ]
        assert not client.get(reverse("mentoring:conversations_to_hold")).context["conversations"]

    client.force_login(gp)
    assert client.get(page(conversation)).status_code == 200
    for url in facilitator_pages:
        assert client.get(url).status_code == 404
    client.post(page(conversation), {"accept": "yes"})
    conversation.refresh_from_db()
    assert conversation.status == C.REQUESTED


@pytest.mark.django_db
def test_staff_read_their_schemes_conversations_in_a_fixed_number_of_queries(client, career):
    staff = with_mfa(SchemeMembershipFactory(scheme=career, role=Role.STAFF).user)
    other = with_mfa(SchemeMembershipFactory(scheme=career_scheme(), role=Role.STAFF).user)
    url = reverse("admin:mentoring_careerconversation_changelist")
    first = completed(career)
    client.force_login(staff)
    client.get(url)  # warm per-process caches

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert [row.total_minutes for row in response.context["cl"].result_list] == [250]
    more = [accepted(career) for _ in range(5)]
    for conversation in more:
        log(conversation, 1, 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(response.context["cl"].result_list) == 6
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "250 of 250" in response.content.decode() and "60 of 250" in response.content.decode()
    change = reverse("admin:mentoring_careerconversation_change", args=[first.pk])
    detail = client.get(change)
    assert detail.status_code == 200 and "Part 2" in detail.content.decode()
    assert client.post(change, {}).status_code == 403

    client.force_login(other)
    assert client.get(url).context["cl"].result_count == 0
    assert client.get(change).status_code == 404
