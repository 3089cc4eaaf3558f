"""A mentorship's scheme is its mentee's and its mentor's; a career conversation's is its facilitator's.

PostgreSQL holds this with composite foreign keys on (person, scheme). SQLite (the first-look demo)
cannot add a foreign key to an existing table, so there the services alone keep it.
"""

from django.db import migrations

COMPOSITE_KEYS = [
    ("mentoring_mentee", "mentoring_mentee_id_scheme_unique", "mentoring_mentorship", "mentee_id"),
    ("mentoring_mentor", "mentoring_mentor_id_scheme_unique", "mentoring_mentorship", "mentor_id"),
    ("mentoring_mentor", "mentoring_mentor_id_scheme_unique", "mentoring_careerconversation", "facilitator_id"),
]


def add_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for person_table, unique_name in {(table, name) for table, name, _, _ in COMPOSITE_KEYS}:
        schema_editor.execute(f"ALTER TABLE {person_table} ADD CONSTRAINT {unique_name} UNIQUE (id, scheme_id)")
    for person_table, _, table, column in COMPOSITE_KEYS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_same_scheme "
            f"FOREIGN KEY ({column}, scheme_id) REFERENCES {person_table} (id, scheme_id)"
        )


def drop_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, _, table, column in COMPOSITE_KEYS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_{column}_same_scheme")
    for person_table, unique_name in {(table, name) for table, name, _, _ in COMPOSITE_KEYS}:
        schema_editor.execute(f"ALTER TABLE {person_table} DROP CONSTRAINT {unique_name}")


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0005_mentor_capacity_and_recovery_checks")]

    operations = [migrations.RunPython(add_keys, drop_keys)]
