"""Staff edit a mentee's reasons and changes considered as labelled checkboxes, never as JSON."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories.mentoring import MenteeFactory


def _form_data(form):
    """What the browser would send back for the admin form as it stands."""
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = value if isinstance(value, list) else (value.pk if hasattr(value, "pk") else value)
    return data


@pytest.mark.django_db
def test_reasons_and_changes_are_labelled_checkboxes(client, staff, scheme):
    mentee = MenteeFactory(scheme=scheme, reasons=["work_life_balance"], changes_considered=["reduce_hours"])
    client.force_login(staff)

    page = client.get(reverse("admin:mentoring_mentee_change", args=[mentee.pk])).content.decode()

    assert 'type="checkbox" name="reasons" value="work_life_balance"' in page
    assert "Work-life balance" in page
    assert 'name="changes_considered" value="reduce_hours"' in page
    assert "[&quot;work_life_balance&quot;]" not in page
    assert 'name="role"' in page  # the rest of the registration is still there to edit


@pytest.mark.django_db
def test_ticking_a_reason_saves_it_through_the_service(client, staff, scheme):
    mentee = MenteeFactory(scheme=scheme, reasons=["work_life_balance"], changes_considered=[])
    client.force_login(staff)
    url = reverse("admin:mentoring_mentee_change", args=[mentee.pk])
    data = _form_data(client.get(url).context["adminform"].form)
    data["reasons"] = ["work_life_balance", "stress_management"]

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    mentee.refresh_from_db()
    assert mentee.reasons == ["work_life_balance", "stress_management"]
    assert AuditEvent.objects.filter(target_id=str(mentee.pk), action="mentee.update").exists()
