"""What each audit action means, in words staff read in a history (the events store only codes)."""

from itertools import groupby

AUDIT_LABELS = {
    "conversation.accept": "Career conversation accepted",
    "conversation.complete": "Career conversation completed",
    "conversation.outcome": "Career conversation outcome recorded",
    "conversation.part": "Career conversation part logged",
    "conversation.request": "Career conversation asked for",
    "membership.grant": "Role given",
    "membership.revoke": "Role taken away",
    "mentee.import": "Mentee imported",
    "mentee.register": "Registered for mentoring",
    "mentee.update": "Registration changed",
    "mentor.application_save": "Application saved",
    "mentor.create": "Mentor record created",
    "mentor.import": "Mentor imported",
    "mentor.publish": "Biography published or withdrawn",
    "mentor.start_application": "Application started",
    "mentor.verification_reset": "Eligibility checks to be done again",
    "mentor.verify": "Eligibility item verified",
    "mentor.submit": "Application sent",
    "mentor.approve_into_training": "Approved, into training",
    "mentor.approve_active": "Approved as an active mentor",
    "mentor.reject": "Application not approved",
    "mentor.reopen": "Application reopened",
    "mentor.activate": "Made active",
    "mentor.pause": "Paused",
    "mentor.leave": "Left the scheme",
    "mentor.biography_change": "Biography changed, waiting for review",
    "mentor.biography_review": "Biography change reviewed",
    "mentorship.propose": "Match proposed",
    "mentorship.confirm": "Mentee's choice confirmed",
    "mentorship.accept": "Accepted by the mentor",
    "mentorship.decline": "Declined by the mentor",
    "mentorship.activate": "First meeting held",
    "mentorship.complete": "Mentoring completed",
    "mentorship.withdraw": "Withdrawn",
    "mentorship.withdraw_unanswered": "Withdrawn, not answered in time",
    "mentorship.extend": "Hours allowance extended",
    "mentorship.fit_check": "Fit question answered",
    "session.log": "Session logged",
    "training.add": "Training record added",
    "training.change": "Training record changed",
    "training.attend": "Training session attended",
    "user.create": "Account created",
    "user.mfa_enrol": "Two-step sign-in set up",
    "user.name_change": "Name changed",
}


def audit_label(action):
    """The words for an action; one not listed reads as its code made into words."""
    if action in AUDIT_LABELS:
        return AUDIT_LABELS[action]
    return action.replace(".", ": ").replace("_", " ").capitalize()


def history_in_words(events):
    """Events in order, with a run of the same action by the same person shown once with how many times:
    twelve saves of an application are one line, "Application saved (12 times)"."""
    lines = []
    for (action, _actor), run in groupby(events, key=lambda event: (event.action, event.actor_id)):
        run = list(run)
        lines.append(
            {
                "label": audit_label(action),
                "actor": run[0].actor,
                "first_at": run[0].at,
                "last_at": run[-1].at,
                "times": len(run),
            }
        )
    return lines
