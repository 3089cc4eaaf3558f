"""The admin base class: every staff screen is scoped to the schemes the user holds a role in.

Querysets, foreign-key choices, actions (which run on the scoped queryset) and object pages all
go through the schemes each permission reaches (schemes.permissions). Another scheme's object is a 404.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _

from accounts.permissions import Permission
from accounts.services import special_category_read
from schemes.models import Scheme
from schemes.permissions import scheme_ids_by_permission
from schemes.rules import RuleBroken


class SchemeScopedAdmin(admin.ModelAdmin):
    #: Lookup path from the model to its Scheme; "" for Scheme itself.
    scheme_field = "scheme"
    view_permission = Permission.SCHEME_VIEW
    change_permission = Permission.SCHEME_EDIT
    #: The special-category data a record's page shows ("demographics", "questionnaire answers"), if
    #: any: every reading of the page is audited.
    special_category = ""
    # A screenful that renders quickly at national size; filters and search narrow the rest.
    list_per_page = 25

    def schemes(self, request, permission):
        if "_scheme_ids_by_permission" not in request.__dict__:
            request._scheme_ids_by_permission = scheme_ids_by_permission(request.user)
        return request._scheme_ids_by_permission.get(permission, [])

    def scope(self, queryset, scheme_ids):
        return queryset.filter(**{f"{self.scheme_field}__in" if self.scheme_field else "pk__in": scheme_ids})

    def scheme_of(self, obj):
        if not self.scheme_field:
            return obj
        for part in self.scheme_field.split("__"):
            obj = getattr(obj, part)
        return obj

    def action_checkbox(self, obj):
        """The same checkbox as Django's, written directly: rendering a widget template for each of a
        list's rows was a fifth of the time of a staff list page."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_queryset(self, request):
        return self.scope(super().get_queryset(request), self.schemes(request, self.view_permission))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such record in your schemes.")
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.special_category and request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            special_category_read(by=request.user, target=obj, what=self.special_category, scheme=self.scheme_of(obj))
        return response

    def _may(self, request, permission, obj=None):
        scheme_ids = self.schemes(request, permission)
        if obj is None:
            return bool(scheme_ids)
        return self.scheme_of(obj).pk in scheme_ids

    def has_module_permission(self, request):
        return self._may(request, self.view_permission)

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_permission, obj) or self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may(request, self.change_permission, obj)

    def has_add_permission(self, request):
        return self._may(request, self.change_permission)

    def has_delete_permission(self, request, obj=None):
        removable = type(self).remove is not SchemeScopedAdmin.remove
        return removable and self._may(request, self.change_permission, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only the user's own schemes, and only records of those schemes."""
        related = db_field.related_model
        if related is Scheme:
            kwargs["queryset"] = Scheme.objects.filter(pk__in=self.schemes(request, self.change_permission))
        elif isinstance(related_admin := self.admin_site._registry.get(related), SchemeScopedAdmin):
            kwargs["queryset"] = related_admin.get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Every change made on a staff screen is written by the app's service, so its rules and its
        audit event are the same as anywhere else. A screen without one is read-only."""
        names = form.changed_data if change else form.cleaned_data
        changed = {name: form.cleaned_data[name] for name in names}
        self.write(request, obj, changed, adding=not change)

    def write(self, request, obj, changed, *, adding):
        """Call the service that writes `changed` (field name to value) on obj. A RuleBroken it raises
        leaves everything as it was and is shown to the user."""
        raise PermissionDenied("These records change only through their own actions")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RuleBroken as broken:
            messages.error(request, " ".join(broken.messages))
            return redirect(request.get_full_path())

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields went to the service with the rest of the change; inline rows are saved
        # (and audited) by save_formset.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def remove(self, request, obj):
        """Call the service that deletes obj. A screen without one offers no delete."""
        raise PermissionDenied("These records are never deleted here")

    def save_formset(self, request, form, formset, change):
        """Inline rows go through the app's services too (write_inline, delete_inline)."""
        parent = form.instance
        # Django's change message reads these three, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                self.delete_inline(request, parent, deleted.instance)
                formset.deleted_objects.append(deleted.instance)
        not_fields = {"id", "DELETE", formset.fk.name}
        for row_form in formset.forms:
            if not row_form.has_changed() or row_form in formset.deleted_forms:
                continue
            row, adding = row_form.instance, row_form.instance.pk is None
            names = row_form.cleaned_data if adding else row_form.changed_data
            changed = {name: row_form.cleaned_data[name] for name in names if name not in not_fields}
            saved = self.write_inline(request, parent, row, changed, adding=adding)
            if adding:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, sorted(changed)))

    def write_inline(self, request, parent, row, changed, *, adding):
        """Call the service that writes an inline row of parent; return the saved row."""
        raise PermissionDenied("These records change only through their own actions")

    def delete_inline(self, request, parent, row):
        raise PermissionDenied("These records change only through their own actions")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.remove(request, obj)


class SchemeScopedInline:
    """Mix into an inline on a scoped admin: whoever may change the parent record may change its rows
    (Django's own inline checks ask for per-model permissions, which nobody here holds)."""

    def has_view_permission(self, request, obj=None):
        return self.parent_admin(request).has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.parent_admin(request).has_change_permission(request, obj)

    has_add_permission = has_delete_permission = has_change_permission

    def parent_admin(self, request):
        return self.admin_site._registry[self.parent_model]
