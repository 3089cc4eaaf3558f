"""Proposed matches in the portal: a mentor answers the proposals made to them, and (where the scheme
allows it) a mentee asks for a mentor from the directory for the scheme team to confirm.

A mentor reaches only mentorships proposed to one of their own mentor records: anyone else's is a 404,
scheme staff included (they work in the admin).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import require_login
from mentoring.codes import Mode, Reason
from mentoring.models import Mentee, Mentorship
from mentoring.selectors import (
    directory_mentors,
    mentee_choosing_mentor,
    mentee_contact_details,
    proposal_for_mentor,
    proposals_for_mentor,
    scheme_directory_for_user,
)
from mentoring.services.mentorships import mentorship_accept, mentorship_decline, mentorship_propose
from mentoring.transitions import IllegalTransition
from schemes.rules import RuleBroken

DECLINE_QUESTION = "Why can you not take this mentee on?"


class DeclineForm(forms.Form):
    # Kept beside its only view while mentoring/forms/ is being reworked; it can move there as it is.
    reason = forms.CharField(
        label=DECLINE_QUESTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The scheme team read this to find the mentee a better match. The mentee does not see it.",
        error_messages={"required": "Tell the scheme team why you cannot take this mentee on"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_show_labels = False  # the page heading asks the question
        self.helper.add_input(Submit("decline", "Decline this mentee"))


def _what_the_mentee_wants(mentee):
    """What a mentor needs to decide, and no more: never demographics or questionnaire answers."""
    reasons = dict(Reason.choices)
    modes = dict(Mode.choices)
    return [
        ("Role", mentee.get_role_display() or "Not given"),
        ("Career stage", mentee.get_career_stage_display() or "Not given"),
        ("On the GP fellowship", "Yes" if mentee.is_gp_fellow else "No"),
        ("Why they want mentoring", ", ".join(reasons.get(code, code) for code in mentee.reasons) or "Not given"),
        ("How they would like to meet", ", ".join(modes[mode] for mode in mentee.preferred_modes) or "No preference"),
        ("Anything else about the mentor who would suit them", mentee.preferences or "Nothing"),
    ]


@require_login
def proposal_list(request):
    proposals = proposals_for_mentor(user=request.user)
    return render(request, "mentoring/proposals/proposal_list.html", {"proposals": proposals})


@require_login
def proposal_detail(request, pk):
    mentorship = proposal_for_mentor(user=request.user, pk=pk)
    if request.method == "POST" and "accept" in request.POST:
        try:
            mentorship_accept(mentorship=mentorship, by=request.user)
        except RuleBroken as problem:
            messages.error(request, " ".join(problem.messages))
        return redirect("mentoring:proposal", mentorship.pk)
    context = {
        "mentorship": mentorship,
        "mentee": mentorship.mentee,
        "rows": _what_the_mentee_wants(mentorship.mentee),
        "contact_rows": mentee_contact_details(mentorship),
    }
    return render(request, "mentoring/proposals/proposal_detail.html", context)


@require_login
def proposal_decline(request, pk):
    mentorship = proposal_for_mentor(user=request.user, pk=pk)
    if mentorship.status != Mentorship.Status.PROPOSED:
        return redirect("mentoring:proposal", mentorship.pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship_decline(mentorship=mentorship, by=request.user, reason=form.cleaned_data["reason"])
        except IllegalTransition as problem:
            messages.error(request, " ".join(problem.messages))
            return redirect("mentoring:proposal", mentorship.pk)
        except RuleBroken as broken:
            for message in broken.messages:
                form.add_error("reason", message)
        else:
            return redirect("mentoring:proposal", mentorship.pk)
    context = {"mentorship": mentorship, "mentee": mentorship.mentee, "form": form, "question": DECLINE_QUESTION}
    return render(request, "mentoring/proposals/decline.html", context)


@require_login
@require_POST
def request_mentor(request, scheme, pk):
    """A mentee asks for a mentor from the directory; the scheme team confirm before the mentor is asked."""
    scheme = scheme_directory_for_user(user=request.user, slug=scheme)
    if not scheme.mentee_may_choose_mentor:
        raise PermissionDenied("On this scheme the scheme team choose your mentor")
    mentor = get_object_or_404(directory_mentors(scheme=scheme), pk=pk)
    mentee = mentee_choosing_mentor(user=request.user, scheme=scheme)
    if mentee is None:
        if not Mentee.objects.filter(user=request.user, scheme=scheme, status__in=Mentee.OPEN).exists():
            raise PermissionDenied("Only mentees registered with the scheme can ask for a mentor")
        messages.error(request, "You already have a mentor, or have asked for one, with this scheme")
        return redirect("mentoring:directory_mentor", scheme.slug, mentor.pk)
    try:
        mentorship = mentorship_propose(mentee=mentee, mentor=mentor, by=request.user, chosen_by_mentee=True)
    except RuleBroken as broken:
        messages.error(request, " ".join(broken.messages))
        return redirect("mentoring:directory_mentor", scheme.slug, mentor.pk)
    context = {"scheme": scheme, "mentor": mentor, "mentorship": mentorship}
    return render(request, "mentoring/proposals/requested.html", context)
