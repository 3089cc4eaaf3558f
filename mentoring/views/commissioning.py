"""The commissioner's page: their schemes and the headline figures, small numbers hidden."""

from django.shortcuts import render

from accounts.permissions import Permission, require_permission
from mentoring.selectors import HEADLINE_FIGURES, scheme_headline_figures
from schemes.disclosure import SMALLEST_SHOWN, suppress_small_count
from schemes.permissions import schemes_with_permission


@require_permission(Permission.REPORT_VIEW)
def scheme_figures(request):
    schemes = schemes_with_permission(request.user, Permission.REPORT_VIEW)
    rows = [
        (scheme, [(label, suppress_small_count(figures[name])) for name, label in HEADLINE_FIGURES.items()])
        for scheme, figures in scheme_headline_figures(schemes=schemes)
    ]
    context = {"rows": rows, "smallest_shown": SMALLEST_SHOWN}
    return render(request, "mentoring/commissioning/scheme_figures.html", context)
