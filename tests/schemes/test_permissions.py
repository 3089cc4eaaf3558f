import pytest

from accounts.permissions import Permission, Role
from schemes.permissions import scheme_ids_by_permission, schemes_with_permission
from tests.factories.schemes import SchemeFactory, SchemeMembershipFactory


@pytest.mark.django_db
def test_the_one_query_answer_agrees_with_asking_permission_by_permission(staff, approver, commissioner, superuser):
    third = SchemeFactory(name="Third scheme")
    SchemeMembershipFactory(scheme=third, user=staff, role=Role.COMMISSIONER)

    for user in (staff, approver, commissioner, superuser):
        granted = scheme_ids_by_permission(user)
        for permission in Permission:
            expected = set(schemes_with_permission(user, permission).values_list("pk", flat=True))
            assert set(granted.get(permission, [])) == expected, (user.email, permission)
