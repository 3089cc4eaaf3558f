from django.conf import settings
from django.db import models
from django.utils import timezone


class Mentee(models.Model):
    """A person registered for mentoring in one scheme. Registration and questionnaires build on this."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_records")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="mentees")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at"]

    def __str__(self):
        return str(self.user)
