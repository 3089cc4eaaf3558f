"""Everyone who can see other people's data is sent to set up MFA, from every page, until they do."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.permissions import Role
from tests.conftest import PASSWORD, log_in, totp_code, with_mfa
from tests.factories.mentoring import MentorFactory
from tests.factories.schemes import SchemeMembershipFactory

SETUP_URL = reverse("mfa_activate_totp")
REAUTHENTICATE_URL = reverse("account_reauthenticate")


@pytest.fixture
def staff_without_mfa(scheme):
    return SchemeMembershipFactory(scheme=scheme, role=Role.STAFF).user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/portal/",
        "/admin/",
        "/admin/schemes/scheme/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/schemes/any-scheme/",
        "/a-page-that-does-not-exist/",
    ],
)
def test_staff_without_mfa_are_sent_to_set_it_up_from_every_page(client, staff_without_mfa, url):
    client.force_login(staff_without_mfa)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == SETUP_URL


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CLAIMS_APPROVER, Role.COMMISSIONER])
def test_approvers_and_commissioners_without_mfa_are_sent_to_set_it_up(client, scheme, role):
    client.force_login(SchemeMembershipFactory(scheme=scheme, role=role).user)

    assert client.get("/portal/").url == SETUP_URL


@pytest.mark.django_db
def test_mentors_without_mfa_are_sent_to_set_it_up(client, scheme):
    client.force_login(MentorFactory(scheme=scheme).user)

    assert client.get("/portal/").url == SETUP_URL


@pytest.mark.django_db
def test_the_setup_pages_and_log_out_stay_open(client, staff_without_mfa):
    log_in(client, staff_without_mfa)

    setup = client.get("/portal/", follow=True)

    # allauth asks for the password again before adding an authenticator; that page stays open too.
    assert [url.split("?")[0] for url, _ in setup.redirect_chain] == [SETUP_URL, REAUTHENTICATE_URL]
    assert setup.status_code == 200
    assert b"Your role needs two-step sign-in" in setup.content
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_who_set_up_mfa_reach_the_admin(client, staff_without_mfa):
    log_in(client, staff_without_mfa)
    client.post(REAUTHENTICATE_URL, {"password": PASSWORD})
    assert client.get(SETUP_URL).status_code == 200
    staff_without_mfa.totp_secret = client.session["mfa.totp.secret"]

    response = client.post(SETUP_URL, {"code": totp_code(staff_without_mfa)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff_without_mfa, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_mentees_are_offered_mfa_but_not_made_to(client, mentee):
    client.force_login(mentee)

    response = client.get("/portal/")

    assert response.status_code == 200
    assert b"Two-step sign-in" in response.content


@pytest.mark.django_db
def test_signing_in_with_mfa_asks_for_the_code(client, scheme):
    user = with_mfa(SchemeMembershipFactory(scheme=scheme, role=Role.STAFF).user)

    after_password = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert after_password.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    client.post(reverse("mfa_authenticate"), {"code": totp_code(user)})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, staff):
    code = staff.recovery_codes[0]
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(staff.pk)

    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_totp_secrets_are_encrypted_at_rest_and_never_in_the_admin(client, superuser):
    stored = Authenticator.objects.get(user=superuser, type=Authenticator.Type.TOTP).data["secret"]
    client.force_login(superuser)

    assert superuser.totp_secret not in stored
    assert client.get("/admin/mfa/authenticator/").status_code == 404


@pytest.mark.django_db
def test_the_recovery_codes_page_has_a_way_on(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(staff)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # codes are shown after a fresh check

    response = client.get(reverse("mfa_view_recovery_codes"))
    assert response.status_code == 200, response.get("Location")
    page = response.content.decode()

    assert staff.recovery_codes[0] in page
    assert f'href="{reverse("portal")}">Continue to your home page' in page
