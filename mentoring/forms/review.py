"""What staff type when they decide on an application or change a mentor's standing."""

import datetime

from django import forms

from mentoring import rules
from mentoring.models import EligibilityCheck, TrainingRecord


class VerifyForm(forms.Form):
    item = forms.ChoiceField(choices=EligibilityCheck.Item.choices)


class ApproveForm(forms.Form):
    already_qualified = forms.BooleanField(
        required=False, label="Already qualified as a mentor (ILM5 or equivalent): make active straight away"
    )


class RejectForm(forms.Form):
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Feedback for the applicant",
        help_text="They will read this in the email we send them.",
        error_messages={"required": "Write feedback for the applicant: they will read it"},
    )
    reapply_from = forms.DateField(
        required=False, label="They may apply again from", help_text="Leave blank to let them reapply at any time."
    )

    def clean_reapply_from(self):
        reapply_from = self.cleaned_data["reapply_from"]
        if reapply_from and reapply_from < datetime.date.today():
            raise forms.ValidationError("The date they may apply again from must be today or later")
        return reapply_from


class LeaveForm(forms.Form):
    left_on = forms.DateField(label="Date they left")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why they left")
    exempt = forms.BooleanField(required=False, label="Exempt from repaying the training cost")


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "course_name", "provider", "started_on", "expected_completion_on", "completed_on"]
        fields += ["certificate"]
        # A plain file input: the stored file is private and reached only through a checked view.
        widgets = {"certificate": forms.FileInput}

    def clean_certificate(self):
        certificate = self.cleaned_data.get("certificate")
        if certificate and hasattr(certificate, "content_type"):  # a new upload, not the stored file
            problem = rules.upload_problem(
                certificate, kinds=["pdf", "jpg", "png"], max_bytes=rules.CERTIFICATE_MAX_BYTES, what="certificate"
            )
            if problem:
                raise forms.ValidationError(problem)
        return certificate

    def clean(self):
        cleaned = super().clean()
        started, expected = cleaned.get("started_on"), cleaned.get("expected_completion_on")
        if started and expected and (problem := rules.training_dates_problem(started, expected)):
            self.add_error("expected_completion_on", problem)
        if cleaned.get("course") == TrainingRecord.Course.EQUIVALENT and not cleaned.get("course_name"):
            self.add_error("course_name", "Enter the name of the equivalent course")
        return cleaned
