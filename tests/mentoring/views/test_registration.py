"""Mentee registration as a signed-up person meets it: start, one page per step, check answers, registered."""

import datetime
import html

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import AuditEvent
from mentoring.models import Mentee
from mentoring.services.mentees import ALREADY_REGISTERED
from schemes.models import Organisation, Scheme
from schemes.services import organisation_create
from tests.factories.schemes import SchemeFactory

# Every step's answers, as a person would post them.
STEP_ANSWERS = {
    "name": {"first_name": "Priya", "last_name": "Shah"},
    "contact": {"preferred_contact": "phone", "phone": "07123456789"},
    "role": {"role": "salaried_gp"},
    "career-stage": {"career_stage": "early_mid_career"},
    "fellowship": {"is_gp_fellow": "True"},
    "practice": {"practice_code": "a81001"},
    "reasons": {"reasons": ["work_life_balance", "stress_management"]},
    "changes": {"changes_considered": ["reduce_hours", "portfolio_career"]},
    "leaving": {"intends_to_leave": "True", "consents_to_contact_about_leaving": "on"},
    "meeting": {"modes": ["video", "telephone"], "preferences": "Not a mentor from my PCN"},
    "equality": {"gender": "female", "age_band": "35_39", "ethnicity": "H"},
    "sharing": {"shares_questionnaires_with_mentor": "on"},
}


def page(response):
    return html.unescape(response.content.decode())


def start_url(scheme):
    return reverse("mentoring:register_start", args=[scheme.slug])


def step_url(scheme, step):
    return reverse("mentoring:register_step", args=[scheme.slug, step])


def check_url(scheme):
    return reverse("mentoring:register_check", args=[scheme.slug])


def answer(client, scheme, step, answers=None):
    answers = STEP_ANSWERS[step] if answers is None else answers
    return client.post(step_url(scheme, step), {**answers, "continue": "Continue"})


def answer_every_step(client, scheme, **replaced):
    for step in STEP_ANSWERS:
        response = answer(client, scheme, step, replaced.get(step))
        assert response.status_code == 302, page(response)
    return response


def errors_on(client, scheme, step, answers):
    response = answer(client, scheme, step, answers)
    assert response.status_code == 200
    return page(response)


@pytest.fixture
def person(outsider):
    """Signed up, with no role: registering is what makes them a mentee."""
    return outsider


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def practice(db):
    pcn = organisation_create(kind="pcn", code="U12345", name="Riverside PCN")
    return organisation_create(kind="practice", code="A81001", name="Riverside Surgery", parent=pcn)


@pytest.fixture
def partners_and_salaried_only(scheme):
    Scheme.objects.filter(pk=scheme.pk).update(admitted_mentee_roles=["gp_partner", "salaried_gp"])
    scheme.refresh_from_db()
    return scheme


# End to end


@pytest.mark.django_db
def test_a_person_registers_end_to_end(signed_in, person, scheme, practice):
    start = page(signed_in.get(start_url(scheme)))
    assert "Get a mentor" in start
    assert f'href="{step_url(scheme, "name")}"' in start

    last = answer_every_step(signed_in, scheme)
    assert last.url == check_url(scheme)
    check = page(signed_in.get(check_url(scheme)))
    assert "Priya Shah" in check
    assert "Phone: 07123 456789" in check
    assert "Salaried GP" in check
    assert "Riverside Surgery (A81001)" in check
    assert "Riverside PCN" in check
    assert "Work-life balance, Stress management" in check
    assert "Not a mentor from my PCN" in check
    assert "Asian or Asian British: Indian" in check
    assert not Mentee.objects.filter(user=person).exists()  # nothing is stored before registering

    response = signed_in.post(check_url(scheme))

    mentee = Mentee.objects.get(user=person, scheme=scheme)
    assert response.status_code == 302
    assert response.url == f"/surveys/before/{mentee.pk}/"
    assert mentee.status == Mentee.Status.WAITING
    assert (mentee.role, mentee.career_stage, mentee.is_gp_fellow) == ("salaried_gp", "early_mid_career", True)
    assert mentee.practice == practice
    assert mentee.pcn.name == "Riverside PCN"
    assert mentee.reasons == ["work_life_balance", "stress_management"]
    assert mentee.changes_considered == ["reduce_hours", "portfolio_career"]
    assert (mentee.intends_to_leave, mentee.consents_to_contact_about_leaving) == (True, True)
    assert mentee.preferred_modes == ["video", "telephone"]
    assert mentee.preferences == "Not a mentor from my PCN"
    assert (mentee.gender, mentee.age_band, mentee.ethnicity) == ("female", "35_39", "H")
    assert mentee.shares_questionnaires_with_mentor is True
    assert (mentee.preferred_contact, mentee.phone) == ("phone", "07123 456789")
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Priya", "Shah")
    event = AuditEvent.objects.get(action="mentee.register")
    assert (event.actor, event.scheme, event.target_id) == (person, scheme, str(mentee.pk))
    assert "mentee_registration" not in signed_in.session or scheme.slug not in signed_in.session["mentee_registration"]


@pytest.mark.django_db
def test_portal_offers_get_a_mentor_and_then_the_checklist(signed_in, person, scheme, practice):
    closed = SchemeFactory(is_open=False)
    portal = page(signed_in.get(reverse("portal")))
    assert "Get a mentor" in portal
    assert start_url(scheme) in portal
    assert start_url(closed) not in portal

    answer_every_step(signed_in, scheme)
    signed_in.post(check_url(scheme))

    mentee = Mentee.objects.get(user=person)
    portal = page(signed_in.get(reverse("portal")))
    assert start_url(scheme) not in portal
    assert "Status: Waiting for a mentor" in portal
    assert f'href="/surveys/before/{mentee.pk}/"' in portal
    start = page(signed_in.get(start_url(scheme)))
    assert ALREADY_REGISTERED in start
    assert f'href="/surveys/before/{mentee.pk}/"' in start


@pytest.mark.django_db
def test_sharing_questionnaires_is_off_unless_ticked(signed_in, person, scheme, practice):
    content = page(signed_in.get(step_url(scheme, "sharing")))
    assert "Share my questionnaire answers with my mentor" in content
    assert "checked" not in content

    answer_every_step(signed_in, scheme, sharing={})
    signed_in.post(check_url(scheme))

    assert Mentee.objects.get(user=person).shares_questionnaires_with_mentor is False


@pytest.mark.django_db
def test_registering_with_steps_unanswered_is_refused_with_links_to_them(signed_in, person, scheme):
    answer(signed_in, scheme, "role")

    response = signed_in.post(check_url(scheme))

    content = page(response)
    assert response.status_code == 200
    assert "There is a problem" in content
    assert f'<a href="{step_url(scheme, "career-stage")}?change=1">Select the stage of your career</a>' in content
    assert "Select your role" not in content
    assert not Mentee.objects.exists()


# Roles the scheme admits


@pytest.mark.django_db
def test_only_the_schemes_roles_are_offered(signed_in, partners_and_salaried_only):
    content = page(signed_in.get(step_url(partners_and_salaried_only, "role")))

    assert 'value="gp_partner"' in content
    assert 'value="salaried_gp"' in content
    assert 'value="locum_gp"' not in content


@pytest.mark.django_db
def test_a_role_the_scheme_does_not_admit_is_refused_naming_its_roles(signed_in, partners_and_salaried_only):
    scheme = partners_and_salaried_only

    content = errors_on(signed_in, scheme, "role", {"role": "locum_gp"})

    assert f"{scheme.name} is open to: GP partner, Salaried GP" in content
    assert "role" not in signed_in.session.get("mentee_registration", {}).get(scheme.slug, {})


@pytest.mark.django_db
def test_role_must_be_chosen(signed_in, scheme):
    assert "Select your role" in errors_on(signed_in, scheme, "role", {})


@pytest.mark.django_db
def test_a_role_no_longer_admitted_is_refused_at_registering(signed_in, person, scheme, practice):
    answer_every_step(signed_in, scheme, role={"role": "locum_gp"})
    Scheme.objects.filter(pk=scheme.pk).update(admitted_mentee_roles=["gp_partner", "salaried_gp"])

    content = page(signed_in.post(check_url(scheme)))

    assert f'<a href="{step_url(scheme, "role")}?change=1">{scheme.name} is open to: GP partner, Salaried GP</a>' in (
        content
    )
    assert not Mentee.objects.exists()


# The practice


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["81001A", "A8100", "AB1234"])
def test_practice_code_must_be_a_letter_and_five_digits(signed_in, scheme, typed):
    content = errors_on(signed_in, scheme, "practice", {"practice_code": typed})

    assert "Enter your practice's ODS code: a capital letter and 5 digits, like A81001" in content


@pytest.mark.django_db
def test_unknown_practice_code_is_refused(signed_in, scheme):
    content = errors_on(signed_in, scheme, "practice", {"practice_code": "B99999"})

    assert (
        "We cannot find a GP practice with the ODS code B99999. "
        "Check the code, which is on your practice's letters and website"
    ) in content


@pytest.mark.django_db
def test_known_practice_shows_its_pcn_when_coming_back(signed_in, scheme, practice):
    answer(signed_in, scheme, "practice")

    content = page(signed_in.get(step_url(scheme, "practice")))

    assert "Your practice: Riverside Surgery, in Riverside PCN." in content
    assert 'value="A81001"' in content


@pytest.mark.django_db
def test_no_practice_is_allowed_for_someone_without_one(signed_in, person, scheme):
    answer_every_step(signed_in, scheme, practice={"practice_code": ""})

    signed_in.post(check_url(scheme))

    assert Mentee.objects.get(user=person).practice is None


# The other questions


@pytest.mark.django_db
def test_at_least_one_reason_is_needed(signed_in, scheme):
    assert "Select at least one reason you are looking for mentoring" in errors_on(signed_in, scheme, "reasons", {})


@pytest.mark.django_db
def test_none_of_these_changes_cannot_be_ticked_with_a_change(signed_in, scheme):
    content = errors_on(signed_in, scheme, "changes", {"changes_considered": ["none", "retire_early"]})

    assert "Select None of these on its own, or only the changes you are considering" in content


@pytest.mark.django_db
def test_consent_about_leaving_is_dropped_for_someone_not_leaving(signed_in, person, scheme, practice):
    answer_every_step(
        signed_in, scheme, leaving={"intends_to_leave": "False", "consents_to_contact_about_leaving": "on"}
    )
    signed_in.post(check_url(scheme))

    mentee = Mentee.objects.get(user=person)
    assert (mentee.intends_to_leave, mentee.consents_to_contact_about_leaving) == (False, False)


@pytest.mark.django_db
def test_intention_to_leave_must_be_answered(signed_in, scheme):
    content = errors_on(signed_in, scheme, "leaving", {})

    assert "Select yes if you are thinking of leaving the profession" in content


@pytest.mark.django_db
def test_meeting_needs_a_mode_and_shows_the_preferences_hint(signed_in, scheme):
    content = errors_on(signed_in, scheme, "meeting", {"preferences": ""})

    assert "Select how you would like to meet your mentor" in content
    assert "For example, not a mentor from my PCN, or a mentor who is a woman" in content
    assert 'value="face_to_face"' in content


# Equality questions


@pytest.mark.django_db
def test_equality_questions_may_all_be_left_blank(signed_in, person, scheme, practice):
    answer_every_step(signed_in, scheme, equality={})

    response = signed_in.post(check_url(scheme))

    assert response.status_code == 302
    mentee = Mentee.objects.get(user=person)
    assert (mentee.gender, mentee.age_band, mentee.ethnicity) == ("", "", "")


@pytest.mark.django_db
def test_every_equality_question_offers_prefer_not_to_say(signed_in, person, scheme, practice):
    content = page(signed_in.get(step_url(scheme, "equality")))
    assert content.count('value="prefer_not_to_say"') == 2
    assert 'value="Z"' in content
    assert "Not stated (prefer not to say)" in content
    assert "---------" not in content

    answer_every_step(
        signed_in, scheme, equality={"gender": "prefer_not_to_say", "age_band": "prefer_not_to_say", "ethnicity": "Z"}
    )
    signed_in.post(check_url(scheme))

    mentee = Mentee.objects.get(user=person)
    assert (mentee.gender, mentee.age_band, mentee.ethnicity) == ("prefer_not_to_say", "prefer_not_to_say", "Z")


# One open registration per scheme


@pytest.mark.django_db
def test_a_second_open_registration_is_refused(client, mentee, scheme, practice):
    client.force_login(mentee)
    assert client.get(step_url(scheme, "role")).url == start_url(scheme)
    # Answers kept from before, in a tab opened before registering.
    session = client.session
    session["mentee_registration"] = {scheme.slug: {step: {} for step in STEP_ANSWERS}}
    session["mentee_registration"][scheme.slug].update(
        {
            "name": {"first_name": "Ravi", "last_name": "Kumar"},
            "contact": {"preferred_contact": "email", "phone": ""},
            "role": {"role": "gp_partner"},
            "career-stage": {"career_stage": "trainee"},
            "fellowship": {"is_gp_fellow": False},
            "reasons": {"reasons": ["workload"]},
            "changes": {"changes_considered": ["none"]},
            "leaving": {"intends_to_leave": False},
            "meeting": {"modes": ["video"]},
        }
    )
    session.save()

    response = client.post(check_url(scheme))

    assert response.status_code == 200
    assert ALREADY_REGISTERED in page(response)
    assert Mentee.objects.filter(user=mentee, scheme=scheme).count() == 1


@pytest.mark.django_db
def test_the_database_holds_one_open_registration_per_scheme(mentee, scheme):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentee.objects.create(user=mentee, scheme=scheme, role="gp_partner")

    assert Mentee.objects.filter(user=mentee, scheme=scheme).count() == 1


@pytest.mark.django_db
def test_a_finished_registration_lets_them_register_again(client, mentee, scheme, practice):
    Mentee.objects.filter(user=mentee).update(status=Mentee.Status.FINISHED)
    client.force_login(mentee)
    assert start_url(scheme) in page(client.get(reverse("portal")))

    answer_every_step(client, scheme)
    response = client.post(check_url(scheme))

    again = Mentee.objects.get(user=mentee, status=Mentee.Status.WAITING)
    assert response.url == f"/surveys/before/{again.pk}/"
    assert Mentee.objects.filter(user=mentee, scheme=scheme).count() == 2


@pytest.mark.django_db
def test_registering_with_another_scheme_is_allowed(client, mentee, other_scheme, practice):
    client.force_login(mentee)

    answer_every_step(client, other_scheme)
    client.post(check_url(other_scheme))

    assert Mentee.objects.filter(user=mentee, scheme=other_scheme, status=Mentee.Status.WAITING).exists()


# Leaving and coming back


@pytest.mark.django_db
def test_answers_survive_leaving_and_coming_back(signed_in, scheme):
    answer(signed_in, scheme, "name")
    answer(signed_in, scheme, "contact")
    answer(signed_in, scheme, "role")
    answer(signed_in, scheme, "career-stage")
    signed_in.get(reverse("portal"))

    start = page(signed_in.get(start_url(scheme)))

    assert "Continue your registration" in start
    assert f'href="{step_url(scheme, "fellowship")}"' in start
    role_page = page(signed_in.get(step_url(scheme, "role")))
    assert 'value="salaried_gp" checked' in role_page


@pytest.mark.django_db
def test_answers_for_one_scheme_are_not_used_for_another(signed_in, scheme, other_scheme):
    answer(signed_in, scheme, "role")

    assert "Start now" in page(signed_in.get(start_url(other_scheme)))


@pytest.mark.django_db
def test_change_link_returns_to_check_answers(signed_in, scheme, practice):
    answer_every_step(signed_in, scheme)
    check = page(signed_in.get(check_url(scheme)))
    assert f'href="{step_url(scheme, "career-stage")}?change=1"' in check

    response = signed_in.post(f"{step_url(scheme, 'career-stage')}?change=1", {"career_stage": "pre_retirement"})

    assert response.url == check_url(scheme)
    assert "Within five years of retirement" in page(signed_in.get(check_url(scheme)))


@pytest.mark.django_db
def test_every_step_answered_resumes_at_check_answers_and_change_pages_go_back_there(signed_in, scheme, practice):
    answer_every_step(signed_in, scheme)

    assert f'href="{check_url(scheme)}"' in page(signed_in.get(start_url(scheme)))
    change = page(signed_in.get(f"{step_url(scheme, 'reasons')}?change=1"))
    assert f'href="{check_url(scheme)}">Back' in change
    assert 'value="work_life_balance" checked' in change


@pytest.mark.django_db
def test_a_practice_closed_since_it_was_given_is_refused_at_registering(signed_in, scheme, practice):
    answer_every_step(signed_in, scheme)
    Organisation.objects.filter(pk=practice.pk).update(valid_to=datetime.date(2020, 3, 31))

    content = page(signed_in.post(check_url(scheme)))

    assert (
        f'<a href="{step_url(scheme, "practice")}?change=1">We cannot find a GP practice with the ODS code A81001.'
    ) in content
    assert not Mentee.objects.exists()


# Who can reach it


@pytest.mark.django_db
def test_a_closed_scheme_takes_no_registrations(signed_in, person, practice):
    closed = SchemeFactory(is_open=False)
    assert "is not taking registrations at the moment" in page(signed_in.get(start_url(closed)))
    answer_every_step(signed_in, SchemeFactory())  # a session with answers, in another scheme

    assert signed_in.get(step_url(closed, "role")).url == start_url(closed)
    assert signed_in.post(check_url(closed)).url == start_url(closed)
    assert not Mentee.objects.filter(scheme=closed).exists()


@pytest.mark.django_db
def test_unknown_step_and_scheme_are_not_found(signed_in, scheme):
    assert signed_in.get(step_url(scheme, "shoe-size")).status_code == 404
    assert signed_in.get(reverse("mentoring:register_start", args=["no-such-scheme"])).status_code == 404


@pytest.mark.django_db
def test_step_page_has_back_link_caption_and_question(signed_in, scheme):
    content = page(signed_in.get(step_url(scheme, "career-stage")))

    assert f'href="{step_url(scheme, "role")}">Back' in content
    assert scheme.name in content
    assert '<h1 class="nhsuk-heading-l">What stage of your career are you at?</h1>' in content
    assert "style=" not in content


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_log_in(client, scheme):
    for url in [start_url(scheme), step_url(scheme, "role"), check_url(scheme)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert client.post(check_url(scheme)).url.startswith(reverse("account_login"))
    assert not Mentee.objects.exists()


# Name, contact and the other reason


@pytest.mark.django_db
def test_the_name_page_asks_first_and_last_name_and_says_which_is_missing(signed_in, scheme):
    content = errors_on(signed_in, scheme, "name", {"first_name": "", "last_name": ""})

    assert "What is your name?" in content
    assert "Enter your first name" in content and "Enter your last name" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"preferred_contact": ""}, "Select email or phone"),
        ({"preferred_contact": "phone", "phone": ""}, "Enter the phone number your mentor can call you on"),
        ({"preferred_contact": "phone", "phone": "banana"}, "Enter a UK phone number"),
        ({"preferred_contact": "email", "phone": "+1 202 555 0100"}, "Enter a UK phone number"),
    ],
)
def test_a_phone_contact_needs_a_real_uk_number(signed_in, scheme, answers, message):
    assert message in errors_on(signed_in, scheme, "contact", answers)


@pytest.mark.django_db
def test_other_as_a_reason_asks_what_it_is_and_keeps_the_answer(signed_in, person, scheme, practice):
    content = errors_on(signed_in, scheme, "reasons", {"reasons": ["other"], "other_reason": ""})
    assert "Tell us what your other reason for seeking mentoring is" in content

    answer_every_step(signed_in, scheme, reasons={"reasons": ["other"], "other_reason": "Returning after illness"})
    assert "Returning after illness" in page(signed_in.get(check_url(scheme)))
    signed_in.post(check_url(scheme))

    mentee = Mentee.objects.get(user=person)
    assert (mentee.reasons, mentee.other_reason) == (["other"], "Returning after illness")


@pytest.mark.django_db
def test_an_other_reason_is_dropped_when_other_is_not_ticked(signed_in, scheme):
    answer(signed_in, scheme, "reasons", {"reasons": ["workload"], "other_reason": "Something"})

    assert signed_in.session["mentee_registration"][scheme.slug]["reasons"]["other_reason"] == ""


@pytest.mark.django_db
def test_the_service_refuses_a_phone_contact_without_a_uk_number_and_other_without_words(person, scheme):
    from mentoring.services.mentees import mentee_register
    from mentoring.services.mentors import MentorRuleBroken

    with pytest.raises(MentorRuleBroken) as refused:
        mentee_register(
            user=person, scheme=scheme, role="salaried_gp", preferred_contact="phone", phone="banana", reasons=["other"]
        )

    assert set(refused.value.message_dict) == {"phone", "other_reason"}
    assert not Mentee.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_a_staff_form_is_told_of_a_bad_phone_number_or_a_missing_other_reason(mentee, scheme):
    from django.core.exceptions import ValidationError

    record = Mentee.objects.get(user=mentee)
    record.phone, record.reasons, record.other_reason = "banana", ["other"], ""

    with pytest.raises(ValidationError) as refused:
        record.full_clean()

    assert {"phone", "other_reason"} <= set(refused.value.message_dict)
