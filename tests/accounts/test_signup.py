"""Signing up: each error says which answer it is about."""

import html

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_signing_up_with_nothing_typed_names_each_missing_answer(client):
    page = html.unescape(client.post(reverse("account_signup"), {}).content.decode())

    assert "There is a problem" in page
    for message in ["Enter your email address", "Enter a password", "Enter the password again"]:
        assert message in page
    assert "This field is required" not in page


@pytest.mark.django_db
def test_an_email_address_that_is_not_one_says_so(client):
    page = html.unescape(
        client.post(reverse("account_signup"), {"email": "banana", "password1": "x", "password2": "x"}).content.decode()
    )

    assert "Enter an email address in the correct format, like name@nhs.net" in page
