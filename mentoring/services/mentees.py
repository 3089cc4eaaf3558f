"""Every write to a mentee's registration."""

from django.db import IntegrityError, transaction

from accounts.services import audit
from mentoring import rules
from mentoring.models import Mentee
from mentoring.services.mentors import MentorRuleBroken

ALREADY_REGISTERED = "You are already registered for mentoring with this scheme"
# What only the mentee may give or take back: staff correct answers, never a consent.
MENTEE_CONSENTS = frozenset({"consents_to_contact_about_leaving", "shares_questionnaires_with_mentor"})


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


def mentee_update(*, mentee, by, **answers):
    """Change a registration's answers (the mentee's own, or staff's corrections; consents are the mentee's)."""
    if getattr(by, "pk", None) != mentee.user_id and (consents := MENTEE_CONSENTS & set(answers)):
        raise MentorRuleBroken(dict.fromkeys(sorted(consents), "Only the mentee can give or withdraw this consent"))
    if "role" in answers and (problem := rules.mentee_role_problem(mentee.scheme, answers["role"])):
        raise MentorRuleBroken({"role": problem})
    with transaction.atomic():
        for name, value in answers.items():
            setattr(mentee, name, value)
        mentee.save(update_fields=list(answers))
        audit(actor=by, action="mentee.update", target=mentee, scheme=mentee.scheme, fields=sorted(answers))
    return mentee
