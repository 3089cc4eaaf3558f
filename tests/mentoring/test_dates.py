import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from mentoring.dates import PlusDays
from mentoring.models import Mentorship
from mentoring.selectors import answer_overdue, with_answer_due
from tests.factories.mentoring import MenteeFactory, MentorFactory


@pytest.mark.django_db
def test_an_answer_falls_due_the_schemes_number_of_days_after_the_proposal(scheme, staff):
    from mentoring.services.mentorships import mentorship_propose

    scheme.proposal_response_days = 3
    scheme.save()
    mentorship = mentorship_propose(mentee=MenteeFactory(scheme=scheme), mentor=MentorFactory(scheme=scheme), by=staff)

    due = with_answer_due(Mentorship.objects.filter(pk=mentorship.pk)).get().answer_due

    assert due == mentorship.proposed_at + datetime.timedelta(days=3)
    overdue_at = mentorship.proposed_at + datetime.timedelta(days=3, seconds=1)
    assert not with_answer_due(Mentorship.objects).filter(answer_overdue(now=timezone.now())).exists()
    assert with_answer_due(Mentorship.objects).filter(answer_overdue(now=overdue_at)).exists()


@pytest.mark.django_db
def test_days_added_to_a_date_give_a_date(scheme):
    from schemes.models import Scheme

    scheme.funding_opens_on = datetime.date(2026, 12, 28)
    scheme.proposal_response_days = 7
    scheme.save()

    later = Scheme.objects.annotate(later=PlusDays(F("funding_opens_on"), F("proposal_response_days"))).get().later

    assert later == datetime.date(2027, 1, 4)
