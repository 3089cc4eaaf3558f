from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from accounts.permissions import requires_mfa

# Pages a user who still owes MFA set-up may reach: setting it up, and leaving.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "healthz",
    }
)


class RequireMFAMiddleware:
    """Sends anyone whose role needs two-step sign-in to set it up, from every page, until it is done.

    allauth offers MFA but has no setting that requires it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            requires_mfa(user)
            and not self._is_setup_page(request)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            messages.info(request, "Your role needs two-step sign-in. Set up an authenticator app to continue.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_setup_page(request):
        try:
            return resolve(request.path_info).url_name in MFA_SETUP_URL_NAMES
        except Resolver404:
            return False
