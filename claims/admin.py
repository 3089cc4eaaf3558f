"""Staff's claims screens, scoped to their schemes: claims and lines to read (with the budget), payment
batches (create, export, mark paid), reversals of paid lines, the spend profile and the plan to mentor.

Nothing here edits a claim line or a batch directly: every button calls a service.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.permissions import Permission
from claims import imports as claim_imports
from claims import selectors
from claims.exports import CONTENT_TYPES
from claims.forms import SpendProfileUploadForm
from claims.models import Claim, ClaimLine, LineStatus, MentoringPlan, PaymentBatch, SpendProfile
from claims.services import (
    ClaimRuleBroken,
    batch_create,
    batch_export,
    batch_mark_paid,
    line_reverse,
    mentoring_plan_record,
    spend_profile_set,
)
from claims.templatetags.claims_money import pounds
from claims.transitions import IllegalTransition
from mentoring.admin.imports import SpreadsheetImportMixin
from schemes.models import Scheme, SchemeYear
from schemes.permissions import schemes_with_permission
from schemes.scoping import SchemeScopedAdmin


class ReadOnlyClaimsAdmin(SchemeScopedAdmin):
    """Claims change only through their services: staff read them here."""

    view_permission = Permission.CLAIM_VIEW
    change_permission = Permission.CLAIM_BATCH

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_permission, obj)


class ClaimLineInline(admin.TabularInline):
    model = ClaimLine
    extra = 0
    fields = ["kind", "date", "status", "amount", "decision_reason", "batch", "line_link"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True

    @admin.display(description="Line")
    def line_link(self, line):
        return format_html('<a href="{}">Open</a>', reverse("admin:claims_claimline_change", args=[line.pk]))


def budget_panels(request):
    today = timezone.localdate()
    schemes = schemes_with_permission(request.user, Permission.CLAIM_VIEW)
    return [(scheme, selectors.budget(scheme, on=today)) for scheme in schemes]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyClaimsAdmin):
    list_display = ["reference_display", "scheme", "kind", "claimant_name", "month", "status", "submitted_at"]
    list_filter = ["status", "kind", "imported", "month"]
    list_select_related = ["scheme", "claimant"]
    date_hierarchy = "month"
    ordering = ["-submitted_at"]
    fields = [
        "scheme",
        "kind",
        "claimant",
        "mentor",
        "practice",
        "month",
        "status",
        "imported",
        "submitted_at",
        "return_reason",
    ]
    readonly_fields = fields
    inlines = [ClaimLineInline]
    change_list_template = "admin/claims/claim/change_list.html"
    change_form_template = "admin/claims/claim/change_form.html"

    @admin.display(description="Claim", ordering="pk")
    def reference_display(self, claim):
        return claim.reference

    @admin.display(description="Claimant")
    def claimant_name(self, claim):
        if claim.claimant is None:  # funding paid before the move, recorded against the practice
            return claim.practice.name if claim.practice else "–"
        return claim.claimant.get_full_name() or claim.claimant.email

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "budgets": budget_panels(request)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        budget = selectors.budget(claim.scheme, on=timezone.localdate(), claim=claim)
        extra = {"budgets": [(claim.scheme, budget)], "show_claim": True}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})


class ReverseForm(forms.Form):
    reason = forms.CharField(label="Why this paid line is reversed", widget=forms.Textarea(attrs={"rows": 3}))


class ClaimImportMixin(SpreadsheetImportMixin):
    """Claim lines approved or paid before the scheme moved onto the service (claims.imports)."""

    import_permission = Permission.CLAIM_BATCH
    import_template = "admin/claims/claimline/import.html"
    import_module = claim_imports
    import_noun = "claim lines"

    def run_import(self, **kwargs):
        return claim_imports.claims_import(**kwargs)


@admin.register(ClaimLine)
class ClaimLineAdmin(ClaimImportMixin, ReadOnlyClaimsAdmin):
    list_display = ["__str__", "claim", "scheme", "kind", "date", "status", "amount", "batch"]
    list_filter = ["status", "kind", "imported"]
    list_select_related = ["claim", "scheme", "batch"]
    fields = [
        "claim",
        "kind",
        "status",
        "imported",
        "reference",
        "date",
        "week_start",
        "training_session",
        "conversation",
        "quantity",
        "rate",
        "extra_cost",
        "amount",
        "decided_by",
        "decided_at",
        "decision_reason",
        "batch",
        "paid_on",
        "reverses",
        "reverse_link",
    ]
    readonly_fields = fields

    @admin.display(description="Correct a payment")
    def reverse_link(self, line):
        if line.status != LineStatus.PAID or line.kind == "reversal" or hasattr(line, "reversed_by"):
            return "–"
        url = reverse("admin:claims_claimline_reverse", args=[line.pk])
        return format_html('<a class="button" href="{}">Reverse this paid line</a>', url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/reverse/", wrap(self.reverse_view), name="claims_claimline_reverse"),
            *super().get_urls(),
        ]

    def reverse_view(self, request, object_id):
        line = self.get_object(request, object_id)
        form = ReverseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reversal = line_reverse(line=line, by=request.user, reason=form.cleaned_data["reason"])
            except ClaimRuleBroken as broken:
                messages.error(request, " ".join(broken.messages))
            else:
                messages.success(
                    request, f"A reversal of {pounds(reversal.amount)} is approved and goes into the next batch."
                )
                return redirect("admin:claims_claimline_change", reversal.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reverse {line}",
            "opts": self.model._meta,
            "original": line,
            "line": line,
            "form": form,
        }
        return TemplateResponse(request, "admin/claims/claimline/reverse.html", context)


class BatchCreateForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), empty_label=None)
    month = forms.DateField(
        label="Month the batch pays in (first day)", initial=lambda: timezone.localdate().replace(day=1)
    )


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(label="Payment date", initial=timezone.localdate)


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyClaimsAdmin):
    list_display = ["reference_display", "scheme", "month", "status", "total_display", "created_at", "paid_on"]
    list_filter = ["status"]
    list_select_related = ["scheme"]
    fields = ["scheme", "month", "status", "total", "created_by", "created_at", "exported_at", "paid_on"]
    readonly_fields = fields
    change_list_template = "admin/claims/paymentbatch/change_list.html"
    change_form_template = "admin/claims/paymentbatch/change_form.html"

    @admin.display(description="Batch", ordering="pk")
    def reference_display(self, batch):
        return batch.reference

    @admin.display(description="Total", ordering="total")
    def total_display(self, batch):
        return pounds(batch.total)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("create/", wrap(self.create_view), name="claims_paymentbatch_create"),
            path("<int:object_id>/export.<str:format>", wrap(self.export_view), name="claims_paymentbatch_export"),
            path("<int:object_id>/paid/", wrap(self.paid_view), name="claims_paymentbatch_paid"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        may_create = bool(self.schemes(request, Permission.CLAIM_BATCH))
        return super().changelist_view(request, {**(extra_context or {}), "may_create": may_create})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        extra = {
            "batch": batch,
            "may_batch": batch.scheme_id in self.schemes(request, Permission.CLAIM_BATCH),
            "paid_form": MarkPaidForm(),
            "rows": list(selectors.batch_rows(batch)),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def create_view(self, request):
        if not self.schemes(request, Permission.CLAIM_BATCH):
            raise PermissionDenied
        form = BatchCreateForm(request.POST or None)
        form.fields["scheme"].queryset = Scheme.objects.filter(pk__in=self.schemes(request, Permission.CLAIM_BATCH))
        if request.method == "POST" and form.is_valid():
            try:
                batch, held = batch_create(
                    scheme=form.cleaned_data["scheme"], by=request.user, month=form.cleaned_data["month"]
                )
            except ClaimRuleBroken as broken:
                messages.error(request, " ".join(broken.messages))
            else:
                messages.success(request, f"Payment batch {batch.reference} holds {pounds(batch.total)}.")
                for reference, reason in sorted(held.items()):
                    messages.warning(request, f"{reference} is left out: {reason}. Re-verify the mentor to pay it.")
                return redirect("admin:claims_paymentbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Create a payment batch",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/claims/paymentbatch/create.html", context)

    def export_view(self, request, object_id, format):
        batch = self.get_object(request, object_id)
        if format not in CONTENT_TYPES:
            return redirect("admin:claims_paymentbatch_change", batch.pk)
        try:
            content = batch_export(batch=batch, by=request.user, format=format)
        except ClaimRuleBroken as broken:
            messages.error(request, " ".join(broken.messages))
            return redirect("admin:claims_paymentbatch_change", batch.pk)
        response = HttpResponse(content, content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{format}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def paid_view(self, request, object_id):
        batch = self.get_object(request, object_id)
        form = MarkPaidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                batch_mark_paid(batch=batch, by=request.user, paid_on=form.cleaned_data["paid_on"])
            except (ClaimRuleBroken, IllegalTransition) as problem:
                messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
            else:
                messages.success(request, f"{batch.reference} is paid: its lines are marked paid.")
        return redirect("admin:claims_paymentbatch_change", batch.pk)


@admin.register(SpendProfile)
class SpendProfileAdmin(ReadOnlyClaimsAdmin):
    """A scheme year's twelve monthly amounts, typed or uploaded; without them the allocation is spread evenly."""

    scheme_field = "scheme_year__scheme"
    list_display = ["scheme_year", "month", "amount"]
    list_select_related = ["scheme_year__scheme", "scheme_year__financial_year"]
    change_list_template = "admin/claims/spendprofile/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("set/<int:year_id>/", wrap(self.set_view), name="claims_spendprofile_set"),
            *super().get_urls(),
        ]

    def _years(self, request):
        return SchemeYear.objects.filter(scheme__in=self.schemes(request, Permission.SCHEME_EDIT)).select_related(
            "scheme", "financial_year"
        )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "years": self._years(request)})

    def set_view(self, request, year_id):
        year = get_object_or_404(self._years(request), pk=year_id)
        form = SpendProfileUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                spend_profile_set(scheme_year=year, amounts=form.cleaned_data["parsed"], by=request.user)
            except ClaimRuleBroken as broken:
                form.add_error(None, broken.messages)
            else:
                messages.success(request, f"The spend profile of {year} is saved.")
                return redirect("admin:claims_spendprofile_changelist")
        months = [datetime.date(2001, (n + 3) % 12 + 1, 1).strftime("%B") for n in range(12)]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Spend profile: {year}",
            "opts": self.model._meta,
            "form": form,
            "year": year,
            "current": list(zip(months, selectors.spend_profile(year), strict=True)),
        }
        return TemplateResponse(request, "admin/claims/spendprofile/set.html", context)


@admin.register(MentoringPlan)
class MentoringPlanAdmin(SchemeScopedAdmin):
    """Staff record that the mentoring after a mentor's training is arranged: training is paid from then."""

    scheme_field = "mentor__scheme"
    view_permission = Permission.MENTOR_MANAGE
    change_permission = Permission.MENTOR_MANAGE
    list_display = ["mentor", "recorded_on", "recorded_by"]
    list_select_related = ["mentor__user", "recorded_by"]
    fields = ["mentor", "note"]
    autocomplete_fields = []

    def save_model(self, request, obj, form, change):
        mentoring_plan_record(mentor=obj.mentor, by=request.user, note=obj.note)

    def has_delete_permission(self, request, obj=None):
        return False
