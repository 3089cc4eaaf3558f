"""Marking accounts that need two-step sign-in for good, and auditing sign-in.

Roles are granted in higher apps (scheme memberships in schemes, approval in mentoring); they are named
here by label, never imported, and whatever grants them (a service, the admin, an import, a fixture)
passes through these receivers.
"""

from allauth.account.signals import password_changed, password_reset, user_logged_in
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import AuditEvent, User
from accounts.permissions import MFA_REQUIRED_ROLES

# A mentor's role (and its MFA) starts on approval: these are the statuses of an approved mentor.
APPROVED_MENTOR = ("in_training", "active", "paused", "left")


def _mark(*user_ids):
    User.objects.filter(pk__in=user_ids, mfa_required=False).update(mfa_required=True)


@receiver(post_save, sender="schemes.SchemeMembership")
def membership_granted(sender, instance, **kwargs):
    if instance.role in MFA_REQUIRED_ROLES:
        _mark(instance.user_id)


@receiver(post_save, sender="mentoring.Mentor")
def mentor_approved(sender, instance, **kwargs):
    if instance.status in APPROVED_MENTOR:
        _mark(instance.user_id)


def mentors_saved_in_bulk(mentors):
    """What mentor_approved does for each mentor, for records written by bulk_create, which sends no
    post_save: one update for them all."""
    approved = {mentor.user_id for mentor in mentors if mentor.status in APPROVED_MENTOR}
    if approved:
        _mark(*approved)


@receiver(post_save, sender=User)
def superuser_made(sender, instance, **kwargs):
    if instance.is_superuser and not instance.mfa_required:
        _mark(instance.pk)
        instance.mfa_required = True


# The audit trail of signing in: who signed in, who failed to (the account's id when the address
# matches one, never the address typed), and every change to a second factor or a password.


def _audit_user(user, action, **detail):
    from accounts.services import audit

    audit(actor=user, action=action, target=user, **detail)


@receiver(user_logged_in)
def login_succeeded(sender, request, user, **kwargs):
    _audit_user(user, "user.login")


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    typed = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=typed).first() if typed else None
    AuditEvent.objects.create(
        actor=None,
        action="user.login_failed",
        target_type=User._meta.label_lower,
        target_id=str(user.pk) if user else "",
        detail={"known_account": user is not None},
    )


@receiver(authentication_failed)
def second_factor_failed(sender, user, **kwargs):
    _audit_user(user, "user.mfa_failed")


@receiver(authenticator_added)
def second_factor_added(sender, user, authenticator, **kwargs):
    _audit_user(user, "user.mfa_add", kind=authenticator.type)


@receiver(authenticator_removed)
def second_factor_removed(sender, user, authenticator, **kwargs):
    _audit_user(user, "user.mfa_remove", kind=authenticator.type)


@receiver(authenticator_reset)
def second_factor_reset(sender, user, authenticator, **kwargs):
    _audit_user(user, "user.mfa_reset", kind=authenticator.type)


@receiver(password_changed)
def password_was_changed(sender, request, user, **kwargs):
    _audit_user(user, "user.password_change")


@receiver(password_reset)
def password_was_reset(sender, request, user, **kwargs):
    _audit_user(user, "user.password_reset")
