"""Marking accounts that need two-step sign-in for good.

Roles are granted in higher apps (scheme memberships in schemes, approval in mentoring); they are named
here by label, never imported, and whatever grants them (a service, the admin, an import, a fixture)
passes through these receivers.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from accounts.permissions import MFA_REQUIRED_ROLES

# A mentor's role (and its MFA) starts on approval: these are the statuses of an approved mentor.
APPROVED_MENTOR = ("in_training", "active", "paused", "left")


def _mark(user_id):
    User.objects.filter(pk=user_id, mfa_required=False).update(mfa_required=True)


@receiver(post_save, sender="schemes.SchemeMembership")
def membership_granted(sender, instance, **kwargs):
    if instance.role in MFA_REQUIRED_ROLES:
        _mark(instance.user_id)


@receiver(post_save, sender="mentoring.Mentor")
def mentor_approved(sender, instance, **kwargs):
    if instance.status in APPROVED_MENTOR:
        _mark(instance.user_id)


@receiver(post_save, sender=User)
def superuser_made(sender, instance, **kwargs):
    if instance.is_superuser and not instance.mfa_required:
        _mark(instance.pk)
        instance.mfa_required = True
