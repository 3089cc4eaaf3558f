"""The signed link in a survey email: it names one dispatch row, nothing about the person, and expires.

Single use is held by the row (answered_at), not by the token, so a token copied before it was used is
refused afterwards too."""

import functools
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "surveys.dispatch-link"


def link_max_age():
    return timedelta(days=settings.SURVEY_LINK_MAX_AGE_DAYS)


def token_for(dispatch_id):
    return signing.dumps({"d": dispatch_id}, salt=SALT, compress=False)


def dispatch_id_from(token):
    """The dispatch id the token was made for, or None if it is altered, expired or not ours."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=link_max_age())
    except signing.BadSignature:  # includes SignatureExpired
        return None
    dispatch_id = payload.get("d") if isinstance(payload, dict) else None
    return dispatch_id if isinstance(dispatch_id, int) else None


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


PLACE = "TOKEN"


@functools.cache
def _link_pattern(site_url):
    """The link with a placeholder for the token: reversing a URL costs more than signing, so once."""
    return site_url.rstrip("/") + reverse("surveys:link", args=[PLACE])


def link_for(dispatch_id):
    return _link_pattern(settings.SITE_URL).replace(PLACE, token_for(dispatch_id))
