"""The audit trail of signing in, second factors and special-category reads, and what it never holds."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import AuditEvent
from mentoring.models import Mentee
from surveys.services import response_import
from tests.conftest import PASSWORD, log_in, totp_code, with_mfa


def events(action):
    return list(AuditEvent.objects.filter(action=action).values_list("target_id", flat=True))


@pytest.mark.django_db
def test_a_sign_in_is_audited(client, mentee):
    log_in(client, mentee)

    assert events("user.login") == [str(mentee.pk)]


@pytest.mark.django_db
def test_a_wrong_password_is_audited_against_the_account_without_the_address_typed(client, mentee):
    client.post(reverse("account_login"), {"login": mentee.email, "password": "not-the-password"})
    client.post(reverse("account_login"), {"login": "nobody@example.com", "password": "not-the-password"})

    assert sorted(events("user.login_failed")) == sorted(["", str(mentee.pk)])
    assert "_auth_user_id" not in client.session
    trail = json.dumps(list(AuditEvent.objects.values("target_id", "detail")))
    assert "nobody@example.com" not in trail and mentee.email not in trail


@pytest.mark.django_db
def test_a_wrong_second_factor_is_audited(client, staff):
    log_in(client, staff)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert events("user.mfa_failed") == [str(staff.pk)]


@pytest.mark.django_db
def test_setting_up_and_removing_a_second_factor_is_audited(client, mentee):
    with_mfa(mentee)
    log_in(client, mentee)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(mentee)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302, response.url
    assert not Authenticator.objects.filter(user=mentee, type=Authenticator.Type.TOTP).exists(), response.url
    assert str(mentee.pk) in events("user.mfa_remove")
    assert events("user.mfa_enrol") == [str(mentee.pk)]


@pytest.mark.django_db
def test_staff_reading_a_mentees_answers_is_audited_and_the_mentee_reading_them_is_not(client, staff, mentee):
    priya = Mentee.objects.get(user=mentee)
    response_import(mentee=priya, code="pss10", answers=[2] * 10, by=staff)
    client.force_login(mentee)
    assert client.get(reverse("surveys:answers", args=[priya.pk])).status_code == 200
    assert events("mentee.special_category_read") == []

    client.force_login(staff)
    assert client.get(reverse("surveys:answers", args=[priya.pk])).status_code == 200

    event = AuditEvent.objects.get(action="mentee.special_category_read")
    assert (event.actor, event.target_id, event.scheme, event.detail) == (
        staff,
        str(priya.pk),
        priya.scheme,
        {"what": "questionnaire answers"},
    )


@pytest.mark.django_db
def test_staff_opening_a_mentees_record_or_response_in_the_admin_is_audited(client, staff, mentee):
    priya = Mentee.objects.get(user=mentee)
    answered = response_import(mentee=priya, code="pss10", answers=[2] * 10, by=staff)
    client.force_login(staff)

    assert client.get(reverse("admin:mentoring_mentee_change", args=[priya.pk])).status_code == 200
    assert client.get(reverse("admin:surveys_response_change", args=[answered.pk])).status_code == 200
    assert client.get(reverse("admin:mentoring_mentee_changelist")).status_code == 200

    assert events("mentee.special_category_read") == [str(priya.pk)]
    assert events("response.special_category_read") == [str(answered.pk)]


@pytest.mark.django_db
def test_the_admin_cannot_change_or_delete_an_audit_row(client, scheme, staff):
    row = AuditEvent.objects.filter(scheme=scheme).first()
    client.force_login(staff)

    delete = client.post(reverse("admin:accounts_auditevent_delete", args=[row.pk]), {"post": "yes"})
    change = client.post(reverse("admin:accounts_auditevent_change", args=[row.pk]), {"action": "edited"})

    assert (delete.status_code, change.status_code) == (403, 403)
    assert AuditEvent.objects.get(pk=row.pk).action == row.action


@pytest.mark.django_db
def test_no_password_secret_or_code_is_ever_in_the_trail(client, staff, mentee):
    with_mfa(mentee)
    log_in(client, mentee)
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    client.post(reverse("account_login"), {"login": mentee.email, "password": "my-secret-guess-1"})

    trail = json.dumps(list(AuditEvent.objects.values()), default=str)
    for secret in (PASSWORD, "my-secret-guess-1", mentee.totp_secret, *mentee.recovery_codes, mentee.email):
        assert secret not in trail
