"""The scheme's rules about mentors, each in one place, with the words a GP will see.

Forms call these to explain a problem next to the field; services call them again so that an
import, a command or a second browser tab cannot get round them.
"""

import datetime
import re

import phonenumbers
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from schemes.codes import MenteeRole

GMC_NUMBER = re.compile(r"^[0-9]{7}$")
PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")
TRAINING_MAX_YEARS = 2
CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_BYTES = 2 * 1024 * 1024
# What the first bytes of an allowed upload look like, whatever its name says.
FILE_SIGNATURES = {"pdf": [b"%PDF-"], "png": [b"\x89PNG\r\n\x1a\n"], "jpg": [b"\xff\xd8\xff"]}


def gmc_number_problem(value):
    if not GMC_NUMBER.fullmatch(value or ""):
        return "Enter your GMC reference number, which is 7 digits, like 1234567"
    return None


UK_COUNTRY_CODE = 44
PHONE_PROBLEM = "Enter a UK phone number, like 020 7946 0958, 07123 456789 or +44 113 496 0000"


def uk_phone_number(value):
    """The number written the way the UK reads it (national format, like 020 7946 0958), or None
    when it is not a real UK number (+44: Great Britain, Northern Ireland, the Channel Islands, Man)."""
    try:
        number = phonenumbers.parse((value or "").strip(), "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != UK_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_problem(value):
    return None if uk_phone_number(value) else PHONE_PROBLEM


def practice_code_problem(value):
    if not PRACTICE_CODE.fullmatch(value or ""):
        return "Enter your practice's ODS code: a capital letter and 5 digits, like A81001"
    return None


def clinical_sessions_problem(scheme, sessions):
    minimum = scheme.mentor_min_clinical_sessions
    if sessions is None:
        return "Enter how many clinical sessions you work a week, as a number, like 4"
    if sessions < minimum:
        return (
            f"To mentor on this scheme you need to work at least {minimum} clinical sessions a week, "
            f"as well as the mentoring session. You told us {sessions}."
        )
    return None


def mentee_role_problem(scheme, role):
    if role not in scheme.admitted_mentee_roles:
        admitted = ", ".join(str(MenteeRole(code).label) for code in scheme.admitted_mentee_roles)
        return f"{scheme.name} is open to: {admitted}"
    return None


def conflict_of_interest_problem(mentee, mentor):
    """No mentor from the mentee's own practice or PCN."""
    if mentee.practice_id and mentor.practice_id:
        if mentee.practice_id == mentor.practice_id:
            return "The mentor works at the mentee's own practice"
        if mentee.practice.parent_id and mentee.practice.parent_id == mentor.practice.parent_id:
            return "The mentor works in the mentee's own PCN"
    return None


def session_date_problem(mentorship, held_on, *, today=None):
    today = today or timezone.localdate()
    if held_on > today:
        return "The date of the session must be today or in the past"
    if held_on < mentorship.proposed_at.date():
        return (
            f"The date of the session must be on or after {mentorship.proposed_at:%-d %B %Y}, when the mentoring began"
        )
    return None


SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 1, 600


def session_minutes_problem(minutes):
    if minutes is None:
        return "Enter how long the session lasted in minutes, like 60"
    if not SESSION_MINUTES_MIN <= minutes <= SESSION_MINUTES_MAX:
        return (
            f"A session must last between {SESSION_MINUTES_MIN} and {SESSION_MINUTES_MAX} minutes "
            f"(10 hours). You entered {minutes}"
        )
    return None


def mode_preference_problem(mentee, mentor):
    """A mentee who asked for particular ways of meeting is matched only with a mentor offering one."""
    wanted = set(mentee.preferred_modes)
    if wanted and not wanted & set(mentor.modes):
        return "The mentor does not offer a way of meeting the mentee asked for"
    return None


def capacity_problem(scheme, capacity):
    low, high = scheme.mentor_capacity_min, scheme.mentor_capacity_max
    if capacity is None or not low <= capacity <= high:
        return f"Mentors on this scheme support between {low} and {high} mentees at once"
    return None


def training_dates_problem(started_on, expected_completion_on):
    if expected_completion_on < started_on:
        return "The expected completion date must be after the start date"
    if expected_completion_on > started_on + relativedelta(years=TRAINING_MAX_YEARS):
        return f"Training must be completed within {TRAINING_MAX_YEARS} years of the start date"
    return None


def upload_problem(upload, *, kinds, max_bytes, what):
    """Type by content, not just by name, and size, for certificates and photos."""
    extension = upload.name.rsplit(".", 1)[-1].lower()
    extension = "jpg" if extension == "jpeg" else extension
    if extension not in kinds:
        return f"The {what} must be a {' or '.join(kind.upper() for kind in kinds)} file"
    if upload.size > max_bytes:
        return f"The {what} must be smaller than {max_bytes // (1024 * 1024)} MB"
    start = upload.read(16)
    upload.seek(0)
    if not any(start.startswith(signature) for signature in FILE_SIGNATURES[extension]):
        return f"The {what} does not look like a {extension.upper()} file. Save it again and upload it"
    return None


def training_cost_to_recover(mentor, *, left_on, exempt):
    """A mentor who leaves within the scheme's minimum months of approval, without an exemption,
    may be asked to repay the training cost."""
    if exempt or mentor.approved_on is None:
        return None
    minimum_end = mentor.approved_on + relativedelta(months=mentor.scheme.mentor_min_months)
    return mentor.scheme.training_cost_per_mentor if left_on < minimum_end else None


def verification_recheck_due(verified_on):
    return verified_on + relativedelta(years=1)


# A follow-up survey about mentoring that ended long ago reaches someone who no longer expects it and
# answers from a faded memory. So a mentorship imported from a hub's history keeps its follow-up date
# only if the survey could still be sent: no older than the survey job's own limit on a due
# follow-up (settings.SURVEY_LINK_MAX_AGE_DAYS, 60 days unless set), one window for both. Older ones
# are recorded without a follow-up date, so nothing anywhere expects a follow-up for them.


def history_follow_up_due_on(scheme, ended_on, *, today=None):
    """When the follow-up survey of an imported completed mentorship is due, or None when that date
    passed more than SURVEY_LINK_MAX_AGE_DAYS before today (no follow-up is sent)."""
    today = today or timezone.localdate()
    due = ended_on + relativedelta(months=scheme.follow_up_months)
    if due <= today - datetime.timedelta(days=settings.SURVEY_LINK_MAX_AGE_DAYS):
        return None
    return due
