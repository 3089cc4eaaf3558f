"""Reads about mentors that views, the admin and reports share."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import directory_schemes
from mentoring.models import EligibilityCheck, Mentor, TrainingRecord


def scheme_directory_for_user(*, user, slug):
    return get_object_or_404(directory_schemes(user), slug=slug)


def directory_mentors(*, scheme, focus_area=None, mode=None):
    """Published, active mentors of the scheme: paused, left or unpublished ones never appear."""
    mentors = (
        Mentor.objects.filter(scheme=scheme, status=Mentor.Status.ACTIVE, bio_published=True)
        .select_related("user", "practice__parent")
        .prefetch_related("focus_areas")
    )
    if focus_area:
        mentors = mentors.filter(focus_areas__code=focus_area)
    if mode in {"face_to_face", "video", "telephone"}:
        mentors = mentors.filter(**{f"offers_{mode}": True})
    return mentors


def with_attention_flags(mentors, *, on=None):
    """Annotate what staff must act on: a lapsed eligibility check, or training past its expected end."""
    on = on or timezone.localdate()
    return mentors.annotate(
        verification_lapsed=Exists(EligibilityCheck.objects.filter(mentor=OuterRef("pk"), recheck_due__lt=on)),
        training_overdue=Exists(
            TrainingRecord.objects.filter(
                mentor=OuterRef("pk"), completed_on__isnull=True, expected_completion_on__lt=on
            )
        ),
    )


def mentor_may_claim(mentor, *, on=None):
    """Claims wait while any eligibility check has lapsed (re-verify to release them)."""
    on = on or timezone.localdate()
    return mentor.status in Mentor.ON_SCHEME and not mentor.eligibility_checks.filter(recheck_due__lt=on).exists()
