from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.permissions import public


@public
def admin_login(request):
    """The admin's login page hands over to allauth (rate limits, MFA) and never signs anyone in itself:
    Django's own admin login form would let a signed-in user sign in as someone else without MFA."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url or request.path, settings.LOGIN_URL)
    if not request.user.is_staff:
        raise PermissionDenied
    return redirect(next_url or "admin:index")
