from django.contrib import admin

from accounts.permissions import Permission
from mentoring.models import Mentee
from schemes.scoping import SchemeScopedAdmin


@admin.register(Mentee)
class MenteeAdmin(SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = ["__str__", "scheme", "registered_at"]
    list_filter = [("scheme", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "scheme"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    readonly_fields = ["user", "registered_at"]

    def has_add_permission(self, request):
        return False  # mentees come in through registration

    def has_delete_permission(self, request, obj=None):
        return False
