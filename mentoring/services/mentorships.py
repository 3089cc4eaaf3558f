"""Every write to a mentorship: proposing a match, the mentor's answer, and withdrawing it."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.services import audit, email_queue
from mentoring import rules
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.selectors import unverified_items
from mentoring.services.mentors import MentorRuleBroken
from mentoring.transitions import MENTORSHIP_TRANSITIONS, target_status


def _email(to_user, template, mentorship):
    context = {"mentorship": mentorship, "scheme": mentorship.scheme, "person": to_user}
    email_queue(
        to=to_user.email,
        subject=render_to_string(f"mentoring/email/{template}_subject.txt", context).strip(),
        body_text=render_to_string(f"mentoring/email/{template}.txt", context),
    )


def _change(mentorship, name, *, by, fields=(), **detail):
    """Check the move against the row as it is in the database now, locked, then make it, writing only
    the status and the named fields (never a stale copy of the rest)."""
    before = Mentorship.objects.select_for_update().values_list("status", flat=True).get(pk=mentorship.pk)
    mentorship.status = before
    mentorship.status = target_status(mentorship, name, MENTORSHIP_TRANSITIONS)
    mentorship.save(update_fields=["status", *fields])
    audit(
        actor=by,
        action=f"mentorship.{name}",
        target=mentorship,
        scheme=mentorship.scheme,
        to=mentorship.status,
        **detail,
    )
    return before


def _set_mentee_status(mentee, status):
    Mentee.objects.filter(pk=mentee.pk).update(status=status)
    mentee.status = status


def match_problem(mentee, mentor, *, this_mentorship=None):
    """Why this pair cannot be matched now, or None. Call with both rows locked. When re-checking a
    mentorship already made (staff confirming a mentee's choice), its own place does not count."""
    if mentee.scheme_id != mentor.scheme_id:
        return "The mentor and mentee are on different schemes"
    if mentee.user_id == mentor.user_id:
        return "Nobody can mentor themselves"
    if this_mentorship is None and mentee.status != Mentee.Status.WAITING:
        return "The mentee is not waiting for a mentor"
    if mentor.status != Mentor.Status.ACTIVE:
        return "The mentor is not active"
    if unverified_items(mentor):
        # An imported mentor arrives active, but is matched only once staff have verified each check.
        return "The mentor's eligibility checks are not all verified: verify them before matching"
    holding = mentor.mentorships.filter(status__in=Mentorship.HOLDS_A_PLACE)
    if this_mentorship is not None:
        holding = holding.exclude(pk=this_mentorship.pk)
    if holding.count() >= (mentor.capacity or 0):
        return "The mentor has no place left"
    return rules.conflict_of_interest_problem(mentee, mentor) or rules.mode_preference_problem(mentee, mentor)


def _proposer_problem(mentee, mentor, by, chosen_by_mentee):
    """Staff never propose or confirm a pair they are part of (a mentee asking for a mentor is the one
    person in the pair who may start it)."""
    by_pk = getattr(by, "pk", None)
    if by_pk is None or (chosen_by_mentee and by_pk == mentee.user_id):
        return None
    if by_pk in (mentee.user_id, mentor.user_id):
        return "You cannot propose a match you are part of: ask another member of staff"
    return None


def _lock_pair(mentorship_or_pair):
    mentee, mentor = mentorship_or_pair
    mentor = Mentor.objects.select_for_update(of=("self",)).select_related("practice").get(pk=mentor.pk)
    mentee = Mentee.objects.select_for_update(of=("self",)).select_related("practice").get(pk=mentee.pk)
    return mentee, mentor


def mentorship_propose(*, mentee, mentor, by, chosen_by_mentee=False):
    """Staff confirm a match (proposed to the mentor), or a mentee asks for a mentor from the directory
    (requested, for staff to confirm). The mentor's places are counted under a lock."""
    with transaction.atomic():
        mentee, mentor = _lock_pair((mentee, mentor))
        if problem := match_problem(mentee, mentor) or _proposer_problem(mentee, mentor, by, chosen_by_mentee):
            raise MentorRuleBroken(problem)
        mentorship = Mentorship.objects.create(
            scheme_id=mentee.scheme_id,
            mentee=mentee,
            mentor=mentor,
            status=Mentorship.Status.REQUESTED if chosen_by_mentee else Mentorship.Status.PROPOSED,
            proposed_by=by,
            chosen_by_mentee=chosen_by_mentee,
            allowance_hours=mentee.scheme.mentee_allowance_hours,
        )
        _set_mentee_status(mentee, Mentee.Status.MATCHED)
        audit(actor=by, action="mentorship.propose", target=mentorship, scheme=mentee.scheme, to=mentorship.status)
        if mentorship.status == Mentorship.Status.PROPOSED:
            _email(mentor.user, "mentorship_proposed", mentorship)
        else:
            _email(mentee.user, "mentorship_requested", mentorship)
    return mentorship


def mentorship_confirm(*, mentorship, by):
    """Staff confirm a mentor the mentee chose; now the mentor is asked."""
    with transaction.atomic():
        mentee, mentor = _lock_pair((mentorship.mentee, mentorship.mentor))
        if problem := match_problem(mentee, mentor, this_mentorship=mentorship) or _proposer_problem(
            mentee, mentor, by, chosen_by_mentee=False
        ):
            raise MentorRuleBroken(problem)
        mentorship.proposed_at, mentorship.proposed_by = timezone.now(), by
        _change(mentorship, "confirm", by=by, fields=["proposed_at", "proposed_by"])
        _email(mentorship.mentor.user, "mentorship_proposed", mentorship)
        _email(mentorship.mentee.user, "mentorship_confirmed", mentorship)
    return mentorship


def mentorship_accept(*, mentorship, by):
    with transaction.atomic():
        if Mentor.objects.filter(pk=mentorship.mentor_id, status=Mentor.Status.ACTIVE).select_for_update().count() == 0:
            raise MentorRuleBroken("Only an active mentor can take on a mentee")
        mentorship.responded_at = timezone.now()
        _change(mentorship, "accept", by=by, fields=["responded_at"])
        _email(mentorship.mentee.user, "mentorship_accepted", mentorship)
    return mentorship


def mentorship_decline(*, mentorship, by, reason):
    """The mentor says no, and why; the mentee goes back to waiting, keeping their place in the queue."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Tell the scheme team why, so they can find a better match"})
    with transaction.atomic():
        mentorship.responded_at, mentorship.decline_reason = timezone.now(), reason.strip()
        _change(mentorship, "decline", by=by, fields=["responded_at", "decline_reason"])
        _set_mentee_status(mentorship.mentee, Mentee.Status.WAITING)
        _email(mentorship.mentee.user, "mentorship_declined", mentorship)
    return mentorship


def mentorship_withdraw(*, mentorship, by, reason, mentee_waits_again=True, only_if_unanswered=False):
    """End a mentorship early (staff re-matching an unanswered proposal, or "not a fit"). By default the
    mentee waits again, keeping the place in the queue their registration date gives them. With
    only_if_unanswered, a proposal the mentor answered a moment ago is left alone."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Give a reason for withdrawing"})
    with transaction.atomic():
        mentorship.ended_on, mentorship.end_reason = timezone.localdate(), reason.strip()
        before = _change(
            mentorship,
            "withdraw_unanswered" if only_if_unanswered else "withdraw",
            by=by,
            fields=["ended_on", "end_reason"],
        )
        _set_mentee_status(mentorship.mentee, Mentee.Status.WAITING if mentee_waits_again else Mentee.Status.WITHDRAWN)
        if before != Mentorship.Status.REQUESTED:  # the mentor was asked, so tell them
            _email(mentorship.mentor.user, "mentorship_withdrawn", mentorship)
        if mentee_waits_again:
            _email(mentorship.mentee.user, "mentorship_rematch", mentorship)
    return mentorship
