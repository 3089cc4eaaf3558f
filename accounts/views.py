from django.shortcuts import redirect, render

from accounts.permissions import Permission, public, require_login, roles_of, schemes_with_permission
from mentoring.models import Mentee, Mentor


@public
def home(request):
    if request.user.is_authenticated:
        return redirect("portal")
    return render(request, "accounts/home.html")


@require_login
def portal(request):
    """Each person's starting page: what they can do in each scheme they belong to."""
    user = request.user
    context = {
        "roles": roles_of(user),
        "memberships": user.scheme_memberships.select_related("scheme"),
        "mentor_records": Mentor.objects.filter(user=user).select_related("scheme"),
        "mentee_records": Mentee.objects.filter(user=user).select_related("scheme"),
        "viewable_schemes": schemes_with_permission(user, Permission.SCHEME_VIEW),
    }
    return render(request, "accounts/portal.html", context)
