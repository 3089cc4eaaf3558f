"""Every write to a mentee's registration."""

from django.db import IntegrityError, transaction

from accounts.services import BULK_BATCH, audit, audit_event, audit_many, user_name_change
from mentoring import rules
from mentoring.codes import PreferredContact, Reason
from mentoring.models import Mentee
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.updates import model_update

ALREADY_REGISTERED = "You are already registered for mentoring with this scheme"
# What only the mentee may give or take back: staff correct answers, never a consent.
MENTEE_CONSENTS = frozenset({"consents_to_contact_about_leaving", "shares_questionnaires_with_mentor"})


def _contact_and_reasons(answers, *, current=None):
    """Check the preferred contact and the "other" reason, and write the phone number the UK way.

    A mentee who prefers the phone gives a UK number; one who ticks "Other" says what it is. With
    current (a registration being changed), the answers not being changed are taken from it."""
    merged = {
        name: answers.get(name, getattr(current, name, default))
        for name, default in [("preferred_contact", ""), ("phone", ""), ("reasons", []), ("other_reason", "")]
    }
    problems = {}
    if merged["preferred_contact"] not in ("", *PreferredContact.values):
        problems["preferred_contact"] = "Select email or phone"
    if merged["phone"]:
        if problem := rules.phone_problem(merged["phone"]):
            problems["phone"] = problem
        elif "phone" in answers:
            answers["phone"] = rules.uk_phone_number(merged["phone"])
    elif merged["preferred_contact"] == PreferredContact.PHONE:
        problems["phone"] = "Enter the phone number your mentor can call you on"
    if Reason.OTHER in merged["reasons"] and not merged["other_reason"].strip():
        problems["other_reason"] = "Tell us what your other reason for seeking mentoring is"
    if Reason.OTHER not in merged["reasons"] and "other_reason" in answers:
        answers["other_reason"] = ""
    if problems:
        raise MentorRuleBroken(problems)
    return answers


def mentee_register(*, user, scheme, by=None, first_name=None, last_name=None, **answers):
    """Register someone for mentoring: their role must be one the scheme admits, and a person holds
    one open registration per scheme (the database refuses a second). A name given here becomes the
    person's name, which their mentor and the scheme team see."""
    if "role" in answers and (problem := rules.mentee_role_problem(scheme, answers["role"])):
        raise MentorRuleBroken({"role": problem})
    if first_name is not None and not (first_name.strip() and (last_name or "").strip()):
        raise MentorRuleBroken({"first_name": "Enter your first name and last name"})
    answers = _contact_and_reasons(answers)
    try:
        with transaction.atomic():
            if first_name is not None:
                user_name_change(user=user, first_name=first_name, last_name=last_name, by=by or user)
            mentee = Mentee.objects.create(user=user, scheme=scheme, **answers)
            audit(actor=by or user, action="mentee.register", target=mentee, scheme=scheme)
    except IntegrityError as error:
        if Mentee.objects.filter(user=user, scheme=scheme, status__in=Mentee.OPEN).exists():
            raise MentorRuleBroken(ALREADY_REGISTERED) from error
        raise
    return mentee


def mentees_register_many(*, scheme, registrations, by):
    """Register many people at once, as mentee_register registers each (imports): registrations are
    (user, answers). Every registration's answers meet mentee_register's rules (a role the scheme admits,
    the preferred contact and the "other" reason) before any is written; then the registrations and their
    audit rows are written in large inserts. An open registration the person already has in this scheme
    (or two for one person in registrations) is refused as mentee_register refuses it."""
    registrations = [(user, dict(answers)) for user, answers in registrations]
    if len({user.pk for user, _ in registrations}) < len(registrations):
        raise MentorRuleBroken(ALREADY_REGISTERED)
    for _, answers in registrations:
        if "role" in answers and (problem := rules.mentee_role_problem(scheme, answers["role"])):
            raise MentorRuleBroken({"role": problem})
        _contact_and_reasons(answers)
    try:
        with transaction.atomic():
            mentees = Mentee.objects.bulk_create(
                [Mentee(user=user, scheme=scheme, **answers) for user, answers in registrations],
                batch_size=BULK_BATCH,
            )
            audit_many(
                [
                    audit_event(actor=by or mentee.user, action="mentee.register", target=mentee, scheme=scheme)
                    for mentee in mentees
                ]
            )
    except IntegrityError as error:
        users = [user for user, _ in registrations]
        if Mentee.objects.filter(user__in=users, scheme=scheme, status__in=Mentee.OPEN).exists():
            raise MentorRuleBroken(ALREADY_REGISTERED) from error
        raise
    return mentees


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
    """Change a registration's answers (the mentee's own, or staff's corrections; consents are the mentee's)."""
    if getattr(by, "pk", None) != mentee.user_id and (consents := MENTEE_CONSENTS & set(answers)):
        raise MentorRuleBroken(dict.fromkeys(sorted(consents), "Only the mentee can give or withdraw this consent"))
    if "role" in answers and (problem := rules.mentee_role_problem(mentee.scheme, answers["role"])):
        raise MentorRuleBroken({"role": problem})
    answers = _contact_and_reasons(answers, current=mentee)
    with transaction.atomic():
        model_update(instance=mentee, fields=MENTEE_ANSWERS, data=answers)
        audit(actor=by, action="mentee.update", target=mentee, scheme=mentee.scheme, fields=sorted(answers))
    return mentee
