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


SIGN_UPS = ("Get a mentor with", "Apply to mentor with")


@pytest.mark.django_db
def test_an_applicant_sees_their_application_not_that_they_belong_to_no_scheme(client, scheme):
    from tests.factories.mentoring import applicant

    mentor = applicant(scheme)
    client.force_login(mentor.user)

    page = client.get(reverse("portal")).content.decode()

    assert "You are not part of a mentoring scheme yet" not in page
    assert "Status: Applied" in page
    assert "The scheme team will check it" in page


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["staff", "commissioner", "approver", "mentor", "superuser"])
def test_people_who_run_or_mentor_on_a_scheme_are_not_offered_mentoring_or_a_mentor_application(
    client, scheme, person, request
):
    client.force_login(request.getfixturevalue(person))

    page = client.get(reverse("portal")).content.decode()

    assert not any(offer in page for offer in SIGN_UPS)
    assert "You are not part of a mentoring scheme yet" not in page


@pytest.mark.django_db
def test_a_newcomer_is_offered_mentoring_and_a_mentor_application(client, outsider, scheme):
    client.force_login(outsider)

    page = client.get(reverse("portal")).content.decode()

    assert all(offer in page for offer in SIGN_UPS)


@pytest.mark.django_db
def test_a_waiting_mentee_is_pointed_to_the_mentor_directory(client, mentee, scheme):
    client.force_login(mentee)

    page = client.get(reverse("portal")).content.decode()

    assert reverse("mentoring:directory", args=[scheme.slug]) in page
    assert "Browse the mentor directory" in page


@pytest.mark.django_db
def test_a_commissioner_is_pointed_to_their_schemes_figures(client, commissioner):
    client.force_login(commissioner)

    page = client.get(reverse("portal")).content.decode()

    assert reverse("mentoring:commissioning") in page


@pytest.mark.django_db
def test_account_pages_use_sentence_case_and_plain_words(client):
    page = client.get(reverse("account_login")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()

    assert "Sign in" in page
    assert "Sign In" not in page
    assert "create an account" in page
    assert "Sign Up" not in signup
    assert "Create an account" in signup
    assert "Log in" not in client.get("/").content.decode()
