"""The imports write in bulk: the same rows, scores and audit entries as the one-by-one services, in a
number of queries that does not grow with the rows in the file."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent, User
from accounts.services import audit_event, user_create
from mentoring.imports import mentees_import, mentors_import
from mentoring.imports.mentees import COLUMN_NAMES as MENTEE_COLUMNS
from mentoring.imports.mentees import MenteeRowChecker
from mentoring.imports.mentors import MentorRowChecker
from mentoring.models import Mentee, Mentor, TrainingRecord, TrainingSession
from mentoring.services.mentees import mentee_register, mentees_register_many
from mentoring.services.mentors import MentorRuleBroken, mentor_create, mentors_create_many
from mentoring.services.training import training_record_save, training_session_record
from surveys.models import Response
from surveys.services import SurveyRuleBroken, response_import, responses_import_many
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MenteeFactory
from tests.mentoring.spreadsheets import TRAINING, csv_content, mentee_row, mentor_row, practice


@pytest.fixture
def surgery(db):
    return practice()


def import_mentees(scheme, rows, by):
    content = csv_content(rows, MENTEE_COLUMNS)
    return mentees_import(scheme=scheme, file_name="mentees.csv", content=content, by=by)


def import_mentors(scheme, rows, by):
    return mentors_import(scheme=scheme, file_name="mentors.csv", content=csv_content(rows), by=by)


def checked(checker_class, scheme, cells, by):
    """The row as the import checks it, for writing through the one-by-one services."""
    row = checker_class(scheme, [(2, cells)], by=by).check(2, cells)
    assert row is not None
    return row


def columns(instance, *, leaving_out=()):
    """A saved row's columns, without its own id and those that name other rows of the same person."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.attname not in {"id", *leaving_out}
    }


def audit_trail(*targets, mentee=None):
    """Each target's audit entries, with the mentee's id (which response entries hold) as a word."""
    entries = []
    for target in targets:
        events = AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        for event in events:
            detail = dict(event.detail)
            if mentee is not None and detail.get("mentee") == mentee.pk:
                detail["mentee"] = "the mentee"
            entries.append((event.action, event.actor_id, event.scheme_id, event.target_type, sorted(detail.items())))
    return sorted(entries)


def person(user):
    return (
        columns(user, leaving_out={"email", "password", "date_joined", "last_login"}),
        user.has_usable_password(),
        list(EmailAddress.objects.filter(user=user).values_list("primary", "verified")),
    )


def questionnaires_of(mentee):
    return {
        response.code: (
            response.questionnaire_id,
            response.scheme_id,
            response.score,
            response.band,
            response.completed_at is not None,
            response.voided_at,
            dict(response.answers.values_list("item__number", "value")),
        )
        for response in Response.objects.filter(mentee=mentee)
    }


@pytest.mark.django_db
def test_a_mentee_imported_in_bulk_has_the_rows_scores_and_audit_of_the_one_by_one_services(scheme, staff, surgery):
    assert import_mentees(scheme, [mentee_row(1, pss10_answers="0;4;1;1;2;3;4;2;3;2", wlb_before="7")], staff).ok
    cells = mentee_row(2, pss10_answers="0;4;1;1;2;3;4;2;3;2", wlb_before="7")
    row = checked(MenteeRowChecker, scheme, cells, staff)
    user = user_create(email=row.email, first_name=row.first_name, last_name="Okafor 1", by=staff)
    one_by_one = mentee_register(user=user, scheme=scheme, by=staff, **row.answers)
    response_import(mentee=one_by_one, code="pss10", answers=row.pss10_answers, by=staff)
    response_import(mentee=one_by_one, code="wlb", answers=[row.wlb_before], by=staff)

    bulk = Mentee.objects.get(user__email="mentee1@nhs.net")
    assert person(bulk.user) == person(one_by_one.user)
    assert columns(bulk, leaving_out={"user_id"}) == columns(one_by_one, leaving_out={"user_id"})
    assert questionnaires_of(bulk) == questionnaires_of(one_by_one)
    # 0+4+1+1+2+3+4+2+3+2 with items 4, 5, 7 and 8 reverse scored (4 - answer): 20, between 13 and 26.
    assert questionnaires_of(bulk)["pss10"][1:4] == (scheme.pk, 20, "moderate")
    assert questionnaires_of(bulk)["wlb"][2] == 7

    def trail(mentee):
        return audit_trail(mentee.user, mentee, *Response.objects.filter(mentee=mentee), mentee=mentee)

    assert trail(bulk) == trail(one_by_one)
    assert [action for action, *_ in trail(bulk)] == sorted(
        ["mentee.register", "response.complete", "response.complete", "response.import", "response.import"]
        + ["user.create"]
    )


@pytest.mark.django_db
def test_a_mentor_imported_in_bulk_has_the_rows_training_and_audit_of_the_one_by_one_services(scheme, staff, surgery):
    assert import_mentors(scheme, [mentor_row(1, **TRAINING)], staff).ok
    row = checked(MentorRowChecker, scheme, mentor_row(2, **TRAINING), staff)
    user = user_create(email=row.email, first_name=row.first_name, last_name="Shah 1", by=staff)
    one_by_one = mentor_create(
        user=user, scheme=scheme, status=row.status, by=staff, focus_areas=row.focus_areas, **row.fields
    )
    record = training_record_save(
        record=TrainingRecord(
            mentor=one_by_one,
            course=row.training["course"],
            provider="",
            started_on=row.training["started_on"],
            expected_completion_on=row.training["completed_on"],
            completed_on=row.training["completed_on"],
        ),
        by=staff,
    )
    for attended_on in row.training_session_dates:
        training_session_record(mentor=one_by_one, attended_on=attended_on, by=staff, training_record=record)

    bulk = Mentor.objects.get(user__email="mentor1@nhs.net")
    one_by_one.refresh_from_db()
    assert person(bulk.user) == person(one_by_one.user)
    assert bulk.user.mfa_required and one_by_one.user.mfa_required  # an approved mentor's role needs MFA
    assert columns(bulk, leaving_out={"user_id", "gmc_number", "created_at"}) == columns(
        one_by_one, leaving_out={"user_id", "gmc_number", "created_at"}
    )
    assert set(bulk.focus_areas.values_list("code", flat=True)) == {"leadership", "wellbeing"}
    assert set(bulk.focus_areas.all()) == set(one_by_one.focus_areas.all())
    (bulk_record,) = bulk.training_records.all()
    assert columns(bulk_record, leaving_out={"mentor_id"}) == columns(record, leaving_out={"mentor_id"})
    sessions = {
        mentor: list(mentor.training_sessions.values_list("attended_on", "training_record__course"))
        for mentor in (bulk, one_by_one)
    }
    assert sessions[bulk] == sessions[one_by_one] and len(sessions[bulk]) == 3

    def trail(mentor):
        return audit_trail(
            mentor.user, mentor, *mentor.training_records.all(), *mentor.training_sessions.order_by("attended_on")
        )

    assert trail(bulk) == trail(one_by_one)
    assert sorted({action for action, *_ in trail(bulk)}) == [
        "mentor.create",
        "training.add",
        "training.attend",
        "user.create",
    ]


def queries_to_import(write):
    with CaptureQueriesContext(connection) as queries:
        result = write()
    assert result.ok, result.errors
    return len(queries)


@pytest.mark.django_db
def test_importing_fifty_mentees_takes_no_more_queries_than_five(scheme, staff, surgery, django_assert_max_num_queries):
    five = queries_to_import(lambda: import_mentees(scheme, [mentee_row(n) for n in range(1, 6)], staff))

    with django_assert_max_num_queries(five):
        assert import_mentees(scheme, [mentee_row(n) for n in range(6, 56)], staff).ok

    assert Response.objects.filter(mentee__scheme=scheme).count() == 110
    assert AuditEvent.objects.filter(action="response.complete").count() == 110


@pytest.mark.django_db
def test_importing_fifty_mentors_takes_no_more_queries_than_five(scheme, staff, surgery, django_assert_max_num_queries):
    five = queries_to_import(lambda: import_mentors(scheme, [mentor_row(n, **TRAINING) for n in range(1, 6)], staff))

    with django_assert_max_num_queries(five):
        assert import_mentors(scheme, [mentor_row(n, **TRAINING) for n in range(6, 56)], staff).ok

    assert TrainingSession.objects.filter(mentor__scheme=scheme).count() == 165
    assert AuditEvent.objects.filter(action="training.attend").count() == 165


# The bulk services check their own rules, whatever the import checked before calling them.


@pytest.mark.django_db
def test_bulk_responses_refuse_a_second_live_questionnaire_and_write_nothing(scheme, staff):
    waiting, answered = MenteeFactory(scheme=scheme), MenteeFactory(scheme=scheme)
    response_import(mentee=answered, code="wlb", answers=[5], by=staff)

    with pytest.raises(SurveyRuleBroken, match="already has a wlb questionnaire"):
        responses_import_many(imports=[(waiting, "wlb", [4]), (answered, "wlb", [6])], by=staff)
    with pytest.raises(SurveyRuleBroken, match="already has a pss10 questionnaire"):
        responses_import_many(imports=[(waiting, "pss10", [1] * 10), (waiting, "pss10", [2] * 10)], by=staff)

    assert list(Response.objects.values_list("mentee", "code", "score")) == [(answered.pk, "wlb", 5)]


@pytest.mark.django_db
def test_bulk_responses_refuse_answers_the_questionnaire_does_not_take(scheme, staff):
    mentee = MenteeFactory(scheme=scheme)

    with pytest.raises(SurveyRuleBroken, match="has 10 questions, not 9 answers"):
        responses_import_many(imports=[(mentee, "pss10", [1] * 9)], by=staff)
    with pytest.raises(SurveyRuleBroken) as refused:
        responses_import_many(imports=[(mentee, "pss10", [1, 2, 3, 9, 1, 2, 3, 1, 2, 3])], by=staff)
    assert refused.value.message_dict == {4: ["Select an answer to question 4"]}
    with pytest.raises(SurveyRuleBroken, match="no questionnaire called stress"):
        responses_import_many(imports=[(mentee, "stress", [1])], by=staff)

    assert not Response.objects.exists()


@pytest.mark.django_db
def test_bulk_registration_refuses_a_role_the_scheme_does_not_admit_and_someone_already_waiting(scheme, staff):
    scheme.admitted_mentee_roles = ["salaried_gp"]
    scheme.save()
    waiting = MenteeFactory(scheme=scheme, role="salaried_gp")
    newcomer = UserFactory(email="newcomer@nhs.net")

    with pytest.raises(MentorRuleBroken) as refused:
        mentees_register_many(scheme=scheme, registrations=[(newcomer, {"role": "gp_partner"})], by=staff)
    assert "role" in refused.value.message_dict
    with pytest.raises(MentorRuleBroken, match="already registered"):
        mentees_register_many(
            scheme=scheme,
            registrations=[(newcomer, {"role": "salaried_gp"}), (waiting.user, {"role": "salaried_gp"})],
            by=staff,
        )

    assert list(Mentee.objects.values_list("user", flat=True)) == [waiting.user_id]
    assert list(AuditEvent.objects.filter(action="mentee.register").values_list("target_id", flat=True)) == [
        str(waiting.pk)
    ]


@pytest.mark.django_db
def test_bulk_registration_refuses_one_person_twice_and_writes_nothing(scheme, staff):
    newcomer = UserFactory(email="newcomer@nhs.net")

    with pytest.raises(MentorRuleBroken, match="already registered"):
        mentees_register_many(scheme=scheme, registrations=[(newcomer, {}), (newcomer, {})], by=staff)

    assert not Mentee.objects.exists()


@pytest.mark.django_db
def test_bulk_mentor_records_refuse_a_field_given_outside_fields(scheme, staff):
    with pytest.raises(TypeError, match="gmc_number"):
        mentors_create_many(scheme=scheme, mentors=[{"user": UserFactory(), "gmc_number": "7000001"}], by=staff)

    assert not Mentor.objects.exists()


@pytest.mark.django_db
def test_an_audited_change_is_never_put_down_to_an_unsaved_user(scheme):
    with pytest.raises(ValueError, match="saved user"):
        audit_event(actor=User(email="unsaved@nhs.net"), action="mentee.register", target=scheme)


@pytest.mark.django_db
def test_mentor_records_made_directly_keep_to_the_schemes_cap(scheme, staff):
    scheme.mentor_cap = 2
    scheme.save()
    mentor_create(user=UserFactory(), scheme=scheme, status=Mentor.Status.ACTIVE, by=staff)

    with pytest.raises(MentorRuleBroken, match="past its cap of 2"):
        mentors_create_many(
            scheme=scheme,
            mentors=[{"user": UserFactory(), "status": Mentor.Status.ACTIVE} for _ in range(2)],
            by=staff,
        )
    mentors_create_many(scheme=scheme, mentors=[{"user": UserFactory(), "status": Mentor.Status.DRAFT}], by=staff)
    mentor_create(user=UserFactory(), scheme=scheme, status=Mentor.Status.PAUSED, by=staff)
    with pytest.raises(MentorRuleBroken, match="at its cap of 2"):
        mentor_create(user=UserFactory(), scheme=scheme, status=Mentor.Status.IN_TRAINING, by=staff)

    assert scheme.mentors.filter(status__in=Mentor.ON_SCHEME).count() == 2
