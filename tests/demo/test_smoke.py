"""Every page of the demo, as every seeded person and as a visitor: none may fail with a server error.

The URL resolver is walked, so a page added later is fetched too; ids are filled in with real rows of
the demo (every object of each admin model, each scheme's slug, each step of the forms).
"""

import itertools
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from mentoring.forms.registration import STEPS as REGISTRATION_STEPS
from mentoring.models import CareerConversation, Mentee, Mentor, Mentorship
from mentoring.views.application import STEP_SLUGS as APPLICATION_STEPS
from portal.management.commands.seed_demo import DEMO_LOGINS
from schemes.models import Scheme
from surveys.models import Questionnaire

pytestmark = [pytest.mark.sqlite_demo, pytest.mark.django_db]

# Portal pages whose <pk> is not named after their model.
PORTAL_PK_MODELS = {
    "mentoring:directory_mentor": Mentor,
    "mentoring:directory_photo": Mentor,
    "mentoring:request_mentor": Mentor,
    "mentoring:conversation_ask": Mentor,
    "mentoring:proposal": Mentorship,
    "mentoring:proposal_decline": Mentorship,
    "mentoring:mentorship": Mentorship,
    "mentoring:session_log": Mentorship,
    "mentoring:mentee_fit_check": Mentorship,
    "mentoring:conversation": CareerConversation,
    "mentoring:conversation_part": CareerConversation,
    "mentoring:conversation_outcome": CareerConversation,
}
ADMIN_NAME = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_[a-z_]+$")
MOST_OBJECTS_PER_MODEL = 30


def _patterns(resolver, prefix="", namespace=None):
    """(route, url name with namespace, parameter names) for every pattern the site serves."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield route, name


def _model_for(name):
    if name in PORTAL_PK_MODELS:
        return PORTAL_PK_MODELS[name]
    match = ADMIN_NAME.match(name)
    if match:
        for model in admin.site._registry:
            if (model._meta.app_label, model._meta.model_name) == (match["app"], match["model"]):
                return model
    return None


def _ids(model):
    return [str(pk) for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:MOST_OBJECTS_PER_MODEL]]


def _values(parameter, name):
    """Real values for one URL parameter; a made-up one where the demo has nothing better."""
    model = _model_for(name)
    if parameter in {"pk", "object_id"} and model is not None:
        return _ids(model)
    return {
        "scheme": lambda: list(Scheme.objects.values_list("slug", flat=True)),
        "slug": lambda: list(Scheme.objects.values_list("slug", flat=True)),
        "step": lambda: sorted(set(APPLICATION_STEPS) | set(REGISTRATION_STEPS)),
        "app_label": lambda: sorted({model._meta.app_label for model in admin.site._registry}),
        "mentee_pk": lambda: _ids(Mentee),
        "part": lambda: ["1", "2"],
        "code": lambda: sorted(set(Questionnaire.objects.values_list("code", flat=True))),
    }.get(parameter, lambda: ["1"])()


def _urls():
    urls = set()
    for route, name in _patterns(get_resolver()):
        parameters = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        parameters = [a or b for a, b in parameters]
        for combination in itertools.product(*(_values(parameter, name) for parameter in parameters)):
            urls.add(_fill(route, dict(zip(parameters, combination, strict=True))))
    return sorted(urls)


def _fill(route, values):
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")


def _server_errors(client):
    failures = []
    for url in _urls():
        try:
            response = client.get(url)
        except Exception as error:  # the test client re-raises what the view raised: that is a 500
            failures.append(f"{url}: {type(error).__name__}: {error}")
            continue
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
    return failures


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_no_page_fails_for_a_demo_login(demo, email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    failures = _server_errors(client)
    assert not failures, "\n".join(failures)


def test_no_page_fails_for_a_visitor(demo):
    assert not _server_errors(Client())


def test_every_admin_list_add_and_change_page_is_fetched(demo):
    """The walk reaches every registered model's list and, where the demo has one, a change page."""
    urls = set(_urls())
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert base in urls
        assert f"{base}add/" in urls
        if model.objects.exists():
            assert f"{base}{model.objects.order_by('pk').first().pk}/change/" in urls


def test_demo_runs_on_sqlite(demo):
    """The point of this run: the README's database, not the production one."""
    from django.db import connection

    assert connection.vendor == "sqlite"
    assert apps.is_installed("mentoring")
