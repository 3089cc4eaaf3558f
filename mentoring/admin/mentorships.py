"""Staff screens for mentorships: confirm a mentee's own choice of mentor, see proposals a mentor has not
answered in time, and withdraw a match to re-match the mentee. A mentorship changes only through
mentoring.services.mentorships, so the admin's own form is read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.permissions import Permission
from mentoring.models import Mentorship
from mentoring.selectors import answer_overdue, with_answer_due
from mentoring.services.mentors import MentorRuleBroken
from mentoring.services.mentorships import mentorship_confirm, mentorship_withdraw
from mentoring.transitions import IllegalTransition
from schemes.models import Scheme
from schemes.scoping import SchemeScopedAdmin

M = Mentorship.Status
# Staff re-match from here before the first meeting; an active mentorship ends with its own review.
WITHDRAWABLE = (M.PROPOSED, M.ACCEPTED)


def answer_days_label(scheme_ids):
    """ "7 days" when every scheme in view gives mentors the same time to answer, else "time"."""
    days = set(Scheme.objects.filter(pk__in=scheme_ids).values_list("proposal_response_days", flat=True))
    return f"{days.pop()} days" if len(days) == 1 else "time"


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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this match being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Give a reason for withdrawing"},
    )


@admin.register(Mentorship)
class MentorshipAdmin(SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = ["mentee", "mentor", "status", "proposed_at", "waiting_for_answer", "chosen_by_mentee"]
    list_filter = [AttentionFilter, "status", "chosen_by_mentee", ("scheme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["mentee__user", "mentor__user", "scheme"]
    search_fields = ["mentee__user__first_name", "mentee__user__last_name", "mentor__user__last_name"]
    actions = ["confirm_choices", "withdraw_unanswered"]
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
        "ended_on",
        "end_reason",
        "allowance_hours",
    ]
    readonly_fields = fields
    change_form_template = "admin/mentoring/mentorship/change_form.html"

    def get_queryset(self, request):
        return with_answer_due(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # a match is proposed through matching, or asked for by the mentee

    def has_delete_permission(self, request, obj=None):
        return False  # a match is withdrawn, with a reason; its history stays

    def save_model(self, request, obj, form, change):
        raise PermissionDenied("A mentorship changes only through its actions")

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
        }
        return super().change_view(request, object_id, form_url, extra_context)

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

    # Changelist actions: each runs on the scoped queryset, one service call per mentorship.

    @admin.action(description="Confirm the mentee's choice (the mentor is asked)", permissions=["change"])
    def confirm_choices(self, request, queryset):
        done = skipped = 0
        for mentorship in queryset.select_related("mentor__user", "scheme"):
            try:
                mentorship_confirm(mentorship=mentorship, by=request.user)
            except IllegalTransition:
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
                mentorship_withdraw(mentorship=mentorship, by=request.user, reason=unanswered_reason(mentorship))
            except IllegalTransition:
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
            except IllegalTransition as problem:
                messages.error(request, str(problem))
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
            except (IllegalTransition, MentorRuleBroken) as problem:
                messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
            else:
                messages.success(
                    request, f"Withdrawn. {mentorship.mentee} is waiting again, keeping their place in the queue."
                )
            return self._back(mentorship)
        return self._render(request, mentorship, "Withdraw and re-match", "withdraw", form=form)
