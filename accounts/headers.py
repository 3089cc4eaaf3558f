"""Response headers every page of ours carries."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Pages hold personal data (questionnaire answers, sessions, names), so no browser or proxy may keep a
    copy: `Cache-Control: no-store` on every response our views make, unless a view set its own.

    Static files never reach this far (whitenoise answers them first, with far-future cache headers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is larger than settings.MAX_REQUEST_BODY_BYTES before any of it is
    read: a 413, as the proxy in front gives. (Django caps form fields but not uploaded files.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            limit = settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)
            response = HttpResponse(
                f"This is too large to send: the limit is {limit} MB.", status=413, content_type="text/plain"
            )
            response["Connection"] = "close"
            patch_cache_control(response, no_store=True)
            return response
        return self.get_response(request)
