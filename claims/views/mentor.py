"""The mentor's claims in the portal: the list, opening a month from the evidence, removing lines,
the declaration and submission, and the status and reasons of each decision.

A claim is its claimant's alone: anyone else gets a 404. A mentor who has left reaches nothing here.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import require_login
from claims import selectors
from claims.forms import OpenMonthForm, SubmitClaimForm, add_refusal
from claims.models import Claim, LineStatus
from claims.services import (
    ClaimRuleBroken,
    claim_line_remove,
    claim_line_restore,
    claim_open_month,
    claim_submit,
)
from claims.transitions import IllegalTransition
from mentoring.models import Mentor


@require_login
def claim_list(request):
    """The user's claims and funding applications, and a way to open a month."""
    mentors = list(selectors.claiming_mentors(request.user))
    form = OpenMonthForm(request.POST or None, mentors=Mentor.objects.filter(pk__in=[m.pk for m in mentors]))
    if not mentors:
        form = None
    if request.method == "POST":
        if form is None:
            raise Http404("Only a mentor on a scheme can claim")
        if form.is_valid():
            try:
                claim = claim_open_month(
                    mentor=form.cleaned_data["mentor"], month=form.cleaned_data["month"], by=request.user
                )
            except ClaimRuleBroken as broken:
                add_refusal(form, broken)
            else:
                return redirect("claims:claim", claim.pk)
    claims = selectors.claims_for_mentor(request.user).exclude(
        kind=Claim.Kind.MONTH, mentor__status__in=[Mentor.Status.LEFT]
    )
    return render(request, "claims/claim_list.html", {"claims": claims, "form": form})


@require_login
def claim_detail(request, pk):
    """One claim: its lines and their evidence, the running total, and (while it is the mentor's to
    change) removing lines and submitting with the declaration."""
    claim = selectors.claim_for_claimant(user=request.user, pk=pk)
    editable = claim.status in (Claim.Status.DRAFT, Claim.Status.RETURNED)
    form = SubmitClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            claim_submit(claim=claim, by=request.user, declaration=form.cleaned_data["declaration"])
        except ClaimRuleBroken as broken:
            add_refusal(form, broken)
        else:
            messages.success(request, f"Your claim {claim.reference} is submitted for approval")
            return redirect("claims:claim", claim.pk)
    lines = selectors.lines_with_evidence(claim)
    active = [line for line in lines if line.status != LineStatus.REMOVED]
    held_back = []
    if editable and claim.kind == Claim.Kind.MONTH:
        held_back = selectors.month_evidence(claim.mentor, claim.month, claim=claim).held_back
    context = {
        "claim": claim,
        "lines": active,
        "removed": [line for line in lines if line.status == LineStatus.REMOVED],
        "total": sum((line.amount for line in active), selectors.ZERO),
        "editable": editable,
        "drafts": any(line.status == LineStatus.DRAFT for line in active),
        "held_back": held_back,
        "form": form,
        "rate": claim.scheme.session_rate,
    }
    return render(request, "claims/claim_detail.html", context)


@require_login
@require_POST
def claim_line_change(request, pk, line):
    """Remove a proposed line from the claim, or put a removed one back."""
    claim = selectors.claim_for_claimant(user=request.user, pk=pk)
    line = get_object_or_404(claim.lines, pk=line)
    action = claim_line_restore if request.POST.get("action") == "restore" else claim_line_remove
    try:
        action(line=line, by=request.user)
    except ClaimRuleBroken as broken:
        messages.error(request, " ".join(broken.messages))
    except IllegalTransition as error:  # removed or submitted in another tab meanwhile
        messages.error(request, str(error))
    return redirect("claims:claim", claim.pk)
