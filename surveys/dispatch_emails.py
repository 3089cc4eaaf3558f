"""The wording of each automated email: the defaults every scheme starts with, the placeholders each may
use (checked when staff save a template), and filling them in."""

import string

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.services import audit
from surveys.dispatch_models import EmailKind, EmailTemplate

COMMON = ("first_name", "scheme", "link")
PLACEHOLDERS = {
    EmailKind.FOLLOW_UP: (*COMMON, "expires_on"),
    EmailKind.FOLLOW_UP_REMINDER: (*COMMON, "expires_on"),
    EmailKind.FINAL_REVIEW: (*COMMON, "expires_on"),
    EmailKind.STRESS_REMINDER: COMMON,
    EmailKind.PROPOSAL_REMINDER: (*COMMON, "days_left"),
    EmailKind.STAFF_DIGEST: (*COMMON, "summary"),
}
REQUIRED = ("link",)

DEFAULTS = {
    EmailKind.FOLLOW_UP: (
        "How has mentoring helped you? A short survey from {scheme}",
        "Dear {first_name},\n\n"
        "Three months ago your mentoring with {scheme} came to an end. We would like to know what difference "
        "it has made. The survey takes about five minutes and you do not need to sign in:\n\n{link}\n\n"
        "The link works once, until {expires_on}.\n\nThank you,\n{scheme}\n",
    ),
    EmailKind.FOLLOW_UP_REMINDER: (
        "Reminder: a short survey about your mentoring with {scheme}",
        "Dear {first_name},\n\n"
        "A fortnight ago we asked how mentoring has helped you. If you have a few minutes, the survey is "
        "here (no need to sign in):\n\n{link}\n\nThe link works once, until {expires_on}. This is the only "
        "reminder we will send.\n\nThank you,\n{scheme}\n",
    ),
    EmailKind.FINAL_REVIEW: (
        "Your final mentoring review with {scheme}",
        "Dear {first_name},\n\n"
        "Your mentoring has come to an end. Please tell us which of your reasons for mentoring were addressed "
        "and how your work-life balance is now. You do not need to sign in:\n\n{link}\n\n"
        "The link works once, until {expires_on}.\n\nThank you,\n{scheme}\n",
    ),
    EmailKind.STRESS_REMINDER: (
        "Please answer the questionnaire before your mentoring starts",
        "Dear {first_name},\n\n"
        "Thank you for registering for mentoring with {scheme}. Before your first session, please answer the "
        "short stress questionnaire. Sign in to answer it:\n\n{link}\n\n{scheme}\n",
    ),
    EmailKind.PROPOSAL_REMINDER: (
        "A mentee is waiting for your answer",
        "Dear {first_name},\n\n"
        "{scheme} proposed a mentee for you and is waiting for your answer. You have {days_left} days left to "
        "accept or decline. Sign in to answer:\n\n{link}\n\n{scheme}\n",
    ),
    EmailKind.STAFF_DIGEST: (
        "This week in {scheme}",
        "Dear {first_name},\n\nWhat needs the scheme team's attention this week:\n\n{summary}\n\n"
        "Sign in to the admin to see who:\n\n{link}\n",
    ),
}


def placeholder_problems(kind, text):
    """Why this text cannot be a template for this kind of email, as messages; [] when it can."""
    allowed = PLACEHOLDERS[kind]
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["Write placeholders in single braces, such as {first_name}, and close every brace"]
    problems = []
    for name in names:
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            listed = ", ".join("{" + each + "}" for each in allowed)
            problems.append(f"{shown} is not a placeholder this email can use. Use {listed}")
    return problems


def template_problems(kind, subject, body):
    """{field: [messages]} for a template that would not work; {} when it would."""
    problems = {}
    if subject_problems := placeholder_problems(kind, subject):
        problems["subject"] = subject_problems
    body_problems = placeholder_problems(kind, body)
    for required in REQUIRED:
        if not body_problems and "{" + required + "}" not in body:
            body_problems.append(f"The email must include {{{required}}}")
    if body_problems:
        problems["body"] = body_problems
    return problems


def check_template(kind, subject, body):
    if problems := template_problems(kind, subject, body):
        raise ValidationError(problems)


def email_template_update(*, template, by, **changes):
    """Staff change a scheme's wording or switch an email off; the placeholders are checked again here."""
    refused = sorted(set(changes) - {"is_enabled", "subject", "body"})
    if refused:
        raise TypeError(f"An email template update cannot set: {', '.join(refused)}")
    with transaction.atomic():
        template = EmailTemplate.objects.select_for_update().get(pk=template.pk)
        for name, value in changes.items():
            setattr(template, name, value)
        check_template(template.kind, template.subject, template.body)
        template.save(update_fields=sorted(changes))
        audit(actor=by, action="emailtemplate.change", target=template, scheme=template.scheme, fields=sorted(changes))
    return template


def templates_for(scheme_ids):
    """{(scheme id, kind): EmailTemplate} for the schemes given, in one query."""
    rows = EmailTemplate.objects.filter(scheme_id__in=scheme_ids)
    return {(row.scheme_id, row.kind): row for row in rows}


def wording(template, kind):
    """(subject, body, enabled) of a scheme's template, else the default (sent)."""
    if template is None or template_problems(kind, template.subject, template.body):
        subject, body = DEFAULTS[kind]
        return subject, body, template.is_enabled if template else True
    return template.subject, template.body, template.is_enabled


def fill(text, values):
    return text.format_map(values)


def on_scheme_saved(sender, instance, created, raw=False, **kwargs):
    """A new scheme starts with the default wording of every automated email, switched on."""
    if created and not raw:
        EmailTemplate.objects.bulk_create(
            [
                EmailTemplate(scheme=instance, kind=kind, subject=subject, body=body)
                for kind, (subject, body) in DEFAULTS.items()
            ],
            ignore_conflicts=True,
        )
