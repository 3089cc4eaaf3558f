import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Min, Q, Sum

from accounts.models import User
from claims.models import Claim, ClaimLine, PaymentBatch
from claims.services import claim_status_from_lines
from mentoring.models import Mentee, Mentor, MentoringSession, Mentorship
from schemes.models import Organisation, Scheme
from surveys.models import Response

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture
def hub(settings):
    settings.DEBUG = True
    call_command("generate_dataset", size="hub", seed=7, today=TODAY, verbosity=0)


@pytest.mark.django_db
def test_generate_dataset_hub_is_one_hubs_first_year(hub):
    assert Scheme.objects.count() == 2
    assert set(Scheme.objects.values_list("kind", flat=True)) == {"mentoring", "career_conversations"}
    assert Mentee.objects.count() == 111
    assert Mentor.objects.filter(scheme__kind="mentoring").count() == 25
    assert Organisation.objects.filter(kind="practice").count() == 150
    assert MentoringSession.objects.count() > 300
    assert ClaimLine.objects.count() > 100
    first = MentoringSession.objects.aggregate(first=Min("held_on"))["first"]
    assert first >= TODAY - datetime.timedelta(days=366)
    assert MentoringSession.objects.filter(held_on__gt=TODAY).count() == 0


@pytest.mark.django_db
def test_generate_dataset_holds_every_state(hub):
    assert set(Mentor.objects.values_list("status", flat=True)) == set(Mentor.Status.values)
    assert set(Mentee.objects.values_list("status", flat=True)) == set(Mentee.Status.values)
    mentorship_states = set(Mentorship.objects.values_list("status", flat=True))
    assert {"requested", "proposed", "accepted", "active", "completed", "withdrawn"} <= mentorship_states
    assert {"draft", "submitted", "paid"} <= set(Claim.objects.values_list("status", flat=True))


@pytest.mark.django_db
def test_generate_dataset_keeps_the_services_invariants(hub):
    # started_on is the first held session; only mentorships that met have one.
    for mentorship in Mentorship.objects.annotate(
        first_held=Min("sessions__held_on", filter=Q(sessions__attendance="held"))
    ):
        assert mentorship.started_on == mentorship.first_held
        assert (mentorship.started_on is not None) == (mentorship.status in ("active", "completed", "withdrawn"))
    # A mentee's status follows their mentorships; no mentor holds more open mentorships than places.
    for mentee in Mentee.objects.prefetch_related("mentorships"):
        open_ = [m for m in mentee.mentorships.all() if m.status in Mentorship.OPEN]
        assert (mentee.status == "matched") == bool(open_)
    over = Mentor.objects.annotate(open=Count("mentorships", filter=Q(mentorships__status__in=Mentorship.OPEN))).filter(
        open__gt=F("capacity")
    )
    assert not over.exists()
    # Mentors on the scheme have every eligibility check current, so they can be matched and claim.
    lapsed = Mentor.objects.filter(status__in=Mentor.ON_SCHEME).exclude(
        pk__in=Mentor.objects.filter(eligibility_checks__recheck_due__gte=TODAY)
        .annotate(n=Count("eligibility_checks"))
        .filter(n=5)
        .values("pk")
    )
    assert not lapsed.exists()
    # Minutes held stay within the allowance.
    for mentorship in Mentorship.objects.annotate(
        held=Sum("sessions__duration_minutes", filter=Q(sessions__attendance="held"))
    ):
        assert (mentorship.held or 0) <= mentorship.allowance_hours * 60
    # A claim's status is the one its lines give it; paid lines are in a batch with their total.
    for claim in Claim.objects.all():
        assert claim.status == claim_status_from_lines(claim)
    for batch in PaymentBatch.objects.annotate(lines_total=Sum("lines__amount")):
        assert batch.total == batch.lines_total
    assert ClaimLine.objects.filter(status="paid", batch__isnull=True).count() == 0
    # Questionnaire scores are their answers', reversed items reversed.
    for response in Response.objects.filter(code="pss10").prefetch_related("answers__item")[:20]:
        total = sum(4 - a.value if a.item.reversed else a.value for a in response.answers.all())
        assert response.score == total


@pytest.mark.django_db
def test_generate_dataset_is_deterministic_from_the_seed(hub):
    def fingerprint():
        return (
            list(User.objects.order_by("pk").values_list("email", flat=True)),
            list(MentoringSession.objects.order_by("pk").values_list("held_on", "duration_minutes", "attendance")),
            list(ClaimLine.objects.order_by("pk").values_list("date", "status", "amount")),
        )

    first = fingerprint()
    call_command("generate_dataset", size="hub", seed=7, today=TODAY, force=True, verbosity=0)

    assert fingerprint() == first


@pytest.mark.django_db
def test_generate_dataset_refuses_a_database_holding_data(hub):
    users = User.objects.count()

    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_dataset", size="hub", seed=8, verbosity=0)

    assert User.objects.count() == users


@pytest.mark.django_db
def test_generate_dataset_refuses_production_settings(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="production settings"):
        call_command("generate_dataset", size="hub", verbosity=0)

    assert not User.objects.exists()
