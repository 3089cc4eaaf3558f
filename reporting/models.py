from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class GeneratedReport(models.Model):
    """A quarterly report generated for one or more schemes, kept so it can be downloaded again.

    The published tables (what the page shows), the PDF and the XLSX are stored as made, so every
    download of a report is the same document, whatever has been logged since.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being generated"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be generated"

    schemes = models.ManyToManyField("schemes.Scheme", related_name="generated_reports")
    all_schemes = models.BooleanField("every scheme the requester holds", default=False)
    period = models.CharField(max_length=10, help_text="A quarter, like 2025/26-Q2")
    unsuppressed = models.BooleanField("exact figures, not for publication", default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    tables = models.JSONField(default=list, blank=True)
    charts = models.JSONField(default=dict, blank=True, help_text="SVG of each table's chart, by table key")
    pdf = models.BinaryField(blank=True, default=b"")
    xlsx = models.BinaryField(blank=True, default=b"")

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100), name="report_progress_percent"),
            models.CheckConstraint(
                condition=Q(period__regex=r"^[0-9]{4}/[0-9]{2}-Q[1-4]$"), name="report_period_quarter"
            ),
        ]

    def __str__(self):
        return f"Quarterly report {self.period}: {self.title or self.pk}"

    @property
    def is_finished(self):
        return self.status in (self.Status.READY, self.Status.FAILED)
