from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q

from mentoring.models.mentors import Mentor, private_name

CERTIFICATE_TYPES = ["pdf", "jpg", "jpeg", "png"]


def certificate_upload_to(instance, filename):
    return private_name("training-certificates", filename)


class TrainingRecord(models.Model):
    """A mentor's course: ILM5 Coaching and Mentoring, the Career Conversation course, or equivalent."""

    class Course(models.TextChoices):
        ILM5 = "ilm5", "ILM Level 5 Coaching and Mentoring"
        CAREER_CONVERSATION = "career_conversation", "GP Career Conversation course"
        EQUIVALENT = "equivalent", "An equivalent course"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(max_length=30, choices=Course.choices)
    course_name = models.CharField(max_length=200, blank=True, help_text="The course's name, for an equivalent")
    provider = models.CharField(max_length=200)
    started_on = models.DateField()
    expected_completion_on = models.DateField(help_text="No later than two years after the start.")
    completed_on = models.DateField(null=True, blank=True)
    certificate = models.FileField(
        upload_to=certificate_upload_to, blank=True, validators=[FileExtensionValidator(CERTIFICATE_TYPES)]
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_completion_on__gte=F("started_on")), name="training_expected_after_start"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="training_completed_after_start",
            ),
        ]

    def __str__(self):
        return self.course_name or self.get_course_display()


class TrainingSession(models.Model):
    """A session of mentor training attended: up to the scheme's limit of these can be claimed."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="training_sessions")
    training_record = models.ForeignKey(
        TrainingRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    attended_on = models.DateField()

    class Meta:
        ordering = ["attended_on"]
        constraints = [models.UniqueConstraint(fields=["mentor", "attended_on"], name="training_session_once_a_day")]

    def __str__(self):
        return f"Training on {self.attended_on:%d %B %Y}"
