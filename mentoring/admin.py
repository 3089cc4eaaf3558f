from django.contrib import admin

from accounts.permissions import Permission
from mentoring.models import Mentee, Mentor
from schemes.scoping import SchemeScopedAdmin


@admin.register(Mentor)
class MentorAdmin(SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTOR_MANAGE
    list_display = ["__str__", "scheme", "status", "created_at"]
    list_filter = ["status", "scheme"]
    list_select_related = ["user", "scheme"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False  # mentors come in through their application

    def has_delete_permission(self, request, obj=None):
        return False  # a mentor leaves (status), their history stays


@admin.register(Mentee)
class MenteeAdmin(SchemeScopedAdmin):
    view_permission = change_permission = Permission.MENTEE_MANAGE
    list_display = ["__str__", "scheme", "registered_at"]
    list_filter = ["scheme"]
    list_select_related = ["user", "scheme"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    readonly_fields = ["user", "registered_at"]

    def has_add_permission(self, request):
        return False  # mentees come in through registration

    def has_delete_permission(self, request, obj=None):
        return False
