import pytest
from django.urls import reverse

from mentoring.models import Mentee, Mentor
from tests.factories.mentoring import MenteeFactory, MentorFactory

URL = reverse("mentoring:commissioning")


def _figure(page, label):
    row = page.split(f">{label}</th>")[1]
    return row.split('nhsuk-table__cell--numeric">')[1].split("<")[0]


@pytest.mark.django_db
def test_a_commissioner_sees_their_schemes_headline_figures_with_small_numbers_hidden(client, commissioner, scheme):
    MentorFactory.create_batch(8, scheme=scheme, status=Mentor.Status.ACTIVE)
    MenteeFactory.create_batch(3, scheme=scheme, status=Mentee.Status.WAITING)
    client.force_login(commissioner)

    page = client.get(URL).content.decode()

    assert scheme.name in page
    assert _figure(page, "Mentors active") == "8"
    assert _figure(page, "Mentees waiting for a mentor") == "*"
    assert _figure(page, "Mentorships completed") == "0"
    assert "returns and quarterly reports will be here" in page


@pytest.mark.django_db
def test_a_commissioner_sees_no_other_scheme(client, commissioner, other_scheme):
    client.force_login(commissioner)

    assert other_scheme.name not in client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["mentee", "mentor", "outsider"])
def test_people_without_reports_get_a_styled_refusal(client, person, request):
    client.force_login(request.getfixturevalue(person))

    response = client.get(URL)

    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


@pytest.mark.django_db
def test_the_figures_page_queries_do_not_grow_with_schemes(client, commissioner, django_assert_max_num_queries):
    from accounts.permissions import Role
    from tests.factories.schemes import SchemeMembershipFactory

    client.force_login(commissioner)
    client.get(URL)
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    for _ in range(5):
        SchemeMembershipFactory(user=commissioner, role=Role.COMMISSIONER)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
