"""The NHS England Primary Care Monitoring Survey return, per scheme and quarter.

Metric names are fixed: NHS England compares returns across years, so a name never changes.
Every figure is one aggregate query; docs/reports.md defines each.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from mentoring.models import CareerConversation, CareerNeed, Mentee, Mentor, Mentorship, TrainingRecord
from reporting import disclosure
from reporting.jsonlists import list_has, with_list_text

MENTORING_METRICS = [
    "mentors_trained_in_quarter",
    "mentors_trained_year_to_date",
    "matches_registered_in_quarter",
    "matches_registered_year_to_date",
    "mean_clinical_sessions_per_week",
    "active_mentors_at_quarter_end",
    "mentees_waiting_at_quarter_end",
]
CONVERSATION_METRICS = [
    "facilitators_trained_in_quarter",
    "facilitators_trained_year_to_date",
    "conversations_held_in_quarter",
    "conversations_held_year_to_date",
    *[f"career_need_{code}" for code in CareerNeed.values],
]
# Figures that are not counts of people or events, so never suppressed.
NOT_COUNTS = {"mean_clinical_sessions_per_week"}


def _in(field, starts_on, ends_on):
    return Q(**{f"{field}__gte": starts_on, f"{field}__lte": ends_on})


def _trained(scheme, period, courses):
    completed = TrainingRecord.objects.filter(mentor__scheme=scheme, course__in=courses)
    return completed.aggregate(
        quarter=Count("mentor", distinct=True, filter=_in("completed_on", period.starts_on, period.ends_on)),
        year=Count("mentor", distinct=True, filter=_in("completed_on", period.year_starts_on, period.ends_on)),
    )


def active_mentors_at(scheme, day):
    """Approved on or before the day, not left by then, and past training (a mentor in training
    today was in training then too)."""
    return (
        Mentor.objects.filter(scheme=scheme, approved_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .exclude(status=Mentor.Status.IN_TRAINING)
    )


def mentees_waiting_at(scheme, day):
    """Registered on or before the day, not withdrawn, and with no first meeting held by then."""
    started = Mentorship.objects.filter(scheme=scheme, started_on__lte=day).values("mentee")
    return (
        Mentee.objects.filter(scheme=scheme, registered_at__date__lte=day)
        .exclude(status=Mentee.Status.WITHDRAWN)
        .exclude(pk__in=started)
    )


def mentoring_return(scheme, period):
    trained = _trained(scheme, period, [TrainingRecord.Course.ILM5, TrainingRecord.Course.EQUIVALENT])
    matches = Mentorship.objects.filter(scheme=scheme).aggregate(
        quarter=Count("pk", filter=_in("started_on", period.starts_on, period.ends_on)),
        year=Count("pk", filter=_in("started_on", period.year_starts_on, period.ends_on)),
    )
    active = active_mentors_at(scheme, period.ends_on).aggregate(
        mentors=Count("pk"),
        answered=Count("clinical_sessions_per_week"),
        sessions=Sum("clinical_sessions_per_week"),
    )
    mean = None
    if active["answered"]:
        mean = (Decimal(active["sessions"]) / active["answered"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return [
        ("mentors_trained_in_quarter", trained["quarter"]),
        ("mentors_trained_year_to_date", trained["year"]),
        ("matches_registered_in_quarter", matches["quarter"]),
        ("matches_registered_year_to_date", matches["year"]),
        ("mean_clinical_sessions_per_week", mean),
        ("active_mentors_at_quarter_end", active["mentors"]),
        ("mentees_waiting_at_quarter_end", mentees_waiting_at(scheme, period.ends_on).count()),
    ]


def conversations_return(scheme, period):
    trained = _trained(scheme, period, [TrainingRecord.Course.CAREER_CONVERSATION])
    complete = with_list_text(
        CareerConversation.objects.filter(scheme=scheme, status=CareerConversation.Status.COMPLETE), "career_needs"
    )
    in_quarter = _in("completed_on", period.starts_on, period.ends_on)
    held = complete.aggregate(
        quarter=Count("pk", filter=in_quarter),
        year=Count("pk", filter=_in("completed_on", period.year_starts_on, period.ends_on)),
        **{code: Count("pk", filter=in_quarter & list_has("career_needs", code)) for code in CareerNeed.values},
    )
    return [
        ("facilitators_trained_in_quarter", trained["quarter"]),
        ("facilitators_trained_year_to_date", trained["year"]),
        ("conversations_held_in_quarter", held["quarter"]),
        ("conversations_held_year_to_date", held["year"]),
        *[(f"career_need_{code}", held[code]) for code in CareerNeed.values],
    ]


def monitoring_return(scheme, period, *, suppress=False):
    """[(metric, value)] in the fixed order; counts from 1 to 7 as `*` when suppressed."""
    rows = (
        conversations_return(scheme, period)
        if scheme.kind == "career_conversations"
        else mentoring_return(scheme, period)
    )
    if suppress:
        rows = [
            (
                metric,
                disclosure.SUPPRESSED if metric not in NOT_COUNTS and value and disclosure.is_small(value) else value,
            )
            for metric, value in rows
        ]
    return rows


def value_text(value):
    return "" if value is None else str(value)
