"""Meta-tests over every URL of ours: each view declares who may use it, and the admin's views of
ours turn away anyone signed out or without an admin role."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

OUR_APPS = ("accounts", "schemes", "mentoring", "surveys", "claims", "reporting", "config")


def our_routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from our_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.callback.__module__.split(".")[0] in OUR_APPS:
            yield prefix + str(pattern.pattern), pattern.callback


def example_path(route):
    """A concrete path for a route: any id or slug will do to test who is let in."""
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "any", route).lstrip("^")


ROUTES = list(our_routes(get_resolver().url_patterns))
PORTAL_ROUTES = [(route, view) for route, view in ROUTES if not route.startswith("admin/")]
ADMIN_ROUTES = [route for route, _ in ROUTES if route.startswith("admin/")]


def test_every_portal_view_of_ours_declares_who_may_use_it():
    assert len(PORTAL_ROUTES) >= 6
    undeclared = [route for route, view in PORTAL_ROUTES if not hasattr(view, "access")]
    assert undeclared == []


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for route, view in PORTAL_ROUTES if getattr(view, "access", "") != "public"])
def test_signed_out_visitors_are_sent_to_log_in(client, route):
    response = client.get(example_path(route))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("route", ADMIN_ROUTES)
def test_admin_views_of_ours_refuse_people_without_an_admin_role(client, outsider, route):
    assert "/login/" in client.get(example_path(route)).url

    client.force_login(outsider)

    assert client.get(example_path(route), follow=True).status_code == 403
