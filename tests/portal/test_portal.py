import pytest
from django.urls import reverse

from accounts.permissions import Role
from tests.factories.schemes import SchemeMembershipFactory


@pytest.mark.django_db
def test_home_page_invites_visitors_to_log_in(client):
    page = client.get("/").content.decode()

    assert "GP mentoring in your area" in page
    assert reverse("account_login") in page
    assert 'class="nhsuk-header' in page
    assert 'href="#maincontent"' in page


@pytest.mark.django_db
def test_home_sends_signed_in_people_to_their_portal(client, mentee):
    client.force_login(mentee)

    assert client.get("/").url == reverse("portal")


@pytest.mark.django_db
def test_mentee_sees_their_mentoring_and_no_admin_link(client, mentee, scheme):
    client.force_login(mentee)

    page = client.get(reverse("portal")).content.decode()

    assert "Your mentoring" in page
    assert scheme.name in page
    assert reverse("admin:index") not in page


@pytest.mark.django_db
def test_mentor_sees_the_mentoring_they_offer(client, mentor, scheme):
    client.force_login(mentor)

    page = client.get(reverse("portal")).content.decode()

    assert "Mentoring you offer" in page
    assert "Status: Active" in page


@pytest.mark.django_db
def test_staff_see_their_schemes_and_the_admin(client, staff, scheme):
    client.force_login(staff)

    page = client.get(reverse("portal")).content.decode()

    assert reverse("schemes:detail", args=[scheme.slug]) in page
    assert reverse("admin:index") in page
    assert "Scheme staff" in page


@pytest.mark.django_db
def test_outsider_is_told_they_belong_to_no_scheme(client, outsider):
    client.force_login(outsider)

    assert "You are not part of a mentoring scheme yet" in client.get(reverse("portal")).content.decode()


@pytest.mark.django_db
def test_portal_queries_do_not_grow_with_memberships(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    client.get(reverse("portal"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("portal"))
    for _ in range(10):
        SchemeMembershipFactory(user=staff, role=Role.STAFF)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portal"))

    assert response.content.decode().count("Scheme staff") >= 11
