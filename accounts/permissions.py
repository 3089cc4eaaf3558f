"""Who may do what: the one place that answers "which schemes may this user see, in which role".

Scheme staff, claims approvers and commissioners hold a SchemeMembership per scheme. Mentors and
mentees are people with a mentor or mentee record; their rights are over their own records and are
checked against those records where they are read.
"""

import enum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Value


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


def roles_of(user):
    """Every role the user holds in any scheme, worked out once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_roles"):
        from mentoring.models import Mentee, Mentor
        from schemes.models import SchemeMembership

        # One query; SQLite refuses ORDER BY inside a UNION, hence the bare order_by().
        # An applicant is not a mentor yet: the role (and its MFA) starts on approval and ends on leaving.
        mentors = Mentor.objects.filter(user=user, status__in=Mentor.ON_SCHEME)
        mentor = mentors.annotate(held=Value(Role.MENTOR)).values_list("held", flat=True)
        mentee = Mentee.objects.filter(user=user).annotate(held=Value(Role.MENTEE)).values_list("held", flat=True)
        held = (
            SchemeMembership.objects.filter(user=user)
            .values_list("role", flat=True)
            .order_by()
            .union(mentor.order_by(), mentee.order_by())
        )
        user._roles = frozenset(Role(role) for role in held)
    return user._roles


def requires_mfa(user):
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user) & MFA_REQUIRED_ROLES))


def schemes_with_permission(user, permission):
    """The schemes in which the user holds a role granting the permission."""
    from schemes.models import Scheme

    if not (user.is_authenticated and user.is_active):
        return Scheme.objects.none()
    if user.is_superuser:
        return Scheme.objects.all()
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    return Scheme.objects.filter(pk__in=user.scheme_memberships.filter(role__in=roles).values("scheme_id"))


def directory_schemes(user):
    """Schemes whose mentor directory the user may browse: as staff, a mentee or a mentor there."""
    from mentoring.models import Mentee, Mentor
    from schemes.models import Scheme

    if not (user.is_authenticated and user.is_active):
        return Scheme.objects.none()
    return (
        schemes_with_permission(user, Permission.MENTOR_MANAGE)
        | Scheme.objects.filter(pk__in=Mentee.objects.filter(user=user).values("scheme_id"))
        | Scheme.objects.filter(
            pk__in=Mentor.objects.filter(user=user, status__in=Mentor.ON_SCHEME).values("scheme_id")
        )
    )


def has_permission(user, permission, *, scheme=None):
    schemes = schemes_with_permission(user, permission)
    if scheme is not None:
        schemes = schemes.filter(pk=scheme.pk)
    return schemes.exists()


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
            if not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(checked)
        wrapped.access = permission
        return wrapped

    return decorator
