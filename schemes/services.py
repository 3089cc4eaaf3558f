from django.db import transaction

from accounts.services import audit
from schemes.models import FinancialYear, Organisation, Scheme, SchemeMembership, SchemeYear


def organisation_create(*, kind, code, name, parent=None, valid_from=None, by=None):
    with transaction.atomic():
        fields = {"kind": kind, "code": code, "name": name, "parent": parent}
        if valid_from:
            fields["valid_from"] = valid_from
        organisation = Organisation.objects.create(**fields)
        audit(actor=by, action="organisation.create", target=organisation)
    return organisation


def scheme_create(*, name, slug, icb, kind=Scheme.Kind.MENTORING, by=None, **rules):
    with transaction.atomic():
        scheme = Scheme.objects.create(name=name, slug=slug, icb=icb, kind=kind, **rules)
        audit(actor=by, action="scheme.create", target=scheme, scheme=scheme)
    return scheme


# The scheme's rules staff may change; which ICB it belongs to (and so who sees it) is a platform
# administrator's decision.
SCHEME_RULES = frozenset(
    {
        "name",
        "kind",
        "delivery_partner",
        "is_open",
        "session_rate",
        "max_reimbursed_sessions_per_week",
        "max_training_sessions",
        "training_cost_per_mentor",
        "budget",
        "mentor_capacity_min",
        "mentor_capacity_max",
        "mentor_min_clinical_sessions",
        "mentor_min_months",
        "mentor_cap",
        "mentee_allowance_hours",
        "fellow_session_interval_weeks",
        "follow_up_months",
        "retention_years",
        "mentee_may_choose_mentor",
        "admitted_mentee_roles",
        "proposal_response_days",
        "session_topics",
        "stress_low_max",
        "stress_moderate_max",
        "conversation_minutes",
        "career_fund",
        "funding_opens_on",
        "funding_closes_on",
    }
)
PLATFORM_ONLY = frozenset({"slug", "icb"})


def scheme_update(*, scheme, by, **rules):
    """Change a scheme's rules; moving it to another ICB, or renaming its address, is for superusers."""
    allowed = SCHEME_RULES | (PLATFORM_ONLY if by is not None and by.is_superuser else frozenset())
    refused = sorted(set(rules) - allowed)
    if refused:
        raise TypeError(f"A scheme update here cannot set: {', '.join(refused)}")
    with transaction.atomic():
        for name, value in rules.items():
            setattr(scheme, name, value)
        if rules:
            scheme.save(update_fields=sorted(rules))
        audit(actor=by, action="scheme.change", target=scheme, scheme=scheme, fields=sorted(rules))
    return scheme


def scheme_delete(*, scheme, by):
    """A scheme set up by mistake; one with records is protected by the database."""
    with transaction.atomic():
        audit(actor=by, action="scheme.delete", target=scheme)
        scheme.delete()


def financial_year_for(*, start_year):
    return FinancialYear.objects.get_or_create(start_year=start_year)[0]


def membership_grant(*, user, scheme, role, by=None):
    with transaction.atomic():
        membership, created = SchemeMembership.objects.get_or_create(
            user=user, scheme=scheme, role=role, defaults={"granted_by": by}
        )
        if created:
            audit(actor=by, action="membership.grant", target=membership, scheme=scheme, role=role)
    return membership


def membership_revoke(*, membership, by):
    with transaction.atomic():
        audit(actor=by, action="membership.revoke", target=membership, scheme=membership.scheme, role=membership.role)
        membership.delete()


def scheme_year_save(*, scheme, by, scheme_year=None, **fields):
    """Record (or correct) a scheme's allocation for a financial year."""
    refused = sorted(set(fields) - {"financial_year", "allocation"})
    if refused:
        raise TypeError(f"A scheme year update cannot set: {', '.join(refused)}")
    with transaction.atomic():
        adding = scheme_year is None
        scheme_year = scheme_year or SchemeYear(scheme=scheme)
        for name, value in fields.items():
            setattr(scheme_year, name, value)
        scheme_year.save()
        action = "schemeyear.add" if adding else "schemeyear.change"
        audit(actor=by, action=action, target=scheme_year, scheme=scheme, fields=sorted(fields))
    return scheme_year


def scheme_year_delete(*, scheme_year, by):
    with transaction.atomic():
        audit(actor=by, action="schemeyear.delete", target=scheme_year, scheme=scheme_year.scheme)
        scheme_year.delete()
