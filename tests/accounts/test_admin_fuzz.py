"""Every admin page of ours, read and posted to with ids and values that are not numbers, gives a page or
a refusal, never a server error: what a person types into a query string or a form is read through forms."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern

from mentoring.services.mentorships import mentorship_propose
from surveys.services import response_import
from tests.factories.mentoring import MenteeFactory, MentorFactory

OUR_APPS = ("accounts", "schemes", "mentoring", "surveys", "claims", "reporting")
JUNK_QUERY = (
    "?scheme=abc&mentor=abc&status=abc&scheme__id__exact=abc&o=abc&p=abc&q=%25&attention=abc"
    "&at_risk=abc&fit=abc&is_gp_fellow=abc&scheme__id__exact=1x&_changelist_filters=scheme%3Dabc"
)
JUNK_POST = {
    "scheme": "abc",
    "mentor": "abc",
    "pair": ["abc", "1:abc", ":", "9999999999999999999999:1"],
    "file": "abc",
    "held_on": "abc",
    "duration_minutes": "abc",
    "extra_hours": "abc",
    "ended_on": "abc",
    "reason": "",
    "mode": "abc",
    "kind": "abc",
    "action": "abc",
}
# The mentor review page's actions, each with junk in its form.
REVIEW_POSTS = [
    {
        "action": action,
        f"{action}-item": "abc",
        f"{action}-left_on": "abc",
        f"{action}-reason": "",
        f"{action}-feedback": "",
        f"{action}-reapply_from": "abc",
    }
    for action in ("verify", "approve", "reject", "leave", "pause", "activate")
]


def _filled(route, obj_pk):
    route = re.sub(r"<(?:int|path|str):object_id>", str(obj_pk), route)
    return re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: "abc" if m.group(1) in (None, "str", "path", "slug") else "999999", route
    )


def admin_pages():
    """(model, path with `{pk}` for the record) for every admin URL of our models, Django's and our own."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            if isinstance(pattern, URLPattern):
                yield model, base + str(pattern.pattern).lstrip("^").rstrip("$")


PAGES = sorted({(model._meta.label, route) for model, route in admin_pages()})


@pytest.fixture
def records(scheme, staff):
    mentor = MentorFactory(scheme=scheme)
    mentee = MenteeFactory(scheme=scheme)
    response_import(mentee=mentee, code="pss10", answers=[2] * 10, by=staff)
    mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=mentor, by=staff)
    return mentor, mentee


@pytest.mark.django_db
@pytest.mark.parametrize(("label", "route"), PAGES)
def test_admin_pages_never_fail_on_ids_or_values_that_are_not_numbers(client, records, superuser, label, route):
    """As a platform administrator, who reaches every admin page (staff run the same code, scoped)."""
    client.force_login(superuser)
    model = apps.get_model(label)
    record = model.objects.order_by("pk").first()
    paths = {_filled(route, record.pk if record else 1), _filled(route, "abc")}

    posts = [JUNK_POST, *(REVIEW_POSTS if route.endswith("review/") else [])]
    for path in paths:
        assert client.get(path + JUNK_QUERY).status_code < 500, path
        for post in posts:
            assert client.post(path + JUNK_QUERY, post).status_code < 500, (path, post)


def test_the_walk_covers_our_own_admin_pages():
    routes = {route for _, route in PAGES}
    for own in ("review/", "suggestions/", "batch/", "confirm/", "withdraw/", "log-session/", "void/", "import/"):
        assert any(route.endswith(own) for route in routes), own
