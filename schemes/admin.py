from allauth.mfa.models import Authenticator
from django.contrib import admin

from accounts.audit_labels import audit_label
from accounts.models import AuditEvent
from accounts.permissions import Permission
from schemes.models import FinancialYear, Organisation, Scheme, SchemeMembership, SchemeYear
from schemes.scoping import SchemeScopedAdmin, SchemeScopedInline
from schemes.services import (
    membership_grant,
    membership_revoke,
    scheme_create,
    scheme_delete,
    scheme_update,
    scheme_year_delete,
    scheme_year_save,
)

# Authenticators hold (encrypted) TOTP secrets: nobody needs them on a screen.
admin.site.unregister(Authenticator)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Reference data and role grants: kept by the platform's administrators, not by scheme staff,
    so that nobody can give themselves a second role (an approver approving their own claims)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_change_permission = has_delete_permission = lambda self, request, obj=None: (
        request.user.is_superuser
    )

    def has_add_permission(self, request):
        return request.user.is_superuser


class SchemeYearInline(SchemeScopedInline, admin.TabularInline):
    model = SchemeYear
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(SchemeScopedAdmin):
    scheme_field = ""
    list_display = ["name", "kind", "icb", "session_rate", "is_open"]
    list_select_related = ["icb"]
    search_fields = ["name", "slug"]
    inlines = [SchemeYearInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "icb", "delivery_partner", "is_open"]}),
        (
            "Money",
            {
                "fields": [
                    "session_rate",
                    "max_reimbursed_sessions_per_week",
                    "max_training_sessions",
                    "training_cost_per_mentor",
                    "budget",
                ]
            },
        ),
        (
            "Mentors",
            {
                "fields": [
                    "mentor_capacity_min",
                    "mentor_capacity_max",
                    "mentor_min_clinical_sessions",
                    "mentor_min_months",
                    "mentor_cap",
                ]
            },
        ),
        (
            "Mentees",
            {
                "fields": [
                    "mentee_allowance_hours",
                    "fellow_session_interval_weeks",
                    "follow_up_months",
                    "retention_years",
                    "mentee_may_choose_mentor",
                    "stress_low_max",
                    "stress_moderate_max",
                ]
            },
        ),
        (
            "Career conversations",
            {"fields": ["conversation_minutes", "career_fund", "funding_opens_on", "funding_closes_on"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Which ICB a scheme belongs to decides who sees it: only platform administrators move it.
        return [] if request.user.is_superuser else ["slug", "icb"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def write(self, request, obj, changed, *, adding):
        if adding:
            obj.pk = scheme_create(by=request.user, **changed).pk
            obj._state.adding = False
        else:
            scheme_update(scheme=obj, by=request.user, **changed)

    def remove(self, request, obj):
        scheme_delete(scheme=obj, by=request.user)

    def write_inline(self, request, parent, row, changed, *, adding):
        return scheme_year_save(scheme=parent, by=request.user, scheme_year=None if adding else row, **changed)

    def delete_inline(self, request, parent, row):
        scheme_year_delete(scheme_year=row, by=request.user)


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]


@admin.register(FinancialYear)
class FinancialYearAdmin(SuperuserOnlyAdmin):
    list_display = ["label", "starts_on", "ends_on"]


@admin.register(SchemeMembership)
class SchemeMembershipAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "scheme", "role", "granted_at"]
    list_filter = ["role", "scheme"]
    list_select_related = ["user", "scheme"]
    raw_id_fields = ["user"]
    readonly_fields = ["granted_by", "granted_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited into another

    def save_model(self, request, obj, form, change):
        obj.pk = membership_grant(user=obj.user, scheme=obj.scheme, role=obj.role, by=request.user).pk

    def delete_model(self, request, obj):
        membership_revoke(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_revoke(membership=membership, by=request.user)


@admin.register(AuditEvent)
class AuditEventAdmin(SchemeScopedAdmin):
    # Staff only: the trail names mentors and mentees, which approvers and commissioners do not see.
    view_permission = change_permission = Permission.SCHEME_EDIT
    list_display = ["at", "what_happened", "target_type", "target_id", "actor"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="What happened", ordering="action")
    def what_happened(self, event):
        return audit_label(event.action)
