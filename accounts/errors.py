"""What an error report may show."""

from django.views.debug import SafeExceptionReporterFilter


def _inside_sensitive_code(tb_frame):
    frame = tb_frame
    while frame is not None:
        if frame.f_code.co_name == "sensitive_variables_wrapper" and "sensitive_variables_wrapper" in frame.f_locals:
            return True
        frame = frame.f_back
    return False


class ExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django hides variables and POST fields marked sensitive only with DEBUG off; here they are hidden
    always, so the debug page of a demo or a developer's machine cannot show a confidential note either.

    Django hides the named variables in every frame below a `sensitive_variables` function, but a value
    passed on as `**kwargs` (to `QuerySet.create`, a model's `__init__`) is no longer under its name
    there. So below any function marked sensitive, every variable of every frame is hidden."""

    def is_active(self, request):
        return True

    def get_traceback_frame_variables(self, request, tb_frame):
        if _inside_sensitive_code(tb_frame):
            return dict.fromkeys(tb_frame.f_locals, self.cleansed_substitute).items()
        return super().get_traceback_frame_variables(request, tb_frame)
