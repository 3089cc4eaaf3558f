"""The audit meta-test: every model that holds personal data or money has its writes audited.

Which models those are is worked out from the models themselves (a link to a person, an email address,
an amount of money, or a required link to a record that holds personal data), so a new model is caught
without anyone remembering to list it. Each must then say how its writes reach the trail: audited itself,
or through the record it belongs to (a line of a claim through the claim's events, an answer through its
response). The last test runs the services of a claim's life with every write watched, and fails on a
row written without its audit event.
"""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.test.utils import isolate_apps
from django.utils import timezone

from accounts.models import AuditEvent
from mentoring.models import Mentee, Mentor
from mentoring.services.mentors import mentor_leave
from mentoring.services.sessions import session_correct
from schemes.services import membership_grant, membership_revoke
from tests.access.world import build
from tests.factories.accounts import UserFactory

OUR_APPS = ("accounts", "schemes", "mentoring", "surveys", "claims", "reporting")
PEOPLE = ("accounts.user", "mentoring.mentee", "mentoring.mentor")

# How each model's writes reach the trail: "" when it is the target of its own events, else the field
# of the record whose events cover it.
AUDITED = {
    "accounts.user": "",
    "schemes.scheme": "",
    "schemes.schemeyear": "",
    "schemes.schememembership": "",
    "mentoring.mentee": "",
    "mentoring.mentor": "",
    "mentoring.eligibilitycheck": "mentor",
    "mentoring.mentorship": "",
    "mentoring.mentoringsession": "",
    "mentoring.allowanceextension": "mentorship",
    "mentoring.careerconversation": "",
    "mentoring.conversationpart": "conversation",
    "mentoring.trainingrecord": "",
    "mentoring.trainingsession": "",
    "surveys.response": "",
    "surveys.answer": "response",
    "surveys.surveydispatch": "",
    "claims.claim": "",
    "claims.claimline": "",
    "claims.paymentbatch": "",
    "claims.spendprofile": "",
    "claims.mentoringplan": "",
    "reporting.generatedreport": "",
}
# Models that hold personal data or money and are not audited, and why.
NOT_AUDITED = {
    "accounts.auditevent": "the trail itself, written only by audit() and never changed",
    "accounts.outboundemail": "the mail outbox: each email is queued by an audited change and kept 30 days",
    "surveys.staffdigest": "a record that a digest email was queued, itself audited as digest.queue",
}


def _names_a_person(model):
    return model._meta.label_lower in PEOPLE or any(
        isinstance(field, models.EmailField) or (field.is_relation and field.related_model._meta.label_lower in PEOPLE)
        for field in model._meta.concrete_fields
    )


def holds_personal_data_or_money(model):
    """A person, a link to one, an email address, an amount of money, or a required part of a record that
    names a person (an answer of a response, a session of a mentorship)."""
    fields = model._meta.concrete_fields
    return (
        _names_a_person(model)
        or any(isinstance(field, models.DecimalField) for field in fields)
        or any(field.is_relation and not field.null and _names_a_person(field.related_model) for field in fields)
    )


def uncovered(model_list, audited=AUDITED, not_audited=NOT_AUDITED):
    """The models holding personal data or money that say nothing of how their writes are audited."""
    return sorted(
        model._meta.label_lower
        for model in model_list
        if holds_personal_data_or_money(model)
        and model._meta.label_lower not in audited
        and model._meta.label_lower not in not_audited
    )


def our_models():
    return [model for model in apps.get_models() if model._meta.app_label in OUR_APPS]


def test_every_model_holding_personal_data_or_money_says_how_its_writes_are_audited():
    assert uncovered(our_models()) == []


def test_the_lists_name_only_models_that_exist_and_hold_such_data():
    held = {model._meta.label_lower for model in our_models() if holds_personal_data_or_money(model)}
    assert set(AUDITED) | set(NOT_AUDITED) == held


@isolate_apps("mentoring")
def test_a_model_added_without_audit_coverage_fails_the_check():
    class Complaint(models.Model):  # noqa: DJ008
        mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE)
        text = models.TextField()

        class Meta:
            app_label = "mentoring"

    class Refund(models.Model):  # noqa: DJ008
        amount = models.DecimalField(max_digits=8, decimal_places=2)

        class Meta:
            app_label = "mentoring"

    class Colour(models.Model):  # noqa: DJ008
        name = models.CharField(max_length=20)

        class Meta:
            app_label = "mentoring"

    assert uncovered([*our_models(), Complaint, Refund, Colour]) == ["mentoring.complaint", "mentoring.refund"]
    assert uncovered([*our_models(), Complaint], audited={**AUDITED, "mentoring.complaint": ""}) == []


class Watched:
    """Every row of an audited model saved or deleted while watching: (model label, pk, target label, target pk)."""

    def __init__(self):
        self.writes = set()

    def _seen(self, sender, instance, **kwargs):
        label = sender._meta.label_lower
        if label not in AUDITED:
            return
        through = AUDITED[label]
        target = getattr(instance, through) if through else instance
        self.writes.add((label, instance.pk, target._meta.label_lower, str(target.pk)))

    def __enter__(self):
        post_save.connect(self._seen, weak=False, dispatch_uid="audit-watch-save")
        post_delete.connect(self._seen, weak=False, dispatch_uid="audit-watch-delete")
        return self

    def __exit__(self, *exc):
        post_save.disconnect(dispatch_uid="audit-watch-save")
        post_delete.disconnect(dispatch_uid="audit-watch-delete")


@pytest.mark.django_db
def test_every_write_of_a_claims_life_is_audited(world, scheme, staff, approver, commissioner, mentor):
    with Watched() as watched:
        build(world, scheme=scheme, staff=staff, approver=approver, commissioner=commissioner)
        session_correct(session=world["session"], by=mentor, duration_minutes=45)
        granted = membership_grant(user=UserFactory(), scheme=scheme, role="staff", by=staff)
        membership_revoke(membership=granted, by=staff)
        for record in Mentor.objects.filter(user=mentor):
            mentor_leave(mentor=record, by=staff, left_on=timezone.localdate(), reason="Retired")

    trail = set(AuditEvent.objects.values_list("target_type", "target_id"))
    assert len(watched.writes) > 10
    assert {write[:2] for write in watched.writes if write[2:] not in trail} == set()
