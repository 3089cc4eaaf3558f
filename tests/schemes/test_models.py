import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError
from django.utils import timezone

from mentoring import rules
from mentoring.services.mentorships import mentorship_propose
from schemes.models import FinancialYear, Organisation
from schemes.services import financial_year_for, organisation_create
from tests.factories.mentoring import MenteeFactory, MentorFactory, complete_application
from tests.factories.schemes import SchemeFactory


@pytest.mark.django_db
def test_a_new_scheme_runs_on_the_national_guidance(staff):
    scheme = SchemeFactory()
    mentor = MentorFactory(scheme=scheme, **complete_application())
    mentor.approved_on = timezone.localdate()

    mentorship = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=staff)

    assert mentorship.allowance_hours == 8
    assert rules.capacity_problem(scheme, 9) == "Mentors on this scheme support between 4 and 8 mentees at once"
    assert rules.capacity_problem(scheme, 4) is None
    assert "at least 3 clinical sessions a week" in rules.clinical_sessions_problem(scheme, 2)
    eleven_months_on = mentor.approved_on + relativedelta(months=11)
    assert rules.training_cost_to_recover(mentor, left_on=eleven_months_on, exempt=False) == Decimal("2500.00")
    assert (
        rules.training_cost_to_recover(mentor, left_on=eleven_months_on + relativedelta(months=1), exempt=False) is None
    )


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
