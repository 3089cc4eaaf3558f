"""Staff see responses of their own scheme in the admin, read only, and void one with a reason."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from surveys.models import Questionnaire, SupportPage
from tests.surveys.conftest import MIDDLING, answered


@pytest.fixture
def sent(mentee_record):
    return answered(mentee_record, "pss10", MIDDLING)


@pytest.mark.django_db
def test_staff_see_their_schemes_responses_with_the_answers(client, staff, sent):
    client.force_login(staff)

    listing = client.get(reverse("admin:surveys_response_changelist")).content.decode()
    page = client.get(reverse("admin:surveys_response_change", args=[sent.pk])).content.decode()

    assert "How stressed you have felt" in listing
    assert "been upset because of something that happened unexpectedly" in page and "Sometimes" in page
    assert "Void with a reason" in page
    assert 'name="_save"' not in page


@pytest.mark.django_db
def test_another_schemes_staff_get_a_404(client, other_staff, sent):
    client.force_login(other_staff)

    assert client.get(reverse("admin:surveys_response_change", args=[sent.pk])).status_code == 404
    assert client.get(reverse("admin:surveys_response_void", args=[sent.pk])).status_code == 404
    assert "How stressed" not in client.get(reverse("admin:surveys_response_changelist")).content.decode()


@pytest.mark.django_db
def test_voiding_in_the_admin_needs_a_reason(client, staff, sent):
    client.force_login(staff)

    page = client.post(reverse("admin:surveys_response_void", args=[sent.pk]), {"reason": ""}).content.decode()

    assert "Give a reason for voiding this questionnaire" in page
    sent.refresh_from_db()
    assert sent.voided_at is None


@pytest.mark.django_db
def test_voiding_in_the_admin_records_the_reason_and_audits_it(client, staff, sent):
    client.force_login(staff)

    done = client.post(reverse("admin:surveys_response_void", args=[sent.pk]), {"reason": "Sent twice"}, follow=True)

    assert "Voided. The mentee can answer this questionnaire again." in done.content.decode()
    sent.refresh_from_db()
    assert (sent.void_reason, sent.voided_by) == ("Sent twice", staff)
    assert AuditEvent.objects.filter(action="response.void", actor=staff, target_id=str(sent.pk)).exists()


@pytest.mark.django_db
def test_staff_write_their_schemes_support_page_and_it_is_audited(client, staff, scheme):
    client.force_login(staff)

    client.post(
        reverse("admin:surveys_supportpage_add"),
        {"scheme": scheme.pk, "heading": "Support near you", "body": "Ring the hub."},
    )

    assert SupportPage.objects.get(scheme=scheme).heading == "Support near you"
    assert AuditEvent.objects.filter(action="supportpage.add", actor=staff, scheme=scheme).exists()
    page = SupportPage.objects.get(scheme=scheme)

    client.post(reverse("admin:surveys_supportpage_change", args=[page.pk]), {"heading": "Help now", "body": "Ring."})
    client.post(reverse("admin:surveys_supportpage_delete", args=[page.pk]), {"post": "yes"})

    assert not SupportPage.objects.exists()
    assert list(
        AuditEvent.objects.filter(target_type="surveys.supportpage").order_by("at").values_list("action", flat=True)
    ) == [
        "supportpage.add",
        "supportpage.change",
        "supportpage.delete",
    ]


@pytest.mark.django_db
def test_questionnaires_are_read_only_and_only_for_superusers(client, staff, superuser):
    pss = Questionnaire.objects.get(code="pss10")
    url = reverse("admin:surveys_questionnaire_change", args=[pss.pk])

    client.force_login(staff)
    assert client.get(url).status_code == 403

    client.force_login(superuser)
    page = client.get(url)
    assert page.status_code == 200 and "In the last month" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
