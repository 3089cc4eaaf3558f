"""Matching mentees to mentors: a score whose parts staff can read, the hard rules that rule a mentor
out, the ranking for one mentee and the best assignment for a whole waiting list.

Pure: these functions read the objects they are given (mentees with `practice` loaded, mentors with
`practice`, `focus_areas` and the `places_left` annotation, as mentoring.selectors loads them) and
never touch the database. Writing a match is mentoring.services.mentorships.mentorship_propose.
"""

import dataclasses
from typing import NamedTuple

import numpy as np
from django.utils import timezone
from scipy.optimize import linear_sum_assignment

from mentoring.codes import FocusAreaCode, Mode, Reason
from mentoring.models import Mentor

# Which of a mentor's focus areas speak to each reason a mentee gives for seeking mentoring. A reason
# counts as covered when the mentor has at least one of its focus areas. "Other" is whatever the
# mentee wrote in their own words, so no focus area can be said to cover it: staff read it themselves.
REASON_FOCUS_AREAS = {
    Reason.CAREER_OPTIONS: {
        FocusAreaCode.CAREER_PLANNING,
        FocusAreaCode.CAREER_PROGRESSION,
        FocusAreaCode.PORTFOLIO_CAREER,
    },
    Reason.WORK_LIFE_BALANCE: {FocusAreaCode.WELLBEING},
    Reason.STRESS_MANAGEMENT: {FocusAreaCode.WELLBEING},
    Reason.NEW_ROLE: {FocusAreaCode.LEADERSHIP, FocusAreaCode.NEW_TO_PRACTICE},
    Reason.WORK_ENVIRONMENT: {FocusAreaCode.LEADERSHIP, FocusAreaCode.PARTNERSHIP},
    Reason.CHANGE: {FocusAreaCode.LEADERSHIP},
    Reason.WORKLOAD: {FocusAreaCode.WELLBEING, FocusAreaCode.LEADERSHIP},
    Reason.TIME_MANAGEMENT: {FocusAreaCode.WELLBEING, FocusAreaCode.LEADERSHIP},
    Reason.OTHER: set(),
}

# The weights, all in one place. Whole numbers, so totals add up exactly on screen and in tests.
FOCUS_POINTS_PER_REASON = 10  # each of the mentee's reasons that one of the mentor's focus areas covers
MODE_POINTS_PER_PREFERENCE = 3  # each way of meeting the mentee asked for that the mentor offers
CAPACITY_POINTS_PER_PLACE = 1  # spreads mentees towards mentors with room ...
CAPACITY_PLACES_COUNTED = 8  # ... up to this many places left
GP_FELLOW_POINTS = 15  # GP fellows come first: the fellowship expects mentoring early
WAITING_POINTS_PER_WEEK = 1  # the longer someone has waited, the more matching them is worth ...
WAITING_WEEKS_COUNTED = 52  # ... up to a year

MODES = [Mode.FACE_TO_FACE, Mode.VIDEO, Mode.TELEPHONE]


@dataclasses.dataclass(frozen=True)
class ScoreParts:
    """One mentee with one mentor. Focus, mode and capacity are about the pair; fellow and waiting
    are the mentee's priority, which decides who is matched first when places are short."""

    focus: int
    mode: int
    capacity: int
    fellow: int
    waiting: int

    @property
    def total(self):
        return self.focus + self.mode + self.capacity + self.fellow + self.waiting


class Suggestion(NamedTuple):
    mentor: Mentor
    score: ScoreParts


class NotOffered(NamedTuple):
    mentor: Mentor
    reasons: list


class Ranking(NamedTuple):
    offered: list  # of Suggestion, best first
    not_offered: list  # of NotOffered


class ProposedPair(NamedTuple):
    mentee: object
    mentor: Mentor
    score: ScoreParts


def _pcn_id(person):
    return person.practice.parent_id if person.practice_id else None


def _covered_reasons(reasons, focus_codes):
    return sum(1 for reason in set(reasons) if REASON_FOCUS_AREAS.get(reason, set()) & focus_codes)


def _focus_codes(mentor):
    return {area.code for area in mentor.focus_areas.all()}


def _weeks_waiting(mentee, today):
    return max(0, (today - timezone.localdate(mentee.registered_at)).days // 7)


def priority_parts(mentee, today):
    """The mentee's own part of every score: (fellow, waiting)."""
    fellow = GP_FELLOW_POINTS if mentee.is_gp_fellow else 0
    waiting = WAITING_POINTS_PER_WEEK * min(_weeks_waiting(mentee, today), WAITING_WEEKS_COUNTED)
    return fellow, waiting


def capacity_points(places_left):
    return CAPACITY_POINTS_PER_PLACE * max(0, min(places_left, CAPACITY_PLACES_COUNTED))


def score_parts(mentee, mentor, places_left, today):
    offered_modes = set(mentor.modes)
    fellow, waiting = priority_parts(mentee, today)
    return ScoreParts(
        focus=FOCUS_POINTS_PER_REASON * _covered_reasons(mentee.reasons, _focus_codes(mentor)),
        mode=MODE_POINTS_PER_PREFERENCE * sum(1 for mode in mentee.preferred_modes if mode in offered_modes),
        capacity=capacity_points(places_left),
        fellow=fellow,
        waiting=waiting,
    )


def _modes_in_words(modes):
    words = [str(Mode(mode).label).lower() for mode in modes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def exclusions(mentee, mentor, places_left):
    """Why this mentor cannot be offered to this mentee, in words for staff; empty if they can."""
    reasons = []
    if mentor.status == Mentor.Status.PAUSED:
        reasons.append("Paused")
    elif mentor.status != Mentor.Status.ACTIVE:
        reasons.append(f"Not active ({mentor.get_status_display().lower()})")
    if getattr(mentor, "verification_lapsed", False):
        reasons.append("Eligibility checks not all verified")
    if mentee.practice_id and mentee.practice_id == mentor.practice_id:
        reasons.append("Works at the mentee's own practice")
    elif (pcn := _pcn_id(mentee)) and mentor.practice_id and pcn == _pcn_id(mentor):
        reasons.append("Works in the mentee's own PCN")
    if places_left <= 0:
        reasons.append("No places left")
    wanted = mentee.preferred_modes
    if wanted and not set(wanted) & set(mentor.modes):
        reasons.append(f"Does not offer {_modes_in_words(wanted)}, which the mentee asked for")
    return reasons


def rank_mentors(mentee, mentors, today=None):
    """Every mentor for one mentee: those who can be offered, best score first (ties by name, as
    the mentors come), and those who cannot, with the reasons."""
    today = today or timezone.localdate()
    offered, not_offered = [], []
    for mentor in mentors:
        if reasons := exclusions(mentee, mentor, mentor.places_left):
            not_offered.append(NotOffered(mentor, reasons))
        else:
            offered.append(Suggestion(mentor, score_parts(mentee, mentor, mentor.places_left, today)))
    offered.sort(key=lambda suggestion: -suggestion.score.total)  # stable: keeps the given order on ties
    return Ranking(offered, not_offered)


def _mentee_features(mentees, today):
    reason_index = {reason: row for row, reason in enumerate(REASON_FOCUS_AREAS)}
    wants_reason = np.zeros((len(mentees), len(reason_index)), dtype=np.float64)
    wants_mode = np.zeros((len(mentees), len(MODES)), dtype=np.float64)
    practice = np.full(len(mentees), -1, dtype=np.int64)
    pcn = np.full(len(mentees), -1, dtype=np.int64)
    priority = np.zeros(len(mentees), dtype=np.float64)
    for row, mentee in enumerate(mentees):
        for reason in set(mentee.reasons):
            if reason in reason_index:
                wants_reason[row, reason_index[reason]] = 1
        for mode in mentee.preferred_modes:
            wants_mode[row, MODES.index(mode)] = 1
        practice[row] = mentee.practice_id or -1
        pcn[row] = _pcn_id(mentee) or -1
        priority[row] = sum(priority_parts(mentee, today))
    return wants_reason, wants_mode, practice, pcn, priority


def _mentor_features(mentors):
    covers = np.zeros((len(REASON_FOCUS_AREAS), len(mentors)), dtype=np.float64)
    offers = np.zeros((len(MODES), len(mentors)), dtype=np.float64)
    practice = np.full(len(mentors), -2, dtype=np.int64)  # -2: never equal to a mentee's "none" (-1)
    pcn = np.full(len(mentors), -2, dtype=np.int64)
    for column, mentor in enumerate(mentors):
        codes = _focus_codes(mentor)
        for row, areas in enumerate(REASON_FOCUS_AREAS.values()):
            covers[row, column] = bool(areas & codes)
        for mode in mentor.modes:
            offers[MODES.index(mode), column] = 1
        practice[column] = mentor.practice_id or -2
        pcn[column] = _pcn_id(mentor) or -2
    return covers, offers, practice, pcn


def score_matrix(mentees, mentors, today):
    """Total score of every mentee (rows) with every mentor (columns), and which pairs are allowed:
    the same arithmetic as score_parts and exclusions, done for all pairs at once."""
    wants_reason, wants_mode, mentee_practice, mentee_pcn, priority = _mentee_features(mentees, today)
    covers, offers, mentor_practice, mentor_pcn = _mentor_features(mentors)
    places = np.array([mentor.places_left for mentor in mentors], dtype=np.int64)
    modes_met = wants_mode @ offers
    scores = (
        FOCUS_POINTS_PER_REASON * (wants_reason @ covers)
        + MODE_POINTS_PER_PREFERENCE * modes_met
        + np.array([capacity_points(left) for left in places], dtype=np.float64)[None, :]
        + priority[:, None]
    )
    active = np.array(
        [
            mentor.status == Mentor.Status.ACTIVE and not getattr(mentor, "verification_lapsed", False)
            for mentor in mentors
        ],
        dtype=bool,
    )
    allowed = np.repeat((active & (places > 0))[None, :], len(mentees), axis=0)
    allowed &= mentee_practice[:, None] != mentor_practice[None, :]
    allowed &= mentee_pcn[:, None] != mentor_pcn[None, :]
    allowed &= ~((wants_mode.sum(axis=1) > 0)[:, None] & (modes_met == 0))
    return scores, allowed


def batch_proposal(mentees, mentors, today=None):
    """The assignment of waiting mentees to mentors with the highest total score, each mentor taking
    at most their places left, nobody given a mentor they are excluded from, and anyone for whom
    there is no allowed place left unmatched. Optimal, not greedy.

    Each place a mentor has left is a column ("slot"), each mentee a row; one more column per mentee
    means "stays unmatched" at score 0. Minimising the negated score with linear_sum_assignment (a
    shortest augmenting path method) then maximises the total exactly. See docs/performance.md.
    """
    today = today or timezone.localdate()
    mentees, mentors = list(mentees), list(mentors)
    if not mentees or not mentors:
        return []
    scores, allowed = score_matrix(mentees, mentors, today)
    # Nobody needs more than one slot per mentee, and mentees with no allowed mentor need no row.
    places = np.array([max(0, min(mentor.places_left, len(mentees))) for mentor in mentors], dtype=np.int64)
    rows = np.flatnonzero(allowed.any(axis=1))
    if rows.size == 0:
        return []
    slot_mentor = np.repeat(np.arange(len(mentors)), places)
    # Forbidden pairs cost +inf (scipy treats them as infeasible); the unmatched columns cost 0.
    cost = np.full((rows.size, slot_mentor.size + rows.size), np.inf)
    cost[:, : slot_mentor.size] = np.where(allowed[rows][:, slot_mentor], -scores[rows][:, slot_mentor], np.inf)
    cost[:, slot_mentor.size :] = 0.0
    row_ind, col_ind = linear_sum_assignment(cost)
    matched = col_ind < slot_mentor.size
    pairs = []
    for row, column in zip(rows[row_ind[matched]], col_ind[matched], strict=True):
        mentee, mentor = mentees[row], mentors[slot_mentor[column]]
        pairs.append(ProposedPair(mentee, mentor, score_parts(mentee, mentor, mentor.places_left, today)))
    pairs.sort(key=lambda pair: (pair.mentee.registered_at, pair.mentee.pk or 0))
    return pairs


def proposal_total(pairs):
    return sum(pair.score.total for pair in pairs)
