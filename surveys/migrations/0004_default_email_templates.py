"""Every scheme starts with the default wording of each automated email, switched on. Schemes made later
use the same defaults until staff write their own."""

from django.db import migrations

DEFAULTS = {
    "follow_up": (
        "How has mentoring helped you? A short survey from {scheme}",
        "Dear {first_name},\n\n"
        "Three months ago your mentoring with {scheme} came to an end. We would like to know what difference "
        "it has made. The survey takes about five minutes and you do not need to sign in:\n\n{link}\n\n"
        "The link works once, until {expires_on}.\n\nThank you,\n{scheme}\n",
    ),
    "follow_up_reminder": (
        "Reminder: a short survey about your mentoring with {scheme}",
        "Dear {first_name},\n\n"
        "A fortnight ago we asked how mentoring has helped you. If you have a few minutes, the survey is "
        "here (no need to sign in):\n\n{link}\n\nThe link works once, until {expires_on}. This is the only "
        "reminder we will send.\n\nThank you,\n{scheme}\n",
    ),
    "final_review": (
        "Your final mentoring review with {scheme}",
        "Dear {first_name},\n\n"
        "Your mentoring has come to an end. Please tell us which of your reasons for mentoring were addressed "
        "and how your work-life balance is now. You do not need to sign in:\n\n{link}\n\n"
        "The link works once, until {expires_on}.\n\nThank you,\n{scheme}\n",
    ),
    "stress_reminder": (
        "Please answer the questionnaire before your mentoring starts",
        "Dear {first_name},\n\n"
        "Thank you for registering for mentoring with {scheme}. Before your first session, please answer the "
        "short stress questionnaire. Sign in to answer it:\n\n{link}\n\n{scheme}\n",
    ),
    "proposal_reminder": (
        "A mentee is waiting for your answer",
        "Dear {first_name},\n\n"
        "{scheme} proposed a mentee for you and is waiting for your answer. You have {days_left} days left to "
        "accept or decline. Sign in to answer:\n\n{link}\n\n{scheme}\n",
    ),
    "staff_digest": (
        "This week in {scheme}",
        "Dear {first_name},\n\nWhat needs the scheme team's attention this week:\n\n{summary}\n\n"
        "Sign in to the admin to see who:\n\n{link}\n",
    ),
}


def add_defaults(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    EmailTemplate = apps.get_model("surveys", "EmailTemplate")
    EmailTemplate.objects.bulk_create(
        [
            EmailTemplate(scheme=scheme, kind=kind, subject=subject, body=body, is_enabled=True)
            for scheme in Scheme.objects.all()
            for kind, (subject, body) in DEFAULTS.items()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_survey_dispatch_and_email_templates")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
