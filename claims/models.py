"""Claims: a mentor's month of lines built from logged evidence, a GP's career-need funding
application, the payment batches that pay them, the scheme year's spend profile, and staff's record
of a mentor's plan to mentor (which releases training funding).

The database holds the rules it can: a week, a training session, a conversation and a facilitator's
course can each be on at most one live line; amounts are exact decimals; a reversal reverses one
line once. State changes go through claims.transitions and claims.services.
"""

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

INVOICE_TYPES = ["pdf", "jpg", "jpeg", "png"]


def invoice_upload_to(instance, filename):
    """Invoices get random names and are served only to the scheme's approvers and staff."""
    return f"funding-invoices/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class LineKind(models.TextChoices):
    MENTORING_SESSION = "mentoring_session", "Mentoring session (one a week)"
    TRAINING_SESSION = "training_session", "Mentor training session"
    CAREER_CONVERSATION = "career_conversation", "Career conversation"
    FACILITATOR_COURSE = "facilitator_course", "Facilitator's course time"
    CAREER_NEED_FUNDING = "career_need_funding", "Career-need funding"
    REVERSAL = "reversal", "Reversal of a paid line"


class LineStatus(models.TextChoices):
    DRAFT = "draft", "Not yet submitted"
    REMOVED = "removed", "Removed by the claimant"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    PAID = "paid", "Paid"


# A line holds its evidence while it is one of these: a second live line for the same week,
# training session or conversation is refused by the database.
LIVE_STATUSES = [LineStatus.DRAFT, LineStatus.SUBMITTED, LineStatus.APPROVED, LineStatus.PAID]
# A session backing a line in one of these can no longer be corrected or deleted by the mentor.
CLAIMED_STATUSES = [LineStatus.SUBMITTED, LineStatus.APPROVED, LineStatus.PAID]
LIVE = Q(status__in=LIVE_STATUSES)


class Claim(models.Model):
    """A mentor's claim for one calendar month, or a GP's career-need funding application."""

    class Kind(models.TextChoices):
        MONTH = "month", "Monthly claim"
        FUNDING = "funding", "Career-need funding application"

    class Status(models.TextChoices):
        DRAFT = "draft", "Not yet submitted"
        SUBMITTED = "submitted", "Waiting for approval"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        PART_APPROVED = "part_approved", "Partly approved"
        REJECTED = "rejected", "Rejected"
        PAID = "paid", "Paid"

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MONTH)
    # An imported claim (history from before the scheme moved onto the service) may have no claimant
    # account: a career-need funding application paid before the move names only the practice.
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    mentor = models.ForeignKey(
        "mentoring.Mentor", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    # A funding application is paid to the GP's practice; a mentor's claim to the mentor.
    practice = models.ForeignKey(
        "schemes.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funding_claims",
        limit_choices_to={"kind": "practice"},
    )
    month = models.DateField(help_text="The first day of the calendar month claimed for")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(blank=True)
    imported = models.BooleanField(default=False, help_text="Approved or paid before the move onto the service")

    class Meta:
        ordering = ["-month", "-created_at"]
        constraints = [
            # One claim being put together per mentor and month; a further claim for the same month
            # (evidence logged after the first was submitted) opens once the first is submitted.
            models.UniqueConstraint(
                fields=["mentor", "month"],
                condition=Q(kind="month", status="draft"),
                name="claim_one_draft_per_mentor_month",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="claim_month_starts_on_the_first"),
            models.CheckConstraint(condition=~Q(kind="month") | Q(mentor__isnull=False), name="claim_month_has_mentor"),
            models.CheckConstraint(
                condition=~Q(kind="funding") | Q(practice__isnull=False), name="claim_funding_has_practice"
            ),
            models.CheckConstraint(
                condition=Q(claimant__isnull=False) | Q(imported=True), name="claim_has_claimant_unless_imported"
            ),
        ]
        # The approval queue: a scheme's claims in one state, by month.
        indexes = [models.Index(fields=["scheme", "status", "month"], name="claim_scheme_status_month")]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"CL-{self.pk:06d}" if self.pk else "CL-new"

    @property
    def period(self):
        return f"{self.month:%Y-%m}"


class ClaimLine(models.Model):
    """One amount claimed, linked to the evidence behind it.

    `date` is the evidence date (the week's first held session, the training day, the conversation's
    completion, the course's completion, the application); `rate` and `amount` are copied from the
    scheme when the line is submitted, so a later change of rate never rewrites a submitted line.
    """

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="lines")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="claim_lines")
    mentor = models.ForeignKey(
        "mentoring.Mentor", null=True, blank=True, on_delete=models.PROTECT, related_name="claim_lines"
    )
    kind = models.CharField(max_length=30, choices=LineKind.choices)
    status = models.CharField(max_length=20, choices=LineStatus.choices, default=LineStatus.DRAFT, db_index=True)
    date = models.DateField("evidence date")
    quantity = models.PositiveSmallIntegerField(default=1, help_text="Sessions paid at the rate")
    rate = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    extra_cost = models.DecimalField(
        "course or resource cost", max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))

    # Evidence
    week_start = models.DateField("Monday of the ISO week", null=True, blank=True)
    week_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    training_session = models.ForeignKey(
        "mentoring.TrainingSession", null=True, blank=True, on_delete=models.PROTECT, related_name="claim_lines"
    )
    training_record = models.ForeignKey(
        "mentoring.TrainingRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="claim_lines"
    )
    conversation = models.ForeignKey(
        "mentoring.CareerConversation", null=True, blank=True, on_delete=models.PROTECT, related_name="claim_lines"
    )
    career_need = models.CharField(max_length=40, blank=True)
    description = models.CharField("what the funding is for", max_length=300, blank=True)
    invoice = models.FileField(
        upload_to=invoice_upload_to, blank=True, validators=[FileExtensionValidator(INVOICE_TYPES)]
    )

    # Decisions
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    batch = models.ForeignKey(
        "claims.PaymentBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    paid_on = models.DateField(null=True, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    # History imported from the hub's spreadsheets: approved or paid before the move, with no evidence
    # logged on the service behind it, and the hub's own reference kept.
    imported = models.BooleanField(default=False)
    reference = models.CharField("the hub's reference", max_length=100, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "week_start", "week_slot"],
                condition=LIVE & Q(kind="mentoring_session"),
                name="claim_line_week_once_while_live",
            ),
            models.UniqueConstraint(
                fields=["training_session"],
                condition=LIVE & Q(kind="training_session"),
                name="claim_line_training_session_once_while_live",
            ),
            models.UniqueConstraint(
                fields=["conversation", "kind"],
                condition=LIVE & Q(kind__in=["career_conversation", "career_need_funding"]),
                name="claim_line_conversation_once_while_live",
            ),
            models.UniqueConstraint(
                fields=["mentor"],
                condition=LIVE & Q(kind="facilitator_course"),
                name="claim_line_facilitator_course_once_while_live",
            ),
            models.CheckConstraint(
                condition=~Q(kind="mentoring_session") | Q(week_start__isnull=False, week_slot__isnull=False),
                name="claim_line_week_has_week",
            ),
            models.CheckConstraint(
                condition=~Q(kind="training_session") | Q(training_session__isnull=False) | Q(imported=True),
                name="claim_line_training_has_session",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["career_conversation", "career_need_funding"])
                | Q(conversation__isnull=False)
                | Q(imported=True),
                name="claim_line_conversation_has_conversation",
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False, amount__lte=0)
                | (~Q(kind="reversal") & Q(reverses__isnull=True, amount__gte=0)),
                name="claim_line_only_reversals_negative",
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(extra_cost__gte=0), name="claim_line_rate_and_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & (Q(batch__isnull=False) | Q(imported=True))),
                name="claim_line_paid_in_a_batch",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "status", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%d %B %Y}"

    @property
    def week_label(self):
        if not self.week_start:
            return ""
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


class PaymentBatch(models.Model):
    """Approved lines gathered for the ICB's payment function: exported once, then paid."""

    class Status(models.TextChoices):
        OPEN = "open", "Created, not yet exported"
        EXPORTED = "exported", "Exported, waiting for payment"
        PAID = "paid", "Paid"

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="payment_batches")
    month = models.DateField(help_text="The first day of the month the batch pays in")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField("payment date", null=True, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "payment batches"
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="payment_batch_month_starts_on_the_first"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="payment_batch_paid_has_date"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        return f"PB-{self.pk:05d}" if self.pk else "PB-new"


class SpendProfile(models.Model):
    """How a scheme year's allocation is expected to be spent, month by month (month 1 is April).

    A year without rows spreads its allocation evenly (claims.selectors.spend_profile)."""

    scheme_year = models.ForeignKey("schemes.SchemeYear", on_delete=models.CASCADE, related_name="spend_profile")
    month = models.PositiveSmallIntegerField(help_text="1 is April, 12 is March")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["scheme_year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["scheme_year", "month"], name="spend_profile_month_once"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="spend_profile_month_1_to_12"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spend_profile_amount_not_negative"),
        ]

    def __str__(self):
        return f"Month {self.month}"


class MentoringPlan(models.Model):
    """Staff's record that there are clear arrangements for a mentor's mentoring: until there is one
    (or the mentor has an accepted or active mentorship), training sessions are not paid."""

    mentor = models.OneToOneField("mentoring.Mentor", on_delete=models.CASCADE, related_name="mentoring_plan")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField(default=timezone.localdate)
    note = models.TextField("the arrangements", blank=True)

    def __str__(self):
        return f"Mentoring plan recorded {self.recorded_on:%d %B %Y}"
