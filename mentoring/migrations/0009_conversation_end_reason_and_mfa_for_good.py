from django.db import migrations, models

MFA_MEMBERSHIP_ROLES = ["staff", "claims_approver", "commissioner"]
APPROVED_MENTOR = ["in_training", "active", "paused", "left"]


def mark_accounts_that_held_an_mfa_role(apps, schema_editor):
    """Everyone who holds or held a role needing two-step sign-in keeps needing it."""
    User = apps.get_model("accounts", "User")
    Mentor = apps.get_model("mentoring", "Mentor")
    SchemeMembership = apps.get_model("schemes", "SchemeMembership")
    User.objects.filter(is_superuser=True).update(mfa_required=True)
    User.objects.filter(
        pk__in=SchemeMembership.objects.filter(role__in=MFA_MEMBERSHIP_ROLES).values("user_id")
    ).update(mfa_required=True)
    User.objects.filter(pk__in=Mentor.objects.filter(status__in=APPROVED_MENTOR).values("user_id")).update(
        mfa_required=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0008_mentee_name_contact_and_other_reason"),
        ("accounts", "0005_user_mfa_required_for_good"),
        ("schemes", "0003_session_topics"),
    ]

    operations = [
        migrations.AddField(
            model_name="careerconversation",
            name="end_reason",
            field=models.TextField(blank=True, verbose_name="why it was withdrawn"),
        ),
        migrations.RunPython(mark_accounts_that_held_an_mfa_role, migrations.RunPython.noop),
    ]
