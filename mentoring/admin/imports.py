"""The admin's "Import mentors", "Import mentees" and "Import mentorships" screens and their template downloads.

Only the schemes in which the user may manage mentors (or mentees) are offered; another scheme's id
in the form is an invalid choice, so nothing is imported into it. The imports themselves are
mentoring.imports.mentors_import and mentees_import, the same as the management commands'.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from accounts.permissions import Permission
from mentoring.imports import mentees, mentors, mentorships
from mentoring.imports.reading import MAX_FILE_BYTES
from schemes.models import Scheme

IMPORT_MAX_BYTES = MAX_FILE_BYTES


class SpreadsheetImportForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), empty_label=None)
    file = forms.FileField(label="Spreadsheet", help_text="A CSV file or an Excel workbook (.xlsx)")

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a CSV file or an Excel workbook (.xlsx)")
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {IMPORT_MAX_BYTES // (1024 * 1024)} MB")
        return upload


class SpreadsheetImportMixin:
    """Adds import/ and import-template/ to a SchemeScopedAdmin; subclasses say which import."""

    import_permission: Permission
    import_template: str
    import_module = None  # mentoring.imports.mentors or .mentees: COLUMNS, template_csv and the import
    import_noun: str  # "mentors", as in "Import mentors"

    def run_import(self, **kwargs):
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def _import_schemes(self, request):
        scheme_ids = self.schemes(request, self.import_permission)
        if not scheme_ids:
            raise PermissionDenied
        return Scheme.objects.filter(pk__in=scheme_ids)

    def import_view(self, request):
        schemes = self._import_schemes(request)
        form = SpreadsheetImportForm(request.POST or None, request.FILES or None, schemes=schemes)
        result = None
        if request.method == "POST" and form.is_valid():
            scheme, upload = form.cleaned_data["scheme"], form.cleaned_data["file"]
            result = self.run_import(scheme=scheme, file_name=upload.name, content=upload.read(), by=request.user)
            if result.ok:
                messages.success(request, f"Imported {result.created} {self.import_noun} into {scheme.name}")
                return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import {self.import_noun}",
            "form": form,
            "result": result,
            "columns": self.import_module.COLUMNS,
        }
        return TemplateResponse(request, self.import_template, context)

    def import_template_view(self, request):
        self._import_schemes(request)
        response = HttpResponse(self.import_module.template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.import_noun}-import-template.csv"'
        return response


class MentorImportMixin(SpreadsheetImportMixin):
    import_permission = Permission.MENTOR_MANAGE
    import_template = "admin/mentoring/mentor/import.html"
    import_module = mentors
    import_noun = "mentors"

    def run_import(self, **kwargs):
        return mentors.mentors_import(**kwargs)


class MenteeImportMixin(SpreadsheetImportMixin):
    import_permission = Permission.MENTEE_MANAGE
    import_template = "admin/mentoring/mentee/import.html"
    import_module = mentees
    import_noun = "mentees"

    def run_import(self, **kwargs):
        return mentees.mentees_import(**kwargs)


class MentorshipImportMixin(SpreadsheetImportMixin):
    import_permission = Permission.MENTEE_MANAGE
    import_template = "admin/mentoring/mentorship/import.html"
    import_module = mentorships
    import_noun = "mentorships"

    def run_import(self, **kwargs):
        return mentorships.mentorships_import(**kwargs)
