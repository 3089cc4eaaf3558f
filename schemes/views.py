from django.shortcuts import render

from accounts.permissions import Permission, require_permission
from schemes.selectors import scheme_for_user


def _money(amount):
    return "not set" if amount is None else f"£{amount:,.2f}"


@require_permission(Permission.SCHEME_VIEW)
def scheme_detail(request, slug):
    scheme = scheme_for_user(user=request.user, slug=slug, permission=Permission.SCHEME_VIEW)
    rules = [
        ("Integrated care board", scheme.icb.name),
        ("Delivered by", scheme.delivery_partner.name if scheme.delivery_partner else "the ICB"),
        ("Paid per session", _money(scheme.session_rate)),
        ("Reimbursed sessions per mentor per week", scheme.max_reimbursed_sessions_per_week),
        ("Training sessions reimbursed", scheme.max_training_sessions),
        ("Mentees per mentor", f"{scheme.mentor_capacity_min} to {scheme.mentor_capacity_max}"),
        ("Mentoring hours per mentee", scheme.mentee_allowance_hours),
        ("Clinical sessions a week to mentor", f"at least {scheme.mentor_min_clinical_sessions}"),
        ("Feedback survey", f"{scheme.follow_up_months} months after mentoring ends"),
        ("Budget", _money(scheme.budget)),
    ]
    return render(request, "schemes/scheme_detail.html", {"scheme": scheme, "rules": rules})
