"""Staff screens for automated emails: each scheme's wording and switch, and what was sent, answered or
failed, with "send again" for a failed one."""

from django import forms
from django.contrib import admin, messages

from accounts.permissions import Permission
from schemes.scoping import SchemeScopedAdmin
from surveys.dispatch import DispatchRuleBroken, dispatch_resend
from surveys.dispatch_emails import PLACEHOLDERS, email_template_update, template_problems
from surveys.dispatch_models import EmailTemplate, SurveyDispatch
from surveys.dispatch_selectors import STATUS_Q, dispatch_summary


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["scheme", "kind", "is_enabled", "subject", "body"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or self.instance.kind
        if kind and "subject" in cleaned and "body" in cleaned:
            for name, problems in template_problems(kind, cleaned["subject"], cleaned["body"]).items():
                for problem in problems:
                    self.add_error(name, problem)
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(SchemeScopedAdmin):
    form = EmailTemplateForm
    list_display = ["kind", "scheme", "is_enabled", "subject"]
    list_filter = ["kind", "is_enabled"]
    list_editable = ["is_enabled"]

    def has_add_permission(self, request):
        return False  # every scheme has one of each kind from the day it is made

    def get_readonly_fields(self, request, obj=None):
        return ["scheme", "kind"]

    def write(self, request, obj, changed, *, adding):
        email_template_update(template=obj, by=request.user, **changed)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        listed = "; ".join(
            f"{kind.label}: " + ", ".join("{" + name + "}" for name in names) for kind, names in PLACEHOLDERS.items()
        )
        if "body" in form.base_fields:  # someone who may only view the template gets every field read-only
            form.base_fields["body"].help_text = f"Plain text. Placeholders each email may use: {listed}."
        return form


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status, status.capitalize()) for status in STATUS_Q]

    def queryset(self, request, queryset):
        if self.value() in STATUS_Q:
            return queryset.filter(STATUS_Q[self.value()])
        return queryset


@admin.register(SurveyDispatch)
class SurveyDispatchAdmin(SchemeScopedAdmin):
    # Each row names a mentee and their mentorship: the scheme's staff only, not its approvers.
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = ["pk", "kind", "scheme", "status", "due_at", "sent_at", "answered_at", "failed_at", "failure_reason"]
    list_filter = [StatusFilter, "kind", "scheme"]
    list_select_related = ["scheme"]
    fields = [
        "scheme", "kind", "mentee", "mentorship", "due_at", "queued_at", "sent_at", "reminded_at", "answered_at",
        "failed_at", "failure_reason", "skipped_at", "skip_reason", "attempts",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["send_again"]
    change_list_template = "surveys/admin/dispatch_change_list.html"

    def has_add_permission(self, request):
        return False  # the sweep makes rows from the mentorships and registrations themselves

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        summary = dispatch_summary(self.schemes(request, self.view_permission))
        return super().changelist_view(request, {**(extra_context or {}), "dispatch_summary": summary})

    @admin.action(description="Send the selected failed emails again")
    def send_again(self, request, queryset):
        scheme_ids = self.schemes(request, self.change_permission)
        sent = refused = 0
        for dispatch in queryset.filter(scheme_id__in=scheme_ids):
            try:
                result = dispatch_resend(dispatch=dispatch, by=request.user)
            except DispatchRuleBroken:
                refused += 1
            else:
                sent += len(result.sent)
        if sent:
            messages.success(request, f"{sent} sent again.")
        if refused:
            messages.warning(request, f"{refused} left alone: only failed emails can be sent again.")
