import pytest
from django.urls import reverse


def scheme_url(scheme):
    return reverse("schemes:detail", args=[scheme.slug])


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["staff", "approver", "commissioner"])
def test_scheme_people_see_its_rules(client, request, scheme, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(scheme_url(scheme))

    assert response.status_code == 200
    page = response.content.decode()
    assert scheme.name in page
    assert "£289.00" in page
    assert "4 to 8" in page


@pytest.mark.django_db
def test_staff_of_another_scheme_get_404(client, other_staff, scheme):
    client.force_login(other_staff)

    assert client.get(scheme_url(scheme)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["mentee", "outsider"])
def test_people_without_a_scheme_role_get_403(client, request, scheme, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(scheme_url(scheme)).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in(client, scheme):
    response = client.get(scheme_url(scheme))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
