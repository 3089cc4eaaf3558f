"""Which schemes a permission reaches for a user: read from their scheme memberships."""

from accounts.permissions import ROLE_PERMISSIONS, Permission, register_role_source
from schemes.models import Scheme, SchemeMembership


def membership_roles(user):
    """The roles a user holds through scheme memberships (a source for accounts.permissions.roles_of)."""
    return SchemeMembership.objects.filter(user=user).values_list("role", flat=True)


def schemes_with_permission(user, permission):
    """The schemes in which the user holds a role granting the permission."""
    if not (user.is_authenticated and user.is_active):
        return Scheme.objects.none()
    if user.is_superuser:
        return Scheme.objects.all()
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    return Scheme.objects.filter(pk__in=user.scheme_memberships.filter(role__in=roles).values("scheme_id"))


def scheme_ids_by_permission(user):
    """{permission: [scheme ids]} for every permission the user holds in some scheme, from one query:
    what a page that asks about many permissions (the admin's menu) reads instead of one query each."""
    if not (user.is_authenticated and user.is_active):
        return {}
    if user.is_superuser:
        every = list(Scheme.objects.values_list("pk", flat=True))
        return dict.fromkeys(Permission, every)
    granted = {}
    for scheme_id, role in user.scheme_memberships.values_list("scheme_id", "role"):
        for permission in ROLE_PERMISSIONS.get(role, ()):
            granted.setdefault(permission, []).append(scheme_id)
    return granted


def has_permission(user, permission, *, scheme=None):
    schemes = schemes_with_permission(user, permission)
    if scheme is not None:
        schemes = schemes.filter(pk=scheme.pk)
    return schemes.exists()


def register():
    register_role_source(membership_roles)
