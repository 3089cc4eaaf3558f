"""Matching: the score's parts, the hard exclusions, the ranking for one mentee, and a batch
proposal that is optimal (checked against brute force), not greedy."""

import datetime
import itertools
import random

import pytest
from django.utils import timezone

from mentoring import matching
from mentoring.codes import FocusAreaCode, Reason
from mentoring.matching_selectors import mentors_for_matching, waiting_mentees
from mentoring.models import Mentor
from mentoring.services.mentorships import mentorship_propose
from tests.factories.mentoring import MenteeFactory, MentorFactory
from tests.factories.schemes import practice

TODAY = datetime.date(2025, 6, 2)


def registered(weeks_ago):
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(weeks=weeks_ago), datetime.time(12))
    )


def a_mentor(scheme, *, focus=(), capacity=4, surgery=None, **fields):
    fields.setdefault("offers_video", True)
    return MentorFactory(scheme=scheme, focus_areas=focus, capacity=capacity, practice=surgery, **fields)


def a_mentee(scheme, *, weeks=0, **answers):
    return MenteeFactory(scheme=scheme, registered_at=registered(weeks), **answers)


def loaded(scheme):
    """The mentors as the screens load them: places left, focus areas and practice."""
    return {mentor.pk: mentor for mentor in mentors_for_matching(scheme=scheme)}


def brute_force_best(mentees, mentors):
    """Every way of giving each mentee one mentor or none, within places and exclusions."""
    best = 0
    for choice in itertools.product([None, *mentors], repeat=len(mentees)):
        taken = {}
        total = 0
        for mentee, mentor in zip(mentees, choice, strict=True):
            if mentor is None:
                continue
            if matching.exclusions(mentee, mentor, mentor.places_left):
                break
            taken[mentor.pk] = taken.get(mentor.pk, 0) + 1
            if taken[mentor.pk] > mentor.places_left:
                break
            total += matching.score_parts(mentee, mentor, mentor.places_left, TODAY).total
        else:
            best = max(best, total)
    return best


def greedy_total(mentees, mentors):
    """Best pair first, then the best pair left, and so on: what the batch must beat."""
    candidates = sorted(
        (
            (matching.score_parts(mentee, mentor, mentor.places_left, TODAY).total, mentee.pk, mentor.pk)
            for mentee in mentees
            for mentor in mentors
            if not matching.exclusions(mentee, mentor, mentor.places_left)
        ),
        reverse=True,
    )
    places = {mentor.pk: mentor.places_left for mentor in mentors}
    matched, total = set(), 0
    for score, mentee_pk, mentor_pk in candidates:
        if mentee_pk not in matched and places[mentor_pk] > 0:
            matched.add(mentee_pk)
            places[mentor_pk] -= 1
            total += score
    return total


def test_every_reason_has_a_row_and_every_focus_area_in_it_exists():
    assert set(matching.REASON_FOCUS_AREAS) == set(Reason)
    named = set().union(*matching.REASON_FOCUS_AREAS.values())
    assert named <= set(FocusAreaCode)
    assert matching.REASON_FOCUS_AREAS[Reason.OTHER] == set()


@pytest.mark.django_db
def test_score_parts_name_focus_mode_capacity_fellow_and_waiting(scheme):
    mentee = a_mentee(
        scheme,
        weeks=10,
        is_gp_fellow=True,
        reasons=["career_options", "workload", "other"],
        prefers_video=True,
        prefers_telephone=True,
    )
    mentor = a_mentor(scheme, focus=["career_planning", "wellbeing"], offers_video=True)

    parts = matching.score_parts(mentee, mentor, places_left=3, today=TODAY)

    assert parts == matching.ScoreParts(focus=20, mode=3, capacity=3, fellow=15, waiting=10)
    assert parts.total == 51


@pytest.mark.django_db
def test_waiting_time_counts_up_to_a_year_and_capacity_up_to_eight_places(scheme):
    mentee = a_mentee(scheme, weeks=70, reasons=["other"])
    mentor = a_mentor(scheme)

    parts = matching.score_parts(mentee, mentor, places_left=20, today=TODAY)

    assert (parts.focus, parts.mode, parts.capacity, parts.fellow, parts.waiting) == (0, 0, 8, 0, 52)


@pytest.mark.django_db
def test_each_exclusion_gives_its_reason(scheme):
    home = practice(code="A10001", pcn_code="U10001")
    neighbour = practice(code="A10002", pcn_code="U10001")
    elsewhere = practice(code="A20001", pcn_code="U20001")
    mentee = a_mentee(scheme, practice=home, prefers_video=True, prefers_telephone=True)
    a_mentor(scheme, surgery=home, user__last_name="Same practice")
    a_mentor(scheme, surgery=neighbour, user__last_name="Same PCN")
    full = a_mentor(scheme, surgery=elsewhere, capacity=1, user__last_name="Full")
    a_mentor(scheme, surgery=elsewhere, status=Mentor.Status.PAUSED, user__last_name="Paused")
    a_mentor(
        scheme, surgery=elsewhere, offers_video=False, offers_face_to_face=True, user__last_name="Face to face only"
    )
    a_mentor(scheme, surgery=elsewhere, status=Mentor.Status.IN_TRAINING, user__last_name="Training")
    a_mentor(scheme, surgery=elsewhere, user__last_name="Fine")
    a_mentor(scheme, surgery=None, user__last_name="No practice given")
    # Another mentee's proposal takes the full mentor's one place.
    other = a_mentee(scheme, practice=practice(code="A30001", pcn_code="U30001"))
    mentorship_propose(mentee=other, mentor=full, by=None)

    reasons = {
        mentor.user.last_name: matching.exclusions(mentee, mentor, mentor.places_left)
        for mentor in loaded(scheme).values()
    }

    assert reasons == {
        "Same practice": ["Works at the mentee's own practice"],
        "Same PCN": ["Works in the mentee's own PCN"],
        "Full": ["No places left"],
        "Paused": ["Paused"],
        "Face to face only": ["Does not offer video or telephone, which the mentee asked for"],
        "Training": ["Not active (approved, in training)"],
        "Fine": [],
        "No practice given": [],
    }


@pytest.mark.django_db
def test_a_mentee_without_a_stated_mode_accepts_any_mentor(scheme):
    mentee = a_mentee(scheme)
    mentor = a_mentor(scheme, offers_video=False, offers_telephone=True)

    assert matching.exclusions(mentee, mentor, 1) == []


@pytest.mark.django_db
def test_ranking_puts_the_best_fit_first_and_lists_who_is_not_offered(scheme):
    mentee = a_mentee(scheme, reasons=["stress_management", "career_options", "change"], prefers_video=True)
    a_mentor(scheme, focus=["wellbeing"], user__last_name="One reason")
    a_mentor(scheme, focus=["wellbeing", "career_planning", "leadership"], user__last_name="Three reasons")
    a_mentor(scheme, focus=["wellbeing", "portfolio_career"], user__last_name="Two reasons")
    a_mentor(scheme, focus=["wellbeing", "leadership"], status=Mentor.Status.PAUSED, user__last_name="Paused")

    ranking = matching.rank_mentors(mentee, loaded(scheme).values(), today=TODAY)

    assert [s.mentor.user.last_name for s in ranking.offered] == ["Three reasons", "Two reasons", "One reason"]
    assert [s.score.focus for s in ranking.offered] == [30, 20, 10]
    assert [(n.mentor.user.last_name, n.reasons) for n in ranking.not_offered] == [("Paused", ["Paused"])]


@pytest.mark.django_db
def test_loading_for_matching_takes_three_queries_whatever_the_numbers(scheme, django_assert_num_queries):
    for n in range(6):
        a_mentor(scheme, focus=["wellbeing", "leadership"], surgery=practice(code=f"C{n:05d}", pcn_code="U40000"))
        a_mentee(scheme, reasons=["workload"])

    with django_assert_num_queries(3):
        mentees = list(waiting_mentees(scheme=scheme))
        mentors = list(mentors_for_matching(scheme=scheme))
        pairs = matching.batch_proposal(mentees, mentors, today=TODAY)

    assert len(pairs) == 6


@pytest.mark.django_db
def test_batch_beats_best_pair_first_where_greedy_falls_short(scheme):
    """X fits A best (31), but only A can take Y, who shares B's PCN. Greedy gives A to X and leaves Y
    waiting (31); the optimum is X with B and Y with A (21 + 21 = 42)."""
    shared = practice(code="D00001", pcn_code="U50000")
    a = a_mentor(scheme, capacity=1, focus=["wellbeing", "leadership", "career_planning"], user__last_name="A")
    b = a_mentor(scheme, capacity=1, focus=["career_planning", "wellbeing"], surgery=shared, user__last_name="B")
    x = a_mentee(scheme, weeks=0, reasons=["career_options", "stress_management", "change"])
    y = a_mentee(
        scheme, weeks=0, reasons=["stress_management", "change"], practice=practice(code="D00002", pcn_code="U50000")
    )
    mentors = loaded(scheme)
    mentees = list(waiting_mentees(scheme=scheme))

    pairs = matching.batch_proposal(mentees, list(mentors.values()), today=TODAY)

    assert greedy_total(mentees, list(mentors.values())) == 31
    assert brute_force_best(mentees, list(mentors.values())) == 42
    assert matching.proposal_total(pairs) == 42
    assert {(pair.mentee.pk, pair.mentor.pk) for pair in pairs} == {(x.pk, b.pk), (y.pk, a.pk)}


@pytest.mark.django_db
def test_when_places_are_short_the_fellow_and_the_longest_waiting_come_first(scheme):
    a_mentor(scheme, capacity=2, focus=["wellbeing"])
    fellow = a_mentee(scheme, weeks=1, is_gp_fellow=True, reasons=["workload"])
    long_wait = a_mentee(scheme, weeks=30, reasons=["other"])
    a_mentee(scheme, weeks=2, reasons=["workload"])

    pairs = matching.batch_proposal(waiting_mentees(scheme=scheme), loaded(scheme).values(), today=TODAY)

    assert {pair.mentee.pk for pair in pairs} == {fellow.pk, long_wait.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(6))
def test_batch_is_optimal_within_places_and_never_pairs_an_excluded_mentor(scheme, seed):
    rng = random.Random(seed)
    surgeries = [practice(code=f"E{seed}{n:04d}", pcn_code=f"U6{seed}{n % 2:03d}") for n in range(4)]
    for n in range(3):
        a_mentor(
            scheme,
            capacity=rng.randint(1, 2),
            focus=rng.sample(FocusAreaCode.values, rng.randint(0, 3)),
            surgery=rng.choice(surgeries),
            offers_video=rng.random() < 0.5,
            offers_telephone=rng.random() < 0.5,
            status=rng.choice([Mentor.Status.ACTIVE] * 4 + [Mentor.Status.PAUSED]),
            user__last_name=f"Mentor {n}",
        )
    for _ in range(6):
        a_mentee(
            scheme,
            weeks=rng.randint(0, 20),
            is_gp_fellow=rng.random() < 0.3,
            reasons=rng.sample(Reason.values, rng.randint(1, 3)),
            practice=rng.choice(surgeries),
            prefers_video=rng.random() < 0.4,
            prefers_face_to_face=rng.random() < 0.2,
        )
    mentors = list(loaded(scheme).values())
    mentees = list(waiting_mentees(scheme=scheme))

    pairs = matching.batch_proposal(mentees, mentors, today=TODAY)

    assert matching.proposal_total(pairs) == brute_force_best(mentees, mentors)
    assert len({pair.mentee.pk for pair in pairs}) == len(pairs)
    for mentor in mentors:
        assert sum(pair.mentor.pk == mentor.pk for pair in pairs) <= max(mentor.places_left, 0)
    for pair in pairs:
        assert matching.exclusions(pair.mentee, pair.mentor, pair.mentor.places_left) == []


@pytest.mark.django_db
def test_nobody_is_proposed_when_every_mentor_is_excluded(scheme):
    a_mentor(scheme, status=Mentor.Status.PAUSED)
    a_mentee(scheme)

    assert matching.batch_proposal(waiting_mentees(scheme=scheme), loaded(scheme).values(), today=TODAY) == []
