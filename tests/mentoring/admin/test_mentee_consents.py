"""A mentee's consents (to be contacted about leaving the profession, to share their answers with their
mentor) are theirs alone: staff see them, read-only, and cannot set them however the form is posted."""

import pytest
from django.urls import reverse

from mentoring.models import Mentee
from mentoring.services.mentees import mentee_update
from mentoring.services.mentors import MentorRuleBroken

CONSENTS = ["consents_to_contact_about_leaving", "shares_questionnaires_with_mentor"]


def change_form_data(client, url):
    """What the admin's change form would post back untouched, field by field."""
    form = client.get(url).context["adminform"].form
    data = {"_save": "Save"}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = field.prepare_value(value)
    return data


@pytest.mark.django_db
def test_staff_see_the_consents_but_cannot_set_them(client, staff, mentee):
    record = Mentee.objects.get(user=mentee)
    url = reverse("admin:mentoring_mentee_change", args=[record.pk])
    client.force_login(staff)

    page = client.get(url).content.decode()
    for consent in CONSENTS:
        assert f'name="{consent}"' not in page
    data = change_form_data(client, url) | dict.fromkeys(CONSENTS, "on") | {"preferences": "Someone outside my PCN"}
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    record.refresh_from_db()
    assert record.preferences == "Someone outside my PCN"  # the rest of the form was saved
    assert (record.consents_to_contact_about_leaving, record.shares_questionnaires_with_mentor) == (False, False)


@pytest.mark.django_db
@pytest.mark.parametrize("consent", CONSENTS)
def test_only_the_mentee_gives_or_withdraws_a_consent(staff, mentee, consent):
    record = Mentee.objects.get(user=mentee)

    with pytest.raises(MentorRuleBroken):
        mentee_update(mentee=record, by=staff, **{consent: True})
    mentee_update(mentee=record, by=mentee, **{consent: True})

    record.refresh_from_db()
    assert getattr(record, consent) is True
