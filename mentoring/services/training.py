from django.db import transaction

from accounts.services import BULK_BATCH, audit, audit_event, audit_many
from mentoring import rules
from mentoring.models import TrainingRecord, TrainingSession
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.updates import model_update


def _refuse_broken_record(record):
    """The dates rule, and an equivalent course's name: checked here as well as in the form."""
    problem = rules.training_dates_problem(record.started_on, record.expected_completion_on)
    if problem:
        raise MentorRuleBroken({"expected_completion_on": problem})
    if record.course == TrainingRecord.Course.EQUIVALENT and not record.course_name.strip():
        raise MentorRuleBroken({"course_name": "Enter the name of the equivalent course"})


def _record_audit_event(record, *, by, adding):
    return audit_event(
        actor=by,
        action="training.add" if adding else "training.change",
        target=record,
        scheme=record.mentor.scheme,
        completed=bool(record.completed_on),
    )


def training_record_save(*, record, by):
    """Add or change a training record."""
    _refuse_broken_record(record)
    with transaction.atomic():
        adding = record.pk is None
        record.save()
        _record_audit_event(record, by=by, adding=adding).save(force_insert=True)
    return record


def training_records_add_many(*, records, by):
    """Add many new training records at once, each checked as training_record_save checks it, with the
    same audit rows, in large inserts (imports)."""
    for record in records:
        if record.pk is not None:
            raise ValueError("training_records_add_many only adds records: change one with training_record_save")
        _refuse_broken_record(record)
    with transaction.atomic():
        records = TrainingRecord.objects.bulk_create(records, batch_size=BULK_BATCH)
        audit_many([_record_audit_event(record, by=by, adding=True) for record in records])
    return records


def training_session_record(*, mentor, attended_on, by, training_record=None):
    with transaction.atomic():
        session, created = TrainingSession.objects.get_or_create(
            mentor=mentor, attended_on=attended_on, defaults={"training_record": training_record}
        )
        if created:
            audit(actor=by, action="training.attend", target=session, scheme=mentor.scheme)
    return session


def training_sessions_record_many(*, attendances, by):
    """Record many days of training attended at once, as training_session_record records each:
    attendances are (mentor, attended_on, training_record or None). A day already recorded for the mentor
    (or twice in attendances) is kept as it is and not audited again."""
    attendances = list(attendances)
    with transaction.atomic():
        recorded = set(
            TrainingSession.objects.filter(mentor__in={mentor.pk for mentor, _, _ in attendances}).values_list(
                "mentor_id", "attended_on"
            )
        )
        sessions = []
        for mentor, attended_on, training_record in attendances:
            if (mentor.pk, attended_on) in recorded:
                continue
            recorded.add((mentor.pk, attended_on))
            sessions.append(TrainingSession(mentor=mentor, attended_on=attended_on, training_record=training_record))
        sessions = TrainingSession.objects.bulk_create(sessions, batch_size=BULK_BATCH)
        audit_many(
            [
                audit_event(actor=by, action="training.attend", target=session, scheme=session.mentor.scheme)
                for session in sessions
            ]
        )
    return sessions


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
