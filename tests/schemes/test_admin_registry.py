"""Every screen in the Django admin is scoped to the user's schemes, or is for superusers only: a
new model registered without either would show every scheme's records to every member of staff."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.permissions import Role
from schemes.models import Scheme
from schemes.scoping import SchemeScopedAdmin
from tests.conftest import with_mfa
from tests.factories.schemes import SchemeMembershipFactory

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def scheme_at_end_of(model, path):
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


@pytest.fixture
def every_scheme_role(scheme):
    """Staff, claims approver and commissioner of a scheme at once: everything short of a superuser."""
    user = SchemeMembershipFactory(scheme=scheme, role=Role.STAFF).user
    for role in (Role.CLAIMS_APPROVER, Role.COMMISSIONER):
        SchemeMembershipFactory(scheme=scheme, role=role, user=user)
    return with_mfa(user)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_every_admin_is_scoped_to_schemes_or_for_superusers_only(
    client, every_scheme_role, superuser, model, model_admin
):
    if isinstance(model_admin, SchemeScopedAdmin):
        # Its scope is a real path from the model to the scheme.
        assert (
            model_admin.scheme_field == ""
            and model is Scheme
            or (scheme_at_end_of(model, model_admin.scheme_field) is Scheme)
        )
        return
    client.force_login(every_scheme_role)
    assert client.get(changelist_url(model)).status_code == 403
    assert changelist_url(model) not in client.get(reverse("admin:index")).content.decode()
    client.force_login(superuser)
    assert client.get(changelist_url(model)).status_code == 200


@pytest.mark.django_db
def test_a_list_rows_checkbox_is_djangos_own_written_directly(scheme):
    """The admin's actions find rows by this checkbox's name, class and value."""
    model_admin = admin.site._registry[Scheme]
    assert model_admin.action_checkbox(scheme) == admin.ModelAdmin.action_checkbox(model_admin, scheme)
    assert isinstance(model_admin, SchemeScopedAdmin)
