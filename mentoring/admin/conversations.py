"""Career conversations for scheme staff: read-only, since the GP and the facilitator write them in the
portal and a claim counts what they recorded. Staff with mentee-management rights see their schemes'."""

from django.contrib import admin
from django.db.models import Sum
from django.db.models.functions import Coalesce

from accounts.permissions import Permission
from mentoring.models import CareerConversation, CareerNeed, ConversationPart
from schemes.scoping import SchemeScopedAdmin, SchemeScopedInline

OUTCOME_FIELDS = [
    "career_need_identified",
    "needs_in_words",
    "support_in_resource_list",
    "need_not_in_resource_list",
    "will_apply_for_funding",
]


class ConversationPartInline(SchemeScopedInline, admin.TabularInline):
    model = ConversationPart
    fields = ["part", "held_on", "duration_minutes", "logged_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CareerConversation)
class CareerConversationAdmin(SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = ["__str__", "scheme", "facilitator", "gp", "status", "requested_at", "completed_on", "minutes"]
    list_filter = ["status", ("scheme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["scheme", "facilitator__user", "gp"]
    search_fields = ["gp__first_name", "gp__last_name", "gp__email", "facilitator__user__last_name"]
    date_hierarchy = "requested_at"
    fieldsets = [
        (None, {"fields": ["scheme", "gp", "facilitator", "status", "requested_at", "completed_on", "minutes"]}),
        ("Outcome", {"fields": OUTCOME_FIELDS}),
    ]
    readonly_fields = ["scheme", "gp", "facilitator", "status", "requested_at", "completed_on", "minutes"]
    readonly_fields += OUTCOME_FIELDS
    inlines = [ConversationPartInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_minutes=Coalesce(Sum("parts__duration_minutes"), 0))

    def has_add_permission(self, request):
        return False  # GPs ask for conversations in the portal

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_permission, obj)

    @admin.display(description="Minutes", ordering="total_minutes")
    def minutes(self, conversation):
        return f"{conversation.total_minutes} of {conversation.scheme.conversation_minutes}"

    @admin.display(description="Career needs")
    def needs_in_words(self, conversation):
        needs = dict(CareerNeed.choices)
        return ", ".join(str(needs.get(code, code)) for code in conversation.career_needs) or "–"
