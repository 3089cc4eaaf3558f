"""Each response names its mentee's scheme (filled in here; required from the next migration, once
the deferred foreign-key checks of this one have run). Code that makes responses without a scheme fails
once the next migration has run: deploy the code first, then migrate, as every release does."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_scheme_from_mentee(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    Mentee = apps.get_model("mentoring", "Mentee")
    Response.objects.filter(scheme__isnull=True).update(
        scheme_id=Subquery(Mentee.objects.filter(pk=OuterRef("mentee_id")).values("scheme_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0004_sessions_and_conversations"),
        ("schemes", "0003_session_topics"),
        ("surveys", "0004_default_email_templates"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="scheme",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schemes.scheme",
            ),
        ),
        migrations.RunPython(copy_scheme_from_mentee, migrations.RunPython.noop),
    ]
