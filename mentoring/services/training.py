from django.db import transaction

from accounts.services import audit
from mentoring import rules
from mentoring.models import TrainingRecord, TrainingSession
from mentoring.services.mentors import MentorRuleBroken


def training_record_save(*, record, by):
    """Add or change a training record; the dates rule is checked here as well as in the form."""
    problem = rules.training_dates_problem(record.started_on, record.expected_completion_on)
    if problem:
        raise MentorRuleBroken({"expected_completion_on": problem})
    if record.course == TrainingRecord.Course.EQUIVALENT and not record.course_name.strip():
        raise MentorRuleBroken({"course_name": "Enter the name of the equivalent course"})
    with transaction.atomic():
        adding = record.pk is None
        record.save()
        audit(
            actor=by,
            action="training.add" if adding else "training.change",
            target=record,
            scheme=record.mentor.scheme,
            completed=bool(record.completed_on),
        )
    return record


def training_session_record(*, mentor, attended_on, by, training_record=None):
    with transaction.atomic():
        session, created = TrainingSession.objects.get_or_create(
            mentor=mentor, attended_on=attended_on, defaults={"training_record": training_record}
        )
        if created:
            audit(actor=by, action="training.attend", target=session, scheme=mentor.scheme)
    return session
