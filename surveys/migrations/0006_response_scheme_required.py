import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_response_scheme")]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="scheme",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="schemes.scheme"
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["scheme", "-started_at"], name="response_scheme_started"),
        ),
    ]
