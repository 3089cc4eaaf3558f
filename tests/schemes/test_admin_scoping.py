"""Staff of one scheme never see another scheme's records in the admin: a 404, as if absent."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from mentoring.models import Mentor
from schemes.models import Scheme
from schemes.services import scheme_update
from tests.factories.mentoring import MenteeFactory, MentorFactory


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db
def test_staff_get_404_for_another_schemes_scheme_page(client, staff, other_scheme):
    client.force_login(staff)

    assert client.get(change_url(other_scheme)).status_code == 404
    assert client.get(reverse("admin:schemes_scheme_history", args=[other_scheme.pk])).status_code == 404


@pytest.mark.django_db
def test_staff_get_404_for_another_schemes_mentors_and_mentees(client, staff, other_scheme):
    their_mentor = MentorFactory(scheme=other_scheme)
    their_mentee = MenteeFactory(scheme=other_scheme)
    client.force_login(staff)

    assert client.get(change_url(their_mentor)).status_code == 404
    assert client.get(change_url(their_mentee)).status_code == 404


@pytest.mark.django_db
def test_staff_lists_show_only_their_scheme(client, staff, scheme, other_scheme):
    MentorFactory(scheme=scheme, user__last_name="Ours")
    MentorFactory(scheme=other_scheme, user__last_name="Theirs")
    client.force_login(staff)

    schemes_page = client.get(reverse("admin:schemes_scheme_changelist")).content.decode()
    mentors_page = client.get(reverse("admin:mentoring_mentor_changelist")).content.decode()

    assert scheme.name in schemes_page and other_scheme.name not in schemes_page
    assert "Ours" in mentors_page and "Theirs" not in mentors_page


@pytest.mark.django_db
def test_scheme_choices_offer_only_the_users_schemes(rf, staff, scheme, other_scheme):
    from django.contrib import admin

    request = rf.get("/")
    request.user = staff
    mentor_admin = admin.site._registry[Mentor]

    field = mentor_admin.formfield_for_foreignkey(Mentor._meta.get_field("scheme"), request)

    assert list(field.queryset) == [scheme]


@pytest.mark.django_db
def test_staff_edit_their_schemes_rules_and_it_is_audited(client, staff, scheme):
    client.force_login(staff)
    url = change_url(scheme)
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"session_rate": "300.00", "years-TOTAL_FORMS": "0", "years-INITIAL_FORMS": "0"}

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    scheme.refresh_from_db()
    assert str(scheme.session_rate) == "300.00"
    event = AuditEvent.objects.get(action="scheme.change")
    assert (event.actor, event.scheme, event.detail["fields"]) == (staff, scheme, ["session_rate"])


@pytest.mark.django_db
def test_staff_cannot_create_schemes_or_move_them_between_icbs(client, staff, scheme):
    client.force_login(staff)

    assert client.get(reverse("admin:schemes_scheme_add")).status_code == 403
    page = client.get(change_url(scheme)).content.decode()
    assert 'name="session_rate"' in page
    assert 'name="icb"' not in page and 'name="slug"' not in page
    with pytest.raises(TypeError, match="icb"):
        scheme_update(scheme=scheme, by=staff, icb=scheme.delivery_partner)
    assert Scheme.objects.get(pk=scheme.pk).icb_id == scheme.icb_id


@pytest.mark.django_db
def test_approver_may_view_but_not_change_scheme_rules(client, approver, scheme):
    client.force_login(approver)

    response = client.get(change_url(scheme))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(change_url(scheme), {"name": "Renamed"}).status_code == 403
    assert Scheme.objects.get(pk=scheme.pk).name == scheme.name


@pytest.mark.django_db
def test_only_superusers_grant_roles(client, staff, superuser):
    client.force_login(staff)
    assert client.get(reverse("admin:schemes_schememembership_changelist")).status_code == 403

    client.force_login(superuser)
    assert client.get(reverse("admin:schemes_schememembership_changelist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["commissioner", "mentor", "mentee", "outsider"])
def test_people_without_an_admin_role_are_refused_the_admin(client, request, person):
    client.force_login(request.getfixturevalue(person))

    assert client.get(reverse("admin:index"), follow=True).status_code == 403


@pytest.mark.django_db
def test_superuser_sees_every_scheme(client, superuser, scheme, other_scheme):
    client.force_login(superuser)

    page = client.get(reverse("admin:schemes_scheme_changelist")).content.decode()

    assert scheme.name in page and other_scheme.name in page


@pytest.mark.django_db
def test_staff_record_their_schemes_yearly_allocation_and_it_is_audited(client, staff, scheme):
    from schemes.services import financial_year_for

    year = financial_year_for(start_year=2026)
    client.force_login(staff)
    url = change_url(scheme)
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "years-TOTAL_FORMS": "1",
        "years-INITIAL_FORMS": "0",
        "years-0-financial_year": str(year.pk),
        "years-0-allocation": "125000.00",
    }

    assert client.post(url, data).status_code == 302

    assert str(scheme.years.get().allocation) == "125000.00"
    assert AuditEvent.objects.filter(action="schemeyear.add", scheme=scheme, actor=staff).exists()


@pytest.mark.django_db
def test_approvers_do_not_see_the_audit_trail(client, approver):
    client.force_login(approver)

    assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 403


@pytest.mark.django_db
def test_audit_trail_is_scoped_and_read_only(client, staff, scheme, other_scheme):
    MentorFactory(scheme=other_scheme)
    client.force_login(staff)

    page = client.get(reverse("admin:accounts_auditevent_changelist"))

    assert page.status_code == 200
    shown = {event.scheme_id for event in page.context["cl"].result_list}
    assert shown == {scheme.pk}
    theirs = AuditEvent.objects.filter(scheme=other_scheme).first()
    assert client.get(change_url(theirs)).status_code == 404
    ours = AuditEvent.objects.filter(scheme=scheme).first()
    assert client.post(change_url(ours), {"action": "tampered"}).status_code == 403
    assert client.get(reverse("admin:accounts_auditevent_delete", args=[ours.pk])).status_code == 403
    assert AuditEvent.objects.get(pk=ours.pk).action != "tampered"
