"""Automated emails as rows: one dispatch per thing to send, the scheme's wording of each email, and the
weekly digest to each member of staff. The database's unique constraints make "exactly once" hold even
when two sweeps run at the same time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Three-month follow-up survey"
    FOLLOW_UP_REMINDER = "follow_up_reminder", "Reminder of the follow-up survey"
    FINAL_REVIEW = "final_review", "Final-review questionnaire"
    STRESS_REMINDER = "stress_reminder", "Reminder of the stress questionnaire"
    PROPOSAL_REMINDER = "proposal_reminder", "Reminder to answer a proposal"
    STAFF_DIGEST = "staff_digest", "Weekly digest to scheme staff"


class SurveyDispatch(models.Model):
    """One automated email to one person about one mentorship or registration, sent at most once.

    queued_at: written to the outbox; sent_at: the mail server took it; failed_at: the outbox gave up
    after its last attempt (never also sent); skipped_at: no longer due when the sweep looked again."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", "Three-month follow-up survey"
        FINAL_REVIEW = "final_review", "Final-review questionnaire"
        STRESS_REMINDER = "stress_reminder", "Reminder of the stress questionnaire"
        PROPOSAL_REMINDER = "proposal_reminder", "Reminder to answer a proposal"

    # Kinds about a mentorship; the others are about a mentee's registration.
    MENTORSHIP_KINDS = (Kind.FOLLOW_UP, Kind.FINAL_REVIEW, Kind.PROPOSAL_REMINDER)
    # Kinds the mentee answers through a signed link; the questionnaire each opens.
    QUESTIONNAIRE_OF = {Kind.FOLLOW_UP: "follow_up", Kind.FINAL_REVIEW: "final_review"}

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="dispatches")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    mentee = models.ForeignKey("mentoring.Mentee", on_delete=models.PROTECT, related_name="dispatches")
    mentorship = models.ForeignKey(
        "mentoring.Mentorship", null=True, blank=True, on_delete=models.PROTECT, related_name="dispatches"
    )
    due_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=100, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times written to the outbox (resends count).")
    email = models.ForeignKey(
        "accounts.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_email = models.ForeignKey(
        "accounts.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "survey email"
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "mentorship"],
                condition=Q(mentorship__isnull=False),
                name="dispatch_once_per_mentorship",
            ),
            models.UniqueConstraint(
                fields=["kind", "mentee"], condition=Q(mentorship__isnull=True), name="dispatch_once_per_mentee"
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(failed_at__isnull=True), name="dispatch_not_both_sent_and_failed"
            ),
            models.CheckConstraint(
                condition=Q(failed_at__isnull=True) | ~Q(failure_reason=""), name="dispatch_failure_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["queued_at", "due_at"], name="dispatch_due")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def status(self):
        if self.failed_at:
            return "failed"
        if self.skipped_at:
            return "skipped"
        if self.answered_at:
            return "answered"
        if self.sent_at:
            return "sent"
        if self.queued_at:
            return "queued"
        return "due"


class EmailTemplate(models.Model):
    """A scheme's wording of one automated email, and whether the scheme sends it at all."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="email_templates")
    kind = models.CharField(max_length=30, choices=EmailKind.choices)
    is_enabled = models.BooleanField("send this email", default=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text. Placeholders in braces, e.g. {first_name} and {link}.")

    class Meta:
        ordering = ["scheme", "kind"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="email_template_once_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.scheme})"


class StaffDigest(models.Model):
    """The weekly digest to one member of a scheme's staff, once per week."""

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField()
    queued_at = models.DateTimeField(default=timezone.now)
    email = models.ForeignKey(
        "accounts.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scheme", "user", "week_starting"], name="staff_digest_once_a_week")
        ]

    def __str__(self):
        return f"digest {self.pk}"
