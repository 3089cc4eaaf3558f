from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings

from accounts import crypto
from accounts.services import email_queue


def service_site():
    """The service's name and address as emails give them ("Hello from GP Mentoring!"), from settings:
    the same in a request and in a background job, whatever host the request came in on."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=settings.SITE_DOMAIN)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Mail goes through the outbox, so a slow mail server never holds up a sign-in page."""
        context = {"request": self.request, "email": email, "current_site": service_site(), **context}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        email_queue(to=email, subject=message.subject, body_text=message.body, body_html=html)


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are encrypted at rest (allauth stores them as given)."""

    def can_delete_authenticator(self, authenticator):
        """Someone whose account needs two-step sign-in cannot switch it off (they may set up a new app)."""
        from accounts.permissions import requires_mfa

        return not requires_mfa(authenticator.user) and super().can_delete_authenticator(authenticator)

    def encrypt(self, text):
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text):
        return crypto.decrypt(encrypted_text)
