"""A response's scheme is required and is its mentee's: PostgreSQL holds that with a composite foreign key
on (mentee, scheme), as for mentorships (mentoring 0006). SQLite, the first-look demo, cannot add a
foreign key to an existing table, so there the services alone keep it."""

import django.db.models.deletion
from django.db import migrations, models


def add_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE surveys_response ADD CONSTRAINT surveys_response_mentee_id_same_scheme "
            "FOREIGN KEY (mentee_id, scheme_id) REFERENCES mentoring_mentee (id, scheme_id)"
        )


def drop_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE surveys_response DROP CONSTRAINT surveys_response_mentee_id_same_scheme")


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0006_scheme_matches_its_people"), ("surveys", "0005_response_scheme")]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="scheme",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schemes.scheme",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["scheme", "-started_at"], name="response_scheme_started"),
        ),
        migrations.RunPython(add_key, drop_key),
    ]
