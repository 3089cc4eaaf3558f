"""Training on the mentor import: the course and the training sessions attended, through the training
services, every column rule by row and column, and imported sessions counting towards the cap."""

import datetime

import pytest

from claims.models import LineKind
from claims.selectors import month_evidence
from claims.services import mentoring_plan_record
from mentoring.imports import mentors_import
from mentoring.models import Mentor, TrainingRecord, TrainingSession
from tests.mentoring.spreadsheets import TRAINING, csv_content, mentor_row, practice


@pytest.fixture
def surgery(db):
    return practice()


def import_csv(scheme, rows, by=None):
    return mentors_import(scheme=scheme, file_name="mentors.csv", content=csv_content(rows), by=by)


def messages(result):
    return [str(problem) for problem in result.errors]


def test_training_columns_create_the_course_and_the_sessions(scheme, surgery, staff):
    result = import_csv(scheme, [mentor_row(1, **TRAINING), mentor_row(2)], by=staff)

    assert result.ok, messages(result)
    record = TrainingRecord.objects.get()
    assert record.mentor.gmc_number == "7000001"
    assert (record.course, record.started_on, record.completed_on) == (
        "ilm5",
        datetime.date(2024, 9, 1),
        datetime.date(2025, 6, 30),
    )
    assert list(TrainingSession.objects.values_list("attended_on", "training_record")) == [
        (datetime.date(2024, 9, 12), record.pk),
        (datetime.date(2024, 10, 10), record.pk),
        (datetime.date(2024, 11, 14), record.pk),
    ]
    assert not Mentor.objects.get(gmc_number="7000002").training_records.exists()


def test_a_course_in_progress_is_expected_within_two_years(scheme, surgery):
    row = mentor_row(1, training_course="Career conversation", training_completed_on="", training_session_dates="")

    assert import_csv(scheme, [{**TRAINING, **row}]).ok

    record = TrainingRecord.objects.get()
    assert record.course == TrainingRecord.Course.CAREER_CONVERSATION
    assert record.completed_on is None
    assert record.expected_completion_on == datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"training_course": ""}, "Row 2, training_course: is empty: use one of ilm5"),
        ({"training_course": "mba"}, "Row 2, training_course: mba is not one we know"),
        ({"training_started_on": ""}, "Row 2, training_started_on: is empty: enter the date the course started"),
        ({"training_started_on": "autumn"}, "Row 2, training_started_on: autumn is not a date"),
        ({"training_started_on": "2099-01-01"}, "Row 2, training_started_on: 01/01/2099 is in the future"),
        ({"training_completed_on": "2024-08-31"}, "Row 2, training_completed_on: 31/08/2024 is before the start"),
        ({"training_completed_on": "2099-01-01"}, "Row 2, training_completed_on: 01/01/2099 is in the future"),
        (
            {"training_started_on": "2022-01-01", "training_session_dates": "2022-02-01"},
            "Row 2, training_completed_on: Training must be completed within 2 years of the start date",
        ),
        ({"training_session_dates": "2024-09-12;soon"}, "Row 2, training_session_dates: soon is not a date"),
        ({"training_session_dates": "2099-09-12"}, "Row 2, training_session_dates: 12/09/2099 is in the future"),
        (
            {"training_session_dates": "2024-08-12"},
            "Row 2, training_session_dates: 12/08/2024 is before the course started, 01/09/2024",
        ),
        (
            {"training_session_dates": "2024-09-12;2024-09-12"},
            "Row 2, training_session_dates: 12/09/2024 is there twice",
        ),
    ],
)
def test_each_training_column_rule_names_the_row_and_column(scheme, surgery, overrides, expected):
    result = import_csv(scheme, [mentor_row(1, **{**TRAINING, **overrides})])

    assert any(message.startswith(expected) for message in messages(result)), messages(result)
    assert not Mentor.objects.exists() and not TrainingSession.objects.exists()


def test_imported_training_sessions_count_towards_the_cap_of_four(scheme, surgery, staff):
    dates = "2024-09-12;2024-10-10;2024-11-14;2024-12-12;2025-01-09"
    assert import_csv(scheme, [mentor_row(1, **{**TRAINING, "training_session_dates": dates})]).ok
    mentor = Mentor.objects.get()
    mentoring_plan_record(mentor=mentor, by=staff)

    evidence = month_evidence(mentor, datetime.date(2025, 1, 1))

    assert [line.kind for line in evidence.lines] == [LineKind.TRAINING_SESSION] * 4
    assert "at most 4 training sessions" in evidence.held_back[0]
