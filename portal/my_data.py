"""A person downloads everything the service holds about them (UK GDPR Art. 15 and 20)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.permissions import require_login
from portal import services


@require_login
def my_data(request):
    return render(request, "portal/my_data.html")


@require_login
def my_data_download(request, format):
    content = services.subject_access_download(user=request.user, format=format)
    stamp = timezone.localdate().isoformat()
    content_type = "application/json" if format == "json" else "application/zip"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-gp-mentoring-data-{stamp}.{format}"'
    return response
