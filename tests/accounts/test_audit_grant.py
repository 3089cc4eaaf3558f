"""The grant docs/security.md gives the application's database role in production: audit rows can be
written and read, never changed or deleted. Shown on the real PostgreSQL, with a role made for the test
(roles are made inside the test's transaction, so nothing outlives it)."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import AuditEvent
from accounts.services import audit

ROLE = "mentoring_app_audit_check"
GRANTS = [
    f"CREATE ROLE {ROLE} NOLOGIN",
    f"REVOKE ALL ON accounts_auditevent FROM {ROLE}",
    f"GRANT SELECT, INSERT ON accounts_auditevent TO {ROLE}",
    f"GRANT USAGE ON SEQUENCE accounts_auditevent_id_seq TO {ROLE}",
]


@pytest.mark.django_db
def test_the_application_role_writes_and_reads_audit_rows_but_cannot_change_or_delete_them(staff):
    row = audit(actor=staff, action="check.grant", target=staff)
    with connection.cursor() as cursor:
        for statement in GRANTS:
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {ROLE}")

        cursor.execute(
            "INSERT INTO accounts_auditevent (at, action, target_type, target_id, detail) "
            "VALUES (now(), 'check.insert', 'accounts.user', '1', '{}')"
        )
        cursor.execute("SELECT count(*) FROM accounts_auditevent WHERE action LIKE 'check.%%'")
        assert cursor.fetchone() == (2,)
        for change in (
            "UPDATE accounts_auditevent SET action = 'edited' WHERE id = %s",
            "DELETE FROM accounts_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                cursor.execute(change, [row.pk])
        cursor.execute("RESET ROLE")

    assert AuditEvent.objects.get(pk=row.pk).action == "check.grant"
