from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentoring.codes import Mode
from mentoring.fields import EncryptedTextField


class MentoringSession(models.Model):
    """One meeting of a mentee and mentor, as the mentor (or staff, without notes) logged it."""

    class Kind(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory (contracting)"
        REGULAR = "regular", "Regular"
        FINAL = "final", "Final review"

    class Attendance(models.TextChoices):
        HELD = "held", "Held"
        DID_NOT_ATTEND = "did_not_attend", "Mentee did not attend"
        CANCELLED = "cancelled", "Cancelled"

    mentorship = models.ForeignKey("mentoring.Mentorship", on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, default=Attendance.HELD)
    topics = models.JSONField(default=list, blank=True, help_text="Codes from the scheme's topic list")
    actions_agreed = models.TextField("actions agreed before the next meeting", blank=True)
    next_meeting_on = models.DateField("next meeting", null=True, blank=True)
    # The first session's agreement: what the pair will work on, and how.
    agreed_focus_areas = models.JSONField(default=list, blank=True)
    working_agreement = models.TextField("how we will work together", blank=True)
    # The final review: which of the mentee's reasons were addressed.
    reasons_addressed = models.JSONField(default=list, blank=True)
    # The mentor's alone: never in the admin, exports, reports, logs or anyone else's page.
    confidential_notes = EncryptedTextField(blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    logged_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["held_on", "logged_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=600),
                name="session_duration_sensible",
            ),
            models.CheckConstraint(
                condition=~Q(logged_by_staff=True) | Q(confidential_notes=""), name="session_staff_log_no_notes"
            ),
        ]
        # A mentorship's sessions in date order, and its first and last held session.
        indexes = [models.Index(fields=["mentorship", "held_on"], name="session_mentorship_held_on")]

    def __str__(self):
        return f"{self.get_kind_display()} session on {self.held_on:%d %B %Y}"

    @property
    def counts_towards_hours(self):
        return self.attendance == self.Attendance.HELD


class AllowanceExtension(models.Model):
    """Staff give a mentorship more hours than the scheme's allowance, with a recorded reason."""

    mentorship = models.ForeignKey("mentoring.Mentorship", on_delete=models.CASCADE, related_name="extensions")
    extra_hours = models.PositiveSmallIntegerField()
    reason = models.TextField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["granted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(extra_hours__gte=1), name="extension_adds_hours"),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
        ]

    def __str__(self):
        return f"{self.extra_hours} more hours"
