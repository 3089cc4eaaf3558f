"""The mentee answers their questionnaires in the portal: checklist, save and resume, submit, support."""

import pytest
from django.urls import reverse

from surveys.models import Answer, Response, SupportPage
from tests.factories.mentoring import MenteeFactory
from tests.surveys.conftest import HIGH_STRESS, MIDDLING, answered, ended_and_followed_up


def respond_url(mentee_record, code):
    return reverse("surveys:respond", args=[mentee_record.pk, code])


def pss_post(answers, button="submit"):
    return {**{f"item_{n}": str(value) for n, value in enumerate(answers, start=1)}, button: "1"}


@pytest.mark.django_db
def test_the_checklist_shows_each_questionnaire_not_started_in_progress_or_done(client, mentee, mentee_record):
    client.force_login(mentee)
    url = reverse("surveys:before_mentoring", args=[mentee_record.pk])

    page = client.get(url).content.decode()
    assert page.count("Not started") == 2
    assert "How stressed you have felt" in page and "Your work-life balance" in page

    client.post(respond_url(mentee_record, "pss10"), pss_post([1, 2], button="save_later"))
    answered(mentee_record, "wlb", [6])

    page = client.get(url).content.decode()
    assert "In progress" in page and "Done" in page and "Not started" not in page


@pytest.mark.django_db
def test_the_stress_page_shows_radios_in_fieldsets_and_the_citation(client, mentee, mentee_record):
    client.force_login(mentee)

    page = client.get(respond_url(mentee_record, "pss10")).content.decode()

    assert page.count('<fieldset class="nhsuk-fieldset"') == 10
    assert page.count('class="nhsuk-radios__input"') == 50
    assert "Very often" in page and "Save and come back later" in page and "Submit" in page
    assert "Cohen S, Kamarck T, Mermelstein R (1983)" in page
    assert "style=" not in page and "<script>" not in page


@pytest.mark.django_db
def test_save_and_come_back_later_keeps_the_answers_and_shows_them_again(client, mentee, mentee_record):
    client.force_login(mentee)

    saved = client.post(respond_url(mentee_record, "pss10"), pss_post([3, 1], button="save_later"), follow=True)

    assert "Your answers are saved" in saved.content.decode()
    response = Response.objects.get(mentee=mentee_record)
    assert response.completed_at is None
    page = client.get(respond_url(mentee_record, "pss10")).content.decode()
    assert 'id="id_item_1" name="item_1" type="radio" value="0"' in page  # the first radio carries the field's id
    assert 'name="item_1" type="radio" value="3" checked' in page
    assert 'name="item_2" type="radio" value="1" checked' in page
    assert "We have kept the answers you saved" in page


@pytest.mark.django_db
def test_submitting_with_questions_unanswered_lists_them_in_the_error_summary(client, mentee, mentee_record):
    client.force_login(mentee)

    page = client.post(respond_url(mentee_record, "pss10"), pss_post([3, 1])).content.decode()

    assert "There is a problem" in page
    assert '<a href="#id_item_3">Answer question 3</a>' in page
    assert Response.objects.get(mentee=mentee_record).completed_at is None


@pytest.mark.django_db
def test_a_moderate_score_goes_back_to_the_checklist_and_the_answers_are_read_only(client, mentee, mentee_record):
    client.force_login(mentee)

    sent = client.post(respond_url(mentee_record, "pss10"), pss_post(MIDDLING), follow=True)

    assert sent.redirect_chain[-1][0] == reverse("surveys:before_mentoring", args=[mentee_record.pk])
    assert "Thank you" in sent.content.decode()
    page = client.get(respond_url(mentee_record, "pss10")).content.decode()
    assert "can no longer be changed" in page and "Your score: <strong>20</strong> (moderate)" in page
    assert 'type="radio"' not in page


@pytest.mark.django_db
def test_posting_to_a_completed_questionnaire_changes_nothing(client, mentee, mentee_record):
    response = answered(mentee_record, "pss10", MIDDLING)
    client.force_login(mentee)

    client.post(respond_url(mentee_record, "pss10"), pss_post([4] * 10))

    assert set(Answer.objects.filter(response=response).values_list("value", flat=True)) == {2}


@pytest.mark.django_db
def test_a_high_score_goes_straight_to_the_default_support_page(client, mentee, mentee_record):
    client.force_login(mentee)

    sent = client.post(respond_url(mentee_record, "pss10"), pss_post(HIGH_STRESS), follow=True)

    assert sent.redirect_chain == [(reverse("surveys:support", args=[mentee_record.pk]), 302)]
    page = sent.content.decode()
    assert "If you are in crisis, call 111 or, in an emergency, 999." in page
    assert 'href="https://www.practitionerhealth.nhs.uk"' in page and "Your own GP" in page
    assert "local wellbeing services" in page


@pytest.mark.django_db
def test_the_support_page_shows_the_schemes_own_text(client, mentee, mentee_record):
    SupportPage.objects.create(
        scheme=mentee_record.scheme,
        heading="Help from Cheshire and Merseyside",
        body="Call our wellbeing hub on 0151 000 0000.\n\nOr see https://example.nhs.uk/wellbeing",
    )
    client.force_login(mentee)

    sent = client.post(respond_url(mentee_record, "pss10"), pss_post(HIGH_STRESS), follow=True)

    page = sent.content.decode()
    assert "Help from Cheshire and Merseyside" in page and "Call our wellbeing hub on 0151 000 0000." in page
    assert '<a href="https://example.nhs.uk/wellbeing"' in page
    assert "If you are in crisis, call 111" in page
    assert "practitionerhealth" not in page


@pytest.mark.django_db
def test_the_work_life_balance_rating_runs_from_very_poor_to_excellent(client, mentee, mentee_record):
    client.force_login(mentee)

    page = client.get(respond_url(mentee_record, "wlb")).content.decode()
    assert "1 (very poor)" in page and "10 (excellent)" in page

    client.post(respond_url(mentee_record, "wlb"), {"item_1": "8", "submit": "1"})
    assert Response.objects.get(mentee=mentee_record, code="wlb").score == 8


@pytest.mark.django_db
def test_the_follow_up_survey_accepts_yes_no_checkboxes_and_text(client, mentee, mentee_record, mentor_record, staff):
    ended_and_followed_up(mentee_record, mentor_record, staff)
    client.force_login(mentee)
    post = {
        "item_1": "great_deal",
        "item_2": ["reduce_hours", "portfolio_career"],
        "item_3": "7",
        "item_4": "no",
        "item_5": "yes",
        "item_6": "Thank you to my mentor.",
        "submit": "1",
    }

    sent = client.post(respond_url(mentee_record, "follow_up"), post, follow=True)

    page = sent.content.decode()
    assert "Reduced my hours, Started a portfolio career" in page and "Thank you to my mentor." in page
    values = dict(Answer.objects.filter(response__mentee=mentee_record).values_list("item__number", "value"))
    assert values == {
        1: "great_deal",
        2: ["reduce_hours", "portfolio_career"],
        3: 7,
        4: False,
        5: True,
        6: "Thank you to my mentor.",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["before_mentoring", "support", "respond"])
def test_only_the_mentee_themself_reaches_their_pages(client, mentee_record, staff, mentor, outsider, name):
    args = [mentee_record.pk, "pss10"] if name == "respond" else [mentee_record.pk]
    for person in (staff, mentor, outsider):
        client.force_login(person)
        assert client.get(reverse(f"surveys:{name}", args=args)).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_an_unknown_questionnaire_is_not_found(client, mentee, mentee_record):
    client.force_login(mentee)
    assert client.get(respond_url(mentee_record, "nonsense")).status_code == 404


@pytest.mark.django_db
def test_a_person_registered_with_two_schemes_answers_each_separately(client, mentee, mentee_record, other_scheme):
    second = MenteeFactory(user=mentee, scheme=other_scheme)
    answered(mentee_record, "wlb", [3])
    client.force_login(mentee)

    page = client.get(reverse("surveys:before_mentoring", args=[second.pk])).content.decode()

    assert page.count("Not started") == 2


@pytest.mark.django_db
def test_a_questionnaire_begun_without_answers_does_not_say_answers_were_kept(client, mentee, mentee_record):
    from surveys.services import response_start

    response_start(mentee=mentee_record, code="pss10", by=mentee)  # opened for the mentee, nothing saved yet
    client.force_login(mentee)

    page = client.get(respond_url(mentee_record, "pss10")).content.decode()

    assert "We have kept the answers you saved" not in page


@pytest.mark.django_db
def test_a_one_question_page_names_the_question_when_it_is_not_answered(client, mentee, mentee_record):
    client.force_login(mentee)

    page = client.post(respond_url(mentee_record, "wlb"), {"submit": "1"}).content.decode()

    assert "Answer “How would you rate your work-life balance at the moment?”" in page
    assert "Answer question 1" not in page
