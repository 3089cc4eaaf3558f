import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from mentoring.codes import AgeBand, Ethnicity, Gender, MentorRole


def private_name(folder, filename):
    """Uploads get random names and are served only through views that check who is asking."""
    return f"{folder}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def photo_upload_to(instance, filename):
    return private_name("mentor-photos", filename)


class FocusArea(models.Model):
    """What a mentor specialises in (reference data: mentoring.codes.FocusAreaCode)."""

    code = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class Mentor(models.Model):
    """A GP who applies to mentor in one scheme, and their record once approved.

    One record per person per scheme: a rejected applicant reapplies by reopening it, so the
    history stays in one place (status changes are in the audit trail).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Application not yet sent"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Not approved"
        IN_TRAINING = "in_training", "Approved, in training"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        LEFT = "left", "Left"

    ON_SCHEME = (Status.IN_TRAINING, Status.ACTIVE, Status.PAUSED)
    # Who reaches their mentees, the shared answers and their career conversations: a mentor on the scheme
    # and not paused. A paused mentor keeps their role (and MFA) and their own profile, and reaches the
    # people again once staff make them active; a mentor who left reaches nothing (docs/architecture.md).
    REACHES_MENTEES = (Status.IN_TRAINING, Status.ACTIVE)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_records")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentors")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    # The application
    phone = models.CharField(max_length=30, blank=True)
    gmc_number = models.CharField("GMC reference number", max_length=7, blank=True)
    practice = models.ForeignKey(
        "schemes.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentors",
        limit_choices_to={"kind": "practice"},
    )
    role = models.CharField(max_length=20, choices=MentorRole.choices, blank=True)
    clinical_sessions_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    intends_extra_session = models.BooleanField("intends one more weekly session for mentoring", default=False)
    declares_gmc_licence = models.BooleanField(default=False)
    declares_performers_list = models.BooleanField(default=False)
    declares_no_suspension = models.BooleanField(default=False)
    experience = models.JSONField(default=list, blank=True, help_text="mentoring.codes.Experience codes")
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="mentors")
    motivation = models.TextField(blank=True)
    has_mentoring_qualification = models.BooleanField(null=True, blank=True)
    qualification = models.CharField("mentoring qualification", max_length=200, blank=True)
    training_needed = models.TextField(blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    ethnicity = models.CharField(max_length=1, choices=Ethnicity.choices, blank=True)

    # The directory biography, published only with the mentor's explicit consent
    bio_about = models.TextField("about me", blank=True)
    bio_why = models.TextField("why I became a mentor", blank=True)
    bio_availability = models.TextField("days and times that suit me", blank=True)
    bio_contact = models.TextField("contact preferences", blank=True)
    photo = models.ImageField(
        upload_to=photo_upload_to, blank=True, validators=[FileExtensionValidator(["jpg", "jpeg", "png"])]
    )
    bio_published = models.BooleanField("consents to publish the biography", default=False)
    # A mentor who edits their biography takes it out of the directory until staff have read the change.
    bio_awaiting_review = models.BooleanField("biography change waiting for review", default=False)

    # How they mentor
    capacity = models.PositiveSmallIntegerField(
        "mentees at once", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    offers_face_to_face = models.BooleanField(default=False)
    offers_video = models.BooleanField(default=False)
    offers_telephone = models.BooleanField(default=False)
    languages = models.CharField(max_length=200, blank=True, default="English")

    # Decisions
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_feedback = models.TextField(blank=True)
    reapply_from = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    leave_reason = models.TextField(blank=True)
    leave_exempt = models.BooleanField("exempt from repaying training", default=False)
    training_cost_to_recover = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "scheme"], name="mentor_once_per_scheme"),
            models.UniqueConstraint(
                fields=["scheme", "gmc_number"], condition=~Q(gmc_number=""), name="mentor_gmc_number_once_per_scheme"
            ),
            models.CheckConstraint(
                condition=Q(gmc_number="") | Q(gmc_number__regex=r"^[0-9]{7}$"), name="mentor_gmc_number_7_digits"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_training", "active", "paused", "left"]) | Q(approved_on__isnull=False),
                name="mentor_approved_has_date",
            ),
            models.CheckConstraint(condition=~Q(status="left") | Q(left_on__isnull=False), name="mentor_left_has_date"),
            # The scheme's own range is checked by the services; no mentor takes no mentees or dozens.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, capacity__lte=50), name="mentor_capacity_sane"
            ),
            models.CheckConstraint(
                condition=Q(training_cost_to_recover__isnull=True) | Q(training_cost_to_recover__gte=0),
                name="mentor_training_cost_to_recover_not_negative",
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def pcn(self):
        return self.practice.parent if self.practice else None

    @property
    def modes(self):
        offered = [("face_to_face", self.offers_face_to_face), ("video", self.offers_video)]
        return [mode for mode, offers in [*offered, ("telephone", self.offers_telephone)] if offers]


class EligibilityCheck(models.Model):
    """Staff's verification of one eligibility item, with a date by which it must be checked again."""

    class Item(models.TextChoices):
        GMC_LICENCE = "gmc_licence", "Full GMC registration with a licence to practise"
        PERFORMERS_LIST = "performers_list", "On the National Medical Performers List"
        NO_SUSPENSION = "no_suspension", "Not under interim suspension (section 41A, Medical Act 1983)"
        CLINICAL_SESSIONS = "clinical_sessions", "Works the scheme's minimum clinical sessions a week"
        QUALIFICATION = "qualification", "Mentoring qualification (ILM5 or equivalent), or training planned"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="eligibility_checks")
    item = models.CharField(max_length=30, choices=Item.choices)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(default=timezone.now)
    recheck_due = models.DateField()

    class Meta:
        ordering = ["item"]
        constraints = [models.UniqueConstraint(fields=["mentor", "item"], name="eligibility_check_once_per_item")]

    def __str__(self):
        return self.get_item_display()
