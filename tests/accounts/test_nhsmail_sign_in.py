"""Sign in with NHSmail (Microsoft Entra ID), against a local stand-in for Microsoft's endpoints."""

from urllib.parse import urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories.accounts import UserFactory
from tests.fake_nhsmail import TENANT, FakeNHSmail, follow_authorize

LOGIN = "/accounts/microsoft/login/"


def profile(mail, **overrides):
    return {"id": "entra-object-id-1", "mail": mail, "givenName": "Amira", "surname": "Khan", **overrides}


def sign_in_with_nhsmail(client, fake):
    """Press the button, let the stand-in for Microsoft send the browser back, and follow allauth."""
    to_microsoft = client.post(LOGIN)
    assert to_microsoft.status_code == 302
    assert to_microsoft.url.startswith(f"{fake.url}/{TENANT}/oauth2/v2.0/authorize?")
    back = urlparse(follow_authorize(to_microsoft.url))
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def nhsmail_user(db):
    return UserFactory(email="amira.khan@nhs.net", first_name="Amira")


@pytest.mark.django_db
def test_the_button_is_absent_when_nhsmail_is_not_configured(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "Sign in with NHSmail" not in page
    assert client.post(LOGIN).status_code == 404


@pytest.mark.django_db
def test_an_existing_account_with_the_same_nhs_net_address_is_linked_and_signed_in(client, nhsmail_user):
    with FakeNHSmail(profile("Amira.Khan@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        assert "Sign in with NHSmail" in client.get(reverse("account_login")).content.decode()

        response = sign_in_with_nhsmail(client, fake)

    assert response.status_code == 302
    assert response.url == reverse("portal")
    assert client.get(reverse("portal")).context["user"] == nhsmail_user
    assert SocialAccount.objects.get(provider="microsoft").user == nhsmail_user
    assert AuditEvent.objects.filter(action="user.nhsmail_link", target_id=str(nhsmail_user.pk)).exists()
    assert fake.authorize_requests[0]["client_id"] == "gp-mentoring-test-client"


@pytest.mark.django_db
def test_an_address_outside_nhs_net_is_never_linked(client, db):
    UserFactory(email="amira@gmail.com")
    with FakeNHSmail(profile("amira@gmail.com")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        response = sign_in_with_nhsmail(client, fake)

    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_nobody_gets_a_new_account_through_nhsmail(client, db):
    with FakeNHSmail(profile("new.person@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        response = sign_in_with_nhsmail(client, fake)

    assert response.url == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    messages = [str(message) for message in client.get(reverse("account_login")).context["messages"]]
    assert any("no account here for that NHSmail address" in message for message in messages)


@pytest.mark.django_db
def test_a_closed_account_is_not_signed_in_by_nhsmail(client, nhsmail_user):
    type(nhsmail_user).objects.filter(pk=nhsmail_user.pk).update(is_active=False)
    with FakeNHSmail(profile("amira.khan@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        sign_in_with_nhsmail(client, fake)

    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_still_give_their_authenticator_code_after_nhsmail(client, staff):
    type(staff).objects.filter(pk=staff.pk).update(email="alice.staff@nhs.net")
    with FakeNHSmail(profile("alice.staff@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        response = sign_in_with_nhsmail(client, fake)

    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_without_an_authenticator_are_sent_to_set_one_up_after_nhsmail(client, scheme):
    from accounts.permissions import Role
    from tests.factories.schemes import SchemeMembershipFactory

    new_staff = SchemeMembershipFactory(scheme=scheme, role=Role.STAFF, user__email="new.staff@nhs.net").user
    with FakeNHSmail(profile("new.staff@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        sign_in_with_nhsmail(client, fake)

    assert client.get(reverse("portal")).url == reverse("mfa_activate_totp")
    assert client.session["_auth_user_id"] == str(new_staff.pk)


@pytest.mark.django_db
def test_someone_signed_in_cannot_link_an_nhsmail_account_with_another_address(client, nhsmail_user, outsider):
    client.force_login(outsider)
    with FakeNHSmail(profile("amira.khan@nhs.net")) as fake, override_settings(SOCIALACCOUNT_PROVIDERS=fake.settings):
        to_microsoft = client.post(LOGIN, {"process": "connect"})
        back = urlparse(follow_authorize(to_microsoft.url))
        response = client.get(f"{back.path}?{back.query}")

    assert response.url == reverse("socialaccount_connections")
    assert not SocialAccount.objects.exists()
    assert client.session["_auth_user_id"] == str(outsider.pk)
