"""The NHS England Primary Care Monitoring Survey return, per scheme and quarter.

Metric names are fixed: NHS England compares returns across years, so a name never changes.
Every figure is one aggregate query; docs/reports.md defines each.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from mentoring.models import CareerConversation, CareerNeed, Mentee, Mentor, Mentorship, TrainingRecord
from reporting import disclosure
from reporting import periods as report_periods
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
# Figures that are not counts of people or events: a mean is hidden over fewer than 8 mentors instead.
NOT_COUNTS = {"mean_clinical_sessions_per_week"}
# Each year-to-date figure and the in-quarter figure of the same thing.
YEAR_TO_DATE = {
    "mentors_trained_year_to_date": "mentors_trained_in_quarter",
    "matches_registered_year_to_date": "matches_registered_in_quarter",
    "facilitators_trained_year_to_date": "facilitators_trained_in_quarter",
    "conversations_held_year_to_date": "conversations_held_in_quarter",
}


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
    return _mentoring_return(scheme, period)[0]


def _mentoring_return(scheme, period):
    """The rows, and how many mentors the mean clinical sessions is the mean of."""
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
    rows = [
        ("mentors_trained_in_quarter", trained["quarter"]),
        ("mentors_trained_year_to_date", trained["year"]),
        ("matches_registered_in_quarter", matches["quarter"]),
        ("matches_registered_year_to_date", matches["year"]),
        ("mean_clinical_sessions_per_week", mean),
        ("active_mentors_at_quarter_end", active["mentors"]),
        ("mentees_waiting_at_quarter_end", mentees_waiting_at(scheme, period.ends_on).count()),
    ]
    return rows, active["answered"]


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


def _exact_return(scheme, period):
    if scheme.kind == "career_conversations":
        return conversations_return(scheme, period), None
    return _mentoring_return(scheme, period)


def monitoring_return(scheme, period, *, suppress=False):
    """[(metric, value)] in the fixed order, exact; or, when suppressed (a commissioner's), with
    counts from 1 to 7 as `*`, year-to-date figures rounded to 5 (and withheld where, set against the
    earlier quarters' returns, they would give a hidden quarter away), and the mean clinical sessions
    hidden when fewer than 8 mentors answered."""
    rows, answered = _exact_return(scheme, period)
    if not suppress:
        return rows
    earlier = [
        dict(_exact_return(scheme, quarter)[0])
        for quarter in report_periods.quarters_of(report_periods.financial_year(period.year_label))
        if quarter.starts_on < period.starts_on
    ]
    exact = dict(rows)
    published = []
    for metric, value in rows:
        if metric in YEAR_TO_DATE:
            in_quarter = YEAR_TO_DATE[metric]
            value = disclosure.publish_year_to_date(
                [figures[in_quarter] for figures in earlier] + [exact[in_quarter]],
                [figures[metric] for figures in earlier] + [value],
            ).cells[-1]
        elif metric == "mean_clinical_sessions_per_week":
            shown = disclosure.publish_mean(value, answered)
            value = disclosure.SUPPRESSED if value is not None and shown is None else shown
        elif metric not in NOT_COUNTS and value and disclosure.is_small(value):
            value = disclosure.SUPPRESSED
        published.append((metric, value))
    return published


def value_text(value):
    return "" if value is None else str(value)
