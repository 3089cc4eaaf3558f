"""Who may do what: the roles, the permissions each grants, and how a view declares its access.

Scheme staff, claims approvers and commissioners hold a SchemeMembership per scheme; which schemes a
permission reaches is answered next to the memberships, in schemes.permissions. Mentors and mentees
are people with a mentor or mentee record (mentoring registers those roles here); their rights are
over their own records and are checked against those records where they are read.
"""

import enum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Scheme staff"
    CLAIMS_APPROVER = "claims_approver", "Claims approver"
    COMMISSIONER = "commissioner", "Commissioner"
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


MEMBERSHIP_ROLES = (Role.STAFF, Role.CLAIMS_APPROVER, Role.COMMISSIONER)
ADMIN_ROLES = frozenset({Role.STAFF, Role.CLAIMS_APPROVER})
# NHS England's MFA policy: everyone who can see other people's data signs in with two factors.
MFA_REQUIRED_ROLES = frozenset({Role.STAFF, Role.CLAIMS_APPROVER, Role.COMMISSIONER, Role.MENTOR})


class Permission(enum.StrEnum):
    SCHEME_VIEW = "scheme_view"
    SCHEME_EDIT = "scheme_edit"
    MENTOR_MANAGE = "mentor_manage"
    MENTEE_MANAGE = "mentee_manage"
    CLAIM_VIEW = "claim_view"
    CLAIM_APPROVE = "claim_approve"
    CLAIM_BATCH = "claim_batch"
    REPORT_VIEW = "report_view"
    # Exact report figures, before disclosure control: the scheme's own staff only.
    REPORT_UNSUPPRESSED = "report_unsuppressed"


ROLE_PERMISSIONS = {
    Role.STAFF: frozenset(
        {
            Permission.SCHEME_VIEW,
            Permission.SCHEME_EDIT,
            Permission.MENTOR_MANAGE,
            Permission.MENTEE_MANAGE,
            Permission.CLAIM_VIEW,
            Permission.CLAIM_BATCH,
            Permission.REPORT_VIEW,
            Permission.REPORT_UNSUPPRESSED,
        }
    ),
    Role.CLAIMS_APPROVER: frozenset({Permission.SCHEME_VIEW, Permission.CLAIM_VIEW, Permission.CLAIM_APPROVE}),
    Role.COMMISSIONER: frozenset({Permission.SCHEME_VIEW, Permission.REPORT_VIEW}),
}


# Who holds which role is answered by the apps that keep the records: schemes for memberships,
# mentoring for mentors and mentees. Each registers a source when its app is ready.
_role_sources = []


def register_role_source(source):
    """`source(user)` returns a values_list query of role codes, one column, unordered: the roles the
    user holds through the records of the app that registers it."""
    if source not in _role_sources:
        _role_sources.append(source)


def roles_of(user):
    """Every role the user holds in any scheme, worked out once per request, in one query."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_roles"):
        queries = [source(user).order_by() for source in _role_sources]
        # SQLite refuses ORDER BY inside a UNION, hence the bare order_by().
        held = queries[0].union(*queries[1:]) if queries else []
        user._roles = frozenset(Role(role) for role in held)
    return user._roles


def requires_mfa(user):
    """Whether the user must sign in with two factors: for a role they hold now, or one they ever held."""
    return user.is_authenticated and (
        user.is_superuser or user.mfa_required or bool(roles_of(user) & MFA_REQUIRED_ROLES)
    )


def holds_permission(user, permission):
    """Whether the user holds the permission in at least one scheme (which ones: schemes.permissions)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or any(permission in ROLE_PERMISSIONS.get(role, ()) for role in roles_of(user))


# Every view declares who may use it; tests/accounts/test_view_access.py checks that none forgot.


def public(view):
    view.access = "public"
    return view


def require_login(view):
    wrapped = login_required(view)
    wrapped.access = "login"
    return wrapped


def require_permission(permission):
    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not holds_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = permission
        return wrapped

    return decorator
