from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Mentorship(models.Model):
    """A mentee and a mentor working together: proposed by staff (or requested by the mentee and then
    confirmed by staff), accepted by the mentor, active from the first (introductory) meeting, then
    completed or withdrawn. Changes go through mentoring.transitions."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested by the mentee"
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined by the mentor"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN = (Status.REQUESTED, Status.PROPOSED, Status.ACCEPTED, Status.ACTIVE)
    # What takes up one of the mentor's places.
    HOLDS_A_PLACE = OPEN

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentorships")
    mentee = models.ForeignKey("mentoring.Mentee", on_delete=models.PROTECT, related_name="mentorships")
    mentor = models.ForeignKey("mentoring.Mentor", on_delete=models.PROTECT, related_name="mentorships")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_by_mentee = models.BooleanField(default=False)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    started_on = models.DateField("first meeting", null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    allowance_hours = models.PositiveSmallIntegerField()
    follow_up_due_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the feedback survey is due: the scheme's months after the mentoring ended.",
    )

    class Fit(models.TextChoices):
        GOOD = "good", "A good fit"
        DECIDING = "deciding", "Still deciding"
        NOT_A_FIT = "not_a_fit", "Not a fit"

    # The early fit check, asked of both after the introductory session.
    mentor_fit = models.CharField(max_length=20, choices=Fit.choices, blank=True)
    mentee_fit = models.CharField(max_length=20, choices=Fit.choices, blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["requested", "proposed", "accepted", "active"]),
                name="mentorship_one_open_per_mentee",
            ),
        ]
        # Staff's list: a scheme's mentorships, newest first, a page at a time.
        indexes = [models.Index(fields=["scheme", "-proposed_at"], name="mentorship_scheme_newest")]

    def __str__(self):
        return f"{self.mentee} with {self.mentor}"
