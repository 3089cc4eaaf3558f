from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.permissions import MEMBERSHIP_ROLES
from schemes import periods
from schemes.codes import MenteeRole


class Organisation(models.Model):
    """NHS organisations as dated reference data: boundaries change (ICBs merged on 1 April 2026).

    A change of name or parent closes the row (valid_to) and opens a new one with the same code.
    """

    class Kind(models.TextChoices):
        REGION = "region", "NHS England region"
        ICB = "icb", "Integrated care board"
        SUB_ICB = "sub_icb", "Sub-ICB location"
        PCN = "pcn", "Primary care network"
        PRACTICE = "practice", "GP practice"
        TRAINING_HUB = "training_hub", "Training hub"
        LMC = "lmc", "Local medical committee"
        FEDERATION = "federation", "GP federation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField("ODS code", max_length=10)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(default=periods.EARLIEST)
    valid_to = models.DateField(null=True, blank=True, help_text="Last day it existed in this form; blank if current.")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "valid_from"], name="organisation_code_once_per_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="organisation_valid_to_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(kind="practice") | Q(code__regex=r"^[A-Z][0-9]{5}$"),
                name="organisation_practice_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(kind="pcn") | Q(code__regex=r"^U[0-9]{5}$"), name="organisation_pcn_code_format"
            ),
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


def default_session_topics():
    """The common topics when coach-mentoring GPs, as a scheme's starting list."""
    return [
        "Career direction",
        "Work-life balance",
        "Workload and time management",
        "Stress and wellbeing",
        "Leadership and management",
        "Relationships at work",
        "Partnership and practice business",
        "Change in the practice",
        "Confidence",
        "Education and professional development",
    ]


def all_mentee_roles():
    return list(MenteeRole.values)


class Scheme(models.Model):
    """A scheme is data, not code: every rule from the guidance is a field with its default."""

    class Kind(models.TextChoices):
        MENTORING = "mentoring", "Mentoring scheme"
        CAREER_CONVERSATIONS = "career_conversations", "Career conversations scheme"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.MENTORING)
    icb = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="schemes", limit_choices_to={"kind": "icb"}
    )
    delivery_partner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivered_schemes",
        limit_choices_to={"kind__in": ["training_hub", "lmc", "federation"]},
    )
    is_open = models.BooleanField("open for applications and registrations", default=True)

    # Money: pounds and pence, inclusive of on-costs; travel and other expenses are never paid.
    session_rate = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("289.00"))
    max_reimbursed_sessions_per_week = models.PositiveSmallIntegerField(default=1)
    max_training_sessions = models.PositiveSmallIntegerField("training sessions reimbursed", default=4)
    training_cost_per_mentor = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("2500.00"), validators=[MinValueValidator(0)]
    )
    budget = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )

    # Mentors
    mentor_capacity_min = models.PositiveSmallIntegerField("fewest mentees per mentor", default=4)
    mentor_capacity_max = models.PositiveSmallIntegerField("most mentees per mentor", default=8)
    mentor_min_clinical_sessions = models.PositiveSmallIntegerField("clinical sessions a week to mentor", default=3)
    mentor_min_months = models.PositiveSmallIntegerField("months a mentor should stay", default=12)
    mentor_cap = models.PositiveIntegerField("most mentors supported", null=True, blank=True)

    # Mentees
    mentee_allowance_hours = models.PositiveSmallIntegerField("hours of mentoring per mentee", default=8)
    fellow_session_interval_weeks = models.PositiveSmallIntegerField("weeks between GP fellows' sessions", default=4)
    follow_up_months = models.PositiveSmallIntegerField("months after mentoring ends for the survey", default=3)
    # How long a person's records are kept once they have finished with the scheme; then they are anonymised
    # (docs/data-protection.md), keeping the codes, dates and amounts that reports and payments count.
    retention_years = models.PositiveSmallIntegerField(
        "years personal data is kept after the last mentoring ends",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    mentee_may_choose_mentor = models.BooleanField(default=False)
    admitted_mentee_roles = models.JSONField(
        default=all_mentee_roles, blank=True, help_text="Who may register: mentoring.codes.MenteeRole codes"
    )
    proposal_response_days = models.PositiveSmallIntegerField("days a mentor has to answer a proposal", default=7)
    session_topics = models.JSONField(
        default=default_session_topics, blank=True, help_text="The topics a mentor can tick when logging a session"
    )
    # Perceived Stress Scale bands (the scale has no official cut-offs): 0-low, to moderate, above high.
    stress_low_max = models.PositiveSmallIntegerField(default=13)
    stress_moderate_max = models.PositiveSmallIntegerField(default=26)

    # Career conversations
    conversation_minutes = models.PositiveSmallIntegerField("minutes in a complete conversation", default=250)
    career_fund = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_opens_on = models.DateField(null=True, blank=True)
    funding_closes_on = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(session_rate__gte=0), name="scheme_session_rate_not_negative"),
            models.CheckConstraint(
                condition=Q(training_cost_per_mentor__gte=0), name="scheme_training_cost_per_mentor_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="scheme_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(career_fund__isnull=True) | Q(career_fund__gte=0), name="scheme_career_fund_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(mentor_capacity_min__lte=F("mentor_capacity_max")), name="scheme_capacity_range"
            ),
            models.CheckConstraint(
                condition=Q(stress_low_max__lt=F("stress_moderate_max")) & Q(stress_moderate_max__lt=40),
                name="scheme_stress_bands_ordered",
            ),
            models.CheckConstraint(
                condition=Q(funding_opens_on__isnull=True)
                | Q(funding_closes_on__isnull=True)
                | Q(funding_closes_on__gte=F("funding_opens_on")),
                name="scheme_funding_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class FinancialYear(models.Model):
    """An NHS financial year, 1 April to 31 March, labelled 2025/26."""

    start_year = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["-start_year"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return periods.financial_year_label(self.start_year)

    @property
    def starts_on(self):
        return periods.financial_year_start(self.start_year)

    @property
    def ends_on(self):
        return periods.financial_year_end(self.start_year)


class SchemeYear(models.Model):
    """A scheme's allocation for one financial year, which the ledger reports against."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="years")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="scheme_years")
    allocation = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["scheme", "-financial_year__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "financial_year"], name="scheme_year_once"),
            models.CheckConstraint(condition=Q(allocation__gte=0), name="scheme_year_allocation_not_negative"),
        ]

    def __str__(self):
        return f"{self.scheme} {self.financial_year}"


class SchemeMembership(models.Model):
    """A user's role in one scheme: staff, claims approver or commissioner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheme_memberships")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=[(role.value, role.label) for role in MEMBERSHIP_ROLES])
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["scheme", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "scheme", "role"], name="membership_role_once"),
            models.CheckConstraint(
                condition=Q(role__in=[role.value for role in MEMBERSHIP_ROLES]), name="membership_role_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.scheme}"
