"""The commissioners' quarterly report, in the manner of the GPMplus summary report, as named tidy
tables. Every figure is counted by the database (`aggregate` / `annotate` with conditional counts);
pandas only lays the handful of aggregate rows out as tables.

Who is counted: mentees registered on or before the last day of the period, and mentors approved on
or before it and not left by then (docs/reports.md defines every figure).
"""

import datetime
from dataclasses import dataclass

import pandas as pd
from django.db.models import Avg, Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from mentoring.codes import AgeBand, ChangeConsidered, Ethnicity, Gender, MenteeRole, Reason
from mentoring.models import CareerConversation, CareerNeed, Mentee, Mentor, Mentorship
from reporting import periods as report_periods
from reporting import workforce
from reporting.jsonlists import list_has, with_list_text
from reporting.tables import Table
from surveys.models import Answer, Response

NOT_GIVEN = "Not given"
GP_ROLES = [
    MenteeRole.GP_PARTNER,
    MenteeRole.SALARIED_GP,
    MenteeRole.LOCUM_GP,
    MenteeRole.GP_RETAINER,
    MenteeRole.GP_FELLOW,
    MenteeRole.RETURNING_GP,
    MenteeRole.INTERNATIONAL_GP,
]
MULTIPLE_NOTE = "A mentee may give several answers, so the percentages add up to more than 100%."


@dataclass(frozen=True)
class QuarterlyReport:
    title: str
    scheme_names: list
    period: report_periods.Period
    tables: list
    generated_at: datetime.datetime

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


def _distribution(queryset, field, choices, *, key, title, sheet, definition, label="Category"):
    """Counts of one coded field, every code shown (zeros too) and blanks as "Not given"."""
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")))
    labels = [choice_label for _, choice_label in choices] + [NOT_GIVEN]
    values = [counts.get(code, 0) for code, _ in choices] + [counts.get("", 0) + counts.get(None, 0)]
    frame = pd.DataFrame({label: labels, "Count": values})
    return Table(key=key, title=title, sheet=sheet, frame=frame, definition=definition, label_column=label)


def _multiple(queryset, field, choices, *, key, title, sheet, definition, people, label, count_label):
    """Codes of a list field (several per person): how many people gave each, in one query."""
    queryset = with_list_text(queryset, field)
    aggregates = {f"n_{index}": Count("pk", filter=list_has(field, code)) for index, (code, _) in enumerate(choices)}
    aggregates["people"] = Count("pk")
    counts = queryset.aggregate(**aggregates)
    frame = pd.DataFrame(
        {
            label: [choice_label for _, choice_label in choices],
            count_label: [counts[f"n_{index}"] for index in range(len(choices))],
        }
    )
    total = counts["people"] if people is None else people
    return Table(
        key=key,
        title=title,
        sheet=sheet,
        frame=frame,
        definition=definition,
        label_column=label,
        count_columns=(count_label,),
        additive=False,
        denominators={count_label: total},
        note=MULTIPLE_NOTE,
    )


def mentees_in(schemes, period):
    return Mentee.objects.filter(scheme__in=schemes, registered_at__date__lte=period.ends_on)


def mentors_in_pool(schemes, period):
    """Approved on or before the end of the period and not left by then."""
    return Mentor.objects.filter(scheme__in=schemes, approved_on__lte=period.ends_on).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=period.ends_on)
    )


def registrations_by_month(schemes, period):
    mentees = Mentee.objects.filter(scheme__in=schemes)
    before_year = mentees.filter(registered_at__date__lt=period.year_starts_on).count()
    in_year = dict(
        mentees.filter(registered_at__date__gte=period.year_starts_on, registered_at__date__lte=period.ends_on)
        .annotate(month=TruncMonth("registered_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    by_label = {f"{month:%Y-%m}": count for month, count in in_year.items()}
    months = [
        month
        for month in report_periods.months_of(report_periods.financial_year(period.year_label))
        if month.starts_on <= period.ends_on
    ]
    frame = pd.DataFrame(
        {
            "Month": [month.label for month in months],
            "Registrations": [by_label.get(month.label, 0) for month in months],
        }
    )
    frame["Registered since the scheme began"] = frame["Registrations"].cumsum() + before_year
    return Table(
        key="registrations_by_month",
        title="Mentee registrations per month",
        sheet="Registrations by month",
        frame=frame,
        label_column="Month",
        count_columns=("Registrations",),
        running_totals=("Registered since the scheme began",),
        percent=False,
        chart="line",
        definition=(
            "Mentees who registered in each month of the financial year up to the end of the period, and "
            "the running total of every registration since the scheme began."
        ),
    )


def mentee_tables(schemes, period):
    mentees = mentees_in(schemes, period)
    people = mentees.count()
    tables = [
        registrations_by_month(schemes, period),
        _distribution(
            mentees,
            "role",
            MenteeRole.choices,
            key="registrations_by_role",
            title="Mentee registrations by role",
            sheet="Registrations by role",
            label="Role",
            definition=(
                "Mentees registered on or before the last day of the period, by the role they gave when registering."
            ),
        ),
        _distribution(
            mentees,
            "age_band",
            AgeBand.choices,
            key="mentee_age",
            title="Mentees by age band",
            sheet="Mentee age",
            label="Age band",
            definition="Mentees registered on or before the last day of the period, by age band.",
        ),
        _distribution(
            mentees,
            "gender",
            Gender.choices,
            key="mentee_gender",
            title="Mentees by gender",
            sheet="Mentee gender",
            label="Gender",
            definition="Mentees registered on or before the last day of the period, by gender.",
        ),
        _distribution(
            mentees,
            "ethnicity",
            Ethnicity.choices,
            key="mentee_ethnicity",
            title="Mentees by ethnic group",
            sheet="Mentee ethnicity",
            label="Ethnic group",
            definition=(
                "Mentees registered on or before the last day of the period, by NHS Data Dictionary ethnic category."
            ),
        ),
        *gp_mentees_against_national(mentees),
        _multiple(
            mentees,
            "reasons",
            Reason.choices,
            key="reasons",
            title="Reasons for seeking mentoring",
            sheet="Reasons",
            people=people,
            label="Reason",
            count_label="Mentees",
            definition=(
                "Of the mentees registered on or before the last day of the period, the percentage who "
                "gave each reason for seeking mentoring when they registered."
            ),
        ),
        _multiple(
            mentees,
            "changes_considered",
            ChangeConsidered.choices,
            key="changes_considered",
            title="Changes mentees were considering when they started",
            sheet="Changes considered",
            people=people,
            label="Change considered",
            count_label="Mentees",
            definition=(
                "Of the mentees registered on or before the last day of the period, the percentage "
                "considering each change when they registered."
            ),
        ),
    ]
    return tables


GP_ROLES_TEXT = "partners, salaried, locum, retainer, fellows, returning and international GPs"


def gp_mentees_against_national(mentees):
    """GP mentees by gender and by age band: two tables, each a distribution adding up to the GP
    mentees (so each is protected against subtraction), beside the national percentage of GPs."""
    national = workforce.load()
    gp_mentees = mentees.filter(role__in=GP_ROLES)
    tables = []
    for measure, field, choices, key, sheet, label in (
        ("gender", "gender", Gender.choices, "gp_mentee_gender", "GP mentees by gender", "Gender"),
        ("age band", "age_band", AgeBand.choices, "gp_mentee_age", "GP mentees by age band", "Age band"),
    ):
        counts = dict(gp_mentees.order_by().values_list(field).annotate(n=Count("pk")))
        frame = pd.DataFrame(
            {
                label: [choice_label for _, choice_label in choices] + [NOT_GIVEN],
                "GP mentees": [counts.get(code, 0) for code, _ in choices] + [counts.get("", 0) + counts.get(None, 0)],
                # "Not given" has no national figure: blank, not "not loaded".
                "National GPs (%)": [national.percent(measure, code) for code, _ in choices] + [""],
            }
        )
        tables.append(
            Table(
                key=key,
                title=f"{sheet} against national GP demographics",
                sheet=sheet,
                frame=frame,
                label_column=label,
                count_columns=("GP mentees",),
                reference_percent_columns=("National GPs (%)",),
                definition=(
                    f"GP mentees ({GP_ROLES_TEXT}) registered on or before the last day of the period, by "
                    f"{measure}, as a percentage of GP mentees, beside the percentage of all GPs nationally. "
                    f"National figures: {national.citation}"
                ),
            )
        )
    return tables


def mentor_tables(schemes, period):
    pool = mentors_in_pool(schemes, period)
    figures = pool.aggregate(
        mentors=Count("pk"),
        active=Count("pk", filter=Q(status=Mentor.Status.ACTIVE)),
        in_training=Count("pk", filter=Q(status=Mentor.Status.IN_TRAINING)),
        places=Coalesce(Sum(Coalesce("capacity", F("scheme__mentor_capacity_max"))), 0),
    )
    frame = pd.DataFrame(
        {
            "Measure": [
                "Mentors in the pool at the end of the period",
                "of whom active today",
                "of whom in training today",
                "Places for mentees (capacity)",
            ],
            "Count": [figures["mentors"], figures["active"], figures["in_training"], figures["places"]],
        }
    )
    pool_table = Table(
        key="mentor_pool",
        title="Mentor pool and capacity",
        sheet="Mentor pool",
        frame=frame,
        label_column="Measure",
        additive=False,
        percent=False,
        chart="barh",
        definition=(
            "Mentors approved on or before the last day of the period who had not left by then. Capacity "
            "is the sum of each mentor's places (the scheme's most mentees per mentor where a mentor gave"
            " none). Active and in training are the mentors' states today: the product does not keep a "
            "dated history of pauses."
        ),
    )
    return [
        pool_table,
        _distribution(
            pool,
            "gender",
            Gender.choices,
            key="mentor_gender",
            title="Mentors by gender",
            sheet="Mentor gender",
            label="Gender",
            definition="Mentors in the pool at the end of the period, by gender.",
        ),
        _distribution(
            pool,
            "age_band",
            AgeBand.choices,
            key="mentor_age",
            title="Mentors by age band",
            sheet="Mentor age",
            label="Age band",
            definition="Mentors in the pool at the end of the period, by age band.",
        ),
    ]


def _live_completed(code, mentees, period):
    return Response.objects.filter(
        code=code,
        mentee__in=mentees,
        voided_at__isnull=True,
        completed_at__isnull=False,
        completed_at__date__lte=period.ends_on,
    )


def stress_bands(schemes, period, mentees):
    responses = _live_completed("pss10", mentees, period)
    banded = responses.annotate(
        stress_band=Case(
            When(score__lte=F("scheme__stress_low_max"), then=0),
            When(score__lte=F("scheme__stress_moderate_max"), then=1),
            default=2,
            output_field=IntegerField(),
        )
    )
    counts = dict(banded.order_by().values_list("stress_band").annotate(n=Count("pk")))
    frame = pd.DataFrame(
        {"Stress band": ["Low", "Moderate", "High"], "Mentees": [counts.get(band, 0) for band in range(3)]}
    )
    return Table(
        key="stress_bands",
        title="Stress before mentoring",
        sheet="Stress before",
        frame=frame,
        label_column="Stress band",
        count_columns=("Mentees",),
        chart="bar",
        definition=(
            "Mentees' Perceived Stress Scale (PSS-10, Cohen, Kamarck and Mermelstein 1983) scores before "
            "mentoring, completed on or before the last day of the period, banded at each scheme's "
            "thresholds (by default 0-13 low, 14-26 moderate, 27-40 high; the scale has no official "
            "cut-offs)."
        ),
    )


def _scale_answers(code, item_code, mentees, period):
    return Answer.objects.filter(
        item__code=item_code,
        response__in=_live_completed(code, mentees, period),
    ).annotate(rating=Cast("value", IntegerField()))


def _rating_subquery(code, period):
    """The work-life balance rating in a mentee's live, completed response to a questionnaire."""
    answers = Answer.objects.filter(
        response__mentee=OuterRef("pk"),
        response__code=code,
        response__voided_at__isnull=True,
        response__completed_at__isnull=False,
        response__completed_at__date__lte=period.ends_on,
        item__code="wlb",
    )
    return Subquery(answers.annotate(rating=Cast("value", IntegerField())).values("rating")[:1])


def work_life_balance(schemes, period, mentees):
    before = _scale_answers("wlb", "wlb", mentees, period)
    after = _scale_answers("final_review", "wlb", mentees, period)
    before_counts = dict(before.order_by().values_list("rating").annotate(n=Count("pk")))
    after_counts = dict(after.order_by().values_list("rating").annotate(n=Count("pk")))
    frame = pd.DataFrame(
        {
            "Rating": [str(rating) for rating in range(1, 11)],
            "Before mentoring": [before_counts.get(rating, 0) for rating in range(1, 11)],
            "At the final review": [after_counts.get(rating, 0) for rating in range(1, 11)],
        }
    )
    distribution = Table(
        key="work_life_balance",
        title="Work-life balance before and after mentoring",
        sheet="Work-life balance",
        frame=frame,
        label_column="Rating",
        count_columns=("Before mentoring", "At the final review"),
        chart="bar",
        definition=(
            "Mentees' ratings of their work-life balance from 1 (very poor) to 10 (excellent): before "
            "mentoring, and again at the final review, each counted over the answers given on or before "
            "the last day of the period."
        ),
    )
    # Paired: each mentee's own before and after ratings, side by side, for those who gave both.
    paired = (
        mentees.annotate(
            rating_before=_rating_subquery("wlb", period), rating_after=_rating_subquery("final_review", period)
        )
        .filter(rating_before__isnull=False, rating_after__isnull=False)
        .aggregate(people=Count("pk"), before=Avg("rating_before"), after=Avg("rating_after"))
    )
    summary = {
        "All answers before": before.aggregate(mean=Avg("rating"), people=Count("pk")),
        "All answers at the final review": after.aggregate(mean=Avg("rating"), people=Count("pk")),
        "Paired: before": {"mean": paired["before"], "people": paired["people"]},
        "Paired: at the final review": {"mean": paired["after"], "people": paired["people"]},
    }
    means = pd.DataFrame(
        {
            "Measure": list(summary),
            "Mentees": [figures["people"] for figures in summary.values()],
            "Mean rating": [
                float(figures["mean"]) if figures["mean"] is not None else None for figures in summary.values()
            ],
        }
    )
    mean_table = Table(
        key="work_life_balance_means",
        title="Mean work-life balance rating",
        sheet="Work-life balance means",
        frame=means,
        label_column="Measure",
        count_columns=("Mentees",),
        additive=False,
        percent=False,
        means={"Mean rating": "Mentees"},
        chart="bar",
        definition=(
            "The mean work-life balance rating (1 to 10) of all answers before mentoring and at the final"
            " review, and of the mentees who answered both (paired), whose change is the fairer measure."
        ),
    )
    return [distribution, mean_table]


def _item_choices(questionnaire_code, item_code):
    from surveys.models import Item

    item = Item.objects.filter(
        questionnaire__code=questionnaire_code, questionnaire__is_current=True, code=item_code
    ).first()
    return [tuple(choice) for choice in item.choices] if item else []


def reasons_addressed(schemes, period, mentees):
    reviews = _live_completed("final_review", mentees, period)
    answers = with_list_text(Answer.objects.filter(item__code="reasons_addressed", response__in=reviews), "value")
    counts = answers.aggregate(
        **{f"n_{index}": Count("pk", filter=list_has("value", code)) for index, (code, _) in enumerate(Reason.choices)}
    )
    frame = pd.DataFrame(
        {
            "Reason": [label for _, label in Reason.choices],
            "Mentees": [counts[f"n_{index}"] for index in range(len(Reason.choices))],
        }
    )
    return Table(
        key="reasons_addressed",
        title="Reasons addressed, at the final review",
        sheet="Reasons addressed",
        frame=frame,
        label_column="Reason",
        count_columns=("Mentees",),
        additive=False,
        denominators={"Mentees": reviews.count()},
        note=MULTIPLE_NOTE,
        definition=(
            "Of the mentees who completed the final review on or before the last day of the period, the "
            "percentage who said each of their reasons for seeking mentoring was addressed."
        ),
    )


def follow_up(schemes, period, mentees):
    surveys = _live_completed("follow_up", mentees, period)
    impact = dict(
        Answer.objects.filter(item__code="impact", response__in=surveys)
        .order_by()
        .values_list("value")
        .annotate(n=Count("pk"))
    )
    impact_choices = _item_choices("follow_up", "impact")
    impact_table = Table(
        key="follow_up_impact",
        title="Three months on: how much mentoring helped",
        sheet="Follow-up impact",
        frame=pd.DataFrame(
            {
                "Answer": [label for _, label in impact_choices],
                "Mentees": [impact.get(code, 0) for code, _ in impact_choices],
            }
        ),
        label_column="Answer",
        count_columns=("Mentees",),
        definition=(
            "Answers to the feedback survey sent three months after mentoring ended, completed on or "
            "before the last day of the period."
        ),
    )
    changes_choices = _item_choices("follow_up", "changes_made")
    changes = with_list_text(Answer.objects.filter(item__code="changes_made", response__in=surveys), "value").aggregate(
        **{f"n_{index}": Count("pk", filter=list_has("value", code)) for index, (code, _) in enumerate(changes_choices)}
    )
    changes_table = Table(
        key="follow_up_changes",
        title="Three months on: changes made as a result of mentoring",
        sheet="Follow-up changes",
        frame=pd.DataFrame(
            {
                "Change": [label for _, label in changes_choices],
                "Mentees": [changes[f"n_{index}"] for index in range(len(changes_choices))],
            }
        ),
        label_column="Change",
        count_columns=("Mentees",),
        additive=False,
        denominators={"Mentees": surveys.count()},
        note=MULTIPLE_NOTE,
        definition=(
            "Of the mentees who completed the three-month feedback survey on or before the last day of "
            "the period, the percentage who made each change."
        ),
    )
    yes_no = surveys.aggregate(
        recommend_yes=Count("pk", filter=Q(answers__item__code="would_recommend", answers__value=True)),
        recommend_no=Count("pk", filter=Q(answers__item__code="would_recommend", answers__value=False)),
        leave_now_yes=Count("pk", filter=Q(answers__item__code="intends_to_leave_now", answers__value=True)),
        leave_now_no=Count("pk", filter=Q(answers__item__code="intends_to_leave_now", answers__value=False)),
    )
    followed = mentees.filter(pk__in=surveys.values("mentee"))
    before = followed.aggregate(
        yes=Count("pk", filter=Q(intends_to_leave=True)), no=Count("pk", filter=Q(intends_to_leave=False))
    )
    recommend_table = Table(
        key="would_recommend",
        title="Three months on: would recommend mentoring to a colleague",
        sheet="Would recommend",
        frame=pd.DataFrame({"Answer": ["Yes", "No"], "Mentees": [yes_no["recommend_yes"], yes_no["recommend_no"]]}),
        label_column="Answer",
        count_columns=("Mentees",),
        chart="bar",
        definition="Answers to 'Would you recommend mentoring to a colleague?' in the three-month feedback survey.",
    )
    leave_table = Table(
        key="intention_to_leave",
        title="Intention to leave the profession, before and after",
        sheet="Intention to leave",
        frame=pd.DataFrame(
            {
                "Answer": ["Intends to leave", "Does not intend to leave"],
                "When registering": [before["yes"], before["no"]],
                "Three months after": [yes_no["leave_now_yes"], yes_no["leave_now_no"]],
            }
        ),
        label_column="Answer",
        count_columns=("When registering", "Three months after"),
        chart="bar",
        definition=(
            "Of the mentees who completed the three-month feedback survey on or before the last day of "
            "the period, whether they intended to leave the profession when they registered and three "
            "months after mentoring ended (those who did not answer are left out)."
        ),
    )
    return [impact_table, changes_table, recommend_table, leave_table]


def conversation_tables(schemes, period):
    conversations = CareerConversation.objects.filter(scheme__in=schemes, status=CareerConversation.Status.COMPLETE)
    quarters = [
        quarter
        for quarter in report_periods.quarters_of(report_periods.financial_year(period.year_label))
        if quarter.starts_on <= period.starts_on
    ]
    by_quarter = conversations.aggregate(
        **{
            f"q{number}": Count("pk", filter=Q(completed_on__gte=quarter.starts_on, completed_on__lte=quarter.ends_on))
            for number, quarter in enumerate(quarters)
        }
    )
    in_each_quarter = [by_quarter[f"q{number}"] for number in range(len(quarters))]
    held = {"quarter": in_each_quarter[-1], "year": sum(in_each_quarter)}
    held_table = Table(
        key="conversations_held",
        title="Career conversations held",
        sheet="Conversations held",
        frame=pd.DataFrame(
            {"Period": ["In the quarter", "In the year to date"], "Conversations": [held["quarter"], held["year"]]}
        ),
        label_column="Period",
        count_columns=("Conversations",),
        additive=False,
        percent=False,
        # The year to date is published against the year's earlier quarters, so it cannot give a
        # hidden quarter away (disclosure.publish_year_to_date).
        year_to_date={"Conversations": (1, in_each_quarter)},
        chart="bar",
        definition=(
            "Career conversations completed (both parts held, 4h10m in all) in the quarter, and from 1 "
            "April to the end of the quarter."
        ),
    )
    in_quarter = conversations.filter(completed_on__gte=period.starts_on, completed_on__lte=period.ends_on)
    needs = _multiple(
        in_quarter,
        "career_needs",
        CareerNeed.choices,
        key="career_needs",
        title="Career-need themes",
        sheet="Career needs",
        people=None,
        label="Career need",
        count_label="Conversations",
        definition=(
            "Of the career conversations completed in the quarter, the percentage that identified each career need."
        ),
    )
    return [held_table, needs]


def quarterly_report(schemes, period):
    """Every table of the report for these schemes and this quarter (a QuerySet of schemes)."""
    schemes = list(schemes)
    tables = []
    mentoring = [scheme for scheme in schemes if scheme.kind == "mentoring"]
    conversations = [scheme for scheme in schemes if scheme.kind == "career_conversations"]
    if mentoring:
        mentees = mentees_in(mentoring, period)
        tables += mentee_tables(mentoring, period)
        tables += mentor_tables(mentoring, period)
        tables.append(stress_bands(mentoring, period, mentees))
        tables += work_life_balance(mentoring, period, mentees)
        tables.append(reasons_addressed(mentoring, period, mentees))
        tables += follow_up(mentoring, period, mentees)
    if conversations:
        tables += conversation_tables(conversations, period)
    names = [scheme.name for scheme in schemes]
    title = names[0] if len(names) == 1 else f"{len(names)} schemes"
    return QuarterlyReport(title=title, scheme_names=names, period=period, tables=tables, generated_at=timezone.now())


def published(report, *, suppress):
    """The report as its reader sees it (tables.publish on every table)."""
    from reporting.tables import publish

    return QuarterlyReport(
        title=report.title,
        scheme_names=report.scheme_names,
        period=report.period,
        tables=[publish(table, suppress=suppress) for table in report.tables],
        generated_at=report.generated_at,
    )


def matches_registered(schemes, period):
    """Used by the page's headline: mentorships whose first meeting was in the quarter."""
    return Mentorship.objects.filter(
        scheme__in=schemes, started_on__gte=period.starts_on, started_on__lte=period.ends_on
    ).count()
