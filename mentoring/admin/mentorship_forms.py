"""The forms behind the mentorship admin's own pages: what staff type, checked with messages a person
understands. The rules themselves are the services' (mentoring.services), whose problems land back on
these forms' fields."""

from django import forms
from django.utils import timezone

from mentoring.codes import Mode
from mentoring.models import MentoringSession


class SessionLogForm(forms.Form):
    """What staff may log for the pair: when, how long and how. Notes are the mentor's alone, so there
    is no field for them."""

    held_on = forms.DateField(
        label="Date of the session",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date of the session", "invalid": "Enter a real date, like 2026-03-17"},
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        error_messages={
            "required": "Enter how long the session lasted in minutes, like 60",
            "invalid": "Enter how long the session lasted in minutes, like 60",
        },
    )
    mode = forms.ChoiceField(label="How the pair met", choices=Mode.choices)
    kind = forms.ChoiceField(
        label="Which session", choices=MentoringSession.Kind.choices, initial=MentoringSession.Kind.REGULAR
    )


class ExtendForm(forms.Form):
    extra_hours = forms.IntegerField(
        label="How many more hours",
        min_value=1,
        max_value=40,
        error_messages={"required": "Enter how many more hours, like 2"},
    )
    reason = forms.CharField(
        label="Why does this mentorship need more hours?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Give the reason for the extra hours"},
    )


class CompleteForm(forms.Form):
    ended_on = forms.DateField(
        label="Date the mentoring ended",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date the mentoring ended", "invalid": "Enter a real date"},
    )

    def __init__(self, *args, mentorship, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError("The end date must be today or in the past")
        started_on = self.mentorship.started_on
        if started_on and ended_on < started_on:
            raise forms.ValidationError(f"The end date must be on or after the first meeting, {started_on:%-d %B %Y}")
        return ended_on


def put_problems_on_form(form, problem):
    """A service's MentorRuleBroken, shown against the fields it names (or above the form)."""
    if hasattr(problem, "error_dict"):
        for name, errors in problem.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, problem.messages)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this match being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": "Give a reason for withdrawing"},
    )


class SchemeChoiceForm(forms.Form):
    """Which of the user's schemes a page is about (`?scheme=`): anything else is not one of them."""

    scheme = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes


class MentorChoiceForm(forms.Form):
    """The mentor staff picked from the suggestions for a mentee."""

    mentor = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "Choose a mentor", "invalid_choice": "Choose a mentor from the list"}
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
