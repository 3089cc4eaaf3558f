from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentoring.codes import AgeBand, CareerStage, Ethnicity, Gender, MenteeRole, PreferredContact


class Mentee(models.Model):
    """A person's registration for mentoring in one scheme: who they are, why they came, what suits them.

    One open registration per person per scheme; once finished or withdrawn they may register again.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a mentor"
        MATCHED = "matched", "Matched with a mentor"
        FINISHED = "finished", "Mentoring finished"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN = (Status.WAITING, Status.MATCHED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_records")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentees")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True)
    registered_at = models.DateTimeField(default=timezone.now, help_text="Waiting time counts from here.")

    role = models.CharField(max_length=40, choices=MenteeRole.choices, blank=True)
    career_stage = models.CharField(max_length=30, choices=CareerStage.choices, blank=True)
    is_gp_fellow = models.BooleanField("on the GP fellowship", default=False)
    practice = models.ForeignKey(
        "schemes.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentees",
        limit_choices_to={"kind": "practice"},
    )
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=1, choices=Ethnicity.choices, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="mentoring.codes.Reason codes")
    other_reason = models.TextField("what the other reason is", blank=True)
    changes_considered = models.JSONField(default=list, blank=True, help_text="mentoring.codes.ChangeConsidered")
    intends_to_leave = models.BooleanField("intends to leave the profession", null=True, blank=True)
    consents_to_contact_about_leaving = models.BooleanField(default=False)
    prefers_face_to_face = models.BooleanField(default=False)
    prefers_video = models.BooleanField(default=False)
    prefers_telephone = models.BooleanField(default=False)
    preferences = models.TextField("anything else about the mentor who would suit", blank=True)
    shares_questionnaires_with_mentor = models.BooleanField(default=False)
    # How the mentee would like their mentor to get in touch; shown to the mentor once they accept.
    preferred_contact = models.CharField(max_length=10, choices=PreferredContact.choices, blank=True)
    phone = models.CharField(max_length=30, blank=True, help_text="UK phone number, checked with phonenumbers")

    class Meta:
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scheme"],
                condition=Q(status__in=["waiting", "matched"]),
                name="mentee_one_open_registration_per_scheme",
            ),
            models.CheckConstraint(
                condition=~Q(preferred_contact="phone") | ~Q(phone=""), name="mentee_phone_contact_has_number"
            ),
        ]
        # Staff's list and the waiting list: a scheme's registrations in the order they came.
        indexes = [models.Index(fields=["scheme", "registered_at"], name="mentee_scheme_registered")]

    def __str__(self):
        return str(self.user)

    def clean(self):
        """What a staff form checks before the registration service checks it again on saving."""
        from django.core.exceptions import ValidationError

        from mentoring import rules

        problems = {}
        if self.phone and (problem := rules.phone_problem(self.phone)):
            problems["phone"] = problem
        elif self.preferred_contact == PreferredContact.PHONE and not self.phone:
            problems["phone"] = "Enter the phone number the mentor can call on"
        if "other" in (self.reasons or []) and not self.other_reason.strip():
            problems["other_reason"] = "Say what the other reason for seeking mentoring is"
        if problems:
            raise ValidationError(problems)

    @property
    def name(self):
        """How the mentee is named on every page: their full name, or their email address if none was given."""
        return self.user.get_full_name() or self.user.email

    @property
    def preferred_contact_text(self):
        """The preferred contact as the mentor reads it, e.g. "Phone: 07700 900123"."""
        if self.preferred_contact == PreferredContact.PHONE and self.phone:
            return f"Phone: {self.phone}"
        if self.preferred_contact == PreferredContact.EMAIL:
            return f"Email: {self.user.email}"
        return "Not given"

    @property
    def pcn(self):
        return self.practice.parent if self.practice else None

    @property
    def preferred_modes(self):
        wanted = [("face_to_face", self.prefers_face_to_face), ("video", self.prefers_video)]
        return [mode for mode, yes in [*wanted, ("telephone", self.prefers_telephone)] if yes]
