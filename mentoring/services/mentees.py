"""Every write to a mentee's registration."""

from django.db import IntegrityError, transaction

from accounts.services import audit
from mentoring import rules
from mentoring.models import Mentee
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.updates import model_update

ALREADY_REGISTERED = "You are already registered for mentoring with this scheme"


def mentee_register(*, user, scheme, by=None, **answers):
    """Register someone for mentoring: their role must be one the scheme admits, and a person holds
    one open registration per scheme (the database refuses a second)."""
    if "role" in answers and (problem := rules.mentee_role_problem(scheme, answers["role"])):
        raise MentorRuleBroken({"role": problem})
    try:
        with transaction.atomic():
            mentee = Mentee.objects.create(user=user, scheme=scheme, **answers)
            audit(actor=by or user, action="mentee.register", target=mentee, scheme=scheme)
    except IntegrityError as error:
        if Mentee.objects.filter(user=user, scheme=scheme, status__in=Mentee.OPEN).exists():
            raise MentorRuleBroken(ALREADY_REGISTERED) from error
        raise
    return mentee


# What a registration's answers are: the mentee's own, or staff's corrections. Never the status (that
# moves through matching and mentorships) or the scheme.
MENTEE_ANSWERS = frozenset(
    {
        "role",
        "career_stage",
        "is_gp_fellow",
        "practice",
        "age_band",
        "gender",
        "ethnicity",
        "reasons",
        "changes_considered",
        "intends_to_leave",
        "consents_to_contact_about_leaving",
        "prefers_face_to_face",
        "prefers_video",
        "prefers_telephone",
        "preferences",
        "shares_questionnaires_with_mentor",
    }
)


def mentee_update(*, mentee, by, **answers):
    """Change a registration's answers (the mentee's own, or staff's corrections)."""
    if "role" in answers and (problem := rules.mentee_role_problem(mentee.scheme, answers["role"])):
        raise MentorRuleBroken({"role": problem})
    with transaction.atomic():
        model_update(instance=mentee, fields=MENTEE_ANSWERS, data=answers)
        audit(actor=by, action="mentee.update", target=mentee, scheme=mentee.scheme, fields=sorted(answers))
    return mentee
