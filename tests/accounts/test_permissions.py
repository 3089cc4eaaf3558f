import pytest

from accounts.permissions import Permission, Role, requires_mfa, roles_of
from schemes.permissions import has_permission, schemes_with_permission


@pytest.mark.django_db
def test_each_named_person_holds_their_role(staff, approver, commissioner, mentor, mentee, outsider):
    assert roles_of(staff) == {Role.STAFF}
    assert roles_of(approver) == {Role.CLAIMS_APPROVER}
    assert roles_of(commissioner) == {Role.COMMISSIONER}
    assert roles_of(mentor) == {Role.MENTOR}
    assert roles_of(mentee) == {Role.MENTEE}
    assert roles_of(outsider) == set()


@pytest.mark.django_db
def test_mfa_is_required_of_everyone_who_sees_others_data(staff, approver, commissioner, mentor, mentee, outsider):
    assert all(requires_mfa(user) for user in (staff, approver, commissioner, mentor))
    assert not requires_mfa(mentee)
    assert not requires_mfa(outsider)


@pytest.mark.django_db
def test_staff_see_only_their_own_scheme(staff, scheme, other_scheme):
    assert list(schemes_with_permission(staff, Permission.SCHEME_EDIT)) == [scheme]
    assert has_permission(staff, Permission.MENTOR_MANAGE, scheme=scheme)
    assert not has_permission(staff, Permission.MENTOR_MANAGE, scheme=other_scheme)


@pytest.mark.django_db
def test_approver_approves_claims_but_does_not_manage_mentors(approver, scheme):
    assert has_permission(approver, Permission.CLAIM_APPROVE, scheme=scheme)
    assert not has_permission(approver, Permission.MENTOR_MANAGE, scheme=scheme)


@pytest.mark.django_db
def test_commissioner_sees_reports_and_nothing_personal(commissioner, scheme):
    assert has_permission(commissioner, Permission.REPORT_VIEW, scheme=scheme)
    assert not has_permission(commissioner, Permission.MENTEE_MANAGE, scheme=scheme)
    assert not has_permission(commissioner, Permission.CLAIM_VIEW, scheme=scheme)


@pytest.mark.django_db
def test_superuser_sees_every_scheme(superuser, scheme, other_scheme):
    assert set(schemes_with_permission(superuser, Permission.SCHEME_EDIT)) == {scheme, other_scheme}


@pytest.mark.django_db
def test_inactive_user_has_no_rights(staff):
    staff.is_active = False

    assert not has_permission(staff, Permission.SCHEME_VIEW)


@pytest.mark.django_db
def test_admin_access_follows_roles(staff, approver, commissioner, mentor, mentee, superuser):
    assert staff.is_staff and approver.is_staff and superuser.is_staff
    assert not (commissioner.is_staff or mentor.is_staff or mentee.is_staff)
