"""Access ends with the role: a mentor or facilitator who has left or is paused, and a mentee whose account
is closed, reach nothing of the people they worked with, on any page of the portal.

The walk below covers every portal page of mentoring and surveys (a new page fails
test_every_portal_page_is_walked until it is added to PAGES or to NOT_ABOUT_PEOPLE).
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.services import user_deactivate
from mentoring.models import CareerConversation, Mentee, Mentor, MentoringSession, Mentorship
from mentoring.services.conversations import conversation_accept, conversation_request
from mentoring.services.mentees import mentee_update
from mentoring.services.mentors import mentor_leave, mentor_pause
from mentoring.services.mentorships import mentorship_accept, mentorship_propose
from mentoring.services.sessions import session_log
from surveys.services import response_import
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.mentoring.test_conversations import asked_a_month_ago, career_scheme, trained

# The people the mentor and facilitator worked with, and the mentor the mentee worked with.
MENTEE_NAME, SECOND_MENTEE_NAME, GP_NAME, MENTOR_NAME = "Priya Raman", "Owen Baptiste", "Tom Hughes", "Nadia Carter"


def _named(user, full_name):
    first, last = full_name.split()
    type(user).objects.filter(pk=user.pk).update(first_name=first, last_name=last)


@pytest.fixture
def world(scheme, staff, mentor, mentee):
    """Nadia mentors Priya (active, answers shared, a session held) and has a proposal for Owen waiting;
    she is also a facilitator holding a career conversation with Tom."""
    _named(mentor, MENTOR_NAME)
    _named(mentee, MENTEE_NAME)
    priya = Mentee.objects.get(user=mentee)
    mentee_update(mentee=priya, by=mentee, shares_questionnaires_with_mentor=True)
    response_import(mentee=priya, code="pss10", answers=[2] * 10, by=staff)
    nadia = Mentor.objects.get(user=mentor)
    mentorship = mentorship_propose(mentee=priya, mentor=nadia, by=staff)
    mentorship_accept(mentorship=mentorship, by=mentor)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Mentorship.objects.filter(pk=mentorship.pk).update(proposed_at=month_ago, responded_at=month_ago)
    mentorship.refresh_from_db()
    logged = session_log(
        mentorship=mentorship,
        by=mentor,
        held_on=timezone.localdate() - datetime.timedelta(days=7),
        duration_minutes=60,
        mode="video",
        kind=MentoringSession.Kind.INTRODUCTORY,
        confidential_notes="Talked about the partnership",
    )
    owen = MenteeFactory(scheme=scheme, user__first_name="Owen", user__last_name="Baptiste")
    proposal = mentorship_propose(mentee=owen, mentor=nadia, by=staff)

    career = career_scheme()
    nadia_facilitates = trained(MentorFactory(scheme=career, user=mentor, **complete_application(bio_published=True)))
    tom = MenteeFactory(scheme=career, user__first_name="Tom", user__last_name="Hughes").user
    conversation = asked_a_month_ago(conversation_request(facilitator=nadia_facilitates, gp=tom, by=tom))
    conversation_accept(conversation=conversation, by=mentor)
    return {
        "scheme": scheme,
        "career": career,
        "mentorship": mentorship,
        "session": logged.session,
        "proposal": proposal,
        "conversation": conversation,
        "priya": priya,
        "nadia": nadia,
        "nadia_facilitates": nadia_facilitates,
        "tom": tom,
    }


# Every portal page about people, with the arguments that point it at the people of `world`.
PAGES = {
    "mentoring:mentor_home": lambda w: [],
    "mentoring:mentorship": lambda w: [w["mentorship"].pk],
    "mentoring:session_kind": lambda w: [w["mentorship"].pk],
    "mentoring:session_log": lambda w: [w["mentorship"].pk, "regular"],
    "mentoring:session_correct": lambda w: [w["mentorship"].pk, w["session"].pk],
    "mentoring:session_delete": lambda w: [w["mentorship"].pk, w["session"].pk],
    "mentoring:proposals": lambda w: [],
    "mentoring:proposal": lambda w: [w["proposal"].pk],
    "mentoring:proposal_decline": lambda w: [w["proposal"].pk],
    "mentoring:my_sessions": lambda w: [],
    "mentoring:mentee_fit_check": lambda w: [w["mentorship"].pk],
    "mentoring:conversations": lambda w: [],
    "mentoring:conversation": lambda w: [w["conversation"].pk],
    "mentoring:conversations_to_hold": lambda w: [],
    "mentoring:conversation_part": lambda w: [w["conversation"].pk, 1],
    "mentoring:conversation_outcome": lambda w: [w["conversation"].pk],
    "mentoring:directory": lambda w: [w["scheme"].slug],
    "mentoring:directory_mentor": lambda w: [w["scheme"].slug, w["nadia"].pk],
    "mentoring:directory_photo": lambda w: [w["scheme"].slug, w["nadia"].pk],
    "mentoring:request_mentor": lambda w: [w["scheme"].slug, w["nadia"].pk],
    "mentoring:conversation_ask": lambda w: [w["career"].slug, w["nadia_facilitates"].pk],
    "mentoring:mentor_profile": lambda w: [w["scheme"].slug],
    "mentoring:mentor_profile_edit": lambda w: [w["scheme"].slug],
    "surveys:before_mentoring": lambda w: [w["priya"].pk],
    "surveys:answers": lambda w: [w["priya"].pk],
    "surveys:support": lambda w: [w["priya"].pk],
    "surveys:respond": lambda w: [w["priya"].pk, "pss10"],
    "portal": lambda w: [],
}
# Pages about the signed-in person's own application or registration, or public ones: no one else on them.
NOT_ABOUT_PEOPLE = {
    "home",
    "healthz",
    "schemes:detail",
    "mentoring:apply_start",
    "mentoring:apply_check",
    "mentoring:apply_submitted",
    "mentoring:apply_step",
    "mentoring:register_start",
    "mentoring:register_check",
    "mentoring:register_step",
    # Counts per scheme for its commissioners, small numbers hidden: no person is named.
    "mentoring:commissioning",
    # A signed single-use link for the mentee it was emailed to (tests/surveys/views/test_survey_link.py).
    "surveys:link",
}


def _portal_url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name in ("mentoring", "surveys", "schemes"):
                yield from _portal_url_names(pattern.url_patterns, f"{pattern.namespace}:")
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and pattern.callback.__module__.split(".")[0]
            in (
                "accounts",
                "mentoring",
                "surveys",
                "schemes",
                "config",
            )
        ):
            yield namespace + pattern.name


def test_every_portal_page_is_walked():
    names = set(_portal_url_names(get_resolver().url_patterns)) - {"admin_login"}
    assert names - set(PAGES) - NOT_ABOUT_PEOPLE == set()


def _walk(client, world):
    """Each page, read and (for those that take a form) posted to, as the signed-in client; what the
    person would see at the end of any redirects."""
    for name, args in PAGES.items():
        url = reverse(name, args=args(world))
        yield name, "GET", client.get(url, follow=True)
        yield name, "POST", client.post(url, {"accept": "1", "publish": "no", "answer": "good"}, follow=True)


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def left(world, staff):
    for record in (world["nadia"], world["nadia_facilitates"]):
        mentor_leave(mentor=record, by=staff, left_on=timezone.localdate(), reason="Retired")


def paused(world, staff):
    for record in (world["nadia"], world["nadia_facilitates"]):
        mentor_pause(mentor=record, by=staff)


def what_stays_put(world):
    mentorship = Mentorship.objects.get(pk=world["mentorship"].pk)
    proposal = Mentorship.objects.get(pk=world["proposal"].pk)
    conversation = CareerConversation.objects.get(pk=world["conversation"].pk)
    return (mentorship.status, mentorship.mentor_fit, proposal.status, conversation.status)


@pytest.mark.django_db
@pytest.mark.parametrize("becomes", [left, paused], ids=["a mentor who left", "a paused mentor"])
def test_a_mentor_who_left_or_is_paused_reaches_nothing_of_the_people_they_worked_with(
    client, world, staff, mentor, becomes
):
    client.force_login(mentor)
    assert MENTEE_NAME in _content(client.get(reverse("mentoring:mentor_home")))  # before: Nadia sees Priya
    becomes(world, staff)
    before = what_stays_put(world)

    for name, method, response in _walk(client, world):
        page = _content(response)
        for person in (MENTEE_NAME, SECOND_MENTEE_NAME, GP_NAME):
            assert person not in page, f"{method} {name} shows {person}"
        assert "Perceived Stress" not in page, f"{method} {name} shows the mentee's answers"

    assert what_stays_put(world) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "mentoring:mentorship",
        "mentoring:session_log",
        "mentoring:session_correct",
        "mentoring:proposal",
        "surveys:answers",
    ],
)
@pytest.mark.parametrize("becomes", [left, paused], ids=["a mentor who left", "a paused mentor"])
def test_their_mentees_pages_are_not_found(client, world, staff, mentor, becomes, page):
    client.force_login(mentor)
    becomes(world, staff)

    assert client.get(reverse(page, args=PAGES[page](world))).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["mentoring:conversation", "mentoring:conversation_part", "mentoring:conversation_outcome"]
)
@pytest.mark.parametrize("becomes", [left, paused], ids=["a facilitator who left", "a paused facilitator"])
def test_their_career_conversations_are_not_found(client, world, staff, mentor, becomes, page):
    client.force_login(mentor)
    becomes(world, staff)

    assert client.get(reverse(page, args=PAGES[page](world))).status_code == 404


@pytest.mark.django_db
def test_a_mentee_whose_account_is_closed_reaches_nothing(client, world, staff, mentee):
    client.force_login(mentee)
    assert MENTOR_NAME in _content(client.get(reverse("mentoring:my_sessions")))  # before: Priya sees Nadia
    user_deactivate(user=mentee, by=staff)
    before = what_stays_put(world)

    for name, method, response in _walk(client, world):
        signed_out = response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("account_login"))
        assert signed_out or response.status_code == 404, f"{method} {name} let a closed account in"
        assert MENTOR_NAME not in _content(response)

    assert what_stays_put(world) == before


@pytest.mark.django_db
def test_a_closed_account_cannot_sign_in(client, world, staff, mentee):
    user_deactivate(user=mentee, by=staff)

    response = client.post(reverse("account_login"), {"login": mentee.email, "password": "a-long-test-password-1"})

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    assert client.get(reverse("mentoring:my_sessions")).status_code == 302
