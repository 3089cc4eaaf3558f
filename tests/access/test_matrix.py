"""The access matrix walked whole: every URL pattern of the project, admin included, called as every role
with real records of the first scheme, gives the status config/access_matrix.py declares for it.

A pattern missing from the matrix fails test_every_url_pattern_is_in_the_matrix, so a new page cannot
ship without saying who gets it. The walk reads each page (GET); what a POST may change is shown by each
view's own tests.
"""

import json
import os
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from config.access_matrix import MATRIX, ROLES, expected
from mentoring.models import Mentor
from mentoring.services.mentors import mentor_leave
from tests.access.world import build, route_values


def url_patterns(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


ROUTES = list(url_patterns())
# Regular-expression patterns, by a named group in each, with a path that matches it.
REGEX_PATHS = {
    "(?P<uidb36>": "/accounts/password/reset/key/1-abc/",
    "(?P<app_label>": "/admin/mentoring/",
    "(?P<url>": "/admin/nowhere/",
    "(?P<format>": "/my-data/download.json",
}


def path_for(route, records):
    for group, path in REGEX_PATHS.items():
        if group in route:
            return path
    values = route_values(records, route)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values.get(m.group(1), "any")), route)


def outcome(response):
    """What the person gets, in the matrix's words: a status, or where a redirect sends them."""
    if response.status_code in (301, 302):
        location = response.url
        if location.startswith(("/accounts/login/", "/admin/login/")):
            return "login"
        if location.startswith("/accounts/2fa/"):
            return "mfa"
        return "302"
    return str(response.status_code)


def test_every_url_pattern_is_in_the_matrix():
    assert len(ROUTES) > 200
    assert [route for route in ROUTES if route not in MATRIX] == []
    assert [route for route in MATRIX if route not in ROUTES] == []


def test_the_matrix_fails_a_pattern_it_does_not_declare():
    with pytest.raises(KeyError):
        expected("reports/<int:pk>/a-new-page/", "anonymous")


@pytest.fixture
def people(staff, other_staff, approver, commissioner, mentor, other_mentor, mentee, superuser):
    return {
        "anonymous": None,
        "mentee": mentee,
        "mentor": mentor,
        "left_mentor": mentor,
        "other_mentor": other_mentor,
        "staff": staff,
        "other_staff": other_staff,
        "approver": approver,
        "commissioner": commissioner,
        "superuser": superuser,
    }


# The roles in three walks, each over one world (the mentor leaves only after being walked as a mentor).
WALKS = {
    "portal people": ("anonymous", "mentee", "mentor", "other_mentor", "left_mentor"),
    "scheme staff": ("staff", "other_staff", "superuser"),
    "finance and commissioning": ("approver", "commissioner"),
}


def test_the_walks_cover_every_role():
    assert sorted(role for roles in WALKS.values() for role in roles) == sorted(ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("walk", WALKS)
def test_each_role_gets_what_the_matrix_declares_on_every_url(
    world,  # tests/access/conftest.py
    people,
    staff,
    approver,
    commissioner,
    scheme,
    walk,  # noqa: F811
):
    build(world, scheme=scheme, staff=staff, approver=approver, commissioner=commissioner)
    wrong = {}
    for role in WALKS[walk]:
        if role == "left_mentor":
            for record in Mentor.objects.filter(user=people["mentor"]):
                mentor_leave(mentor=record, by=staff, left_on=timezone.localdate(), reason="Retired")
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])

        seen = {route: outcome(client.get(path_for(route, world))) for route in ROUTES}

        if os.environ.get("ACCESS_MATRIX_RECORD"):
            with open(f"{os.environ['ACCESS_MATRIX_RECORD']}.{role}.json", "w") as out:
                json.dump(seen, out)
        wrong.update(
            {
                f"{role} {route}": f"{got}, declared {expected(route, role)}"
                for route, got in seen.items()
                if route in MATRIX and got != expected(route, role)
            }
        )
    assert wrong == {}
