"""Errors in the NHS.UK layout, never a debug page or a bare "Forbidden"."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_a_missing_page_is_a_styled_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'class="nhsuk-header' in page


@pytest.mark.django_db
def test_a_commissioner_at_the_scheme_administration_gets_a_styled_403_pointing_to_their_schemes(client, commissioner):
    from django.urls import reverse

    client.force_login(commissioner)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Scheme administration is for scheme staff" in page
    assert reverse("mentoring:commissioning") in page
    assert 'class="nhsuk-header' in page


@pytest.mark.django_db
def test_a_server_error_is_a_styled_500_without_details():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert 'class="nhsuk-header' in page
    assert "Traceback" not in page
