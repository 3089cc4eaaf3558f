"""Property-based checks of money typed by staff (a spend profile's twelve monthly amounts): any text is
either twelve amounts in pounds and pence that the database can hold, or a clear message and nothing saved."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.forms import SpendProfileUploadForm
from claims.models import SpendProfile
from claims.services import ClaimRuleBroken, spend_profile_set
from schemes.models import SchemeYear
from schemes.services import financial_year_for

AMOUNT_TEXT = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "sNaN", "-Infinity", "1e999", "£24,000.00", "24000.005", "-1", "1E+8", "\x00", "<b>1</b>"]),
    st.text(max_size=12),
)


@settings(max_examples=150)
@given(st.lists(AMOUNT_TEXT, min_size=0, max_size=14))
def test_a_typed_spend_profile_is_twelve_finite_amounts_or_a_message(parts):
    form = SpendProfileUploadForm(data={"amounts": ",".join(parts)})

    if form.is_valid():
        amounts = form.cleaned_data["parsed"]
        assert len(amounts) == 12
        assert all(amount.is_finite() and abs(amount) < Decimal("100000000") for amount in amounts)
    else:
        assert form.errors["__all__"][0]


@pytest.fixture
def scheme_year(scheme):
    return SchemeYear.objects.create(scheme=scheme, financial_year=financial_year_for(start_year=2026), allocation=1)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(st.decimals(allow_nan=True, allow_infinity=True), st.integers(), AMOUNT_TEXT),
        min_size=12,
        max_size=12,
    )
)
def test_the_service_saves_a_spend_profile_the_database_holds_or_refuses_it_whole(scheme_year, staff, amounts):
    before = list(SpendProfile.objects.filter(scheme_year=scheme_year).values_list("month", "amount"))

    try:
        saved = spend_profile_set(scheme_year=scheme_year, amounts=amounts, by=staff)
    except ClaimRuleBroken as refused:
        assert str(refused)
        assert list(SpendProfile.objects.filter(scheme_year=scheme_year).values_list("month", "amount")) == before
    else:
        stored = list(
            SpendProfile.objects.filter(scheme_year=scheme_year).order_by("month").values_list("amount", flat=True)
        )
        assert stored == saved
        assert all(amount >= 0 and amount.as_tuple().exponent == -2 for amount in stored)
