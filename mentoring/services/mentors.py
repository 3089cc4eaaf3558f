"""Every write to a mentor: the application, staff's review, and the record's life on the scheme."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.services import BULK_BATCH, audit, audit_event, audit_many, email_queue
from accounts.signals import mentors_saved_in_bulk
from mentoring import rules
from mentoring.models import EligibilityCheck, FocusArea, Mentor
from mentoring.selectors import unverified_items
from mentoring.services.updates import model_update
from mentoring.transitions import status_change
from schemes.models import Organisation, Scheme
from schemes.rules import RuleBroken


class MentorRuleBroken(RuleBroken):
    """A scheme rule about mentors, mentees, mentorships, sessions or conversations stops this change."""


def _refuse_own(mentor, by):
    """Nobody verifies, approves, rejects or changes the standing of their own mentor record."""
    if by is not None and by.pk == mentor.user_id:
        raise MentorRuleBroken("You cannot decide on your own application or standing: ask another member of staff")


def _lock(mentor):
    """Lock the row and take its status from the database, not from a page loaded a while ago:
    of two people deciding at once, the second finds the decision made and is refused."""
    mentor.status = Mentor.objects.select_for_update().values_list("status", flat=True).get(pk=mentor.pk)
    return mentor


def _email_applicant(mentor, template, **context):
    context = {"mentor": mentor, "scheme": mentor.scheme, **context}
    email_queue(
        to=mentor.user.email,
        subject=render_to_string(f"mentoring/email/{template}_subject.txt", context).strip(),
        body_text=render_to_string(f"mentoring/email/{template}.txt", context),
    )


def _made_directly(*, user, scheme, status, fields):
    """The unsaved record mentor_create and mentors_create_many make: an approved mentor has an approval
    date and a capacity (today and the scheme's most, unless given), one who left a leaving date."""
    fields = dict(fields)
    if status in Mentor.ON_SCHEME or status == Mentor.Status.LEFT:
        fields.setdefault("approved_on", timezone.localdate())
        fields.setdefault("capacity", scheme.mentor_capacity_max)
    if status == Mentor.Status.LEFT:
        fields.setdefault("left_on", timezone.localdate())
    return Mentor(user=user, scheme=scheme, status=status, **fields)


def _refuse_past_cap(scheme, joining):
    """The scheme's cap on mentors in training, active or paused holds when `joining` more come on. Call
    with the scheme's row locked (Scheme.objects.select_for_update()), so two callers cannot both pass."""
    if scheme.mentor_cap is None or not joining:
        return
    on_scheme = scheme.mentors.filter(status__in=Mentor.ON_SCHEME).count()
    if on_scheme + joining > scheme.mentor_cap:
        raise MentorRuleBroken(
            f"{scheme.name} is at its cap of {scheme.mentor_cap} mentors. "
            "Raise the cap in the scheme's settings before approving another mentor."
            if joining == 1
            else f"{joining} more mentors would take {scheme.name} past its cap of {scheme.mentor_cap} "
            f"(it has {on_scheme}). Raise the cap in the scheme's settings first."
        )


def mentor_create(*, user, scheme, status=Mentor.Status.DRAFT, by=None, focus_areas=(), **fields):
    """A mentor record made directly (imports, demo data); applicants start with mentor_application_start."""
    with transaction.atomic():
        if status in Mentor.ON_SCHEME:
            _refuse_past_cap(Scheme.objects.select_for_update().get(pk=scheme.pk), 1)
        mentor = _made_directly(user=user, scheme=scheme, status=status, fields=fields)
        mentor.save(force_insert=True)
        mentor.focus_areas.set(FocusArea.objects.filter(code__in=focus_areas))
        audit(actor=by or user, action="mentor.create", target=mentor, scheme=scheme, to=status)
    return mentor


def mentors_create_many(*, scheme, mentors, by=None):
    """Many mentor records made directly at once, as mentor_create makes each (imports): mentors are dicts
    of user, status, focus_areas (codes) and fields (a dict of the record's other fields); any other key is
    refused. The records, their focus areas and their audit rows are written in large inserts; a person
    already a mentor on the scheme, or a GMC number already used on it, is refused by the database's
    constraints (an IntegrityError), as for mentor_create; more mentors in training, active or paused than
    the scheme's cap allows are refused, under the lock mentor_approve takes. Approved mentors' accounts
    need two-step sign-in from now on, as when a record is saved one by one."""
    for mentor in mentors:
        if unknown := set(mentor) - {"user", "status", "focus_areas", "fields"}:
            raise TypeError(f"A mentor to create cannot have {', '.join(sorted(unknown))}: put fields in 'fields'")
    records = [
        _made_directly(
            user=mentor["user"],
            scheme=scheme,
            status=mentor.get("status", Mentor.Status.DRAFT),
            fields=mentor.get("fields", {}),
        )
        for mentor in mentors
    ]
    with transaction.atomic():
        joining = sum(1 for record in records if record.status in Mentor.ON_SCHEME)
        _refuse_past_cap(Scheme.objects.select_for_update().get(pk=scheme.pk), joining)
        records = Mentor.objects.bulk_create(records, batch_size=BULK_BATCH)
        focus_areas = dict(FocusArea.objects.values_list("code", "pk"))
        Mentor.focus_areas.through.objects.bulk_create(
            [
                Mentor.focus_areas.through(mentor_id=record.pk, focusarea_id=focus_areas[code])
                for record, mentor in zip(records, mentors, strict=True)
                for code in dict.fromkeys(mentor.get("focus_areas", ()))
                if code in focus_areas
            ],
            batch_size=BULK_BATCH,
        )
        mentors_saved_in_bulk(records)
        audit_many(
            [
                audit_event(
                    actor=by or record.user, action="mentor.create", target=record, scheme=scheme, to=record.status
                )
                for record in records
            ]
        )
    return records


def mentor_application_start(*, user, scheme):
    """The applicant's draft for this scheme: new, the one they are part way through, or reopened
    after a rejection once the reapply-from date has come."""
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().filter(user=user, scheme=scheme).first()
        if mentor is None:
            if not scheme.is_open:
                raise MentorRuleBroken(f"{scheme.name} is not taking applications at the moment")
            mentor = Mentor.objects.create(user=user, scheme=scheme)
            audit(actor=user, action="mentor.start_application", target=mentor, scheme=scheme)
        elif mentor.status == Mentor.Status.REJECTED:
            if mentor.reapply_from and mentor.reapply_from > timezone.localdate():
                raise MentorRuleBroken(f"You can apply again from {mentor.reapply_from:%-d %B %Y}")
            status_change(mentor, "reopen", by=user)
            eligibility_reset(mentor=mentor, by=user, reason="reapplied")
    return mentor


# What an applicant answers, page by page; never the status, the decisions or the dates they set.
APPLICATION_ANSWERS = frozenset(
    {
        "phone",
        "gmc_number",
        "practice",
        "role",
        "clinical_sessions_per_week",
        "intends_extra_session",
        "declares_gmc_licence",
        "declares_performers_list",
        "declares_no_suspension",
        "experience",
        "motivation",
        "has_mentoring_qualification",
        "qualification",
        "training_needed",
        "gender",
        "age_band",
        "ethnicity",
        "bio_about",
        "bio_why",
        "bio_availability",
        "bio_contact",
        "bio_published",  # the applicant's own consent, on the biography page
        "photo",
        "offers_face_to_face",
        "offers_video",
        "offers_telephone",
        "languages",
    }
)
# What staff may correct on a mentor's record: the answers, and how many mentees they take. The
# biography's publication is the mentor's own consent (mentor_biography_publish).
STAFF_CORRECTIONS = (APPLICATION_ANSWERS - {"bio_published"}) | {"capacity"}


def mentor_application_save(*, mentor, by, focus_areas=None, **fields):
    """Save one page of a draft application: drafts can be left and come back to."""
    refused = sorted(set(fields) - APPLICATION_ANSWERS)
    if refused:
        raise TypeError(f"An application page cannot set: {', '.join(refused)}")
    with transaction.atomic():
        if _lock(mentor).status != Mentor.Status.DRAFT:
            raise MentorRuleBroken("This application has been sent, so it can no longer be changed")
        if fields.get("phone"):
            if problem := rules.phone_problem(fields["phone"]):
                raise MentorRuleBroken({"phone": problem})
            fields["phone"] = rules.uk_phone_number(fields["phone"])
        for name, value in fields.items():
            setattr(mentor, name, value)
        mentor.save(update_fields=list(fields))
        if focus_areas is not None:
            mentor.focus_areas.set(focus_areas)
        changed = sorted([*fields, *(["focus_areas"] if focus_areas is not None else [])])
        audit(actor=by, action="mentor.application_save", target=mentor, scheme=mentor.scheme, fields=changed)
    return mentor


def mentor_update(*, mentor, by, focus_areas=None, **fields):
    """Staff correct a mentor's record. The scheme's range of mentees and clinical sessions hold for a
    mentor on the scheme; changing an answer staff verified means checking it again."""
    problems = {}
    if mentor.status in Mentor.ON_SCHEME:
        if "capacity" in fields and (problem := rules.capacity_problem(mentor.scheme, fields["capacity"])):
            problems["capacity"] = problem
        sessions = fields.get("clinical_sessions_per_week", mentor.clinical_sessions_per_week)
        if "clinical_sessions_per_week" in fields and (
            problem := rules.clinical_sessions_problem(mentor.scheme, sessions)
        ):
            problems["clinical_sessions_per_week"] = problem
    if problems:
        raise MentorRuleBroken(problems)
    with transaction.atomic():
        _lock(mentor)
        changed = model_update(instance=mentor, fields=STAFF_CORRECTIONS, data=fields)
        if focus_areas is not None and set(focus_areas) != set(mentor.focus_areas.all()):
            mentor.focus_areas.set(focus_areas)
            changed = sorted([*changed, "focus_areas"])
        if changed:
            audit(actor=by, action="mentor.change", target=mentor, scheme=mentor.scheme, fields=changed)
        if VERIFIED_ANSWERS & set(changed):
            eligibility_reset(mentor=mentor, by=by, reason="answers changed")
    return mentor


def application_problems(mentor):
    """What is missing or breaks a rule, as (field, message) pairs; empty when it can be sent."""
    problems = []
    scheme = mentor.scheme

    def need(field, ok, message):
        if not ok:
            problems.append((field, message))

    need("first_name", mentor.user.first_name and mentor.user.last_name, "Enter your full name")
    need("phone", mentor.phone, "Enter a phone number we can reach you on")
    if mentor.phone:
        need("phone", not rules.phone_problem(mentor.phone), rules.PHONE_PROBLEM)
    need("gmc_number", not rules.gmc_number_problem(mentor.gmc_number), rules.gmc_number_problem(mentor.gmc_number))
    need("practice", mentor.practice_id, "Enter your practice's ODS code")
    need("role", mentor.role, "Select your role")
    sessions_problem = rules.clinical_sessions_problem(scheme, mentor.clinical_sessions_per_week)
    need("clinical_sessions_per_week", not sessions_problem, sessions_problem)
    need("intends_extra_session", mentor.intends_extra_session, "Confirm you intend to do one more session a week")
    need("declares_gmc_licence", mentor.declares_gmc_licence, "Confirm your GMC registration and licence")
    need("declares_performers_list", mentor.declares_performers_list, "Confirm you are on the Performers List")
    need("declares_no_suspension", mentor.declares_no_suspension, "Confirm you are not under interim suspension")
    need("motivation", mentor.motivation.strip(), "Tell us why you want to mentor")
    need("has_mentoring_qualification", mentor.has_mentoring_qualification is not None, "Tell us about training")
    need("bio_about", mentor.bio_about.strip(), "Write a few lines about yourself for the mentor directory")
    return problems


def mentor_application_submit(*, mentor, by):
    with transaction.atomic():
        _lock(mentor)
        problems = application_problems(mentor)
        if problems:
            raise MentorRuleBroken(dict(problems))
        if Mentor.objects.filter(scheme=mentor.scheme, gmc_number=mentor.gmc_number).exclude(pk=mentor.pk).exists():
            raise MentorRuleBroken(
                {"gmc_number": "A mentor with this GMC reference number has already applied to this scheme"}
            )
        mentor.submitted_at = timezone.now()
        status_change(mentor, "submit", by=by, fields=["submitted_at"])
        _email_applicant(mentor, "application_received")
    return mentor


def eligibility_verify(*, mentor, item, by, verified_on=None):
    """Record that staff checked one item; it must be checked again in a year."""
    _refuse_own(mentor, by)
    verified_on = verified_on or timezone.localdate()
    with transaction.atomic():
        check, _ = EligibilityCheck.objects.update_or_create(
            mentor=mentor,
            item=item,
            defaults={
                "verified_by": by,
                "verified_at": timezone.now(),
                "recheck_due": rules.verification_recheck_due(verified_on),
            },
        )
        audit(actor=by, action="mentor.verify", target=mentor, scheme=mentor.scheme, item=item)
    return check


# What staff verified depends on these answers: change one and the checks must be done again.
VERIFIED_ANSWERS = frozenset({"gmc_number", "practice", "clinical_sessions_per_week", "has_mentoring_qualification"})


def eligibility_reset(*, mentor, by, reason):
    with transaction.atomic():
        cleared, _ = mentor.eligibility_checks.all().delete()
        if cleared:
            audit(actor=by, action="mentor.verification_reset", target=mentor, scheme=mentor.scheme, reason=reason)


def mentor_approve(*, mentor, by, already_qualified=False):
    """Approve into training, or straight to active when already qualified; the scheme's cap holds."""
    _refuse_own(mentor, by)
    with transaction.atomic():
        scheme = Scheme.objects.select_for_update().get(pk=mentor.scheme_id)  # one approval at a time
        _lock(mentor)
        missing = unverified_items(mentor)
        if missing:
            labels = "; ".join(str(item.label) for item in missing)
            raise MentorRuleBroken(f"Verify every eligibility item before approving. Not yet verified: {labels}")
        _refuse_past_cap(scheme, 1)
        mentor.approved_on = timezone.localdate()
        mentor.decided_at, mentor.decided_by = timezone.now(), by
        mentor.capacity = mentor.capacity or scheme.mentor_capacity_max
        status_change(
            mentor,
            "approve_active" if already_qualified else "approve_into_training",
            by=by,
            fields=["approved_on", "decided_at", "decided_by", "capacity"],
        )
        _email_applicant(mentor, "application_approved")
    return mentor


def mentor_reject(*, mentor, by, feedback, reapply_from):
    _refuse_own(mentor, by)
    if not feedback.strip():
        raise MentorRuleBroken({"feedback": "Write feedback for the applicant: they will read it"})
    if reapply_from and reapply_from < timezone.localdate():
        raise MentorRuleBroken({"reapply_from": "The date they may apply again from must be today or later"})
    with transaction.atomic():
        _lock(mentor)
        mentor.rejection_feedback, mentor.reapply_from = feedback.strip(), reapply_from
        mentor.decided_at, mentor.decided_by = timezone.now(), by
        status_change(
            mentor, "reject", by=by, fields=["rejection_feedback", "reapply_from", "decided_at", "decided_by"]
        )
        _email_applicant(mentor, "application_rejected")
    return mentor


def mentor_activate(*, mentor, by):
    _refuse_own(mentor, by)
    with transaction.atomic():
        _lock(mentor)
        status_change(mentor, "activate", by=by)
    return mentor


def mentor_pause(*, mentor, by):
    _refuse_own(mentor, by)
    with transaction.atomic():
        _lock(mentor)
        mentor.bio_published = False
        status_change(mentor, "pause", by=by, fields=["bio_published"])
    return mentor


def mentor_leave(*, mentor, by, left_on, reason, exempt=False):
    _refuse_own(mentor, by)
    if mentor.approved_on and left_on < mentor.approved_on:
        raise MentorRuleBroken({"left_on": "The date they left must be on or after the date they were approved"})
    if left_on > timezone.localdate():
        raise MentorRuleBroken({"left_on": "The date they left must be today or in the past"})
    with transaction.atomic():
        _lock(mentor)
        mentor.left_on, mentor.leave_reason, mentor.leave_exempt = left_on, reason, exempt
        mentor.training_cost_to_recover = rules.training_cost_to_recover(mentor, left_on=left_on, exempt=exempt)
        mentor.bio_published = False
        status_change(
            mentor,
            "leave",
            by=by,
            fields=["left_on", "leave_reason", "leave_exempt", "training_cost_to_recover", "bio_published"],
            recoverable=str(mentor.training_cost_to_recover or "0.00"),
        )
        _end_open_work(mentor, by=by)
    return mentor


MENTOR_LEFT = "The mentor left the scheme"


def _end_open_work(mentor, *, by):
    """A mentor who leaves takes nobody with them: each open mentorship is withdrawn and its mentee waits
    again, keeping the place in the queue their registration date gives them; each conversation not yet
    complete is withdrawn, so the GP can ask another facilitator."""
    from mentoring.models import CareerConversation, Mentorship
    from mentoring.services.conversations import conversation_withdraw
    from mentoring.services.mentorships import mentorship_withdraw

    for mentorship in mentor.mentorships.filter(status__in=Mentorship.OPEN).select_related("mentee__user", "scheme"):
        mentorship_withdraw(mentorship=mentorship, by=by, reason=MENTOR_LEFT, mentor_left=True)
    open_conversations = mentor.conversations.filter(
        status__in=[CareerConversation.Status.REQUESTED, CareerConversation.Status.ACCEPTED]
    ).select_related("scheme")
    for conversation in open_conversations:
        conversation_withdraw(conversation=conversation, by=by, reason=MENTOR_LEFT)


BIOGRAPHY_TEXT = ("bio_about", "bio_why", "bio_availability", "bio_contact")


def mentor_biography_publish(*, mentor, by, publish):
    """Publishing needs the mentor's explicit consent; withdrawing it unpublishes at once. A changed
    biography waits for staff to review it before it can be published again."""
    with transaction.atomic():
        _lock(mentor)
        mentor.bio_awaiting_review = _awaiting_review(mentor)
        if publish and mentor.bio_awaiting_review:
            raise MentorRuleBroken("Your changes are waiting for the scheme team to review them")
        mentor.bio_published = publish
        mentor.save(update_fields=["bio_published"])
        audit(actor=by, action="mentor.publish" if publish else "mentor.unpublish", target=mentor, scheme=mentor.scheme)
    return mentor


def _awaiting_review(mentor):
    return Mentor.objects.values_list("bio_awaiting_review", flat=True).get(pk=mentor.pk)


def mentor_biography_edit(*, mentor, by, bio_about, bio_why, bio_availability, bio_contact):
    """A mentor on the scheme rewrites their biography's text. It leaves the directory until staff
    have reviewed it (mentor_biography_review), since mentees read it as the scheme's word."""
    if not bio_about.strip():
        raise MentorRuleBroken({"bio_about": "Enter something about you for mentees to read"})
    with transaction.atomic():
        _lock(mentor)
        if mentor.status not in Mentor.ON_SCHEME:
            raise MentorRuleBroken("Only a mentor on the scheme can change their biography here")
        text = dict(zip(BIOGRAPHY_TEXT, (bio_about, bio_why, bio_availability, bio_contact), strict=True))
        changed = sorted(name for name, value in text.items() if getattr(mentor, name) != value.strip())
        if not changed:
            return mentor
        for name in changed:
            setattr(mentor, name, text[name].strip())
        mentor.bio_awaiting_review, mentor.bio_published = True, False
        mentor.save(update_fields=[*changed, "bio_awaiting_review", "bio_published"])
        audit(actor=by, action="mentor.biography_change", target=mentor, scheme=mentor.scheme, fields=changed)
    return mentor


def mentor_biography_review(*, mentor, by, publish):
    """Staff have read the changed biography: publish it (the mentor consented by asking), or leave it
    unpublished for the mentor to change again."""
    with transaction.atomic():
        _lock(mentor)
        if not _awaiting_review(mentor):
            raise MentorRuleBroken("This biography has no change waiting for review")
        if by == mentor.user:
            raise MentorRuleBroken("Someone else on the scheme team must review your biography")
        mentor.bio_awaiting_review, mentor.bio_published = False, publish
        mentor.save(update_fields=["bio_awaiting_review", "bio_published"])
        audit(actor=by, action="mentor.biography_review", target=mentor, scheme=mentor.scheme, published=publish)
    return mentor


def _current_practices(on):
    on = on or timezone.localdate()
    practices = (
        Organisation.objects.filter(kind=Organisation.Kind.PRACTICE, valid_from__lte=on)
        .exclude(valid_to__lt=on)
        .select_related("parent")
    )
    return practices if practices.ordered else practices.order_by("pk")


def practice_for_code(code, *, on=None):
    """The current practice with this ODS code, or None."""
    return _current_practices(on).filter(code=code).first()


def practices_for_codes(codes, *, on=None):
    """{code: the current practice with that ODS code, as practice_for_code finds it} in one query (imports);
    a code with no current practice is left out."""
    found = {}
    for practice in _current_practices(on).filter(code__in=set(codes)):
        found.setdefault(practice.code, practice)
    return found
