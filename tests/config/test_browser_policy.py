"""What every response tells the browser: scripts, styles and forms only from this service, and no framing."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/admin/login/"])
def test_every_page_forbids_inline_script_and_framing(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.django_db
def test_a_signed_in_page_forbids_inline_script_too(client, staff):
    client.force_login(staff)

    assert "unsafe" not in client.get(reverse("portal"))["Content-Security-Policy"]
