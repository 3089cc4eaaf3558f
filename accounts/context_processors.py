from accounts.permissions import ADMIN_ROLES, Role, roles_of


def navigation(request):
    """The header links each role needs, so base.html shows only what the user may open."""
    roles = roles_of(request.user)
    return {
        "nav_roles": roles,
        "nav_admin": request.user.is_authenticated and (request.user.is_superuser or bool(roles & ADMIN_ROLES)),
        "nav_reports": bool(roles & {Role.COMMISSIONER, Role.STAFF}),
    }
