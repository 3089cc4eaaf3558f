"""Every write to a mentorship: proposing a match, the mentor's answer, and withdrawing it."""

from datetime import timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.services import audit, email_queue
from mentoring import rules
from mentoring.models import Mentee, Mentor, Mentorship
from mentoring.selectors import unverified_items
from mentoring.services.mentors import MentorRuleBroken
from mentoring.transitions import status_change

# Mentorships the mentor has said yes to: these are the mentees they are actually taking on.
TAKES_A_MENTEE_ON = (Mentorship.Status.ACCEPTED, Mentorship.Status.ACTIVE)


def _email(to_user, template, mentorship):
    from mentoring.selectors import mentee_contact_details, mentor_contact_details

    context = {
        "mentorship": mentorship,
        "scheme": mentorship.scheme,
        "person": to_user,
        "mentee_contact": mentee_contact_details(mentorship),
        "mentor_contact": mentor_contact_details(mentorship),
    }
    email_queue(
        to=to_user.email,
        subject=render_to_string(f"mentoring/email/{template}_subject.txt", context).strip(),
        body_text=render_to_string(f"mentoring/email/{template}.txt", context),
    )


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
        status_change(mentee, "match", by=by)
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
        status_change(mentorship, "confirm", by=by, fields=["proposed_at", "proposed_by"])
        _email(mentorship.mentor.user, "mentorship_proposed", mentorship)
        _email(mentorship.mentee.user, "mentorship_confirmed", mentorship)
    return mentorship


def mentorship_accept(*, mentorship, by):
    """The mentor takes the mentee on. The mentor's row is locked while their mentees are counted, so
    two proposals accepted at once (two tabs, or a capacity lowered since proposing) cannot both
    take the last place."""
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().get(pk=mentorship.mentor_id)
        if mentor.status != Mentor.Status.ACTIVE:
            raise MentorRuleBroken("Only an active mentor can take on a mentee")
        taken = mentor.mentorships.filter(status__in=TAKES_A_MENTEE_ON).exclude(pk=mentorship.pk).count()
        if taken >= (mentor.capacity or 0):
            raise MentorRuleBroken("You have no place left for another mentee")
        mentorship.responded_at = timezone.now()
        status_change(mentorship, "accept", by=by, fields=["responded_at"])
        # Both sides are told how to reach the other.
        _email(mentorship.mentee.user, "mentorship_accepted", mentorship)
        _email(mentorship.mentor.user, "mentorship_accepted_mentor", mentorship)
    return mentorship


def mentorship_decline(*, mentorship, by, reason):
    """The mentor says no, and why; the mentee goes back to waiting, keeping their place in the queue."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Tell the scheme team why, so they can find a better match"})
    with transaction.atomic():
        mentorship.responded_at, mentorship.decline_reason = timezone.now(), reason.strip()
        status_change(mentorship, "decline", by=by, fields=["responded_at", "decline_reason"])
        status_change(mentorship.mentee, "wait_again", by=by)
        _email(mentorship.mentee.user, "mentorship_declined", mentorship)
    return mentorship


def mentorship_withdraw(
    *, mentorship, by, reason, mentee_waits_again=True, only_if_unanswered=False, not_a_fit=False, mentor_left=False
):
    """End a mentorship before the first meeting (staff re-matching an unanswered proposal), or at any
    point before completion when the mentor or mentee said it is not a fit, or the mentor has left
    the scheme. By default the mentee
    waits again, keeping the place in the queue their registration date gives them. With
    only_if_unanswered, a proposal the mentor answered a moment ago is left alone."""
    if not reason.strip():
        raise MentorRuleBroken({"reason": "Give a reason for withdrawing"})
    if only_if_unanswered:
        move = "withdraw_unanswered"
    elif not_a_fit:
        move = "end_not_a_fit"
    elif mentor_left:
        move = "end_mentor_left"
    else:
        move = "withdraw"
    with transaction.atomic():
        if only_if_unanswered:
            row = Mentorship.objects.select_for_update().select_related("scheme").get(pk=mentorship.pk)
            if row.proposed_at + timedelta(days=row.scheme.proposal_response_days) > timezone.now():
                raise MentorRuleBroken("The mentor still has time to answer this proposal")
        if mentor_left and not Mentor.objects.filter(pk=mentorship.mentor_id, status=Mentor.Status.LEFT).exists():
            raise MentorRuleBroken("The mentor is still on the scheme")
        if not_a_fit:
            fits = Mentorship.objects.select_for_update().values_list("mentor_fit", "mentee_fit").get(pk=mentorship.pk)
            if Mentorship.Fit.NOT_A_FIT not in fits:
                raise MentorRuleBroken("Neither the mentor nor the mentee has said this is not a fit")
        mentorship.ended_on, mentorship.end_reason = timezone.localdate(), reason.strip()
        before = status_change(mentorship, move, by=by, fields=["ended_on", "end_reason"])
        status_change(mentorship.mentee, "wait_again" if mentee_waits_again else "withdraw", by=by)
        if before != Mentorship.Status.REQUESTED:  # the mentor was asked, so tell them
            _email(mentorship.mentor.user, "mentorship_withdrawn", mentorship)
        if mentee_waits_again:
            _email(mentorship.mentee.user, "mentorship_rematch", mentorship)
    return mentorship
