"""Reads about mentors that views, the admin and reports share."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import directory_schemes
from mentoring.models import EligibilityCheck, Mentee, Mentor, Mentorship, TrainingRecord


def scheme_directory_for_user(*, user, slug):
    return get_object_or_404(directory_schemes(user), slug=slug)


def directory_mentors(*, scheme, focus_area=None, mode=None):
    """Published, active mentors of the scheme: paused, left or unpublished ones never appear."""
    mentors = with_places_left(
        Mentor.objects.filter(scheme=scheme, status=Mentor.Status.ACTIVE, bio_published=True)
        .select_related("user", "practice__parent")
        .prefetch_related("focus_areas")
    )
    if focus_area:
        mentors = mentors.filter(focus_areas__code=focus_area)
    if mode in {"face_to_face", "video", "telephone"}:
        mentors = mentors.filter(**{f"offers_{mode}": True})
    return mentors


def with_places_left(mentors):
    """How many more mentees each mentor can take: their capacity less the mentorships holding a place."""
    holding = (
        Mentorship.objects.filter(mentor=OuterRef("pk"), status__in=Mentorship.HOLDS_A_PLACE)
        .order_by()
        .values("mentor")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return mentors.annotate(places_left=Coalesce(F("capacity"), 0) - Coalesce(Subquery(holding), 0))


def with_attention_flags(mentors, *, on=None):
    """Annotate what staff must act on: a mentor on the scheme whose eligibility checks are not all
    current (lapsed, or never done, as after an import), or training past its expected end."""
    on = on or timezone.localdate()
    current_checks = (
        EligibilityCheck.objects.filter(mentor=OuterRef("pk"), recheck_due__gte=on)
        .order_by()
        .values("mentor")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return mentors.annotate(
        current_checks=Coalesce(Subquery(current_checks), 0),
        verification_lapsed=Case(
            When(Q(status__in=Mentor.ON_SCHEME) & Q(current_checks__lt=len(EligibilityCheck.Item)), then=True),
            default=False,
            output_field=BooleanField(),
        ),
        training_overdue=Exists(
            TrainingRecord.objects.filter(
                mentor=OuterRef("pk"), completed_on__isnull=True, expected_completion_on__lt=on
            )
        ),
    )


def mentor_may_claim(mentor, *, on=None):
    """Claims wait while any eligibility check has lapsed or is missing (re-verify to release them)."""
    return mentor.status in Mentor.ON_SCHEME and not unverified_items(mentor, on=on)


def unverified_items(mentor, *, on=None):
    on = on or timezone.localdate()
    current = set(mentor.eligibility_checks.filter(recheck_due__gte=on).values_list("item", flat=True))
    return [item for item in EligibilityCheck.Item if item not in current]


def with_answer_due(mentorships):
    """When the mentor's answer to a proposal falls due: proposed_at plus the scheme's proposal_response_days."""
    days = ExpressionWrapper(
        F("scheme__proposal_response_days") * datetime.timedelta(days=1), output_field=DurationField()
    )
    return mentorships.annotate(answer_due=ExpressionWrapper(F("proposed_at") + days, output_field=DateTimeField()))


def answer_overdue(*, now=None):
    """Proposals the mentor has not answered in time (on a queryset from with_answer_due): staff re-match these."""
    return Q(status=Mentorship.Status.PROPOSED, answer_due__lt=now or timezone.now())


def mentee_choosing_mentor(*, user, scheme):
    """The user's waiting registration, where the scheme lets mentees choose their mentor; else None."""
    if not (scheme.mentee_may_choose_mentor and user.is_authenticated):
        return None
    return Mentee.objects.filter(user=user, scheme=scheme, status=Mentee.Status.WAITING).first()


def proposals_for_mentor(*, user):
    """Proposals the scheme team made to this person as a mentor on a scheme, waiting for their answer."""
    return (
        Mentorship.objects.filter(
            mentor__user=user, mentor__status__in=Mentor.ON_SCHEME, status=Mentorship.Status.PROPOSED
        )
        .select_related("scheme", "mentee__user")
        .order_by("proposed_at")
    )
