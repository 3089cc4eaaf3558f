"""Writes that reach across every app: a person's data downloaded, erased, or past its retention."""

from django.db import transaction

from accounts.services import audit
from portal import subject_access

FORMATS = {"json": subject_access.export_json, "zip": subject_access.export_zip}


def subject_access_download(*, user, format):
    """Build the person's own data in one of FORMATS; the download itself is audited (no content)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    with transaction.atomic():
        content = FORMATS[format](user)
        audit(actor=user, action="subject_access.download", target=user, format=format)
    return content
