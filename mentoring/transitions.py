"""The allowed state changes, in one table per lifecycle. A change happens whole or not at all."""

from mentoring.models import Mentor, Mentorship

S = Mentor.Status
M = Mentorship.Status

MENTOR_TRANSITIONS = {
    "submit": ({S.DRAFT}, S.APPLIED),
    "approve_into_training": ({S.APPLIED}, S.IN_TRAINING),
    "approve_active": ({S.APPLIED}, S.ACTIVE),
    "reject": ({S.APPLIED}, S.REJECTED),
    "reopen": ({S.REJECTED}, S.DRAFT),
    "activate": ({S.IN_TRAINING, S.PAUSED}, S.ACTIVE),
    "pause": ({S.IN_TRAINING, S.ACTIVE}, S.PAUSED),
    "leave": ({S.IN_TRAINING, S.ACTIVE, S.PAUSED}, S.LEFT),
}

MENTORSHIP_TRANSITIONS = {
    "confirm": ({M.REQUESTED}, M.PROPOSED),
    "accept": ({M.PROPOSED}, M.ACCEPTED),
    "decline": ({M.PROPOSED}, M.DECLINED),
    "activate": ({M.ACCEPTED}, M.ACTIVE),
    "complete": ({M.ACTIVE}, M.COMPLETED),
    "withdraw": ({M.REQUESTED, M.PROPOSED, M.ACCEPTED, M.ACTIVE}, M.WITHDRAWN),
    "withdraw_unanswered": ({M.PROPOSED}, M.WITHDRAWN),
}


class IllegalTransition(Exception):
    pass


def target_status(obj, name, table):
    """The state `name` leads to from obj's state, or IllegalTransition saying where it may start."""
    allowed_from, to = table[name]
    if obj.status not in allowed_from:
        labels = ", ".join(sorted(type(obj).Status(state).label for state in allowed_from))
        raise IllegalTransition(
            f"Cannot {name.replace('_', ' ')} when the status is “{obj.get_status_display()}”; only from: {labels}."
        )
    return to
