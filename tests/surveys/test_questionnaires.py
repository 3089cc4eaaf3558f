"""The questionnaires shipped as data, and the rule that a response keeps the version it answered."""

import pytest

from mentoring.codes import Reason
from surveys.models import Item, Questionnaire
from surveys.services import response_start
from tests.surveys.conftest import answered


@pytest.mark.django_db
def test_version_1_of_each_questionnaire_is_shipped_and_current():
    current = Questionnaire.objects.filter(is_current=True)
    assert sorted(current.values_list("code", "version")) == [
        ("final_review", 1),
        ("follow_up", 1),
        ("pss10", 1),
        ("wlb", 1),
    ]


@pytest.mark.django_db
def test_the_perceived_stress_scale_has_its_ten_items_scale_and_citation():
    pss = Questionnaire.objects.get(code="pss10", version=1)
    items = list(pss.items.all())

    assert len(items) == 10
    assert (
        items[0].text
        == "In the last month, how often have you been upset because of something that happened unexpectedly?"
    )
    assert items[9].text == (
        "In the last month, how often have you felt difficulties were piling up so high that you could not "
        "overcome them?"
    )
    assert [item.number for item in items if item.reversed] == [4, 5, 7, 8]
    assert items[3].options() == [
        (0, "Never"),
        (1, "Almost never"),
        (2, "Sometimes"),
        (3, "Fairly often"),
        (4, "Very often"),
    ]
    assert "Cohen S, Kamarck T, Mermelstein R (1983)" in pss.citation


@pytest.mark.django_db
def test_the_final_review_offers_the_mentee_reason_codes_and_asks_work_life_balance_again():
    items = {item.code: item for item in Item.objects.filter(questionnaire__code="final_review")}

    assert items["reasons_addressed"].choices == [list(choice) for choice in Reason.choices]
    assert (items["wlb"].scale["min"], items["wlb"].scale["max"]) == (1, 10)


@pytest.mark.django_db
def test_the_follow_up_survey_asks_about_impact_changes_balance_leaving_and_recommending():
    codes = list(Item.objects.filter(questionnaire__code="follow_up").values_list("code", "kind"))
    assert codes == [
        ("impact", "choice"),
        ("changes_made", "multi_choice"),
        ("wlb_now", "scale"),
        ("intends_to_leave_now", "yes_no"),
        ("would_recommend", "yes_no"),
        ("comments", "free_text"),
    ]


def new_version_of_wlb():
    """What a later data migration would do: add version 2 and make it current."""
    old = Questionnaire.objects.get(code="wlb", version=1)
    Questionnaire.objects.filter(pk=old.pk).update(is_current=False)
    new = Questionnaire.objects.create(code="wlb", version=2, is_current=True, title="Work-life balance, v2")
    Item.objects.create(
        questionnaire=new, number=1, code="wlb", text="New wording?", kind="scale", scale=old.items.get().scale
    )
    return old, new


@pytest.mark.django_db
def test_a_response_keeps_pointing_at_version_1_after_version_2_is_made(mentee_record):
    response = answered(mentee_record, "wlb", [7])

    old, new = new_version_of_wlb()

    response.refresh_from_db()
    assert response.questionnaire == old and response.questionnaire.version == 1
    assert response.answers.get().item.questionnaire == old
    assert response.score == 7


@pytest.mark.django_db
def test_a_response_started_before_a_new_version_resumes_on_its_own_version(mentee_record, other_scheme):
    open_response = response_start(mentee=mentee_record, code="wlb", by=mentee_record.user)
    old, new = new_version_of_wlb()

    assert response_start(mentee=mentee_record, code="wlb", by=mentee_record.user).questionnaire == old
    assert open_response.questionnaire == old
