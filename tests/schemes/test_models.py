import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from schemes.models import FinancialYear, Organisation, Scheme
from schemes.services import financial_year_for, organisation_create
from tests.factories.schemes import SchemeFactory


@pytest.mark.django_db
def test_scheme_rules_default_to_the_national_guidance():
    scheme = SchemeFactory()

    assert scheme.session_rate == Decimal("289.00")
    assert scheme.max_reimbursed_sessions_per_week == 1
    assert scheme.max_training_sessions == 4
    assert scheme.max_training_sessions * scheme.session_rate == Decimal("1156.00")
    assert (scheme.mentor_capacity_min, scheme.mentor_capacity_max) == (4, 8)
    assert scheme.mentee_allowance_hours == 8
    assert scheme.mentor_min_clinical_sessions == 3
    assert scheme.mentor_min_months == 12
    assert scheme.training_cost_per_mentor == Decimal("2500.00")
    assert scheme.follow_up_months == 3
    assert (scheme.stress_low_max, scheme.stress_moderate_max) == (13, 26)
    assert scheme.conversation_minutes == 250


@pytest.mark.django_db
def test_database_refuses_a_capacity_range_upside_down():
    with pytest.raises(IntegrityError):
        SchemeFactory(mentor_capacity_min=9, mentor_capacity_max=8)


@pytest.mark.django_db
def test_database_refuses_a_negative_session_rate():
    with pytest.raises(IntegrityError):
        SchemeFactory(session_rate=Decimal("-1.00"))


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "code"), [("practice", "A8100"), ("practice", "a81001"), ("pcn", "X12345")])
def test_database_refuses_malformed_ods_codes(kind, code):
    with pytest.raises(IntegrityError):
        organisation_create(kind=kind, code=code, name="Somewhere")


@pytest.mark.django_db
def test_an_organisation_can_be_reformed_under_the_same_code():
    old = organisation_create(kind="icb", code="QOQ", name="NHS Old ICB", valid_from=datetime.date(2022, 7, 1))
    Organisation.objects.filter(pk=old.pk).update(valid_to=datetime.date(2026, 3, 31))

    new = organisation_create(kind="icb", code="QOQ", name="NHS Merged ICB", valid_from=datetime.date(2026, 4, 1))

    assert Organisation.objects.filter(code="QOQ").count() == 2
    assert str(new) == "NHS Merged ICB (QOQ)"


@pytest.mark.django_db
def test_financial_year_labels_itself():
    year = financial_year_for(start_year=2025)

    assert str(year) == "2025/26"
    assert (year.starts_on, year.ends_on) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    assert financial_year_for(start_year=2025) == year
    assert FinancialYear.objects.count() == 1


@pytest.mark.django_db
def test_scheme_kinds():
    assert SchemeFactory(kind=Scheme.Kind.CAREER_CONVERSATIONS).get_kind_display() == "Career conversations scheme"
