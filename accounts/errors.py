"""What an error report may show."""

from django.views.debug import SafeExceptionReporterFilter


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django hides variables and POST fields marked sensitive only with DEBUG off; here they are hidden
    always, so the debug page of a demo or a developer's machine cannot show a confidential note either."""

    def is_active(self, request):
        return True
