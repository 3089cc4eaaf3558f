from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

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


NHSMAIL_DOMAIN = "@nhs.net"


def nhsmail_address(profile):
    """The nhs.net address Microsoft gives for the person, lower-cased; "" for any other address."""
    address = (profile.get("mail") or profile.get("userPrincipalName") or "").strip().lower()
    return address if address.endswith(NHSMAIL_DOMAIN) and address.count("@") == 1 else ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """NHSmail signs in only people who already have an account here, found by their nhs.net address.

    The address is verified by the NHSmail tenant itself (only the tenant in settings is asked), so it
    may link; no other domain does, and nobody gets a new account this way. Two-step sign-in still
    applies: allauth's MFA stage after the login, and RequireMFAMiddleware for a role that needs it.
    """

    def is_open_for_signup(self, request, sociallogin):
        return False

    def get_app(self, request, provider, client_id=None):
        """Unconfigured, NHSmail's sign-in addresses are simply not there."""
        from allauth.socialaccount.models import SocialApp

        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("NHSmail sign-in is not set up") from None

    def is_email_verified(self, provider, email):
        return bool(nhsmail_address({"mail": email}))

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            return
        from accounts.models import User
        from accounts.services import user_nhsmail_link

        address = nhsmail_address(sociallogin.account.extra_data)
        user = User.objects.filter(email__iexact=address, is_active=True).first() if address else None
        if sociallogin.state.get("process") == AuthProcess.CONNECT and user != request.user:
            # Someone signed in may link only the NHSmail account with their own address.
            messages.error(request, "You can only link the NHSmail account with the same address as yours.")
            raise ImmediateHttpResponse(redirect("socialaccount_connections"))
        if user is None:
            messages.error(
                request,
                "There is no account here for that NHSmail address. Sign in with your email address and "
                "password, or ask your training hub to add you.",
            )
            raise ImmediateHttpResponse(redirect("account_login"))
        if sociallogin.state.get("process") != AuthProcess.CONNECT:
            user_nhsmail_link(sociallogin=sociallogin, user=user, request=request)
