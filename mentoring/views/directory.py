from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from accounts.permissions import require_login
from mentoring.codes import FocusAreaCode, Mode
from mentoring.selectors import directory_mentors, mentee_choosing_mentor, scheme_directory_for_user


@require_login
def mentor_list(request, scheme):
    scheme = scheme_directory_for_user(user=request.user, slug=scheme)
    focus_area, mode = request.GET.get("focus_area", ""), request.GET.get("mode", "")
    context = {
        "scheme": scheme,
        "mentors": directory_mentors(scheme=scheme, focus_area=focus_area, mode=mode),
        "focus_areas": FocusAreaCode.choices,
        "modes": Mode.choices,
        "chosen_focus_area": focus_area,
        "chosen_mode": mode,
    }
    return render(request, "mentoring/directory/mentor_list.html", context)


def _published_mentor(request, scheme, pk):
    scheme = scheme_directory_for_user(user=request.user, slug=scheme)
    return scheme, get_object_or_404(directory_mentors(scheme=scheme), pk=pk)


@require_login
def mentor_detail(request, scheme, pk):
    scheme, mentor = _published_mentor(request, scheme, pk)
    may_ask = mentor.places_left > 0 and mentee_choosing_mentor(user=request.user, scheme=scheme) is not None
    context = {"scheme": scheme, "mentor": mentor, "may_ask": may_ask}
    return render(request, "mentoring/directory/mentor_detail.html", context)


@require_login
def mentor_photo(request, scheme, pk):
    """Photos are personal data: served only to those who may see the directory, never as a public file."""
    _, mentor = _published_mentor(request, scheme, pk)
    if not mentor.photo:
        raise Http404
    response = FileResponse(mentor.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
