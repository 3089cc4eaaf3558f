"""Career-need funding: the GP applies after a complete conversation, with the invoice, inside the
funding window, paid to the practice, never past the career fund."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Claim, ClaimLine, LineKind, LineStatus
from claims.services import ClaimRuleBroken, batch_create, batch_export, claim_decide_whole, funding_apply
from schemes.models import Organisation, Scheme
from tests.factories.accounts import UserFactory
from tests.factories.claims import claiming_mentor, complete_conversation
from tests.factories.schemes import SchemeFactory, practice

TODAY = datetime.date.today()


def pdf(name="invoice.pdf", content=b"%PDF-1.4 a booking for a leadership course"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def cc_scheme(db):
    return SchemeFactory(
        kind=Scheme.Kind.CAREER_CONVERSATIONS,
        career_fund=Decimal("1000.00"),
        funding_opens_on=TODAY - datetime.timedelta(days=30),
        funding_closes_on=TODAY + datetime.timedelta(days=30),
    )


@pytest.fixture
def conversation(cc_scheme):
    facilitator = claiming_mentor(cc_scheme)
    gp = UserFactory(first_name="Ade", last_name="Bello")
    return complete_conversation(facilitator, gp, held_on=TODAY - datetime.timedelta(days=2))


def apply(conversation, **changes):
    arguments = {
        "conversation": conversation,
        "by": conversation.gp,
        "practice": Organisation.objects.filter(code="C81002").first() or practice(code="C81002"),
        "career_need": "cpd",
        "description": "Leadership course, two days",
        "backfill_sessions": 2,
        "course_cost": Decimal("150.00"),
        "invoice": pdf(),
        "declaration": True,
    } | changes
    return funding_apply(**arguments)


def test_an_application_pays_backfill_and_course_to_the_practice(conversation, approver, staff):
    claim = apply(conversation)
    line = claim.lines.get()

    assert line.amount == Decimal("728.00")  # 2 x £289 + £150
    assert claim.status == Claim.Status.SUBMITTED and claim.practice.code == "C81002"
    assert line.invoice.name.startswith("funding-invoices/") and "invoice" not in line.invoice.name.split("/")[1]


def test_the_practice_is_the_payee_in_the_export(conversation, cc_scheme, staff):
    from accounts.permissions import Role
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    cc_approver = with_mfa(SchemeMembershipFactory(scheme=cc_scheme, role=Role.CLAIMS_APPROVER).user)
    cc_staff = with_mfa(SchemeMembershipFactory(scheme=cc_scheme, role=Role.STAFF).user)
    claim = apply(conversation)
    claim_decide_whole(claim=claim, by=cc_approver, decision="approve")
    batch, _ = batch_create(scheme=cc_scheme, by=cc_staff)

    rows = batch_export(batch=batch, by=cc_staff, format="csv").decode("utf-8-sig").splitlines()

    assert rows[1].startswith("The Surgery C81002,,C81002,The Surgery C81002,")
    assert ",728.00," in rows[1]


def test_an_application_over_the_fund_is_refused_with_the_amount_left(conversation, cc_scheme):
    other = complete_conversation(conversation.facilitator, UserFactory(), held_on=TODAY - datetime.timedelta(days=1))
    apply(conversation)  # £728 of £1,000

    with pytest.raises(ClaimRuleBroken, match="The career fund has £272.00 left, less than the £728.00 applied for"):
        apply(other)

    assert ClaimLine.objects.filter(kind=LineKind.CAREER_NEED_FUNDING).count() == 1


def test_applications_outside_the_window_are_refused(conversation, cc_scheme):
    Scheme.objects.filter(pk=cc_scheme.pk).update(funding_closes_on=TODAY - datetime.timedelta(days=1))
    conversation.scheme.refresh_from_db()

    with pytest.raises(ClaimRuleBroken, match="Funding applications are taken from"):
        apply(conversation)

    assert Claim.objects.count() == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf("invoice.pdf", b"MZ an executable"), "does not look like a PDF"),
        (pdf("invoice.exe", b"%PDF-1.4"), "must be a PDF, JPG or PNG"),
        (pdf("invoice.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "smaller than 5 MB"),
    ],
)
def test_the_invoice_is_checked_by_content_and_size(conversation, upload, message):
    with pytest.raises(ClaimRuleBroken) as refused:
        apply(conversation, invoice=upload)

    assert message in str(refused.value)
    assert Claim.objects.count() == 0


def test_only_the_gp_of_the_conversation_applies(conversation):
    with pytest.raises(ClaimRuleBroken, match="Only the GP"):
        apply(conversation, by=conversation.facilitator.user)


def test_a_second_application_for_one_conversation_is_refused(conversation):
    apply(conversation, backfill_sessions=1, course_cost=Decimal("0"))

    with pytest.raises(ClaimRuleBroken, match="already"):
        apply(conversation, backfill_sessions=1, course_cost=Decimal("0"))


def test_the_gp_applies_through_the_page_and_the_approver_opens_the_invoice(client, conversation, cc_scheme):
    from accounts.permissions import Role
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    practice(code="C81003")
    client.force_login(conversation.gp)
    response = client.post(
        reverse("claims:funding_apply", args=[conversation.pk]),
        {
            "career_need": "cpd",
            "description": "Coaching course",
            "practice_code": "c81003",
            "backfill_sessions": "1",
            "course_cost": "£200.00",
            "invoice": pdf(),
            "declaration": "on",
        },
        follow=True,
    )
    line = ClaimLine.objects.get()
    cc_approver = with_mfa(SchemeMembershipFactory(scheme=cc_scheme, role=Role.CLAIMS_APPROVER).user)
    client.force_login(cc_approver)
    invoice = client.get(reverse("claims:line_invoice", args=[line.pk]))
    client.force_login(UserFactory())
    outsider = client.get(reverse("claims:line_invoice", args=[line.pk]))

    assert "is sent for approval" in response.content.decode()
    assert line.amount == Decimal("489.00") and line.status == LineStatus.SUBMITTED
    assert invoice.status_code == 200 and b"".join(invoice.streaming_content).startswith(b"%PDF-")
    assert outsider.status_code == 404


def test_the_page_shows_the_fund_refusal_beside_the_form(client, conversation, cc_scheme):
    Scheme.objects.filter(pk=cc_scheme.pk).update(career_fund=Decimal("100.00"))
    practice(code="C81004")
    client.force_login(conversation.gp)

    response = client.post(
        reverse("claims:funding_apply", args=[conversation.pk]),
        {
            "career_need": "cpd",
            "description": "Coaching course",
            "practice_code": "C81004",
            "backfill_sessions": "1",
            "course_cost": "0",
            "invoice": pdf(),
            "declaration": "on",
        },
    )

    assert "The career fund has £100.00 left, less than the £289.00 applied for" in response.content.decode()
    assert Claim.objects.count() == 0


def test_a_returned_application_meets_the_fund_again_when_resubmitted(conversation, cc_scheme):
    from accounts.permissions import Role
    from claims.services import claim_submit
    from tests.conftest import with_mfa
    from tests.factories.schemes import SchemeMembershipFactory

    cc_approver = with_mfa(SchemeMembershipFactory(scheme=cc_scheme, role=Role.CLAIMS_APPROVER).user)
    claim = apply(conversation)  # £728
    claim_decide_whole(claim=claim, by=cc_approver, decision="return", reason="Attach the booking, not the quote")
    Scheme.objects.filter(pk=cc_scheme.pk).update(career_fund=Decimal("700.00"))

    with pytest.raises(ClaimRuleBroken, match="£700.00 left"):
        claim_submit(claim=claim, by=conversation.gp, declaration=True)

    Scheme.objects.filter(pk=cc_scheme.pk).update(career_fund=Decimal("1000.00"))
    claim_submit(claim=claim, by=conversation.gp, declaration=True)
    assert claim.lines.get().status == LineStatus.SUBMITTED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"career_need": "portfolio"}, "Choose a career need identified"),
        ({"declaration": False}, "Confirm the declaration"),
        ({"practice": None}, "paid to the practice"),
        ({"backfill_sessions": -1}, "cannot be negative"),
        ({"backfill_sessions": 0, "course_cost": Decimal("0")}, "Enter the backfill sessions or the course cost"),
        ({"invoice": None}, "Attach the invoice"),
    ],
)
def test_an_incomplete_application_is_refused(conversation, changes, message):
    with pytest.raises(ClaimRuleBroken, match=message):
        apply(conversation, **changes)

    assert Claim.objects.count() == 0


def test_a_scheme_without_a_fund_takes_no_applications(conversation, cc_scheme):
    Scheme.objects.filter(pk=cc_scheme.pk).update(career_fund=None)
    conversation.scheme.refresh_from_db()

    with pytest.raises(ClaimRuleBroken, match="not taking funding applications"):
        apply(conversation)


def test_a_conversation_not_complete_has_no_funding(conversation):
    from mentoring.models import CareerConversation

    CareerConversation.objects.filter(pk=conversation.pk).update(status=CareerConversation.Status.ACCEPTED)
    conversation.refresh_from_db()

    with pytest.raises(ClaimRuleBroken, match="both parts of the conversation are held"):
        apply(conversation)
