"""Reads about mentors that views, the admin and reports share."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import Permission
from mentoring.dates import PlusDays
from mentoring.models import (
    AllowanceExtension,
    CareerConversation,
    EligibilityCheck,
    Mentee,
    Mentor,
    MentoringSession,
    Mentorship,
    TrainingRecord,
)
from schemes.models import Scheme
from schemes.permissions import schemes_with_permission

FIRST_MEETING_DAYS = 21
QUIET_WEEKS = 8


def directory_schemes(user):
    """Schemes whose mentor directory the user may browse: as staff, a mentee or a mentor there."""
    if not (user.is_authenticated and user.is_active):
        return Scheme.objects.none()
    return (
        schemes_with_permission(user, Permission.MENTOR_MANAGE)
        | Scheme.objects.filter(pk__in=Mentee.objects.filter(user=user).values("scheme_id"))
        | Scheme.objects.filter(
            pk__in=Mentor.objects.filter(user=user, status__in=Mentor.ON_SCHEME).values("scheme_id")
        )
    )


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
    return mentorships.annotate(answer_due=PlusDays(F("proposed_at"), F("scheme__proposal_response_days")))


def answer_overdue(*, now=None):
    """Proposals the mentor has not answered in time (on a queryset from with_answer_due): staff re-match these."""
    return Q(status=Mentorship.Status.PROPOSED, answer_due__lt=now or timezone.now())


def mentee_choosing_mentor(*, user, scheme):
    """The user's waiting registration, where the scheme lets mentees choose their mentor; else None."""
    if not (scheme.mentee_may_choose_mentor and user.is_authenticated):
        return None
    return Mentee.objects.filter(user=user, scheme=scheme, status=Mentee.Status.WAITING).first()


def mentorships_of_mentor(*, user):
    """Every mentorship this person reaches as a mentor: their own, while they are on the scheme and not
    paused. Each mentor-facing page starts from here (or mentorship_shared_with_mentor below)."""
    return Mentorship.objects.filter(mentor__user=user, mentor__status__in=Mentor.REACHES_MENTEES)


def conversations_of_facilitator(*, user):
    """The career conversations this person holds as a facilitator on the scheme and not paused."""
    return CareerConversation.objects.filter(facilitator__user=user, facilitator__status__in=Mentor.REACHES_MENTEES)


# The proposals a mentor reaches: waiting for their answer, and the ones they answered.
PROPOSALS_MENTOR_SEES = (Mentorship.Status.PROPOSED, Mentorship.Status.ACCEPTED, Mentorship.Status.DECLINED)


def proposal_for_mentor(*, user, pk):
    """A proposal made to this person as a mentor on the scheme and not paused; anyone else's is a 404."""
    mentorships = (
        mentorships_of_mentor(user=user)
        .filter(status__in=PROPOSALS_MENTOR_SEES)
        .select_related("scheme", "mentor__user", "mentee__user")
    )
    return get_object_or_404(mentorships, pk=pk)


def conversation_for(*, user, pk):
    """(conversation, whether the user facilitates it): the user's own career conversation, as its GP or
    as its facilitator (on the scheme and not paused); anyone else's is a 404."""
    conversations = CareerConversation.objects.select_related("scheme", "gp", "facilitator__user")
    conversation = get_object_or_404(conversations, pk=pk)
    if conversations_of_facilitator(user=user).filter(pk=conversation.pk).exists():
        return conversation, True
    if conversation.gp_id == user.pk:
        return conversation, False
    raise Http404("No such career conversation")


def mentee_of_user(*, user, pk):
    """The user's own mentee record; anyone else's is a 404."""
    return get_object_or_404(Mentee.objects.select_related("scheme"), pk=pk, user=user)


def proposals_for_mentor(*, user):
    """Proposals the scheme team made to this person as a mentor on a scheme, waiting for their answer."""
    return (
        mentorships_of_mentor(user=user)
        .filter(status=Mentorship.Status.PROPOSED)
        .select_related("scheme", "mentee__user")
        .order_by("proposed_at")
    )


def with_session_summary(mentorships):
    """Annotate each mentorship with what its sessions add up to, in a fixed number of queries:
    minutes held, extra hours granted, the last session held and the next meeting planned."""
    held = MentoringSession.objects.filter(mentorship=OuterRef("pk"), attendance=MentoringSession.Attendance.HELD)
    extra = AllowanceExtension.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    return mentorships.annotate(
        minutes_used=Coalesce(
            Subquery(held.order_by().values("mentorship").annotate(total=Sum("duration_minutes")).values("total")), 0
        ),
        extra_hours=Coalesce(Subquery(extra.annotate(total=Sum("extra_hours")).values("total")), 0),
        last_held_on=Subquery(held.order_by("-held_on").values("held_on")[:1]),
        next_meeting_on=Subquery(
            MentoringSession.objects.filter(mentorship=OuterRef("pk"), next_meeting_on__isnull=False)
            .order_by("-held_on", "-logged_at")
            .values("next_meeting_on")[:1]
        ),
    )


def at_risk_reasons(mentorship, *, today=None):
    """Why a mentorship needs attention, in words; needs with_session_summary()'s annotations.

    Accepted with no first meeting in 21 days; active with no session for 8 weeks; a GP fellow with
    none for the scheme's interval (4 weeks); hours past the allowance.
    """
    today = today or timezone.localdate()
    scheme, reasons = mentorship.scheme, []
    last = mentorship.last_held_on
    accepted_on = mentorship.responded_at and timezone.localdate(mentorship.responded_at)
    if (
        mentorship.status == Mentorship.Status.ACCEPTED
        and accepted_on
        and (today - accepted_on).days > FIRST_MEETING_DAYS
    ):
        reasons.append(f"No first meeting within {FIRST_MEETING_DAYS} days of accepting")
    if mentorship.status == Mentorship.Status.ACTIVE:
        since = last or mentorship.started_on
        fellow_weeks = scheme.fellow_session_interval_weeks
        if mentorship.mentee.is_gp_fellow and since and (today - since).days > fellow_weeks * 7:
            reasons.append(f"GP fellow with no session for {fellow_weeks} weeks")
        elif since and (today - since).days > QUIET_WEEKS * 7:
            reasons.append(f"No session for {QUIET_WEEKS} weeks")
    if mentorship.minutes_used > (mentorship.allowance_hours + mentorship.extra_hours) * 60:
        reasons.append("Over the hours allowance")
    return reasons


def with_staff_summary(mentorships):
    """with_session_summary() plus the date a mentorship last moved (its last session held, else its
    first meeting), so the at-risk rules below can be queryset filters."""
    return with_session_summary(mentorships).annotate(quiet_since=Coalesce("last_held_on", "started_on"))


def at_risk_rules(*, today=None):
    """The at-risk rules of at_risk_reasons(), as Q objects on with_staff_summary()'s annotations
    (kept in step with it; tests check each rule both ways)."""
    today = today or timezone.localdate()
    active = Q(status=Mentorship.Status.ACTIVE, quiet_since__isnull=False)
    return {
        "no_first_meeting": Q(
            status=Mentorship.Status.ACCEPTED,
            responded_at__date__lt=today - datetime.timedelta(days=FIRST_MEETING_DAYS),
        ),
        "quiet": active & Q(mentee__is_gp_fellow=False, quiet_since__lt=today - datetime.timedelta(weeks=QUIET_WEEKS)),
        # quiet_since + interval < today, the same as quiet_since < today - interval, on both databases
        "fellow_quiet": active
        & Q(mentee__is_gp_fellow=True)
        & Q(
            GreaterThan(
                Value(today, output_field=DateField()),
                PlusDays(F("quiet_since"), F("scheme__fellow_session_interval_weeks") * 7),
            )
        ),
        "over_allowance": Q(minutes_used__gt=(F("allowance_hours") + F("extra_hours")) * 60),
    }


def at_risk_q(rule="any", *, today=None):
    rules = at_risk_rules(today=today)
    if rule != "any":
        return rules[rule]
    combined = Q()
    for q in rules.values():
        combined |= q
    return combined


def said_not_a_fit():
    return Q(mentor_fit=Mentorship.Fit.NOT_A_FIT) | Q(mentee_fit=Mentorship.Fit.NOT_A_FIT)


# Once the mentor has accepted, each side may reach the other; not before (a proposal may be declined).
PAIR_IN_TOUCH = (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE, Mentorship.Status.COMPLETED)


def mentee_contact_details(mentorship):
    """What the mentor is shown of how to reach the mentee, as (label, value) rows; none before accepting."""
    if mentorship.status not in PAIR_IN_TOUCH:
        return []
    mentee = mentorship.mentee
    return [
        ("Name", mentee.name),
        ("Email", mentee.user.email),
        ("Preferred contact", mentee.preferred_contact_text),
    ]


def mentor_contact_details(mentorship):
    """What the mentee is shown of how to reach the mentor: their name, email and the contact preferences
    of their published biography (the phone number of their application is for the scheme team only)."""
    if mentorship.status not in PAIR_IN_TOUCH:
        return []
    mentor = mentorship.mentor
    return [
        ("Name", mentor.user.get_full_name() or mentor.user.email),
        ("Email", mentor.user.email),
        ("Preferred contact", mentor.bio_contact.strip() or "Email"),
    ]


def scheme_headline_figures(*, schemes):
    """Per scheme, what a commissioner may see today: mentors active, mentees waiting and matched,
    mentorships active and completed. Raw counts; the page suppresses small numbers. Four queries,
    however many schemes."""
    schemes = list(schemes.order_by("name"))
    ids = [scheme.pk for scheme in schemes]

    def by_scheme(queryset, **counts):
        rows = queryset.filter(scheme_id__in=ids).order_by().values("scheme_id").annotate(**counts)
        return {row.pop("scheme_id"): row for row in rows}

    mentors = by_scheme(Mentor.objects, mentors_active=Count("pk", filter=Q(status=Mentor.Status.ACTIVE)))
    mentees = by_scheme(
        Mentee.objects,
        mentees_waiting=Count("pk", filter=Q(status=Mentee.Status.WAITING)),
        mentees_matched=Count("pk", filter=Q(status=Mentee.Status.MATCHED)),
    )
    mentorships = by_scheme(
        Mentorship.objects,
        mentorships_active=Count("pk", filter=Q(status=Mentorship.Status.ACTIVE)),
        mentorships_completed=Count("pk", filter=Q(status=Mentorship.Status.COMPLETED)),
    )
    empty = dict.fromkeys(HEADLINE_FIGURES, 0)
    return [
        (
            scheme,
            {**empty, **mentors.get(scheme.pk, {}), **mentees.get(scheme.pk, {}), **mentorships.get(scheme.pk, {})},
        )
        for scheme in schemes
    ]


HEADLINE_FIGURES = {
    "mentors_active": "Mentors active",
    "mentees_waiting": "Mentees waiting for a mentor",
    "mentees_matched": "Mentees matched",
    "mentorships_active": "Mentorships active",
    "mentorships_completed": "Mentorships completed",
}
