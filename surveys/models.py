"""Questionnaires as versioned data: items, answer scales and a scoring rule, never hard-coded forms.

A response points at the exact version it answered, so a new version never rewrites what someone said.
A new version is a new Questionnaire row with the same code; exactly one version of a code is current.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Questionnaire(models.Model):
    class Scoring(models.TextChoices):
        SUM_WITH_REVERSALS = "sum_with_reversals", "Sum of the scale items, some reverse scored"
        SINGLE_VALUE = "single_value", "The value of its one scale item"
        NONE = "none", "Not scored"

    class Banding(models.TextChoices):
        NONE = "", "No bands"
        STRESS = "stress", "Stress bands at the scheme's thresholds"

    code = models.SlugField(max_length=40, help_text="The same for every version, e.g. pss10")
    version = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False, help_text="New responses start on the current version.")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    citation = models.TextField(blank=True)
    scoring = models.CharField(max_length=30, choices=Scoring.choices, default=Scoring.NONE)
    banding = models.CharField(max_length=20, choices=Banding.choices, blank=True, default=Banding.NONE)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_once"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="questionnaire_one_current_version"
            ),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"


class Item(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", "A number on a scale"
        CHOICE = "choice", "One of several choices"
        MULTI_CHOICE = "multi_choice", "Any of several choices"
        FREE_TEXT = "free_text", "Free text"
        YES_NO = "yes_no", "Yes or no"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40, help_text="What reports look the item up by, across versions.")
    text = models.TextField()
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reversed = models.BooleanField("reverse scored", default=False)
    # Scale items: {"min": 0, "max": 4, "labels": {"0": "Never", ...}} (a label per value, or only some).
    scale = models.JSONField(default=dict, blank=True)
    # Choice items: [["code", "Label"], ...]
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="item_number_once"),
            models.UniqueConstraint(fields=["questionnaire", "code"], name="item_code_once"),
            models.CheckConstraint(condition=~Q(reversed=True) | Q(kind="scale"), name="item_only_scales_reverse"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def scale_values(self):
        return range(self.scale["min"], self.scale["max"] + 1)

    def options(self):
        """Every answer a person may pick, as (value, label)."""
        if self.kind == self.Kind.SCALE:
            labels = self.scale.get("labels", {})
            return [(value, labels.get(str(value), str(value))) for value in self.scale_values]
        if self.kind == self.Kind.YES_NO:
            return [(True, "Yes"), (False, "No")]
        return [(code, label) for code, label in self.choices]

    def label_of(self, value):
        """An answer as a person reads it."""
        if value in (None, "", []):
            return ""
        if self.kind == self.Kind.FREE_TEXT:
            return value
        labels = dict(self.options())
        if self.kind == self.Kind.MULTI_CHOICE:
            return ", ".join(labels.get(code, code) for code in value)
        return labels.get(value, str(value))


class Response(models.Model):
    class Band(models.TextChoices):
        NONE = "", "No band"
        LOW = "low", "Low"
        MODERATE = "moderate", "Moderate"
        HIGH = "high", "High"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    # Copied from the questionnaire so the database can hold one live response per mentee per code, whatever
    # the version.
    code = models.SlugField(max_length=40, editable=False)
    mentee = models.ForeignKey("mentoring.Mentee", on_delete=models.PROTECT, related_name="responses")
    # Copied from the mentee, so a scheme's responses are read by index rather than through its mentees;
    # PostgreSQL holds that it is the mentee's (a composite foreign key, migration 0006).
    scheme = models.ForeignKey(
        "schemes.Scheme", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    mentorship = models.ForeignKey(
        "mentoring.Mentorship", null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=20, choices=Band.choices, blank=True, default=Band.NONE)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["scheme", "-started_at"], name="response_scheme_started")]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee", "code"], condition=Q(voided_at__isnull=True), name="response_one_live_per_code"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name="response_void_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=False) | (Q(score__isnull=True) & Q(band="")),
                name="response_scored_only_when_completed",
            ),
        ]

    def __str__(self):
        return f"{self.questionnaire} by {self.mentee}"

    @property
    def is_completed(self):
        return self.completed_at is not None

    @property
    def is_voided(self):
        return self.voided_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    class Meta:
        ordering = ["response", "item__number"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item")]

    def __str__(self):
        return f"Answer to {self.item.number}"


class SupportPage(models.Model):
    """Where a mentee whose stress score is high can get help now, in the scheme's own words."""

    scheme = models.OneToOneField("schemes.Scheme", on_delete=models.CASCADE, related_name="support_page")
    heading = models.CharField(max_length=200, default="Support is available now")
    body = models.TextField(
        help_text="Plain text. Blank lines separate paragraphs; web addresses become links.",
    )

    def __str__(self):
        return f"Support page of {self.scheme}"


from surveys.dispatch_models import EmailKind, EmailTemplate, StaffDigest, SurveyDispatch  # noqa: E402, F401
