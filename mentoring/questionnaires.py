"""What mentoring asks of the questionnaires, which sit above it in the surveys app.

Mentoring cannot import surveys: surveys registers these calls here when it is ready, and listens
for `mentorship_completed` to open the final-review questionnaire. Without surveys installed no
answers can be imported and no final review is shown.
"""

from django.dispatch import Signal

# Sent inside the completing transaction, with mentorship= and by=.
mentorship_completed = Signal()

_calls = {}


def register(*, is_set_up, import_answers, final_reviews, record_final_review=None, import_answers_many=None):
    """is_set_up(code) -> bool; import_answers(*, mentee, code, answers, by); final_reviews(*, user) ->
    {mentorship id: the live final-review response}; record_final_review(*, mentorship,
    reasons_addressed, wlb, by) answers a completed mentorship's final review (imported history);
    import_answers_many(*, imports, by) records many at once, imports being (mentee, code, answers)."""
    _calls.update(is_set_up=is_set_up, import_answers=import_answers, final_reviews=final_reviews)
    if record_final_review is not None:
        _calls["record_final_review"] = record_final_review
    if import_answers_many is not None:
        _calls["import_answers_many"] = import_answers_many


def is_set_up(code):
    return "is_set_up" in _calls and _calls["is_set_up"](code)


def import_answers(*, mentee, code, answers, by):
    _calls["import_answers"](mentee=mentee, code=code, answers=answers, by=by)


def import_answers_many(*, imports, by):
    """Record (mentee, code, answers) for many mentees at once, with the same rules and audit as
    import_answers; one by one where surveys registered no bulk call."""
    if "import_answers_many" in _calls:
        _calls["import_answers_many"](imports=imports, by=by)
        return
    for mentee, code, answers in imports:
        import_answers(mentee=mentee, code=code, answers=answers, by=by)


def final_reviews(*, user):
    return _calls["final_reviews"](user=user) if "final_reviews" in _calls else {}


def record_final_review(*, mentorship, reasons_addressed, wlb, by):
    _calls["record_final_review"](mentorship=mentorship, reasons_addressed=reasons_addressed, wlb=wlb, by=by)
