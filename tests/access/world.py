"""Real objects of two schemes for the access matrix walk: for each kind of record a page is about, one
that belongs to the first scheme (the scheme of the signed-in mentee, mentor, staff, approver and
commissioner), so that another scheme's people are seen asking for something that is not theirs."""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import AuditEvent
from claims.models import Claim, MentoringPlan, PaymentBatch, SpendProfile
from claims.services import batch_create, claim_decide_whole, claim_open_month, claim_submit, mentoring_plan_record
from mentoring.models import Mentor, Mentorship, TrainingRecord
from mentoring.services.training import training_session_record
from reporting.services import report_request
from schemes.models import Organisation, SchemeMembership
from schemes.services import financial_year_for
from surveys.models import EmailTemplate, Questionnaire, Response, SupportPage, SurveyDispatch
from tests.factories.claims import held, mondays, past_month


def build(world, *, scheme, staff, approver, commissioner):
    """Adds claims, a payment batch, a report and the scheme's other records to the mentoring world of
    tests/mentoring/views/test_access_ends.py, all in `scheme`."""
    nadia = Mentor.objects.get(pk=world["nadia"].pk)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Mentorship.objects.filter(pk=world["mentorship"].pk).update(proposed_at=long_ago, responded_at=long_ago)
    world["mentorship"].refresh_from_db()
    month = past_month(2)
    for day in mondays(month)[:2]:
        held(world["mentorship"], day)
    training_session_record(mentor=nadia, attended_on=month, by=staff)
    claim = claim_open_month(mentor=nadia, month=month, by=nadia.user)
    claim = claim_submit(claim=claim, by=nadia.user, declaration=True)
    claim_decide_whole(claim=claim, by=approver, decision="approve")
    batch, _held = batch_create(scheme=scheme, by=staff)
    mentoring_plan_record(mentor=nadia, by=staff)
    year = financial_year_for(start_year=month.year if month.month >= 4 else month.year - 1)
    report = report_request(by=commissioner, period=f"{year.label}-Q1", schemes=[scheme])
    world.update(
        claim=Claim.objects.get(pk=claim.pk),
        line=claim.lines.first(),
        batch=batch or PaymentBatch.objects.filter(scheme=scheme).first(),
        report=report,
        year=year,
    )
    return world


def admin_object(world, model):
    """The first scheme's record of `model` for its admin pages."""
    scheme = world["scheme"]
    found = {
        "account.emailaddress": lambda: world["priya"].user.emailaddress_set.first(),
        "schemes.scheme": lambda: scheme,
        "schemes.organisation": lambda: Organisation.objects.first(),
        "schemes.financialyear": lambda: world["year"],
        "schemes.schememembership": lambda: SchemeMembership.objects.filter(scheme=scheme).first(),
        "accounts.auditevent": lambda: AuditEvent.objects.filter(scheme=scheme).first(),
        "mentoring.careerconversation": lambda: world["conversation"],
        "mentoring.mentee": lambda: world["priya"],
        "mentoring.mentor": lambda: world["nadia"],
        "mentoring.mentorship": lambda: world["mentorship"],
        "surveys.questionnaire": lambda: Questionnaire.objects.first(),
        "surveys.response": lambda: Response.objects.filter(mentee=world["priya"]).first(),
        "surveys.supportpage": lambda: SupportPage.objects.filter(scheme=scheme).first(),
        "surveys.emailtemplate": lambda: EmailTemplate.objects.first(),
        "surveys.surveydispatch": lambda: SurveyDispatch.objects.first(),
        "claims.claim": lambda: world["claim"],
        "claims.claimline": lambda: world["line"],
        "claims.paymentbatch": lambda: world["batch"],
        "claims.spendprofile": lambda: SpendProfile.objects.first(),
        "claims.mentoringplan": lambda: MentoringPlan.objects.first(),
    }.get(model, lambda: apps.get_model(model).objects.first())()
    return found.pk if found is not None else 999999


def route_values(world, route):
    """Values for each parameter of a route: the first scheme's records that the page is about."""
    values = {
        "slug": world["scheme"].slug,
        "scheme": world["career"].slug if "career-conversation" in route else world["scheme"].slug,
        "step": "about-you",
        "kind": "regular",
        "session_pk": world["session"].pk,
        "part": 1,
        "token": "not-a-real-token",
        "mentee_pk": world["priya"].pk,
        "code": "pss10",
        "line": world["line"].pk,
        "conversation": world["conversation"].pk,
        "file_format": "csv",
        "key": "reasons",
        "year": world["year"].label.replace("/", "-"),
        "period": world["year"].label.replace("/", "-") + "-Q1",
        "format": "csv",
        "year_id": world["year"].pk,
        "content_type_id": ContentType.objects.get_for_model(Mentor).pk,
        "record_id": (TrainingRecord.objects.filter(mentor=world["nadia"]).first() or world["nadia"]).pk,
    }
    pk_of = {
        "mentors/<slug:scheme>/<int:pk>/career-conversation/": world["nadia_facilitates"].pk,
        "mentors/": world["nadia"].pk,
        "mentor/proposals/": world["proposal"].pk,
        "mentor/mentees/": world["mentorship"].pk,
        "mentee/sessions/": world["mentorship"].pk,
        "career-conversations/": world["conversation"].pk,
        "mentor/career-conversations/": world["conversation"].pk,
        "claims/lines/": world["line"].pk,
        "claims/approve/": world["claim"].pk,
        "claims/": world["claim"].pk,
        "reports/": world["report"].pk,
    }
    values["pk"] = next((pk for prefix, pk in pk_of.items() if route.startswith(prefix)), None)
    if "object_id>" in route:
        app, model = (route.split("/") + ["", ""])[1:3]
        if route.startswith("admin/r/"):
            values["object_id"] = world["nadia"].pk
        else:
            values["object_id"] = admin_object(world, f"{app}.{model}")
    return values
