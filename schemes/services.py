from django.db import transaction

from accounts.services import audit
from schemes.models import FinancialYear, Organisation, Scheme, SchemeMembership


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
