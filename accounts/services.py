import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from accounts.models import AuditEvent, OutboundEmail, User

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 8  # backing off from 2 minutes to about 4 hours: some 8 hours of outage in all
EMAIL_FIRST_TRY_GRACE = timedelta(minutes=2)
EMAIL_SWEEP_LEASE = timedelta(minutes=10)
EMAIL_RETENTION = timedelta(days=30)


def audit(*, actor, action, target, scheme=None, **detail):
    """Record a state change. Call inside the transaction that makes the change."""
    return AuditEvent.objects.create(
        actor=actor,
        scheme=scheme,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        detail=detail,
    )


def user_create(
    *, email, password=None, first_name="", last_name="", is_superuser=False, email_verified=False, by=None
):
    """Create an account directly (imports, demo data). People signing up go through allauth."""
    with transaction.atomic():
        user = User.objects.create_user(
            email, password, first_name=first_name, last_name=last_name, is_superuser=is_superuser
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
        audit(actor=by, action="user.create", target=user)
    return user


def user_name_change(*, user, first_name, last_name, by):
    first_name, last_name = first_name.strip(), last_name.strip()
    if (user.first_name, user.last_name) == (first_name, last_name):
        return user
    with transaction.atomic():
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        audit(actor=by, action="user.name_change", target=user)
    return user


def user_deactivate(*, user, by):
    """Close an account: it signs in no more, and a session it had open ends at its next request."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit(actor=by, action="user.deactivate", target=user)
    return user


def user_mfa_enrol(*, user):
    """Give an account an authenticator (TOTP) and recovery codes; returns the TOTP secret."""
    with transaction.atomic():
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp:
            secret = decrypt(totp.data["secret"])
        else:
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            audit(actor=user, action="user.mfa_enrol", target=user)
        recovery_codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, recovery_codes


def email_queue(*, to, subject, body_text, body_html=""):
    """Put an email in the outbox; a worker sends it once the surrounding transaction commits."""
    from accounts.tasks import email_send

    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        next_attempt_at=timezone.now() + EMAIL_FIRST_TRY_GRACE,
    )
    email_send.delay_on_commit(email.pk)
    return email


def email_send(*, email_id):
    """Send one queued email. The row lock stops a sweep and a worker sending it twice; a worker that
    dies between the mail server's acceptance and the commit sends it again (at least once)."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True, attempts__lt=EMAIL_MAX_ATTEMPTS)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.to])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as error:  # a mail server refusing or unreachable: back off and retry
            email.last_error = type(error).__name__
            email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            level = logging.ERROR if email.attempts >= EMAIL_MAX_ATTEMPTS else logging.WARNING
            logger.log(level, "email %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
            return False
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at"])
    return True


def email_outbox_sweep(*, now=None):
    """Claim what is due a (re)try and hand it to workers; forget mail older than a month."""
    from accounts.tasks import email_send as email_send_task

    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=EMAIL_MAX_ATTEMPTS, next_attempt_at__lte=now)
            .values_list("pk", flat=True)[:500]
        )
        # The lease stops the next sweep queueing it again while it waits for a worker.
        OutboundEmail.objects.filter(pk__in=due).update(next_attempt_at=now + EMAIL_SWEEP_LEASE)
        for email_id in due:
            email_send_task.delay_on_commit(email_id)
    OutboundEmail.objects.filter(created_at__lte=now - EMAIL_RETENTION).delete()
    return due
