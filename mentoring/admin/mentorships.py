"""Staff screens for mentorships: confirm a mentee's own choice of mentor, see proposals a mentor has not
answered in time, withdraw a match to re-match the mentee; and, once the pair meet, hours against the
allowance, mentorships at risk, sessions logged on the pair's behalf, extensions, completion, "not a fit"
and a CSV export. A mentorship changes only through mentoring.services, so the admin's own form is
read-only. Sessions' confidential notes are the mentor's alone: no query here ever loads them."""

import csv

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.permissions import Permission
from mentoring.admin.imports import MentorshipImportMixin
from mentoring.admin.mentorship_forms import (
    CompleteForm,
    ExtendForm,
    SessionLogForm,
    WithdrawForm,
    put_problems_on_form,
)
from mentoring.models import Mentorship
from mentoring.selectors import (
    FIRST_MEETING_DAYS,
    QUIET_WEEKS,
    answer_overdue,
    at_risk_q,
    at_risk_reasons,
    said_not_a_fit,
    with_answer_due,
    with_staff_summary,
)
from mentoring.services.mentorships import mentorship_confirm, mentorship_withdraw
from mentoring.services.sessions import allowance_extend, mentorship_complete, session_log
from schemes.models import Scheme
from schemes.rules import RuleBroken
from schemes.scoping import SchemeScopedAdmin

M = Mentorship.Status
# Staff re-match from here before the first meeting; an active mentorship ends with its own review.
WITHDRAWABLE = (M.PROPOSED, M.ACCEPTED)


def answer_days_label(scheme_ids):
    """ "7 days" when every scheme in view gives mentors the same time to answer, else "time"."""
    days = set(Scheme.objects.filter(pk__in=scheme_ids).values_list("proposal_response_days", flat=True))
    return f"{days.pop()} days" if len(days) == 1 else "time"


def fellow_weeks_label(scheme_ids):
    """ "4 weeks" when every scheme in view asks GP fellows to meet that often, else "their scheme's interval"."""
    weeks = set(Scheme.objects.filter(pk__in=scheme_ids).values_list("fellow_session_interval_weeks", flat=True))
    return f"{weeks.pop()} weeks" if len(weeks) == 1 else "their scheme's interval"


def unanswered_reason(mentorship):
    return f"The mentor did not answer within {mentorship.scheme.proposal_response_days} days"


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        days = answer_days_label(model_admin.schemes(request, model_admin.view_permission))
        return [("unanswered", f"Not answered in {days}"), ("to_confirm", "Mentee choices to confirm")]

    def queryset(self, request, queryset):
        match self.value():
            case "unanswered":
                return queryset.filter(answer_overdue())
            case "to_confirm":
                return queryset.filter(status=M.REQUESTED)
        return queryset


class AtRiskFilter(admin.SimpleListFilter):
    title = "at risk"
    parameter_name = "at_risk"

    def lookups(self, request, model_admin):
        weeks = fellow_weeks_label(model_admin.schemes(request, model_admin.view_permission))
        return [
            ("any", "Any reason"),
            ("no_first_meeting", f"No first meeting within {FIRST_MEETING_DAYS} days of accepting"),
            ("quiet", f"No session for {QUIET_WEEKS} weeks"),
            ("fellow_quiet", f"GP fellow with no session for {weeks}"),
            ("over_allowance", "Over the hours allowance"),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.filter(at_risk_q(self.value()))
        return queryset


class FitFilter(admin.SimpleListFilter):
    title = "early fit check"
    parameter_name = "fit"

    def lookups(self, request, model_admin):
        return [("not_a_fit", "Said not a fit, still open"), ("not_a_fit_any", "Said not a fit, at any time")]

    def queryset(self, request, queryset):
        match self.value():
            case "not_a_fit":
                return queryset.filter(said_not_a_fit(), status__in=Mentorship.OPEN)
            case "not_a_fit_any":
                return queryset.filter(said_not_a_fit())
        return queryset


def hours_label(mentorship):
    return f"{mentorship.minutes_used / 60:g} of {mentorship.allowance_hours + mentorship.extra_hours}"


# Names and dates only: never notes, reasons or questionnaire answers.
CSV_COLUMNS = [
    ("Mentee", lambda m: m.mentee.user.get_full_name()),
    ("Mentor", lambda m: m.mentor.user.get_full_name()),
    ("Scheme", lambda m: m.scheme.name),
    ("Status", lambda m: m.get_status_display()),
    ("Proposed on", lambda m: timezone.localdate(m.proposed_at).isoformat()),
    ("First meeting", lambda m: m.started_on.isoformat() if m.started_on else ""),
    ("Ended on", lambda m: m.ended_on.isoformat() if m.ended_on else ""),
    ("Hours used", lambda m: f"{m.minutes_used / 60:g}"),
    ("Hours allowed", lambda m: m.allowance_hours + m.extra_hours),
]


def csv_cell(value):
    """A spreadsheet must not run a name as a formula."""
    value = str(value)
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def mentorships_csv(mentorships):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentorships-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow([heading for heading, _ in CSV_COLUMNS])
    for mentorship in mentorships:
        writer.writerow([csv_cell(value(mentorship)) for _, value in CSV_COLUMNS])
    return response


@admin.register(Mentorship)
class MentorshipAdmin(MentorshipImportMixin, SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = [
        "mentee",
        "mentor",
        "scheme",
        "status",
        "proposed_at",
        "waiting_for_answer",
        "started_on",
        "ended_on",
        "hours",
        "last_session",
        "at_risk",
    ]
    list_filter = [
        AttentionFilter,
        AtRiskFilter,
        FitFilter,
        "status",
        "chosen_by_mentee",
        ("scheme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["mentee__user", "mentor__user", "scheme", "mentee"]
    search_fields = [
        "mentee__user__first_name",
        "mentee__user__last_name",
        "mentor__user__first_name",
        "mentor__user__last_name",
    ]
    actions = ["confirm_choices", "withdraw_unanswered", "export_csv"]
    fields = [
        "scheme",
        "mentee",
        "mentor",
        "status",
        "chosen_by_mentee",
        "proposed_at",
        "proposed_by",
        "responded_at",
        "decline_reason",
        "started_on",
        "mentor_fit",
        "mentee_fit",
        "hours",
        "last_session",
        "at_risk",
        "ended_on",
        "end_reason",
        "follow_up_due_on",
        "allowance_hours",
    ]
    readonly_fields = fields
    change_form_template = "admin/mentoring/mentorship/change_form.html"
    change_list_template = "admin/mentoring/mentorship/change_list.html"

    def get_queryset(self, request):
        return with_staff_summary(with_answer_due(super().get_queryset(request)))

    def has_add_permission(self, request):
        return False  # a match is proposed through matching, or asked for by the mentee

    def has_delete_permission(self, request, obj=None):
        return False  # a match is withdrawn, with a reason; its history stays

    def change_view(self, request, object_id, form_url="", extra_context=None):
        mentorship = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "may_confirm": mentorship.status == M.REQUESTED,
            "may_withdraw": mentorship.status in WITHDRAWABLE,
            "answer_overdue": self._overdue(mentorship),
            "may_log_session": mentorship.status in (M.ACCEPTED, M.ACTIVE),
            "may_extend": mentorship.status in Mentorship.OPEN,
            "may_complete": mentorship.status == M.ACTIVE,
            "may_end_not_a_fit": self._may_end_not_a_fit(mentorship),
            "said_not_a_fit": Mentorship.Fit.NOT_A_FIT in (mentorship.mentor_fit, mentorship.mentee_fit),
            "at_risk_reasons": at_risk_reasons(mentorship),
            "sessions": self._sessions(mentorship),
            "extensions": mentorship.extensions.select_related("granted_by"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _sessions(mentorship):
        # Only these columns are read: confidential_notes never leaves the database here.
        return (
            mentorship.sessions.select_related("logged_by")
            .only(
                "mentorship_id",
                "held_on",
                "duration_minutes",
                "mode",
                "kind",
                "attendance",
                "logged_by_staff",
                "logged_at",
                "logged_by__first_name",
                "logged_by__last_name",
                "logged_by__email",
            )
            .order_by("held_on", "logged_at")
        )

    @staticmethod
    def _may_end_not_a_fit(mentorship):
        said = Mentorship.Fit.NOT_A_FIT in (mentorship.mentor_fit, mentorship.mentee_fit)
        return said and mentorship.status in (M.ACCEPTED, M.ACTIVE)

    @staticmethod
    def _overdue(mentorship):
        return mentorship.status == M.PROPOSED and mentorship.answer_due < timezone.now()

    @admin.display(description="Waiting for an answer")
    def waiting_for_answer(self, mentorship):
        if mentorship.status != M.PROPOSED:
            return "–"
        days = (timezone.now() - mentorship.proposed_at).days
        waited = f"{days} day{'' if days == 1 else 's'}"
        if self._overdue(mentorship):
            return format_html("<strong>{} (overdue)</strong>", waited)
        return waited

    @admin.display(description="Hours used", ordering="minutes_used")
    def hours(self, mentorship):
        return hours_label(mentorship)

    @admin.display(description="Last session", ordering="last_held_on")
    def last_session(self, mentorship):
        return mentorship.last_held_on or "–"

    @admin.display(description="At risk")
    def at_risk(self, mentorship):
        reasons = at_risk_reasons(mentorship)
        if not reasons:
            return "–"
        return format_html_join(mark_safe("<br>"), "<strong>{}</strong>", ((reason,) for reason in reasons))

    # Changelist actions: each runs on the scoped queryset, one service call per mentorship.

    @admin.action(description="Export the selected mentorships to CSV (names and dates only)", permissions=["view"])
    def export_csv(self, request, queryset):
        return mentorships_csv(queryset)

    @admin.action(description="Confirm the mentee's choice (the mentor is asked)", permissions=["change"])
    def confirm_choices(self, request, queryset):
        done = skipped = 0
        for mentorship in queryset.select_related("mentor__user", "scheme"):
            try:
                mentorship_confirm(mentorship=mentorship, by=request.user)
            except RuleBroken:
                skipped += 1
            else:
                done += 1
        self._report(request, done, skipped, "Confirmed {}; each mentor has been emailed.", "not a mentee's choice")

    @admin.action(description="Withdraw proposals not answered in time, and re-match", permissions=["change"])
    def withdraw_unanswered(self, request, queryset):
        done = skipped = 0
        for mentorship in queryset.select_related("mentee", "scheme"):
            if not self._overdue(mentorship):
                skipped += 1
                continue
            try:
                mentorship_withdraw(
                    mentorship=mentorship,
                    by=request.user,
                    reason=unanswered_reason(mentorship),
                    only_if_unanswered=True,
                )
            except RuleBroken:
                skipped += 1
            else:
                done += 1
        self._report(request, done, skipped, "Withdrew {}; the mentees wait again, keeping their place.", "not overdue")

    def _report(self, request, done, skipped, done_message, skipped_why):
        if done:
            self.message_user(request, done_message.format(f"{done} mentorship{'s' if done != 1 else ''}"))
        if skipped:
            self.message_user(request, f"Left {skipped} unchanged: {skipped_why}.", messages.WARNING)

    # One mentorship at a time, from its page.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/confirm/", wrap(self.confirm_view), name="mentoring_mentorship_confirm"),
            path("<int:object_id>/withdraw/", wrap(self.withdraw_view), name="mentoring_mentorship_withdraw"),
            path("<int:object_id>/log-session/", wrap(self.log_session_view), name="mentoring_mentorship_log_session"),
            path("<int:object_id>/extend/", wrap(self.extend_view), name="mentoring_mentorship_extend"),
            path("<int:object_id>/complete/", wrap(self.complete_view), name="mentoring_mentorship_complete"),
            path("<int:object_id>/not-a-fit/", wrap(self.not_a_fit_view), name="mentoring_mentorship_not_a_fit"),
            path("export.csv", wrap(self.export_view), name="mentoring_mentorship_export"),
            *super().get_urls(),
        ]

    def _changeable(self, request, object_id):
        mentorship = self.get_object(request, object_id)  # another scheme's mentorship is a 404
        if not self.has_change_permission(request, mentorship):
            raise PermissionDenied
        return mentorship

    def _render(self, request, mentorship, title, template, **context):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "original": mentorship,
            "mentorship": mentorship,
            **context,
        }
        return TemplateResponse(request, f"admin/mentoring/mentorship/{template}.html", context)

    def _back(self, mentorship):
        return redirect(reverse("admin:mentoring_mentorship_change", args=[mentorship.pk]))

    def confirm_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        if request.method == "POST":
            try:
                mentorship_confirm(mentorship=mentorship, by=request.user)
            except RuleBroken as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(request, f"Confirmed. We have asked {mentorship.mentor} and emailed them.")
            return self._back(mentorship)
        return self._render(request, mentorship, "Confirm the mentee's choice", "confirm")

    def withdraw_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        initial = {"reason": unanswered_reason(mentorship)} if self._overdue(mentorship) else {}
        form = WithdrawForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                mentorship_withdraw(mentorship=mentorship, by=request.user, reason=form.cleaned_data["reason"])
            except RuleBroken as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(
                    request, f"Withdrawn. {mentorship.mentee} is waiting again, keeping their place in the queue."
                )
            return self._back(mentorship)
        return self._render(request, mentorship, "Withdraw and re-match", "withdraw", form=form)

    def log_session_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        form = SessionLogForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                logged = session_log(mentorship=mentorship, by=request.user, by_staff=True, **form.cleaned_data)
            except RuleBroken as problem:
                put_problems_on_form(form, problem)
            else:
                messages.success(request, f"Logged the {logged.session} for {mentorship}.")
                for warning in logged.warnings:
                    messages.warning(request, warning)
                return self._back(mentorship)
        return self._render(request, mentorship, "Log a session for the pair", "log_session", form=form)

    def extend_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        form = ExtendForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                extension = allowance_extend(mentorship=mentorship, by=request.user, **form.cleaned_data)
            except RuleBroken as problem:
                put_problems_on_form(form, problem)
            else:
                messages.success(request, f"Added {extension.extra_hours} hours to the allowance.")
                return self._back(mentorship)
        return self._render(
            request, mentorship, "Extend the hours allowance", "extend", form=form, hours=hours_label(mentorship)
        )

    def complete_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        form = CompleteForm(request.POST or None, mentorship=mentorship, initial={"ended_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                mentorship_complete(mentorship=mentorship, by=request.user, ended_on=form.cleaned_data["ended_on"])
            except RuleBroken as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(
                    request, f"Completed. The follow-up survey is due on {mentorship.follow_up_due_on:%-d %B %Y}."
                )
            return self._back(mentorship)
        return self._render(request, mentorship, "Mark completed", "complete", form=form)

    def not_a_fit_view(self, request, object_id):
        mentorship = self._changeable(request, object_id)
        if not self._may_end_not_a_fit(mentorship):
            messages.error(request, "Neither the mentor nor the mentee has said this is not a fit.")
            return self._back(mentorship)
        if request.method == "POST":
            try:
                mentorship_withdraw(mentorship=mentorship, by=request.user, reason="Not a fit", not_a_fit=True)
            except RuleBroken as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(
                    request,
                    f"Ended: not a fit. {mentorship.mentee} is waiting again, keeping their place in the queue.",
                )
            return self._back(mentorship)
        return self._render(request, mentorship, "End: not a fit", "not_a_fit")

    def export_view(self, request):
        """The changelist as filtered and searched now, as CSV (the export link carries its query string)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # A filter value that is not one of the list's (?scheme__id__exact=abc): back to the list, as Django does.
            return redirect(reverse("admin:mentoring_mentorship_changelist") + "?e=1")
        return mentorships_csv(changelist.get_queryset(request))
