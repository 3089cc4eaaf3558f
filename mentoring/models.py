from django.conf import settings
from django.db import models
from django.utils import timezone


class Mentor(models.Model):
    """A GP who mentors in one scheme. Onboarding, training and the directory build on this."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        IN_TRAINING = "in_training", "Approved, in training"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_records")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentors")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "scheme"], name="mentor_once_per_scheme")]

    def __str__(self):
        return str(self.user)


class Mentee(models.Model):
    """A person registered for mentoring in one scheme. Registration and questionnaires build on this."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_records")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentees")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at"]

    def __str__(self):
        return str(self.user)
