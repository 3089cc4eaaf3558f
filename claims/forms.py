"""What a person types about a claim: the month to open, the declaration, decisions with reasons, a
funding application and a spend profile. Amounts are never typed by a claimant: they come from the
scheme's rate when the claim is submitted."""

import datetime
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone

from claims.services import DECLARATION, FUNDING_DECLARATION, monthly_amount_problem
from mentoring.models import CareerNeed
from mentoring.rules import practice_code_problem


def add_refusal(form, broken):
    """Put a service's refusal beside the field it names, or at the top when it names none."""
    if hasattr(broken, "error_dict"):
        for field, errors in broken.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, broken.messages)


def recent_months(count=12, *, today=None):
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _ in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


class OpenMonthForm(forms.Form):
    mentor = forms.ModelChoiceField(
        queryset=None, label="Scheme", empty_label=None, error_messages={"required": "Choose the scheme"}
    )
    month = forms.TypedChoiceField(
        label="Month to claim for",
        coerce=datetime.date.fromisoformat,
        error_messages={"required": "Choose the month", "invalid_choice": "Choose one of the months listed"},
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = lambda mentor: mentor.scheme.name
        if len(mentors) == 1:
            self.fields["mentor"].widget = forms.HiddenInput()
            self.initial.setdefault("mentor", mentors[0].pk)
        self.fields["month"].choices = [(month.isoformat(), f"{month:%B %Y}") for month in recent_months()]
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.add_input(Submit("open", "Claim for this month"))


class SubmitClaimForm(forms.Form):
    """Only the declaration: status, amounts and approvals are never read from what is posted."""

    declaration = forms.BooleanField(
        label=DECLARATION,
        error_messages={"required": "Confirm the declaration to submit your claim"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Submit the claim"))


class FundingApplicationForm(forms.Form):
    career_need = forms.ChoiceField(
        label="Which career need is the funding for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the career need the funding is for"},
    )
    description = forms.CharField(
        label="What the funding is for",
        help_text="The course, training or resource, its duration and who provides it.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the course or resource the funding is for"},
    )
    practice_code = forms.CharField(
        label="Your practice's ODS code",
        help_text="The funding is paid to your practice. For example, A81001.",
        max_length=6,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "autocomplete": "off"}),
        error_messages={"required": "Enter your practice's ODS code"},
    )
    backfill_sessions = forms.IntegerField(
        label="Backfill sessions",
        help_text="Sessions of your time away from practice, each paid at the scheme's session rate. 0 if none.",
        min_value=0,
        max_value=20,
        initial=0,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"required": "Enter the backfill sessions, or 0", "invalid": "Enter a whole number, like 2"},
    )
    course_cost = forms.CharField(
        label="Course or resource cost, in pounds",
        help_text="As on the invoice or booking. 0 if none.",
        initial="0",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"required": "Enter the cost, or 0"},
    )
    invoice = forms.FileField(
        label="Invoice or booking confirmation",
        help_text="A PDF, JPG or PNG, smaller than 5 MB, showing the duration and cost of the course.",
        error_messages={"required": "Attach the invoice or booking confirmation"},
    )
    declaration = forms.BooleanField(
        label=FUNDING_DECLARATION, error_messages={"required": "Confirm the declaration to apply"}
    )

    def __init__(self, *args, needs, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CareerNeed.choices)
        self.fields["career_need"].choices = [(code, labels.get(code, code)) for code in needs]
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("apply", "Apply for funding"))

    def clean_practice_code(self):
        code = self.cleaned_data["practice_code"].strip().upper()
        if problem := practice_code_problem(code):
            raise forms.ValidationError(problem)
        return code

    def clean_course_cost(self):
        text = self.cleaned_data["course_cost"].strip().replace("£", "").replace(",", "")
        try:
            cost = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Enter the cost in pounds and pence, like 450.00") from None
        if cost < 0 or cost != cost.quantize(Decimal("0.01")) or cost > Decimal("100000"):
            raise forms.ValidationError("Enter the cost in pounds and pence, like 450.00")
        return cost.quantize(Decimal("0.01"))


class SpendProfileUploadForm(forms.Form):
    """Twelve amounts, April to March: one a line, or a CSV row, as a finance team keeps them."""

    amounts = forms.CharField(
        label="Monthly amounts, April to March",
        help_text="Twelve amounts in pounds, separated by commas or one a line.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    file = forms.FileField(label="Or upload a CSV file with the twelve amounts", required=False)

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("amounts") or ""
        if upload := cleaned.get("file"):
            if upload.size > 100_000:
                raise forms.ValidationError("The file must be smaller than 100 KB")
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The file must be a CSV file saved as text") from None
        parts = [part.strip().replace("£", "") for part in text.replace("\n", ",").split(",") if part.strip()]
        try:
            amounts = [Decimal(part) for part in parts]
        except InvalidOperation:
            raise forms.ValidationError("Each amount must be in pounds and pence, like 24000.00") from None
        if len(amounts) != 12:
            raise forms.ValidationError(f"Enter twelve monthly amounts, April to March (there are {len(amounts)})")
        problems = [problem for amount in amounts if (problem := monthly_amount_problem(amount))]
        if problems:
            raise forms.ValidationError(problems[0])
        cleaned["parsed"] = amounts
        return cleaned
