"""The allowed state changes of claim lines and payment batches, each in one table.

A line is proposed from evidence (draft), may be removed by the claimant before submission, is
submitted, and is then approved, rejected, or returned for changes (back to draft). Approved lines
go into a payment batch and are paid when the batch is. A claim's own status follows its lines
(claims.services.claim_status_from_lines).
"""

from claims.models import LineStatus, PaymentBatch

L = LineStatus
B = PaymentBatch.Status

LINE_TRANSITIONS = {
    "remove": ({L.DRAFT}, L.REMOVED),
    "restore": ({L.REMOVED}, L.DRAFT),
    "submit": ({L.DRAFT}, L.SUBMITTED),
    "approve": ({L.SUBMITTED}, L.APPROVED),
    "reject": ({L.SUBMITTED}, L.REJECTED),
    "return": ({L.SUBMITTED}, L.DRAFT),
    "pay": ({L.APPROVED}, L.PAID),
}

BATCH_TRANSITIONS = {
    "export": ({B.OPEN}, B.EXPORTED),
    "pay": ({B.EXPORTED}, B.PAID),
}


class IllegalTransition(Exception):
    pass


def _labels(states, choices):
    return ", ".join(sorted(str(choices(state).label) for state in states))


def line_target(line, name):
    """The status `name` leads a line to, or IllegalTransition saying where it may start."""
    allowed_from, to = LINE_TRANSITIONS[name]
    if line.status not in allowed_from:
        raise IllegalTransition(
            f"Cannot {name} a line that is “{line.get_status_display()}”; only one that is: "
            f"{_labels(allowed_from, LineStatus)}."
        )
    return to


def batch_target(batch, name):
    allowed_from, to = BATCH_TRANSITIONS[name]
    if batch.status not in allowed_from:
        raise IllegalTransition(
            f"Cannot {name} a batch that is “{batch.get_status_display()}”; only one that is: "
            f"{_labels(allowed_from, PaymentBatch.Status)}."
        )
    return to
