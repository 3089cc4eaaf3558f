import contextlib
import logging
import smtplib
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from accounts import tasks  # tasks call back into this module by attribute, so the cycle is safe
from accounts.models import AuditEvent, OutboundEmail, User

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 8  # backing off from 2 minutes to about 4 hours: some 8 hours of outage in all
EMAIL_FIRST_TRY_GRACE = timedelta(minutes=2)
EMAIL_SWEEP_LEASE = timedelta(minutes=10)
EMAIL_RETENTION = timedelta(days=30)
# Rows a bulk write sends in one INSERT: large enough that thousands of rows take a few statements.
BULK_BATCH = 1000

# Higher apps learn what became of an email they queued, inside the transaction that records it.
# email_delivered sends email_ids; email_given_up sends email_id and reason (an error name and code, never an address).
email_delivered = Signal()
email_given_up = Signal()


def audit_event(*, actor, action, target, scheme=None, **detail):
    """The audit row for a state change, not yet saved: audit() saves one, audit_many() many at once."""
    if actor is not None and actor.pk is None:
        raise ValueError("An audited change is made by a saved user, or by no one (a job)")
    # By id: thousands of these are built for one bulk write, and setting related objects is the slow part.
    return AuditEvent(
        actor_id=None if actor is None else actor.pk,
        scheme_id=None if scheme is None else scheme.pk,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        detail=detail,
    )


def audit(*, actor, action, target, scheme=None, **detail):
    """Record a state change. Call inside the transaction that makes the change."""
    event = audit_event(actor=actor, action=action, target=target, scheme=scheme, **detail)
    event.save(force_insert=True)
    return event


def audit_many(events):
    """Record the audit rows (from audit_event) of many state changes in large inserts. Call inside the
    transaction that makes the changes."""
    return AuditEvent.objects.bulk_create(events, batch_size=BULK_BATCH)


def special_category_read(*, by, target, what, scheme=None):
    """Record that someone other than the person read special-category data about them (equality data,
    questionnaire answers): what kind, never the data itself."""
    with transaction.atomic():
        return audit(
            actor=by, action=f"{target._meta.model_name}.special_category_read", target=target, scheme=scheme, what=what
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


def users_create_many(*, people, by=None):
    """Many accounts at once, as user_create makes each (imports): people are dicts of email, first_name,
    last_name and email_verified. None has a password (they set one through the password-reset email) and
    none is a superuser. An address already signed up, in any case, or twice in people, is refused by the
    database's unique constraint (an IntegrityError), as it is for user_create."""
    with transaction.atomic():
        users = []
        for person in people:
            user = User(
                email=User.objects.normalize_email(person["email"]),
                first_name=person.get("first_name", ""),
                last_name=person.get("last_name", ""),
            )
            user.set_unusable_password()
            users.append(user)
        users = User.objects.bulk_create(users, batch_size=BULK_BATCH)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, primary=True, verified=person.get("email_verified", False))
                for user, person in zip(users, people, strict=True)
            ],
            batch_size=BULK_BATCH,
        )
        audit_many([audit_event(actor=by, action="user.create", target=user) for user in users])
    return users


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


def user_nhsmail_link(*, sociallogin, user, request):
    """Link an NHSmail (Microsoft) sign-in to the existing account with the same nhs.net address."""
    with transaction.atomic():
        sociallogin.connect(request, user)
        audit(actor=user, action="user.nhsmail_link", target=user)
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


def email_queue(*, to, subject, body_text, body_html="", kind=""):
    """Put an email in the outbox; a worker sends it once the surrounding transaction commits."""
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        kind=kind,
        next_attempt_at=timezone.now() + EMAIL_FIRST_TRY_GRACE,
    )
    tasks.email_send.delay_on_commit(email.pk)
    return email


EMAIL_BATCH = 50


def email_queue_many(messages):
    """Put many emails in the outbox in one insert (messages: dicts of email_queue's arguments); workers send
    them in batches, over one mail server connection each, once the surrounding transaction commits."""
    from accounts.tasks import email_send_batch

    first_try = timezone.now() + EMAIL_FIRST_TRY_GRACE
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=message["to"],
            subject=message["subject"],
            body_text=message["body_text"],
            body_html=message.get("body_html", ""),
            kind=message.get("kind", ""),
            next_attempt_at=first_try,
        )
        for message in messages
    )
    ids = [email.pk for email in emails]
    for start in range(0, len(ids), EMAIL_BATCH):
        email_send_batch.delay_on_commit(ids[start : start + EMAIL_BATCH])
    return emails


def _message(email, connection):
    headers = {"X-Mentoring-Email-Kind": email.kind} if email.kind else None
    message = EmailMultiAlternatives(
        email.subject, email.body_text, to=[email.to], headers=headers, connection=connection
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def _record_refusal(email, error):
    """A mail server refused or was unreachable: back off and retry, until the last attempt."""
    email.last_error = email_failure_reason(error)
    email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
    email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    given_up = email.attempts >= EMAIL_MAX_ATTEMPTS
    level = logging.ERROR if given_up else logging.WARNING
    logger.log(level, "email %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
    if given_up:
        email_given_up.send(sender=OutboundEmail, email_id=email.pk, reason=email.last_error)


def email_send_many(*, email_ids):
    """Send queued emails over one connection to the mail server, recorded in one transaction; returns the
    ids sent. The row locks stop a sweep and a worker sending one twice. A worker that dies after the mail
    server took some of them but before the commit sends those again: delivery is at least once, and a
    batch is small (EMAIL_BATCH) so that window stays small."""
    with transaction.atomic():
        emails = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=email_ids, sent_at__isnull=True, attempts__lt=EMAIL_MAX_ATTEMPTS)
            .order_by("pk")
        )
        if not emails:
            return []
        connection = get_connection()
        delivered = []
        try:
            with contextlib.suppress(Exception):  # unreachable: each message below records the refusal
                connection.open()
            for email in emails:
                email.attempts += 1
                try:
                    _message(email, connection).send()
                except Exception as error:  # a mail server refusing or unreachable
                    _record_refusal(email, error)
                else:
                    delivered.append(email.pk)
        finally:
            connection.close()
        if delivered:
            OutboundEmail.objects.filter(pk__in=delivered).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
            email_delivered.send(sender=OutboundEmail, email_ids=delivered)
    return delivered


def email_send(*, email_id):
    """Send one queued email (see email_send_many); True if it was sent now."""
    return email_send_many(email_ids=[email_id]) == [email_id]


def email_failure_reason(error):
    """Why a mail server did not take a message, as an error name and the server's reply codes: never the
    server's words, which may repeat an address."""
    codes = []
    if isinstance(error, smtplib.SMTPResponseException):
        codes = [error.smtp_code]
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
    elif status := getattr(error, "status_code", None):  # an HTTP mail service such as GOV.UK Notify
        codes = [status]
    return " ".join([type(error).__name__, *map(str, codes)])[:100]


def email_outbox_sweep(*, now=None):
    """Claim what is due a (re)try and hand it to workers; forget mail older than a month."""
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
            tasks.email_send.delay_on_commit(email_id)
    OutboundEmail.objects.filter(created_at__lte=now - EMAIL_RETENTION).delete()
    return due
