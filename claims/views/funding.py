"""A GP applies for career-need funding after a complete career conversation: backfill and/or a course,
with the invoice or booking, paid to their practice."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import require_login
from claims.forms import FundingApplicationForm, add_refusal
from claims.services import ClaimRuleBroken, fund_left, funding_apply
from mentoring.models import CareerConversation
from schemes.models import Organisation


@require_login
def funding_application(request, conversation):
    conversation = get_object_or_404(
        CareerConversation.objects.select_related("scheme"),
        pk=conversation,
        gp=request.user,
        status=CareerConversation.Status.COMPLETE,
    )
    if not conversation.career_needs:
        raise Http404("No career need was identified in this conversation")
    form = FundingApplicationForm(request.POST or None, request.FILES or None, needs=conversation.career_needs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        practice = (
            Organisation.objects.filter(kind="practice", code=data["practice_code"], valid_to__isnull=True)
            .order_by("-valid_from")
            .first()
        )
        try:
            if practice is None:
                raise ClaimRuleBroken({"practice_code": "We cannot find a current practice with that ODS code"})
            claim = funding_apply(
                conversation=conversation,
                by=request.user,
                practice=practice,
                career_need=data["career_need"],
                description=data["description"],
                backfill_sessions=data["backfill_sessions"],
                course_cost=data["course_cost"],
                invoice=data["invoice"],
                declaration=data["declaration"],
            )
        except ClaimRuleBroken as broken:
            add_refusal(form, broken)
        else:
            messages.success(request, f"Your funding application {claim.reference} is sent for approval")
            return redirect("claims:claim", claim.pk)
    scheme = conversation.scheme
    context = {
        "conversation": conversation,
        "form": form,
        "scheme": scheme,
        "left": fund_left(scheme) if scheme.career_fund is not None else None,
    }
    return render(request, "claims/funding_apply.html", context)
