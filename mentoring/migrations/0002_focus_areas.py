from django.db import migrations

FOCUS_AREAS = [
    ("leadership", "Leadership"),
    ("career_progression", "Career progression"),
    ("career_planning", "Career planning"),
    ("wellbeing", "Wellbeing"),
    ("partnership", "Partnership"),
    ("portfolio_career", "Portfolio career"),
    ("education", "Education"),
    ("returning_to_practice", "Returning to practice"),
    ("new_to_practice", "New to practice"),
]


def add_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("mentoring", "FocusArea")
    for code, label in FOCUS_AREAS:
        FocusArea.objects.update_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(add_focus_areas, migrations.RunPython.noop)]
