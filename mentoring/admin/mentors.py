from django import forms
from django.contrib import admin, messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.audit_labels import history_in_words
from accounts.models import AuditEvent
from accounts.permissions import Permission
from mentoring import rules
from mentoring.admin.imports import MentorImportMixin
from mentoring.forms.review import ApproveForm, LeaveForm, RejectForm, TrainingRecordForm, VerifyForm
from mentoring.models import EligibilityCheck, Mentor, TrainingRecord, TrainingSession
from mentoring.photos import photo_reencoded
from mentoring.selectors import unverified_items, with_attention_flags
from mentoring.services import mentors as mentor_services
from mentoring.services.training import (
    training_delete,
    training_record_save,
    training_session_change,
    training_session_record,
)
from schemes.rules import RuleBroken
from schemes.scoping import SchemeScopedAdmin, SchemeScopedInline


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("applied", "Application to review"),
            ("lapsed", "Eligibility checks lapsed or missing"),
            ("overdue", "Training overdue"),
            ("biography", "Biography change to review"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "applied":
                return queryset.filter(status=Mentor.Status.APPLIED)
            case "lapsed":
                return queryset.filter(verification_lapsed=True)
            case "overdue":
                return queryset.filter(training_overdue=True)
            case "biography":
                return queryset.filter(bio_awaiting_review=True)
        return queryset


class TrainingRecordInline(SchemeScopedInline, admin.StackedInline):
    model = TrainingRecord
    form = TrainingRecordForm
    extra = 0
    readonly_fields = ["certificate_link"]

    @admin.display(description="Certificate on file")
    def certificate_link(self, record):
        if not record.certificate:
            return "None"
        url = reverse("admin:mentoring_mentor_certificate", args=[record.mentor_id, record.pk])
        return format_html('<a href="{}">Download the certificate</a>', url)


class TrainingSessionInline(SchemeScopedInline, admin.TabularInline):
    model = TrainingSession
    fields = ["attended_on", "training_record"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "training_record":
            mentor_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TrainingRecord.objects.filter(mentor_id=mentor_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MentorForm(forms.ModelForm):
    """The admin's fields come from MentorAdmin.fieldsets; this adds the scheme's capacity rule."""

    class Meta:
        widgets = {"photo": forms.FileInput}  # the stored photo is private, shown only in the directory

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        mentor = self.instance
        if mentor.status in Mentor.ON_SCHEME and (problem := rules.capacity_problem(mentor.scheme, capacity)):
            raise forms.ValidationError(problem)
        return capacity

    def clean_clinical_sessions_per_week(self):
        sessions = self.cleaned_data.get("clinical_sessions_per_week")
        mentor = self.instance
        if mentor.status in Mentor.ON_SCHEME and (problem := rules.clinical_sessions_problem(mentor.scheme, sessions)):
            raise forms.ValidationError(problem)
        return sessions

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        new_upload = photo and hasattr(photo, "content_type")
        kinds, limit = ["jpg", "png"], rules.PHOTO_MAX_BYTES
        if new_upload and (problem := rules.upload_problem(photo, kinds=kinds, max_bytes=limit, what="photo")):
            raise forms.ValidationError(problem)
        return photo_reencoded(photo) if new_upload else photo


@admin.register(Mentor)
class MentorAdmin(MentorImportMixin, SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTOR_MANAGE
    special_category = "demographics"
    form = MentorForm
    list_display = ["__str__", "status", "practice_code", "capacity", "approved_on", "attention", "review_link"]
    list_filter = [AttentionFilter, "status", ("scheme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "practice"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "gmc_number"]
    inlines = [TrainingRecordInline, TrainingSessionInline]
    raw_id_fields = ["practice"]
    readonly_fields = [
        "user",
        "scheme",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "approved_on",
        "rejection_feedback",
        "reapply_from",
        "left_on",
        "leave_reason",
        "leave_exempt",
        "training_cost_to_recover",
        "created_at",
        "bio_published",  # the mentor's own consent: only they give or withdraw it
    ]
    fieldsets = [
        (None, {"fields": ["user", "scheme", "status", "approved_on"]}),
        (
            "How they mentor",
            {
                "fields": [
                    "capacity",
                    "focus_areas",
                    "offers_face_to_face",
                    "offers_video",
                    "offers_telephone",
                    "languages",
                ]
            },
        ),
        (
            "Application",
            {
                "fields": [
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
                ]
            },
        ),
        (
            "Directory biography",
            {"fields": ["bio_about", "bio_why", "bio_availability", "bio_contact", "photo", "bio_published"]},
        ),
        ("Equality monitoring", {"classes": ["collapse"], "fields": ["gender", "age_band", "ethnicity"]}),
        (
            "Decisions",
            {
                "fields": [
                    "submitted_at",
                    "decided_at",
                    "decided_by",
                    "rejection_feedback",
                    "reapply_from",
                    "left_on",
                    "leave_reason",
                    "leave_exempt",
                    "training_cost_to_recover",
                    "created_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return with_attention_flags(super().get_queryset(request))

    def write(self, request, obj, changed, *, adding):
        mentor_services.mentor_update(mentor=obj, by=request.user, **changed)

    def has_add_permission(self, request):
        return False  # mentors come in through their application or an import

    def has_delete_permission(self, request, obj=None):
        return False  # a mentor leaves (status), their history stays

    @admin.display(description="Practice", ordering="practice__code")
    def practice_code(self, mentor):
        return mentor.practice.code if mentor.practice else "–"

    @admin.display(description="Needs attention")
    def attention(self, mentor):
        flags = [
            label
            for label, raised in [
                ("Eligibility checks lapsed or missing", mentor.verification_lapsed),
                ("Training overdue", mentor.training_overdue),
                ("Awaiting review", mentor.status == Mentor.Status.APPLIED),
            ]
            if raised
        ]
        return ", ".join(flags) or "–"

    @admin.display(description="Review")
    def review_link(self, mentor):
        return format_html('<a href="{}">Review</a>', reverse("admin:mentoring_mentor_review", args=[mentor.pk]))

    def save_formset(self, request, form, formset, change):
        """Training records and attendance go through their services, so the rules and audit hold."""
        mentor = form.instance
        # Django's change message reads these three, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                training_delete(row=deleted.instance, by=request.user)
                formset.deleted_objects.append(deleted.instance)
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            instance = inline_form.save(commit=False)
            adding = instance.pk is None
            if isinstance(instance, TrainingRecord):
                training_record_save(record=instance, by=request.user)
            elif adding:
                instance = training_session_record(
                    mentor=mentor,
                    attended_on=instance.attended_on,
                    training_record=instance.training_record,
                    by=request.user,
                )
            else:
                changed = {name: inline_form.cleaned_data[name] for name in inline_form.changed_data}
                training_session_change(session=instance, by=request.user, **changed)
            if adding:
                formset.new_objects.append(instance)
            else:
                formset.changed_objects.append((instance, inline_form.changed_data))

    def scheme_of(self, obj):
        return obj.scheme if isinstance(obj, Mentor) else obj.mentor.scheme

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/review/", wrap(self.review_view), name="mentoring_mentor_review"),
            path(
                "<int:object_id>/certificate/<int:record_id>/",
                wrap(self.certificate_view),
                name="mentoring_mentor_certificate",
            ),
            *super().get_urls(),
        ]

    def certificate_view(self, request, object_id, record_id):
        """Certificates are served only to staff of the mentor's scheme, never as a public file."""
        mentor = self.get_object(request, object_id)
        record = get_object_or_404(mentor.training_records.exclude(certificate=""), pk=record_id)
        return FileResponse(record.certificate.open("rb"), as_attachment=True)

    def review_view(self, request, object_id):
        """One screen to verify eligibility, approve or reject, and change a mentor's standing."""
        mentor = self.get_object(request, object_id)
        if not self.has_change_permission(request, mentor):
            return redirect("admin:mentoring_mentor_change", mentor.pk)
        forms_by_action = {
            "verify": VerifyForm,
            "approve": ApproveForm,
            "reject": RejectForm,
            "leave": LeaveForm,
            "pause": None,
            "activate": None,
            "publish_biography": None,
            "hold_biography": None,
        }
        bound = {}
        if request.method == "POST" and (action := request.POST.get("action")) in forms_by_action:
            form_class = forms_by_action[action]
            form = form_class(request.POST, prefix=action) if form_class else None
            if form is None or form.is_valid():
                try:
                    self._decide(request, mentor, action, form.cleaned_data if form else {})
                except RuleBroken as problem:
                    messages.error(request, " ".join(problem.messages))
                else:
                    return redirect("admin:mentoring_mentor_review", mentor.pk)
            bound[action] = form
        checks = {check.item: check for check in mentor.eligibility_checks.select_related("verified_by")}
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review {mentor}",
            "opts": self.model._meta,
            "original": mentor,
            "mentor": mentor,
            "items": [(item, checks.get(item)) for item in EligibilityCheck.Item],
            "unverified": unverified_items(mentor),
            "forms": {
                action: bound.get(action) or form_class(prefix=action)
                for action, form_class in forms_by_action.items()
                if form_class
            },
            "history": history_in_words(
                AuditEvent.objects.filter(target_type="mentoring.mentor", target_id=str(mentor.pk))
                .select_related("actor")
                .order_by("at", "pk")
            ),
        }
        return TemplateResponse(request, "admin/mentoring/mentor/review.html", context)

    def _decide(self, request, mentor, action, data):
        by = request.user
        match action:
            case "verify":
                mentor_services.eligibility_verify(mentor=mentor, item=data["item"], by=by)
                messages.success(request, "Verified.")
            case "approve":
                mentor_services.mentor_approve(mentor=mentor, by=by, already_qualified=data["already_qualified"])
                messages.success(request, f"Approved: {mentor.get_status_display()}. We have emailed the applicant.")
            case "reject":
                mentor_services.mentor_reject(mentor=mentor, by=by, **data)
                messages.success(request, "Not approved. We have emailed the applicant with your feedback.")
            case "leave":
                mentor_services.mentor_leave(mentor=mentor, by=by, **data)
                messages.success(request, "Recorded as left.")
            case "pause":
                mentor_services.mentor_pause(mentor=mentor, by=by)
                messages.success(request, "Paused, and removed from the directory.")
            case "activate":
                mentor_services.mentor_activate(mentor=mentor, by=by)
                messages.success(request, "Active.")
            case "publish_biography" | "hold_biography":
                publish = action == "publish_biography"
                mentor_services.mentor_biography_review(mentor=mentor, by=by, publish=publish)
                messages.success(request, "Published in the mentor directory." if publish else "Kept unpublished.")
