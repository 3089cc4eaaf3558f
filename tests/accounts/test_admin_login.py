import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_admin_login_is_rate_limited(client, staff):
    login_page = client.get(reverse("admin:index"), follow=True)
    assert login_page.request["PATH_INFO"] == reverse("account_login")
    for _ in range(5):
        failed = client.post(reverse("account_login"), {"login": staff.email, "password": "not-my-password"})
        assert b"The email address and/or password you specified are not correct." in failed.content

    limited = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})

    assert b"Too many failed login attempts. Try again later." in limited.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_form_cannot_sign_a_signed_in_user_in_as_someone_else(client, staff, superuser):
    """Django's own admin login form would skip MFA and allauth's rate limits: it is never used."""
    client.force_login(staff)

    response = client.post(reverse("admin:login"), {"username": superuser.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.django_db
def test_signed_in_staff_at_the_admin_login_go_to_the_admin(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:login"), {"next": "/admin/schemes/"}).url == "/admin/schemes/"
    assert client.get(reverse("admin:login"), {"next": "https://evil.example.com/"}).url == reverse("admin:index")


@pytest.mark.django_db
def test_signed_in_non_staff_get_403_at_the_admin_login(client, mentee):
    client.force_login(mentee)

    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.django_db
def test_admin_password_change_is_allauths(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:password_change")).url == reverse("account_change_password")
