"""Property-based checks of questionnaire answers: any value for any kind of question is either accepted as
a valid answer or refused with words for the person answering, and a refused save changes nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import Answer, Item
from surveys.services import FREE_TEXT_MAX, SurveyRuleBroken, answer_problem, response_save, response_start

# Anything a tampered form or an API client could send as an answer.
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.text(),
        st.just("\x00"),
        st.just("<b>bold</b>"),
        st.just("x" * 20_000),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=6,
)


def _valid(item, value):
    match item.kind:
        case Item.Kind.SCALE:
            return type(value) is int and value in item.scale_values
        case Item.Kind.CHOICE:
            return isinstance(value, str) and value in dict(item.choices)
        case Item.Kind.MULTI_CHOICE:
            codes = dict(item.choices)
            return (
                isinstance(value, list)
                and all(isinstance(v, str) and v in codes for v in value)
                and len(set(value)) == len(value)
            )
        case Item.Kind.FREE_TEXT:
            return isinstance(value, str) and "\x00" not in value and len(value) <= FREE_TEXT_MAX
        case Item.Kind.YES_NO:
            return isinstance(value, bool)


@pytest.fixture
def every_kind_of_question(db):
    items = list(Item.objects.select_related("questionnaire").order_by("questionnaire__code", "number"))
    kinds = {}
    for item in items:
        kinds.setdefault(item.kind, item)
    assert set(kinds) == set(Item.Kind.values)
    return list(kinds.values())


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES, which=st.integers(min_value=0, max_value=4))
def test_any_answer_to_any_kind_of_question_is_accepted_only_if_valid(every_kind_of_question, value, which):
    item = every_kind_of_question[which % len(every_kind_of_question)]

    problem = answer_problem(item, value)

    assert problem is None or isinstance(problem, str)
    assert (problem is None) == _valid(item, value)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=VALUES.filter(lambda v: v not in (None, "", [])))
def test_a_refused_answer_saves_nothing(mentee_record, staff, value):
    response = response_start(mentee=mentee_record, code="pss10", by=mentee_record.user)
    first = response.questionnaire.items.get(number=1)

    try:
        response_save(response=response, answers={first.number: value}, by=staff)
    except SurveyRuleBroken:
        assert not Answer.objects.filter(response=response).exists()
    else:
        assert answer_problem(first, value) is None
        Answer.objects.filter(response=response).delete()
