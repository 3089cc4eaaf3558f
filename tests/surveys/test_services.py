"""Starting, saving, submitting, voiding and importing responses: what the database holds afterwards."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from surveys.models import Answer, Questionnaire, Response
from surveys.selectors import ABOUT_A_MENTORSHIP
from surveys.services import (
    ALREADY_SUBMITTED,
    SurveyRuleBroken,
    response_import,
    response_save,
    response_start,
    response_void,
)
from tests.surveys.conftest import HIGH_STRESS, HIGH_STRESS_TOTAL, MIDDLING, answered, ended_and_followed_up


def stored(response):
    return dict(Answer.objects.filter(response=response).values_list("item__number", "value"))


@pytest.mark.django_db
def test_a_partly_answered_questionnaire_is_saved_and_resumed(mentee_record):
    user = mentee_record.user
    response = response_start(mentee=mentee_record, code="pss10", by=user)
    response_save(response=response, answers={1: 2, 2: 3}, by=user)

    resumed = response_start(mentee=mentee_record, code="pss10", by=user)

    assert resumed.pk == response.pk
    assert stored(resumed) == {1: 2, 2: 3}
    assert resumed.completed_at is None and resumed.score is None
    assert Response.objects.filter(mentee=mentee_record).count() == 1


@pytest.mark.django_db
def test_a_blank_answer_clears_a_saved_one(mentee_record):
    response = response_start(mentee=mentee_record, code="pss10", by=mentee_record.user)
    response_save(response=response, answers={1: 2, 2: 3}, by=mentee_record.user)
    response_save(response=response, answers={1: None}, by=mentee_record.user)
    assert stored(response) == {2: 3}


@pytest.mark.django_db
def test_submitting_needs_every_required_item_and_keeps_what_was_given(mentee_record):
    response = response_start(mentee=mentee_record, code="pss10", by=mentee_record.user)

    with pytest.raises(SurveyRuleBroken) as refused:
        response_save(response=response, answers={1: 2, 2: 3}, by=mentee_record.user, complete=True)

    assert sorted(refused.value.error_dict) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert refused.value.error_dict[3][0].message == "Answer question 3"
    response.refresh_from_db()
    assert response.completed_at is None
    assert stored(response) == {1: 2, 2: 3}


@pytest.mark.django_db
def test_submitting_the_stress_scale_sets_score_and_band_at_the_schemes_thresholds(mentee_record):
    response = answered(mentee_record, "pss10", HIGH_STRESS)

    response.refresh_from_db()
    assert response.completed_at is not None
    assert (response.score, response.band) == (HIGH_STRESS_TOTAL, "high")


@pytest.mark.django_db
def test_a_scheme_with_higher_thresholds_bands_the_same_answers_differently(mentee_record):
    scheme = mentee_record.scheme
    scheme.stress_low_max, scheme.stress_moderate_max = 20, 35
    scheme.save()

    response = answered(mentee_record, "pss10", HIGH_STRESS)

    assert (response.score, response.band) == (33, "moderate")


@pytest.mark.django_db
def test_the_work_life_balance_rating_scores_its_value_without_a_band(mentee_record):
    response = answered(mentee_record, "wlb", [4])
    response.refresh_from_db()
    assert (response.score, response.band) == (4, "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "answers", "problem"),
    [
        ("pss10", {1: 5}, "Select an answer to question 1"),
        ("pss10", {1: "2"}, "Select an answer to question 1"),
        ("pss10", {1: True}, "Select an answer to question 1"),
        ("pss10", {11: 1}, "There is no question 11 in this questionnaire"),
        # A questionnaire of one question shows no number, so its messages name the question.
        ("wlb", {1: 0}, "Select an answer to “How would you rate your work-life balance at the moment?”"),
        ("final_review", {1: ["stress_management", "golf"]}, "Select only the answers listed for question 1"),
        ("follow_up", {1: "brilliant"}, "Select an answer to question 1"),
        ("follow_up", {4: "yes"}, "Select yes or no for question 4"),
        ("follow_up", {6: "x" * 5001}, "Question 6 must be 5000 characters or fewer"),
    ],
)
def test_an_answer_outside_its_items_scale_is_refused_and_nothing_is_saved(
    mentee_record, mentor_record, staff, code, answers, problem
):
    mentorship = ended_and_followed_up(mentee_record, mentor_record, staff) if code in ABOUT_A_MENTORSHIP else None
    response = response_start(mentee=mentee_record, code=code, by=mentee_record.user, mentorship=mentorship)

    with pytest.raises(SurveyRuleBroken) as refused:
        response_save(
            response=response, answers={**answers, 2: 1} if code == "pss10" else answers, by=mentee_record.user
        )

    assert problem in refused.value.messages
    assert stored(response) == {}


@pytest.mark.django_db
def test_the_follow_up_survey_takes_every_kind_of_answer(mentee_record, mentor_record, staff):
    response = answered(
        mentee_record,
        "follow_up",
        ["somewhat", ["reduce_hours", "change_role"], 8, False, True, "It helped me stay in general practice."],
        mentorship=ended_and_followed_up(mentee_record, mentor_record, staff),
    )
    assert response.completed_at is not None and response.score is None
    assert stored(response)[2] == ["reduce_hours", "change_role"]
    assert stored(response)[4] is False


@pytest.mark.django_db
def test_a_completed_questionnaire_cannot_be_changed(mentee_record):
    response = answered(mentee_record, "pss10", MIDDLING)

    with pytest.raises(SurveyRuleBroken) as refused:
        response_save(response=response, answers={1: 4}, by=mentee_record.user)

    assert refused.value.messages == [ALREADY_SUBMITTED]
    assert stored(response)[1] == 2


@pytest.mark.django_db
def test_voiding_needs_a_reason(mentee_record, staff):
    response = answered(mentee_record, "pss10", MIDDLING)

    with pytest.raises(SurveyRuleBroken, match="Give a reason"):
        response_void(response=response, by=staff, reason="   ")

    response.refresh_from_db()
    assert response.voided_at is None


@pytest.mark.django_db
def test_staff_void_with_a_reason_which_is_audited_without_answers(mentee_record, staff):
    response = answered(mentee_record, "pss10", MIDDLING)

    response_void(response=response, by=staff, reason="Answered about the wrong month")

    response.refresh_from_db()
    assert response.voided_by == staff and response.void_reason == "Answered about the wrong month"
    event = AuditEvent.objects.get(action="response.void")
    assert event.actor == staff and event.scheme == mentee_record.scheme
    assert event.target_id == str(response.pk)
    assert event.detail == {"mentee": mentee_record.pk, "questionnaire": "pss10", "version": 1}


@pytest.mark.django_db
def test_after_voiding_the_mentee_starts_afresh_on_the_current_version(mentee_record, staff):
    response = answered(mentee_record, "pss10", MIDDLING)
    response_void(response=response, by=staff, reason="Duplicate")

    fresh = response_start(mentee=mentee_record, code="pss10", by=mentee_record.user)

    assert fresh.pk != response.pk and stored(fresh) == {}


@pytest.mark.django_db
def test_other_schemes_staff_and_the_mentee_cannot_void(mentee_record, other_staff):
    response = answered(mentee_record, "pss10", MIDDLING)

    for person in (other_staff, mentee_record.user):
        with pytest.raises(PermissionDenied):
            response_void(response=response, by=person, reason="Because")

    response.refresh_from_db()
    assert response.voided_at is None


@pytest.mark.django_db
def test_every_change_is_audited_with_ids_and_codes_only(mentee_record):
    response = response_start(mentee=mentee_record, code="wlb", by=mentee_record.user)
    response_save(response=response, answers={1: 3}, by=mentee_record.user)
    response_save(response=response, answers={1: 3}, by=mentee_record.user, complete=True)

    events = AuditEvent.objects.filter(target_type="surveys.response", target_id=str(response.pk)).order_by("at")
    assert [event.action for event in events] == ["response.start", "response.save", "response.complete"]
    assert all(set(event.detail) == {"mentee", "questionnaire", "version"} for event in events)


@pytest.mark.django_db
def test_a_response_names_its_mentees_scheme_and_the_database_refuses_another(mentee_record, other_scheme):
    response = response_start(mentee=mentee_record, code="wlb", by=mentee_record.user)
    assert response.scheme_id == mentee_record.scheme_id

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.filter(pk=response.pk).update(scheme=other_scheme)


@pytest.mark.django_db
def test_the_database_refuses_two_live_responses_to_one_questionnaire(mentee_record):
    response_start(mentee=mentee_record, code="wlb", by=mentee_record.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            questionnaire=Questionnaire.objects.get(code="wlb", version=1),
            code="wlb",
            mentee=mentee_record,
            scheme_id=mentee_record.scheme_id,
        )


@pytest.mark.django_db
def test_import_records_a_completed_stress_scale_and_rating_in_one_go(mentee_record, staff):
    pss = response_import(mentee=mentee_record, code="pss10", answers=HIGH_STRESS, by=staff)
    wlb = response_import(mentee=mentee_record, code="wlb", answers=[6], by=staff)

    pss.refresh_from_db()
    wlb.refresh_from_db()
    assert (pss.score, pss.band, pss.completed_at is not None) == (33, "high", True)
    assert stored(pss) == dict(enumerate(HIGH_STRESS, start=1))
    assert (wlb.score, wlb.band) == (6, "")
    assert AuditEvent.objects.filter(action="response.import", actor=staff).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("answers", [[1] * 9, [1] * 9 + [7], [1] * 9 + [None]])
def test_import_of_wrong_answers_records_nothing(mentee_record, staff, answers):
    with pytest.raises(SurveyRuleBroken):
        response_import(mentee=mentee_record, code="pss10", answers=answers, by=staff)

    assert not Response.objects.filter(mentee=mentee_record).exists()
    assert not AuditEvent.objects.filter(action__startswith="response.").exists()


@pytest.mark.django_db
def test_import_refuses_a_mentee_who_already_answered(mentee_record, staff):
    answered(mentee_record, "wlb", [5])

    with pytest.raises(SurveyRuleBroken, match="already has a wlb questionnaire"):
        response_import(mentee=mentee_record, code="wlb", answers=[6], by=staff)

    assert Response.objects.get(mentee=mentee_record).score == 5
