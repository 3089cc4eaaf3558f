"""Staff control of automated emails in the admin: the wording and switch per scheme, checked on save, and
what was due, sent, answered and failed, with the follow-up's response rate."""

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from surveys.dispatch import dispatch_answered, dispatch_sweep, on_email_delivered, on_email_given_up
from surveys.dispatch_emails import DEFAULTS
from surveys.dispatch_models import EmailTemplate, SurveyDispatch
from tests.factories.surveys import completed_mentorship


def change_template(client, scheme, **changes):
    subject, body = DEFAULTS["follow_up"]
    template = EmailTemplate.objects.get(scheme=scheme, kind="follow_up")
    data = {"scheme": scheme.pk, "kind": "follow_up", "is_enabled": "on", "subject": subject, "body": body}
    return client.post(reverse("admin:surveys_emailtemplate_change", args=[template.pk]), {**data, **changes})


def follow_up_template(scheme):
    return EmailTemplate.objects.get(scheme=scheme, kind="follow_up")


@pytest.mark.django_db
def test_a_new_scheme_starts_with_every_email_switched_on_in_the_default_wording(scheme):
    templates = {t.kind: t for t in EmailTemplate.objects.filter(scheme=scheme)}

    assert set(templates) == set(DEFAULTS)
    assert all(t.is_enabled for t in templates.values())
    assert (templates["follow_up"].subject, templates["follow_up"].body) == DEFAULTS["follow_up"]


@pytest.mark.django_db
def test_a_template_with_an_unknown_placeholder_is_refused_naming_the_ones_it_may_use(client, staff, scheme):
    client.force_login(staff)

    response = change_template(client, scheme, body="Dear {name}, {link}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "{name} is not a placeholder this email can use. Use {first_name}, {scheme}, {link}, {expires_on}" in page
    assert follow_up_template(scheme).body == DEFAULTS["follow_up"][1]


@pytest.mark.django_db
def test_a_template_without_the_link_is_refused(client, staff, scheme):
    client.force_login(staff)

    response = change_template(client, scheme, body="Dear {first_name}, please do our survey")

    assert "The email must include {link}" in response.content.decode()
    assert follow_up_template(scheme).body == DEFAULTS["follow_up"][1]


@pytest.mark.django_db
def test_a_good_template_is_saved_and_audited(client, staff, scheme):
    client.force_login(staff)

    response = change_template(client, scheme, subject="Feedback for {scheme}", is_enabled="")

    assert response.status_code == 302
    template = follow_up_template(scheme)
    assert (template.subject, template.is_enabled) == ("Feedback for {scheme}", False)
    assert AuditEvent.objects.filter(action="emailtemplate.change", target_id=str(template.pk)).exists()


@pytest.mark.django_db
def test_another_schemes_staff_cannot_open_the_template(client, other_staff, scheme):
    client.force_login(other_staff)

    url = reverse("admin:surveys_emailtemplate_change", args=[follow_up_template(scheme).pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_defaults_in_the_migration_match_the_code():
    import importlib

    migration = importlib.import_module("surveys.migrations.0004_default_email_templates")
    assert {kind: tuple(value) for kind, value in migration.DEFAULTS.items()} == {
        str(kind): value for kind, value in DEFAULTS.items()
    }


@pytest.fixture
def three_sent(scheme, staff):
    ended = timezone.localdate() - relativedelta(months=3, days=1)
    for _ in range(3):
        completed_mentorship(scheme, staff, ended_on=ended)
    dispatch_sweep()
    rows = list(SurveyDispatch.objects.order_by("pk"))
    for row in rows[:2]:
        on_email_delivered(None, email_ids=[row.email_id])
    on_email_given_up(None, email_id=rows[2].email_id, reason="SMTPDataError 554")
    dispatch_answered(dispatch=rows[0])
    return rows


@pytest.mark.django_db
def test_staff_see_due_sent_answered_failed_and_the_response_rate(client, staff, scheme, three_sent):
    client.force_login(staff)

    page = client.get(reverse("admin:surveys_surveydispatch_changelist")).content.decode()

    assert "Survey emails by scheme" in page
    row = page.split(f'<th scope="row">{scheme.name}</th>')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
    assert cells[:3] == ["0", "2", "1"]
    assert ">1</a>" in cells[3]  # failed, linking to the filter
    assert cells[4] == "50%"
    failed = client.get(reverse("admin:surveys_surveydispatch_changelist") + "?status=failed").content.decode()
    assert "SMTPDataError 554" in failed


@pytest.mark.django_db
def test_another_schemes_staff_see_none_of_it(client, other_staff, three_sent):
    client.force_login(other_staff)

    page = client.get(reverse("admin:surveys_surveydispatch_changelist")).content.decode()

    assert "Survey emails by scheme" not in page and "SMTPDataError" not in page
    change = reverse("admin:surveys_surveydispatch_change", args=[three_sent[0].pk])
    assert client.get(change).status_code == 404


@pytest.mark.django_db
def test_the_list_takes_as_many_queries_for_many_rows_as_for_few(client, staff, scheme, django_assert_max_num_queries):
    client.force_login(staff)
    ended = timezone.localdate() - relativedelta(months=3, days=1)
    completed_mentorship(scheme, staff, ended_on=ended)
    dispatch_sweep()
    url = reverse("admin:surveys_surveydispatch_changelist")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(5):
        completed_mentorship(scheme, staff, ended_on=ended)
    dispatch_sweep()

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db
def test_the_staff_dashboard_counts_failed_survey_emails(client, staff, other_staff, three_sent):
    client.force_login(staff)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Failed after every retry" in page
    assert page.split("Failed after every retry")[1].split("<td>")[1].startswith("1</td>")

    client.force_login(other_staff)
    other = client.get(reverse("admin:index")).content.decode()
    assert other.split("Failed after every retry")[1].split("<td>")[1].startswith("0</td>")


@pytest.mark.django_db
def test_someone_who_may_only_view_a_template_reads_it_without_an_error(client, approver, scheme):
    template = EmailTemplate.objects.filter(scheme=scheme).first()
    client.force_login(approver)

    response = client.get(reverse("admin:surveys_emailtemplate_change", args=[template.pk]))

    assert response.status_code == 200
    assert template.subject in response.content.decode()
