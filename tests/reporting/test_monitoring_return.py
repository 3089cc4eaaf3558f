"""The NHS England monitoring return reproduces hand-counted figures exactly, for both kinds of scheme."""

import csv
import datetime
import zoneinfo
from decimal import Decimal

import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.models import Mentee, Mentor, TrainingRecord
from tests.factories.mentoring import MenteeFactory, MentorFactory
from tests.factories.reporting import past_conversation, past_mentorship, training_completed
from tests.factories.schemes import SchemeFactory

D = datetime.date
LONDON = zoneinfo.ZoneInfo("Europe/London")
ILM5, EQUIVALENT, CAREER_CONVERSATION = (
    TrainingRecord.Course.ILM5,
    TrainingRecord.Course.EQUIVALENT,
    TrainingRecord.Course.CAREER_CONVERSATION,
)


def registered(scheme, on, **answers):
    at = datetime.datetime.combine(on, datetime.time(10), tzinfo=LONDON)
    return MenteeFactory(scheme=scheme, registered_at=at, **answers)


@pytest.fixture
def mentoring_scheme(db):
    """2025/26-Q2 runs from 1 July to 30 September 2025."""
    scheme = SchemeFactory(slug="cheshire-mentoring")
    trained_last_day = MentorFactory(scheme=scheme, approved_on=D(2025, 5, 1), clinical_sessions_per_week=6)
    training_completed(trained_last_day, course=ILM5, completed_on=D(2025, 9, 30))  # counted: the quarter's last day
    trained_q1 = MentorFactory(scheme=scheme, approved_on=D(2025, 4, 10), clinical_sessions_per_week=4)
    training_completed(trained_q1, course=EQUIVALENT, completed_on=D(2025, 6, 30))  # year to date only
    in_training = MentorFactory(
        scheme=scheme, status=Mentor.Status.IN_TRAINING, approved_on=D(2025, 8, 1), clinical_sessions_per_week=8
    )
    training_completed(in_training, course=ILM5)  # not completed
    left_in_quarter = MentorFactory(
        scheme=scheme, status=Mentor.Status.LEFT, approved_on=D(2024, 1, 1), left_on=D(2025, 8, 15),
        clinical_sessions_per_week=9,
    )  # fmt: skip
    training_completed(left_in_quarter, course=ILM5, completed_on=D(2025, 7, 15))  # trained in the quarter
    left_after = MentorFactory(
        scheme=scheme, status=Mentor.Status.LEFT, approved_on=D(2025, 2, 1), left_on=D(2025, 10, 20),
        clinical_sessions_per_week=3,
    )  # fmt: skip
    training_completed(left_after, course=ILM5, completed_on=D(2025, 10, 1))  # next quarter
    wrong_course = MentorFactory(scheme=scheme, approved_on=D(2025, 11, 1), clinical_sessions_per_week=5)
    training_completed(wrong_course, course=CAREER_CONVERSATION, completed_on=D(2025, 8, 1))

    for started_on in [D(2025, 6, 30), D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 1), D(2025, 3, 31), None]:
        past_mentorship(mentee=registered(scheme, D(2025, 3, 1)), mentor=trained_last_day, started_on=started_on)
    registered(scheme, D(2025, 10, 5))  # after the quarter
    registered(scheme, D(2025, 8, 1), status=Mentee.Status.WITHDRAWN)
    MenteeFactory(scheme=scheme, registered_at=datetime.datetime(2025, 9, 30, 23, 30, tzinfo=LONDON))
    return scheme


@pytest.fixture
def conversation_scheme(db):
    scheme = SchemeFactory(slug="cheshire-conversations", kind="career_conversations")
    in_quarter = MentorFactory(scheme=scheme, approved_on=D(2025, 4, 1))
    training_completed(in_quarter, course=CAREER_CONVERSATION, completed_on=D(2025, 9, 30))
    earlier = MentorFactory(scheme=scheme, approved_on=D(2025, 4, 1))
    training_completed(earlier, course=CAREER_CONVERSATION, completed_on=D(2025, 5, 5))
    other_course = MentorFactory(scheme=scheme, approved_on=D(2025, 4, 1))
    training_completed(other_course, course=ILM5, completed_on=D(2025, 8, 8))
    past_conversation(facilitator=in_quarter, completed_on=D(2025, 7, 10), career_needs=["health_and_wellbeing", "cpd"])
    past_conversation(facilitator=in_quarter, completed_on=D(2025, 9, 30), career_needs=["cpd"])
    past_conversation(facilitator=earlier, completed_on=D(2025, 6, 30), career_needs=["portfolio"])
    past_conversation(facilitator=earlier)  # accepted, not yet held
    past_conversation(facilitator=earlier, completed_on=D(2025, 10, 1), career_needs=["coaching"])
    return scheme


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.reader(handle))


def test_mentoring_return_matches_the_hand_count(mentoring_scheme, tmp_path):
    output = tmp_path / "return.csv"
    call_command("monitoring_return", "cheshire-mentoring", "2025/26-Q2", "--output", str(output))

    assert read_csv(output) == [
        ["metric", "value"],
        ["mentors_trained_in_quarter", "2"],
        ["mentors_trained_year_to_date", "3"],
        ["matches_registered_in_quarter", "2"],
        ["matches_registered_year_to_date", "3"],
        ["mean_clinical_sessions_per_week", "4.3"],
        ["active_mentors_at_quarter_end", "3"],
        ["mentees_waiting_at_quarter_end", "3"],
    ]


def test_career_conversation_return_matches_the_hand_count(conversation_scheme, tmp_path):
    output = tmp_path / "return.csv"
    call_command("monitoring_return", "cheshire-conversations", "2025/26-Q2", "--output", str(output))

    assert read_csv(output) == [
        ["metric", "value"],
        ["facilitators_trained_in_quarter", "1"],
        ["facilitators_trained_year_to_date", "2"],
        ["conversations_held_in_quarter", "2"],
        ["conversations_held_year_to_date", "3"],
        ["career_need_health_and_wellbeing", "1"],
        ["career_need_recognition", "0"],
        ["career_need_management_partnership", "0"],
        ["career_need_patient_population", "0"],
        ["career_need_cpd", "2"],
        ["career_need_portfolio", "0"],
        ["career_need_coaching", "0"],
    ]


def test_return_as_xlsx_holds_the_same_figures(mentoring_scheme, tmp_path):
    output = tmp_path / "return.xlsx"
    call_command("monitoring_return", "cheshire-mentoring", "2025/26-Q2", "--output", str(output))

    sheet = pd.read_excel(output, sheet_name="Monitoring return")
    assert list(sheet.columns) == ["metric", "value"]
    assert dict(zip(sheet["metric"], sheet["value"], strict=True))["mean_clinical_sessions_per_week"] == 4.3
    assert dict(zip(sheet["metric"], sheet["value"], strict=True))["matches_registered_in_quarter"] == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["cheshire-mentoring", "2025-Q2", "--output", "x.csv"], "Enter a quarter like 2025/26-Q2"),
        (["cheshire-mentoring", "2025/27-Q2", "--output", "x.csv"], "is not a financial year"),
        (["nowhere", "2025/26-Q2", "--output", "x.csv"], "No scheme has the slug"),
        (["cheshire-mentoring", "2025/26-Q2", "--output", "x.txt"], "must end .csv or .xlsx"),
    ],
)
def test_return_command_refuses_bad_input_clearly(mentoring_scheme, arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("monitoring_return", *arguments)
    assert not any(tmp_path.iterdir())


def quarters_consistent(in_quarter, year_to_date, withheld):
    """Every set of in-quarter values a reader could believe, given a year's published returns: the
    reader knows each visible in-quarter figure, that a `*` in quarter is 1 to 7, that a year-to-date
    figure is the sum of the quarters so far, rounded to 5 (or `*` from 1 to 7), and which
    year-to-date figures were withheld (those say nothing)."""
    import itertools

    from reporting import disclosure

    choices = [range(1, 8) if shown == disclosure.SUPPRESSED else [shown] for shown in in_quarter]
    for values in itertools.product(*choices):
        fits = True
        for number, shown in enumerate(year_to_date):
            if number in withheld:
                continue
            if disclosure.publish_total(sum(values[: number + 1])) != shown:
                fits = False
                break
        if fits:
            yield values


def assert_no_hidden_quarter_recoverable(counts, in_quarter, year_to_date, withheld):
    from reporting import disclosure

    found = list(quarters_consistent(in_quarter, year_to_date, withheld))
    assert tuple(counts) in found
    for number, shown in enumerate(in_quarter):
        if shown == disclosure.SUPPRESSED:
            possible = {values[number] for values in found}
            assert len(possible) > 1, f"quarter {number + 1} ({counts[number]}) is worked out from {year_to_date}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=16), min_size=1, max_size=4))
def test_no_hidden_quarter_can_be_worked_back_from_the_year_to_date(counts):
    from reporting import disclosure

    in_quarter = [disclosure.SUPPRESSED if disclosure.is_small(count) else count for count in counts]
    published = disclosure.publish_year_to_date(counts)
    withheld = {number for number, kind in enumerate(published.hidden) if kind == disclosure.WITHHELD}

    assert_no_hidden_quarter_recoverable(counts, in_quarter, published.cells, withheld)
    for number, cell in enumerate(published.cells):
        if number not in withheld:
            assert cell == disclosure.publish_total(sum(counts[: number + 1]))


def matches_in(scheme, quarters):
    """Mentorships whose first meeting was in each quarter of 2025/26 (a list of counts, Q1 first)."""
    from reporting import periods

    mentor = MentorFactory(scheme=scheme, approved_on=D(2025, 1, 1))
    for number, count in enumerate(quarters):
        started_on = periods.quarter(f"2025/26-Q{number + 1}").starts_on + datetime.timedelta(days=9)
        for _ in range(count):
            past_mentorship(mentee=registered(scheme, D(2025, 3, 1)), mentor=mentor, started_on=started_on)


def figures(scheme, label, *, suppress):
    from reporting import monitoring, periods

    return dict(monitoring.monitoring_return(scheme, periods.quarter(label), suppress=suppress))


@pytest.mark.parametrize("quarters", [(10, 3), (11, 1), (0, 3, 12, 2), (9, 0, 7)])
def test_a_hidden_quarter_cannot_be_worked_out_from_the_year_to_date(db, quarters):
    scheme = SchemeFactory()
    matches_in(scheme, quarters)
    labels = [f"2025/26-Q{number}" for number in range(1, len(quarters) + 1)]

    shown = [figures(scheme, label, suppress=True) for label in labels]
    exact = [figures(scheme, label, suppress=False) for label in labels]

    in_quarter = [returned["matches_registered_in_quarter"] for returned in shown]
    year_to_date = [returned["matches_registered_year_to_date"] for returned in shown]
    assert [returned["matches_registered_in_quarter"] for returned in exact] == list(quarters)
    assert [returned["matches_registered_year_to_date"] for returned in exact] == [
        sum(quarters[: number + 1]) for number in range(len(quarters))
    ]
    # The strongest reader: a `*` year to date that is not 1 to 7 was withheld, and says nothing.
    withheld = {
        number
        for number, shown_figure in enumerate(year_to_date)
        if shown_figure == "*" and not 1 <= sum(quarters[: number + 1]) <= 7
    }
    assert_no_hidden_quarter_recoverable(quarters, in_quarter, year_to_date, withheld)
    if quarters == (10, 3):
        assert (in_quarter, year_to_date) == ([10, "*"], [10, 15])
    if quarters == (11, 1):
        assert (in_quarter, year_to_date) == ([11, "*"], [10, "*"])  # 10 shown would pin the 1


def test_a_mean_over_fewer_than_eight_mentors_is_hidden_from_commissioners(mentoring_scheme, tmp_path):
    assert figures(mentoring_scheme, "2025/26-Q2", suppress=False)["mean_clinical_sessions_per_week"] == Decimal("4.3")
    assert figures(mentoring_scheme, "2025/26-Q2", suppress=True)["mean_clinical_sessions_per_week"] == "*"
    for _ in range(5):
        MentorFactory(scheme=mentoring_scheme, approved_on=D(2025, 5, 1), clinical_sessions_per_week=4)
    assert figures(mentoring_scheme, "2025/26-Q2", suppress=True)["mean_clinical_sessions_per_week"] == Decimal(
        "4.1"
    )  # 33 sessions over 8 mentors


def test_the_commissioners_page_rounds_the_year_to_date_and_staff_see_it_exact(mentoring_scheme, client):
    from django.urls import reverse

    from accounts.permissions import Role
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    matches_in(mentoring_scheme, (9, 0))  # with the fixture's: 10 in Q1, 2 in Q2, 12 to date
    reader = with_mfa(SchemeMembershipFactory(scheme=mentoring_scheme, role=Role.COMMISSIONER).user)
    manager = with_mfa(SchemeMembershipFactory(scheme=mentoring_scheme, role=Role.STAFF).user)
    url = reverse("reporting:monitoring_return", args=[mentoring_scheme.slug, "2025-26-Q2"])

    client.force_login(reader)
    download = client.get(url, {"format": "csv"}).content.decode()
    assert "matches_registered_in_quarter,*" in download
    assert "matches_registered_year_to_date,12" not in download
    assert "mean_clinical_sessions_per_week,*" in download
    client.force_login(manager)
    download = client.get(url, {"format": "csv"}).content.decode()
    assert "matches_registered_in_quarter,2\n" in download.replace("\r", "")
    assert "matches_registered_year_to_date,12" in download
    assert "mean_clinical_sessions_per_week,4.3" in download
