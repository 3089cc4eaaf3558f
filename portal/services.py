"""Writes that reach across every app: a person's data downloaded, erased, or past its retention."""

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import OutboundEmail
from accounts.permissions import Permission
from accounts.services import audit
from claims.models import ClaimLine, LineStatus
from mentoring.models import CareerConversation, Mentee, Mentor
from portal import erasure, subject_access
from portal.subject_access import rows_of_person
from schemes.permissions import schemes_with_permission
from schemes.rules import RuleBroken

FORMATS = {"json": subject_access.export_json, "zip": subject_access.export_zip}


def subject_access_download(*, user, format):
    """Build the person's own data in one of FORMATS; the download itself is audited (no content)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    with transaction.atomic():
        content = FORMATS[format](user)
        audit(actor=user, action="subject_access.download", target=user, format=format)
    return content


class ErasureRefused(RuleBroken):
    pass


ERASED_DOMAIN = "erased.invalid"


def is_anonymised(user):
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def erasure_problems(user):
    """Why the person cannot be anonymised yet: work still open that needs them, or a role they hold."""
    problems = []
    if user.is_superuser or user.scheme_memberships.exists():
        problems.append("They hold a staff, approver or commissioner role: a superuser removes it first")
    if Mentee.objects.filter(user=user, status__in=Mentee.OPEN).exists():
        problems.append("Their mentee registration is still open: withdraw it first")
    if Mentor.objects.filter(user=user, status__in=[Mentor.Status.APPLIED, *Mentor.ON_SCHEME]).exists():
        problems.append("They are still a mentor, or their application is waiting: record them as left first")
    open_conversations = [CareerConversation.Status.REQUESTED, CareerConversation.Status.ACCEPTED]
    conversations = CareerConversation.objects.filter(Q(gp=user) | Q(facilitator__user=user))
    if conversations.filter(status__in=open_conversations).exists():
        problems.append("A career conversation of theirs is still open: withdraw it first")
    if ClaimLine.objects.filter(
        Q(claim__claimant=user) | Q(mentor__user=user), status__in=[LineStatus.SUBMITTED, LineStatus.APPROVED]
    ).exists():
        problems.append("A claim of theirs is waiting for a decision or payment")
    return problems


def _staff_may_erase(by, user):
    """Staff erase a person only if they manage every scheme the person has records in."""
    if by.is_superuser:
        return True
    mentee_schemes = set(Mentee.objects.filter(user=user).values_list("scheme", flat=True))
    mentor_schemes = set(Mentor.objects.filter(user=user).values_list("scheme", flat=True))
    if not mentee_schemes | mentor_schemes:
        return False
    managed_mentees = set(schemes_with_permission(by, Permission.MENTEE_MANAGE).values_list("pk", flat=True))
    managed_mentors = set(schemes_with_permission(by, Permission.MENTOR_MANAGE).values_list("pk", flat=True))
    return mentee_schemes <= managed_mentees and mentor_schemes <= managed_mentors


def person_anonymise(*, user, by, reason):
    """Erase what identifies a person, keeping the rows reports and payments count (portal.erasure).

    `by` is the member of staff acting on the person's request, or None for the retention sweep; `reason`
    is "request" or "retention". Audited with ids and codes only.
    """
    if reason not in ("request", "retention"):
        raise ValueError(f"unknown reason {reason!r}")
    if by is not None and by.pk == user.pk:
        raise ErasureRefused("Another member of staff must erase your own record")
    if by is not None and not _staff_may_erase(by, user):
        raise ErasureRefused("You can only erase people whose every scheme you manage")
    with transaction.atomic():
        user = type(user).objects.select_for_update().get(pk=user.pk)
        if is_anonymised(user):
            raise ErasureRefused("This person's data has already been erased")
        if problems := erasure_problems(user):
            raise ErasureRefused(problems)
        rows = rows_of_person(user)
        old_address = user.email
        changed = 0
        for model, queryset in rows.items():
            label = model._meta.label
            if label in erasure.DELETE:
                changed += queryset.delete()[0]
            elif label == "surveys.Answer":
                changed += queryset.filter(item__kind="free_text").update(value="")
            elif label != "accounts.User" and (fields := erasure.ERASE[label]):
                for obj in queryset:
                    for name, value in fields.items():
                        field = model._meta.get_field(name)
                        if isinstance(field, models.FileField) and getattr(obj, name):
                            getattr(obj, name).delete(save=False)
                        setattr(obj, name, value)
                    obj.save(update_fields=list(fields))
                    changed += 1
        # The service's own emails to them keep their row (and delivery record), not their content.
        OutboundEmail.objects.filter(to__iexact=old_address).update(
            to=f"erased-{user.pk}@{ERASED_DOMAIN}", subject="", body_text="", body_html=""
        )
        user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
        for name, value in erasure.ERASE["accounts.User"].items():
            setattr(user, name, value)
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "is_active", "password", *erasure.ERASE["accounts.User"]])
        audit(actor=by, action="person.anonymise", target=user, reason=reason, rows=changed)
    return user


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_ends_on(user):
    """The day a person's records pass the longest retention of their schemes, counted from the last day
    they were involved (the last mentorship ended, they left, were turned down, or registered); None while
    anything of theirs is still open."""
    if erasure_problems(user):
        return None
    ends = []
    for mentee in Mentee.objects.filter(user=user).select_related("scheme"):
        days = [
            mentee.registered_at.date(),
            *mentee.mentorships.exclude(ended_on=None).values_list("ended_on", flat=True),
        ]
        ends.append(_years_after(max(days), mentee.scheme.retention_years))
    for mentor in Mentor.objects.filter(user=user).select_related("scheme"):
        days = [
            mentor.created_at.date(),
            *[day.date() for day in [mentor.decided_at] if day],
            *[day for day in [mentor.left_on] if day],
            *mentor.mentorships.exclude(ended_on=None).values_list("ended_on", flat=True),
        ]
        ends.append(_years_after(max(days), mentor.scheme.retention_years))
    for conversation in CareerConversation.objects.filter(gp=user).select_related("scheme"):
        day = conversation.completed_on or conversation.requested_at.date()
        ends.append(_years_after(day, conversation.scheme.retention_years))
    return max(ends) if ends else None


def people_past_retention(*, today=None):
    """Ids of people (mentees, mentors, GPs in a conversation) whose records have passed their retention."""
    today = today or timezone.localdate()
    from accounts.models import User

    candidates = (
        User.objects.filter(
            Q(mentee_records__isnull=False) | Q(mentor_records__isnull=False) | Q(career_conversations__isnull=False)
        )
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .distinct()
        .order_by("pk")
    )
    return [user.pk for user in candidates if (ends := retention_ends_on(user)) is not None and ends <= today]


def retention_apply(*, today=None, dry_run=False):
    """Anonymise everyone past their retention; returns their ids. Each person in their own transaction,
    so one that cannot be anonymised (something reopened meanwhile) does not stop the rest."""
    from accounts.models import User

    due = people_past_retention(today=today)
    if dry_run:
        return due
    done = []
    for user_id in due:
        try:
            person_anonymise(user=User.objects.get(pk=user_id), by=None, reason="retention")
        except ErasureRefused:
            continue
        done.append(user_id)
    return done
