from django.shortcuts import redirect, render

from accounts.permissions import Permission, public, require_login, roles_of
from mentoring.models import Mentee, Mentor
from mentoring.views.registration import before_mentoring_url
from schemes.models import Scheme
from schemes.permissions import schemes_with_permission


@public
def home(request):
    if request.user.is_authenticated:
        return redirect("portal")
    return render(request, "accounts/home.html")


@require_login
def portal(request):
    """Each person's starting page: what they can do in each scheme they belong to."""
    user = request.user
    mentee_records = list(Mentee.objects.filter(user=user).select_related("scheme"))
    for mentee in mentee_records:
        mentee.before_mentoring_url = before_mentoring_url(mentee)
    memberships = list(user.scheme_memberships.select_related("scheme"))
    mentor_records = list(Mentor.objects.filter(user=user).select_related("scheme"))
    # Staff, commissioners, approvers, the platform administrator and mentors on a scheme work on the
    # schemes: they are not offered mentoring or a mentor application from their home page.
    offers_sign_up = not (
        user.is_superuser or memberships or any(mentor.status in Mentor.ON_SCHEME for mentor in mentor_records)
    )
    context = {
        "roles": roles_of(user),
        "memberships": memberships,
        "mentor_records": mentor_records,
        "offers_sign_up": offers_sign_up,
        "is_newcomer": offers_sign_up and not (mentor_records or mentee_records),
        "mentee_records": mentee_records,
        "viewable_schemes": schemes_with_permission(user, Permission.SCHEME_VIEW),
        # Schemes taking mentor applications that the user has not applied to already.
        "open_schemes": Scheme.objects.filter(is_open=True).exclude(mentors__user=user),
        # Schemes taking mentee registrations where the user has no open registration (a finished one
        # does not stop them registering again).
        "mentee_open_schemes": Scheme.objects.filter(is_open=True).exclude(
            pk__in=Mentee.objects.filter(user=user, status__in=Mentee.OPEN).values("scheme")
        ),
    }
    return render(request, "accounts/portal.html", context)
