from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from accounts.permissions import Permission
from schemes.rules import RuleBroken
from schemes.scoping import SchemeScopedAdmin
from surveys import selectors
from surveys.forms import VoidForm
from surveys.models import Item, Questionnaire, Response, SupportPage
from surveys.services import response_void, support_page_delete, support_page_save


class SuperuserReadOnlyMixin:
    """Questionnaires change only by a new version in a data migration; superusers may look."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(SuperuserReadOnlyMixin, admin.TabularInline):
    model = Item
    fields = ["number", "code", "text", "kind", "reversed", "scale", "choices", "required"]
    readonly_fields = fields


@admin.register(Questionnaire)
class QuestionnaireAdmin(SuperuserReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "code", "version", "is_current", "scoring"]
    list_filter = ["code", "is_current"]
    inlines = [ItemInline]


@admin.register(Response)
class ResponseAdmin(SchemeScopedAdmin):
    """Answers are read only; the one change staff make is to void a response, with a reason."""

    scheme_field = "scheme"
    view_permission = change_permission = Permission.MENTEE_MANAGE
    special_category = "questionnaire answers"
    list_display = ["mentee", "questionnaire", "started_at", "completed_at", "score", "band", "voided_at"]
    list_filter = [
        "code",
        "band",
        ("completed_at", admin.EmptyFieldListFilter),
        ("voided_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["mentee__user", "questionnaire"]
    search_fields = ["mentee__user__first_name", "mentee__user__last_name", "mentee__user__email"]
    fields = [
        "mentee",
        "questionnaire",
        "mentorship",
        "started_at",
        "completed_at",
        "score",
        "band",
        "answers_table",
        "voided_at",
        "voided_by",
        "void_reason",
        "void_link",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("questionnaire__items", "answers__item")

    def has_add_permission(self, request):
        return False  # mentees answer in the portal; imports go through response_import

    def has_change_permission(self, request, obj=None):
        return False  # the change form would save nothing; voiding has its own page

    def has_delete_permission(self, request, obj=None):
        return False  # a response is voided with a reason, never deleted

    @admin.display(description="Answers")
    def answers_table(self, response):
        rows = selectors.summary(response)
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "", "<tr><th scope='row'>{}. {}</th><td>{}</td></tr>", ((i.number, i.text, a or "–") for i, a in rows)
            ),
        )

    @admin.display(description="Void")
    def void_link(self, response):
        if response.is_voided:
            return "Voided"
        return format_html(
            '<a href="{}">Void with a reason</a>', reverse("admin:surveys_response_void", args=[response.pk])
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:object_id>/void/", wrap(self.void_view), name="surveys_response_void"),
            *super().get_urls(),
        ]

    def void_view(self, request, object_id):
        response = self.get_object(request, object_id)
        if not self._may(request, self.change_permission, response):
            return redirect("admin:surveys_response_change", response.pk)
        form = VoidForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                response_void(response=response, by=request.user, reason=form.cleaned_data["reason"])
            except RuleBroken as broken:
                messages.error(request, " ".join(broken.messages))
            else:
                messages.success(request, "Voided. The mentee can answer this questionnaire again.")
            return redirect("admin:surveys_response_change", response.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Void {response}",
            "opts": self.model._meta,
            "original": response,
            "form": form,
        }
        return TemplateResponse(request, "surveys/admin/void.html", context)


@admin.register(SupportPage)
class SupportPageAdmin(SchemeScopedAdmin):
    list_display = ["scheme", "heading"]
    fields = ["scheme", "heading", "body"]

    def get_readonly_fields(self, request, obj=None):
        return ["scheme"] if obj else []  # a page belongs to its scheme

    def remove(self, request, obj):
        support_page_delete(page=obj, by=request.user)

    def write(self, request, obj, changed, *, adding):
        scheme = changed.pop("scheme", None) or obj.scheme
        obj.pk = support_page_save(scheme=scheme, by=request.user, **changed).pk
        obj._state.adding = False


from surveys import dispatch_admin  # noqa: E402, F401  (registers the automated email screens)
