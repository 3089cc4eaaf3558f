from django.db import transaction

from accounts.services import audit
from mentoring import rules
from mentoring.models import TrainingRecord, TrainingSession
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.updates import model_update


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


def training_session_change(*, session, by, **fields):
    """Correct a day of training attended (its date, or the course it belongs to)."""
    with transaction.atomic():
        written = model_update(instance=session, fields={"attended_on", "training_record"}, data=fields)
        audit(
            actor=by, action="training.attendance_change", target=session, scheme=session.mentor.scheme, fields=written
        )
    return session


def training_delete(*, row, by):
    """Remove a training record or a day of attendance entered by mistake."""
    action = "training.delete" if isinstance(row, TrainingRecord) else "training.attendance_delete"
    with transaction.atomic():
        audit(actor=by, action=action, target=row, scheme=row.mentor.scheme)
        row.delete()
