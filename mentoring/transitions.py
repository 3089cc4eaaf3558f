"""The allowed state changes, in one table per lifecycle, and the one way a status is written.

A change happens whole or not at all: `status_change` locks the row, reads its status from the
database (not from a page loaded a while ago), checks the move in its table, saves the status and
only the fields the service names, and audits it in the same transaction.
"""

from accounts.services import audit
from mentoring.models import CareerConversation, Mentee, Mentor, Mentorship
from schemes.rules import RuleBroken

S = Mentor.Status
M = Mentorship.Status
E = Mentee.Status
C = CareerConversation.Status

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
    # Ending before the first meeting; once mentoring has begun it ends by completion, as not a fit,
    # or because the mentor left the scheme.
    "withdraw": ({M.REQUESTED, M.PROPOSED, M.ACCEPTED}, M.WITHDRAWN),
    "withdraw_unanswered": ({M.PROPOSED}, M.WITHDRAWN),
    "end_not_a_fit": ({M.ACCEPTED, M.ACTIVE}, M.WITHDRAWN),
    "end_mentor_left": ({M.REQUESTED, M.PROPOSED, M.ACCEPTED, M.ACTIVE}, M.WITHDRAWN),
}

MENTEE_TRANSITIONS = {
    "match": ({E.WAITING}, E.MATCHED),
    "wait_again": ({E.MATCHED}, E.WAITING),
    "finish": ({E.MATCHED}, E.FINISHED),
    "withdraw": ({E.WAITING, E.MATCHED}, E.WITHDRAWN),
}

CONVERSATION_TRANSITIONS = {
    "accept": ({C.REQUESTED}, C.ACCEPTED),
    "complete": ({C.ACCEPTED}, C.COMPLETE),
}

# Each lifecycle's table and the name its audit events carry.
LIFECYCLES = {
    Mentor: ("mentor", MENTOR_TRANSITIONS),
    Mentorship: ("mentorship", MENTORSHIP_TRANSITIONS),
    Mentee: ("mentee", MENTEE_TRANSITIONS),
    CareerConversation: ("conversation", CONVERSATION_TRANSITIONS),
}


class IllegalTransition(RuleBroken):
    """The lifecycle has no such move from the state the record is in now."""


def target_status(obj, name, table):
    """The state `name` leads to from obj's state, or IllegalTransition saying where it may start."""
    allowed_from, to = table[name]
    if obj.status not in allowed_from:
        labels = ", ".join(sorted(type(obj).Status(state).label for state in allowed_from))
        raise IllegalTransition(
            f"Cannot {name.replace('_', ' ')} when the status is “{obj.get_status_display()}”; only from: {labels}."
        )
    return to


def status_change(obj, name, *, by, fields=(), **detail):
    """Make the move `name` on obj, writing the status and the named fields only. Call inside the
    service's transaction.atomic(). Returns the status it moved from."""
    model = type(obj)
    prefix, table = LIFECYCLES[model]
    before = model.objects.select_for_update().values_list("status", flat=True).get(pk=obj.pk)
    obj.status = before
    obj.status = target_status(obj, name, table)
    obj.save(update_fields=["status", *fields])
    audit(actor=by, action=f"{prefix}.{name}", target=obj, scheme=obj.scheme, to=obj.status, **detail)
    return before
