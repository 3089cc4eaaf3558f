"""Whether a claim has fixed a logged session in place.

Claims sit above mentoring, so mentoring cannot import them: the claims app registers its check
here when it is ready, and the session services ask before a mentor corrects or deletes a session.
With no check registered (a deployment without claims), no session is locked.
"""

_checks = []


def register_claimed_session_check(check):
    """`check(session) -> bool`: true when the session backs a line on a submitted or later claim."""
    if check not in _checks:
        _checks.append(check)


def session_is_claimed(session):
    return any(check(session) for check in _checks)
