from django.conf import settings
from django.db import models
from django.utils import timezone


class CareerNeed(models.TextChoices):
    HEALTH_AND_WELLBEING = "health_and_wellbeing", "Health and Wellbeing"
    RECOGNITION = "recognition", "Building a culture of Recognition"
    MANAGEMENT_PARTNERSHIP = "management_partnership", "Management/Partnership skills"
    PATIENT_POPULATION = "patient_population", "Meeting the needs of patient population"
    CPD = "cpd", "Continuing Professional Development"
    PORTFOLIO = "portfolio", "Building a Portfolio"
    COACHING = "coaching", "Undergoing coaching/mentoring/career motivation"


class CareerConversation(models.Model):
    """A career conversation: a GP asks a trained facilitator; it is held in two parts totalling
    the scheme's minutes (4h10m); its outcome feeds claims and the NHS England return."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        ACCEPTED = "accepted", "Accepted"
        COMPLETE = "complete", "Complete"
        WITHDRAWN = "withdrawn", "Withdrawn"

    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="career_conversations")
    gp = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="career_conversations")
    facilitator = models.ForeignKey("mentoring.Mentor", on_delete=models.PROTECT, related_name="conversations")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField("why it was withdrawn", blank=True)
    # The outcome, recorded by the facilitator once both parts are held.
    career_need_identified = models.BooleanField(null=True, blank=True)
    career_needs = models.JSONField(default=list, blank=True, help_text="CareerNeed codes")
    support_in_resource_list = models.BooleanField(null=True, blank=True)
    need_not_in_resource_list = models.TextField(blank=True)
    will_apply_for_funding = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Career conversation {self.pk}"


class ConversationPart(models.Model):
    conversation = models.ForeignKey(CareerConversation, on_delete=models.CASCADE, related_name="parts")
    part = models.PositiveSmallIntegerField(choices=[(1, "Part 1"), (2, "Part 2")])
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["part"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "part"], name="conversation_part_once"),
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=1), name="conversation_part_minutes"),
            models.CheckConstraint(condition=models.Q(part__in=[1, 2]), name="conversation_two_parts"),
        ]

    def __str__(self):
        return self.get_part_display()
