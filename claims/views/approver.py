"""The claims approver's pages: the queue of submitted claims (oldest first, filtered by scheme and
month) with the budget, and a claim with its evidence, the mentor's eligibility and the decisions.

Claims of schemes where the user is not an approver are a 404.
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.permissions import Permission, require_permission
from claims import selectors
from claims.models import LineStatus
from claims.services import DECISIONS, ClaimRuleBroken, claim_decide, held_reasons
from claims.transitions import IllegalTransition
from schemes.permissions import schemes_with_permission

PAGE_SIZE = 50


def _month(value):
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return None


@require_permission(Permission.CLAIM_APPROVE)
def approval_queue(request):
    schemes = list(schemes_with_permission(request.user, Permission.CLAIM_APPROVE))
    chosen = next((scheme for scheme in schemes if str(scheme.pk) == request.GET.get("scheme")), None)
    month = _month(request.GET.get("month"))
    claims = selectors.approval_queue(request.user, scheme=chosen, month=month)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "page": page,
        "schemes": schemes,
        "chosen": chosen,
        "month": month,
        "months": [(m.strftime("%Y-%m"), f"{m:%B %Y}") for m in _recent_months(today)],
        "budgets": [(scheme, selectors.budget(scheme, on=today)) for scheme in ([chosen] if chosen else schemes)],
    }
    return render(request, "claims/approve/queue.html", context)


def _recent_months(today, count=18):
    from claims.forms import recent_months

    return recent_months(count, today=today)


@require_permission(Permission.CLAIM_APPROVE)
def approval_claim(request, pk):
    """A claim for decision: each waiting line approve, reject or return (with a reason), or the
    same for all of them."""
    claim = selectors.claim_for_approver(user=request.user, pk=pk)
    lines = selectors.lines_with_evidence(claim)
    errors = []
    if request.method == "POST":
        decisions = _decisions(request.POST, lines)
        if decisions is None:
            errors.append("Choose approve, reject or return for at least one line")
        else:
            try:
                claim_decide(claim=claim, by=request.user, decisions=decisions)
            except ClaimRuleBroken as broken:
                errors.extend(broken.messages)
            except IllegalTransition as error:
                errors.append(str(error))
            else:
                messages.success(request, f"Your decisions on {claim.reference} are saved and the claimant is emailed")
                return redirect("claims:approval_queue")
    own = claim.claimant_id == request.user.pk or any(
        session.logged_by_id == request.user.pk for line in lines for session in line.sessions
    )
    context = {
        "claim": claim,
        "lines": [line for line in lines if line.status != LineStatus.REMOVED],
        "waiting": [line for line in lines if line.status == LineStatus.SUBMITTED],
        "held": held_reasons(claim),
        "own": own,
        "errors": errors,
        "posted": request.POST,
        "budget": selectors.budget(claim.scheme, on=timezone.localdate(), claim=claim),
    }
    return render(request, "claims/approve/claim.html", context)


def _decisions(post, lines):
    """{line id: (decision, reason)} from the form: a decision for all, or one per line."""
    waiting = [line.pk for line in lines if line.status == LineStatus.SUBMITTED]
    whole = post.get("whole", "")
    if whole in DECISIONS:
        reason = post.get("whole_reason", "")
        return dict.fromkeys(waiting, (whole, reason))
    decisions = {}
    for pk in waiting:
        decision = post.get(f"line-{pk}", "")
        if decision in DECISIONS:
            reason = post.get(f"reason-{pk}", "")
            decisions[pk] = (decision, reason)
    return decisions or None
