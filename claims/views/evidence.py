"""A funding application's invoice, served privately: to the applicant and to the scheme's claims
approvers and staff, never from MEDIA_URL."""

import mimetypes

from django.http import FileResponse, Http404

from accounts.permissions import require_login
from claims import selectors


@require_login
def line_invoice(request, pk):
    line = selectors.line_for_reader(user=request.user, pk=pk)
    if not line.invoice:
        raise Http404("No invoice")
    content_type = mimetypes.guess_type(line.invoice.name)[0] or "application/octet-stream"
    response = FileResponse(line.invoice.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="invoice-{line.claim.reference}{line.invoice.name[-4:]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
