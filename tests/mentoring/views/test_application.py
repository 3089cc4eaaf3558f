"""The mentor application as a signed-up GP meets it: start, one page per step, check answers, send."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import OutboundEmail
from mentoring.models import FocusArea, Mentor
from mentoring.services.mentors import mentor_application_save, mentor_application_start, mentor_biography_publish
from schemes.services import organisation_create
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MentorFactory
from tests.factories.schemes import SchemeFactory


def _png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def page(response):
    return html.unescape(response.content.decode())


def step_url(scheme, step):
    return reverse("mentoring:apply_step", args=[scheme.slug, step])


@pytest.fixture
def applicant(outsider):
    """A signed-up GP with no role: applying does not make them a mentor (nor require MFA) yet."""
    return outsider


@pytest.fixture
def practice(db):
    pcn = organisation_create(kind="pcn", code="U12345", name="Riverside PCN")
    return organisation_create(kind="practice", code="A81001", name="Riverside Surgery", parent=pcn)


@pytest.fixture
def draft(applicant, scheme):
    return mentor_application_start(user=applicant, scheme=scheme)


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def complete_draft(draft, applicant, practice):
    return mentor_application_save(
        mentor=draft,
        by=applicant,
        phone="020 7946 0958",
        gmc_number="1234567",
        practice=practice,
        role="salaried_gp",
        clinical_sessions_per_week=6,
        intends_extra_session=True,
        declares_gmc_licence=True,
        declares_performers_list=True,
        declares_no_suspension=True,
        motivation="I want to help colleagues stay in general practice.",
        has_mentoring_qualification=True,
        qualification="ILM Level 5",
        bio_about="A GP in Riverside for 15 years.",
    )


def errors_on(client, scheme, step, answers):
    response = client.post(step_url(scheme, step), {**answers, "continue": "Continue"})
    assert response.status_code == 200
    return page(response)


# Starting, and coming back


@pytest.mark.django_db
def test_start_page_explains_the_schemes_rules_and_starting_makes_a_draft(signed_in, applicant, scheme):
    start = page(signed_in.get(reverse("mentoring:apply_start", args=[scheme.slug])))
    assert "work at least 3 clinical sessions a week" in start
    assert "support between 4 and 8 mentees at once" in start

    response = signed_in.post(reverse("mentoring:apply_start", args=[scheme.slug]))

    assert response.url == step_url(scheme, "about-you")
    assert Mentor.objects.get(user=applicant, scheme=scheme).status == Mentor.Status.DRAFT


@pytest.mark.django_db
def test_rejected_applicant_is_told_when_they_can_apply_again(signed_in, draft, scheme):
    Mentor.objects.filter(pk=draft.pk).update(status=Mentor.Status.REJECTED, reapply_from="2999-01-01")

    response = signed_in.post(reverse("mentoring:apply_start", args=[scheme.slug]))

    assert response.status_code == 200
    assert "You can apply again from 1 January 2999" in page(response)
    assert Mentor.objects.get(pk=draft.pk).status == Mentor.Status.REJECTED


@pytest.mark.django_db
def test_save_and_come_back_keeps_the_answers_and_the_start_page_resumes(signed_in, draft, scheme):
    response = signed_in.post(
        step_url(scheme, "about-you"),
        {"first_name": "Asha", "last_name": "Patel", "phone": "", "save_later": "Save and come back later"},
    )

    assert response.url == reverse("mentoring:apply_start", args=[scheme.slug])
    draft.refresh_from_db()
    draft.user.refresh_from_db()
    assert (draft.user.first_name, draft.user.last_name, draft.phone) == ("Asha", "Patel", "")
    start = page(signed_in.get(response.url))
    assert "Your answers are saved" in start
    assert "Continue your application" in start
    assert f'href="{step_url(scheme, "about-you")}"' in start
    assert 'value="Asha"' in page(signed_in.get(step_url(scheme, "about-you")))


@pytest.mark.django_db
def test_continue_goes_to_the_next_step_and_resume_skips_answered_steps(signed_in, draft, scheme):
    response = signed_in.post(
        step_url(scheme, "about-you"),
        {"first_name": "Asha", "last_name": "Patel", "phone": "020 7946 0958", "continue": "Continue"},
    )

    assert response.url == step_url(scheme, "gmc-number")
    assert signed_in.post(reverse("mentoring:apply_start", args=[scheme.slug])).url == step_url(scheme, "gmc-number")


@pytest.mark.django_db
def test_step_page_has_back_link_caption_question_and_both_buttons(signed_in, draft, scheme):
    content = page(signed_in.get(step_url(scheme, "gmc-number")))

    assert f'href="{step_url(scheme, "about-you")}">Back' in content
    assert scheme.name in content
    assert '<h1 class="nhsuk-heading-l">What is your GMC reference number?</h1>' in content
    assert "Continue" in content
    assert "Save and come back later" in content
    assert "style=" not in content


# What each step accepts, and the words it uses when it refuses


@pytest.mark.django_db
def test_about_you_needs_a_name_and_phone(signed_in, draft, scheme):
    content = errors_on(signed_in, scheme, "about-you", {"first_name": "", "last_name": "", "phone": ""})

    assert "There is a problem" in content
    assert "Enter your first name" in content
    assert "Enter your last name" in content
    assert "Enter a phone number we can reach you on" in content


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["banana", "0151", "+1 202 555 0100"])
def test_the_phone_number_must_be_a_uk_number(signed_in, draft, scheme, typed):
    content = errors_on(signed_in, scheme, "about-you", {"first_name": "Asha", "last_name": "Patel", "phone": typed})

    assert "Enter a UK phone number" in content
    draft.refresh_from_db()
    assert draft.phone == ""


@pytest.mark.django_db
def test_a_uk_phone_number_is_kept_written_the_uk_way(signed_in, draft, scheme):
    signed_in.post(
        step_url(scheme, "about-you"),
        {"first_name": "Asha", "last_name": "Patel", "phone": "+44 151 496 0000", "continue": "Continue"},
    )

    draft.refresh_from_db()
    assert draft.phone == "0151 496 0000"


@pytest.mark.django_db
def test_the_application_service_refuses_a_phone_number_that_is_not_a_uk_one(draft):
    from mentoring.services.mentors import MentorRuleBroken, mentor_application_save

    with pytest.raises(MentorRuleBroken) as refused:
        mentor_application_save(mentor=draft, by=draft.user, phone="banana")

    assert "phone" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.phone == ""


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "123456", "12345678", "12345A7"])
def test_gmc_number_must_be_seven_digits(signed_in, draft, scheme, typed):
    content = errors_on(signed_in, scheme, "gmc-number", {"gmc_number": typed})

    assert "Enter your GMC reference number, which is 7 digits, like 1234567" in content
    draft.refresh_from_db()
    assert draft.gmc_number == ""


@pytest.mark.django_db
def test_gmc_number_already_used_in_the_scheme_is_refused(signed_in, draft, scheme):
    MentorFactory(scheme=scheme, gmc_number="7654321")

    content = errors_on(signed_in, scheme, "gmc-number", {"gmc_number": "7654321"})

    assert "A mentor with this GMC reference number has already applied to this scheme" in content
    draft.refresh_from_db()
    assert draft.gmc_number == ""


@pytest.mark.django_db
def test_gmc_number_used_in_another_scheme_is_accepted(signed_in, draft, scheme, other_scheme):
    MentorFactory(scheme=other_scheme, gmc_number="7654321")

    response = signed_in.post(step_url(scheme, "gmc-number"), {"gmc_number": "7654321", "continue": "Continue"})

    assert response.url == step_url(scheme, "practice")
    draft.refresh_from_db()
    assert draft.gmc_number == "7654321"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "81001A", "A8100", "AB1234"])
def test_practice_code_must_be_a_letter_and_five_digits(signed_in, draft, scheme, typed):
    content = errors_on(signed_in, scheme, "practice", {"practice_code": typed})

    assert "Enter your practice's ODS code: a capital letter and 5 digits, like A81001" in content


@pytest.mark.django_db
def test_unknown_practice_code_is_refused(signed_in, draft, scheme):
    content = errors_on(signed_in, scheme, "practice", {"practice_code": "B99999"})

    assert (
        "We cannot find a GP practice with the ODS code B99999. "
        "Check the code, which is on your practice's letters and website"
    ) in content
    draft.refresh_from_db()
    assert draft.practice is None


@pytest.mark.django_db
def test_known_practice_is_saved_and_its_pcn_shown_on_check_answers(signed_in, draft, scheme, practice):
    response = signed_in.post(step_url(scheme, "practice"), {"practice_code": "a81001", "continue": "Continue"})

    assert response.url == step_url(scheme, "role")
    draft.refresh_from_db()
    assert draft.practice == practice
    check = page(signed_in.get(reverse("mentoring:apply_check", args=[scheme.slug])))
    assert "Riverside Surgery (A81001)" in check
    assert "Riverside PCN" in check


@pytest.mark.django_db
def test_role_must_be_chosen(signed_in, draft, scheme):
    assert "Select your role" in errors_on(signed_in, scheme, "role", {})

    signed_in.post(step_url(scheme, "role"), {"role": "locum_gp", "continue": "Continue"})
    draft.refresh_from_db()
    assert draft.role == "locum_gp"


@pytest.mark.django_db
def test_clinical_sessions_must_be_a_number(signed_in, draft, scheme):
    content = errors_on(
        signed_in, scheme, "clinical-sessions", {"clinical_sessions_per_week": "four", "intends_extra_session": "on"}
    )

    assert "Enter how many clinical sessions you work a week, as a number, like 4" in content


@pytest.mark.django_db
def test_two_clinical_sessions_are_refused_with_the_rule_explained(signed_in, draft, scheme):
    content = errors_on(
        signed_in, scheme, "clinical-sessions", {"clinical_sessions_per_week": "2", "intends_extra_session": "on"}
    )

    assert (
        "To mentor on this scheme you need to work at least 3 clinical sessions a week, "
        "as well as the mentoring session. You told us 2."
    ) in content
    draft.refresh_from_db()
    assert draft.clinical_sessions_per_week is None


@pytest.mark.django_db
def test_three_clinical_sessions_and_the_extra_session_are_saved(signed_in, draft, scheme):
    response = signed_in.post(
        step_url(scheme, "clinical-sessions"),
        {"clinical_sessions_per_week": "3", "intends_extra_session": "on", "continue": "Continue"},
    )

    assert response.url == step_url(scheme, "declarations")
    draft.refresh_from_db()
    assert (draft.clinical_sessions_per_week, draft.intends_extra_session) == (3, True)


@pytest.mark.django_db
def test_the_extra_mentoring_session_must_be_confirmed(signed_in, draft, scheme):
    content = errors_on(signed_in, scheme, "clinical-sessions", {"clinical_sessions_per_week": "5"})

    assert "Confirm you intend to do one more session a week" in content


ALL_DECLARATIONS = {"declares_gmc_licence": "on", "declares_performers_list": "on", "declares_no_suspension": "on"}


DECLARATION_MESSAGES = {
    "declares_gmc_licence": "Confirm you have full GMC registration with a licence to practise",
    "declares_performers_list": "Confirm you are on the National Medical Performers List",
    "declares_no_suspension": "Confirm you are not under interim suspension under section 41A of the Medical Act",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("unticked", "message"), DECLARATION_MESSAGES.items())
def test_each_declaration_must_be_confirmed(signed_in, draft, scheme, unticked, message):
    answers = {name: value for name, value in ALL_DECLARATIONS.items() if name != unticked}

    content = errors_on(signed_in, scheme, "declarations", answers)

    assert message in content
    assert content.count(message) == 2  # in the error summary, and by the box
    others = [text for name, text in DECLARATION_MESSAGES.items() if name != unticked]
    assert not any(text in content for text in others)
    draft.refresh_from_db()
    assert not (draft.declares_gmc_licence or draft.declares_performers_list or draft.declares_no_suspension)


@pytest.mark.django_db
def test_experience_and_focus_areas_are_saved(signed_in, draft, scheme):
    wellbeing = FocusArea.objects.get(code="wellbeing")

    signed_in.post(
        step_url(scheme, "experience"),
        {"experience": ["appraiser", "leadership"], "focus_areas": [wellbeing.pk], "continue": "Continue"},
    )

    draft.refresh_from_db()
    assert sorted(draft.experience) == ["appraiser", "leadership"]
    assert list(draft.focus_areas.all()) == [wellbeing]


@pytest.mark.django_db
def test_motivation_is_needed(signed_in, draft, scheme):
    assert "Tell us why you want to mentor" in errors_on(signed_in, scheme, "motivation", {"motivation": "  "})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Select yes if you have a mentoring qualification"),
        ({"has_mentoring_qualification": "True"}, "Enter the name of your mentoring qualification"),
        ({"has_mentoring_qualification": "False"}, "Tell us what training you would need to mentor"),
    ],
)
def test_qualification_needs_the_matching_detail(signed_in, draft, scheme, answers, message):
    assert message in errors_on(signed_in, scheme, "qualification", answers)


@pytest.mark.django_db
def test_qualification_keeps_only_the_matching_detail(signed_in, draft, scheme):
    signed_in.post(
        step_url(scheme, "qualification"),
        {"has_mentoring_qualification": "False", "qualification": "ILM5", "training_needed": "ILM5 course"},
    )

    draft.refresh_from_db()
    assert (draft.has_mentoring_qualification, draft.qualification, draft.training_needed) == (
        False,
        "",
        "ILM5 course",
    )


@pytest.mark.django_db
def test_equality_questions_may_all_be_left_blank(signed_in, draft, scheme):
    response = signed_in.post(step_url(scheme, "equality"), {"continue": "Continue"})

    assert response.url == step_url(scheme, "biography")
    draft.refresh_from_db()
    assert (draft.gender, draft.age_band, draft.ethnicity) == ("", "", "")


@pytest.mark.django_db
def test_every_equality_question_offers_prefer_not_to_say(signed_in, draft, scheme):
    content = page(signed_in.get(step_url(scheme, "equality")))

    assert content.count('value="prefer_not_to_say"') == 2
    assert 'value="Z"' in content
    assert "Not stated (prefer not to say)" in content
    assert "---------" not in content

    signed_in.post(step_url(scheme, "equality"), {"gender": "prefer_not_to_say", "ethnicity": "Z"})
    draft.refresh_from_db()
    assert (draft.gender, draft.ethnicity) == ("prefer_not_to_say", "Z")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


BIOGRAPHY = {"bio_about": "A GP in Riverside.", "languages": "English", "continue": "Continue"}


@pytest.mark.django_db
def test_a_photo_that_is_not_really_a_png_is_refused(signed_in, draft, scheme, media):
    fake = SimpleUploadedFile("me.png", b"GIF89a not a png at all", content_type="image/png")

    content = errors_on(signed_in, scheme, "biography", {**BIOGRAPHY, "photo": fake})

    assert "The photo does not look like a PNG file. Save it again and upload it" in content
    draft.refresh_from_db()
    assert not draft.photo


@pytest.mark.django_db
def test_a_photo_of_the_wrong_kind_is_refused(signed_in, draft, scheme, media):
    upload = SimpleUploadedFile("me.gif", b"GIF89a", content_type="image/gif")

    assert "The photo must be a JPG or PNG file" in errors_on(
        signed_in, scheme, "biography", {**BIOGRAPHY, "photo": upload}
    )


@pytest.mark.django_db
def test_biography_with_photo_modes_and_explicit_consent_is_saved(signed_in, draft, scheme, media):
    content = page(signed_in.get(step_url(scheme, "biography")))
    assert 'enctype="multipart/form-data"' in content
    assert "Publish my biography in the scheme's mentor directory" in content
    assert "How can you meet mentees?" in content

    response = signed_in.post(
        step_url(scheme, "biography"),
        {
            **BIOGRAPHY,
            "photo": SimpleUploadedFile("me.png", PNG, content_type="image/png"),
            "modes": ["video", "telephone"],
            "bio_published": "on",
        },
    )

    assert response.url == reverse("mentoring:apply_check", args=[scheme.slug])
    draft.refresh_from_db()
    assert draft.bio_published is True
    assert draft.modes == ["video", "telephone"]
    assert draft.photo.name.startswith("mentor-photos/") and draft.photo.name.endswith(".png")


@pytest.mark.django_db
def test_biography_is_not_published_without_the_consent_box(signed_in, draft, scheme):
    signed_in.post(step_url(scheme, "biography"), BIOGRAPHY)

    draft.refresh_from_db()
    assert draft.bio_about == "A GP in Riverside."
    assert draft.bio_published is False


@pytest.mark.django_db
def test_save_for_later_still_refuses_a_wrong_answer(signed_in, draft, scheme):
    response = signed_in.post(step_url(scheme, "gmc-number"), {"gmc_number": "12", "save_later": "Save"})

    assert "Enter your GMC reference number, which is 7 digits, like 1234567" in page(response)
    draft.refresh_from_db()
    assert draft.gmc_number == ""


# Checking and sending


@pytest.mark.django_db
def test_change_link_returns_to_check_answers(signed_in, complete_draft, scheme):
    check = page(signed_in.get(reverse("mentoring:apply_check", args=[scheme.slug])))
    change_url = f"{step_url(scheme, 'role')}?change=1"
    assert f'href="{change_url}"' in check
    assert "nhsuk-summary-list" in check

    response = signed_in.post(change_url, {"role": "gp_partner", "continue": "Continue"})

    assert response.url == reverse("mentoring:apply_check", args=[scheme.slug])
    complete_draft.refresh_from_db()
    assert complete_draft.role == "gp_partner"


@pytest.mark.django_db
def test_sending_with_answers_missing_is_refused_and_nothing_changes(signed_in, draft, scheme):
    response = signed_in.post(reverse("mentoring:apply_check", args=[scheme.slug]))

    assert response.status_code == 200
    content = page(response)
    assert "There is a problem" in content
    assert "Enter a phone number we can reach you on" in content
    assert f'<a href="{step_url(scheme, "gmc-number")}?change=1">Enter your GMC reference number' in content
    draft.refresh_from_db()
    assert draft.status == Mentor.Status.DRAFT
    assert draft.submitted_at is None
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_sending_a_complete_application(signed_in, complete_draft, applicant, scheme):
    response = signed_in.post(reverse("mentoring:apply_check", args=[scheme.slug]))

    assert response.url == reverse("mentoring:apply_submitted", args=[scheme.slug])
    complete_draft.refresh_from_db()
    assert complete_draft.status == Mentor.Status.APPLIED
    assert complete_draft.submitted_at is not None
    email = OutboundEmail.objects.get()
    assert email.to == applicant.email
    assert scheme.name in email.subject
    sent = page(signed_in.get(response.url))
    assert "Application sent" in sent
    assert applicant.email in sent


@pytest.mark.django_db
def test_steps_are_read_only_once_sent(signed_in, complete_draft, scheme):
    signed_in.post(reverse("mentoring:apply_check", args=[scheme.slug]))

    response = signed_in.post(step_url(scheme, "gmc-number"), {"gmc_number": "7777777", "continue": "Continue"})

    assert response.url == reverse("mentoring:apply_start", args=[scheme.slug])
    complete_draft.refresh_from_db()
    assert complete_draft.gmc_number == "1234567"
    start = page(signed_in.get(response.url))
    assert "Your application has been sent, so it can no longer be changed" in start
    assert "We have your application" in start
    assert signed_in.get(reverse("mentoring:apply_check", args=[scheme.slug])).url == response.url


# Only ever your own application


@pytest.mark.django_db
def test_another_persons_application_is_not_found(client, complete_draft, scheme):
    someone_else = UserFactory(email="someone.else@example.com")
    client.force_login(someone_else)

    for url in [
        step_url(scheme, "gmc-number"),
        reverse("mentoring:apply_check", args=[scheme.slug]),
        reverse("mentoring:apply_submitted", args=[scheme.slug]),
        reverse("mentoring:mentor_profile", args=[scheme.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert "1234567" not in page(response)
    assert client.post(reverse("mentoring:apply_check", args=[scheme.slug])).status_code == 404
    complete_draft.refresh_from_db()
    assert complete_draft.status == Mentor.Status.DRAFT


@pytest.mark.django_db
def test_unknown_step_is_not_found(signed_in, draft, scheme):
    assert signed_in.get(step_url(scheme, "shoe-size")).status_code == 404


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_log_in(client, scheme):
    response = client.get(reverse("mentoring:apply_start", args=[scheme.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The directory biography, once approved


@pytest.mark.django_db
def test_withdrawing_consent_unpublishes_the_biography(client, mentor, scheme):
    record = Mentor.objects.get(user=mentor, scheme=scheme)
    mentor_biography_publish(mentor=record, by=mentor, publish=True)
    client.force_login(mentor)
    assert "Withdraw my consent" in page(client.get(reverse("mentoring:mentor_profile", args=[scheme.slug])))

    response = client.post(reverse("mentoring:mentor_profile", args=[scheme.slug]), {"publish": "no"})

    record.refresh_from_db()
    assert record.bio_published is False
    content = page(client.get(response.url))
    assert "your biography is no longer in the mentor directory" in content
    assert "Your biography is not published" in content


@pytest.mark.django_db
def test_approved_mentor_can_publish_the_biography(client, mentor, scheme):
    client.force_login(mentor)

    client.post(reverse("mentoring:mentor_profile", args=[scheme.slug]), {"publish": "yes"})

    assert Mentor.objects.get(user=mentor, scheme=scheme).bio_published is True


@pytest.mark.django_db
def test_applicant_cannot_reach_the_profile_page_before_approval(signed_in, draft, scheme):
    response = signed_in.post(reverse("mentoring:mentor_profile", args=[scheme.slug]), {"publish": "yes"})

    assert response.url == reverse("mentoring:apply_start", args=[scheme.slug])
    draft.refresh_from_db()
    assert draft.bio_published is False


# The portal


@pytest.mark.django_db
def test_portal_lists_open_schemes_to_apply_to(client, outsider, scheme):
    closed = SchemeFactory(is_open=False)
    client.force_login(outsider)

    content = page(client.get(reverse("portal")))

    assert "Mentor with a scheme" in content
    assert reverse("mentoring:apply_start", args=[scheme.slug]) in content
    assert reverse("mentoring:apply_start", args=[closed.slug]) not in content


@pytest.mark.django_db
def test_portal_links_to_the_draft_and_to_an_approved_mentors_profile(client, signed_in, draft, scheme, mentor):
    assert "Continue your application" in page(signed_in.get(reverse("portal")))

    client.force_login(mentor)
    assert reverse("mentoring:mentor_profile", args=[scheme.slug]) in page(client.get(reverse("portal")))


@pytest.mark.django_db
def test_a_photo_can_be_replaced_and_removed(signed_in, draft, scheme, media):
    signed_in.post(
        step_url(scheme, "biography"),
        {**BIOGRAPHY, "photo": SimpleUploadedFile("me.png", PNG, content_type="image/png")},
    )
    content = page(signed_in.get(step_url(scheme, "biography")))
    assert "You have uploaded a photo." in content
    assert "Replace your photo (optional)" in content

    signed_in.post(step_url(scheme, "biography"), {**BIOGRAPHY, "remove_photo": "on"})

    draft.refresh_from_db()
    assert not draft.photo


@pytest.mark.django_db
def test_a_complete_draft_resumes_at_check_answers_and_is_not_yet_sent(signed_in, complete_draft, scheme):
    check_url = reverse("mentoring:apply_check", args=[scheme.slug])

    assert signed_in.post(reverse("mentoring:apply_start", args=[scheme.slug])).url == check_url
    assert signed_in.get(reverse("mentoring:apply_submitted", args=[scheme.slug])).url == check_url
    change_page = page(signed_in.get(f"{step_url(scheme, 'role')}?change=1"))
    assert f'href="{check_url}">Back' in change_page
