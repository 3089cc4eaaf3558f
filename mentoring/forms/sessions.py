"""What a mentor types when logging a session, and the early fit check, checked against mentoring.rules.

The form never saves: the view hands cleaned_data to services.sessions.session_log, which checks the
rules again so a second tab or an import cannot get round them.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from mentoring import rules
from mentoring.codes import FocusAreaCode, Mode, Reason
from mentoring.models import MentoringSession, Mentorship

S = MentoringSession
NOTES_HINT = "Only you can see these notes. They are not shared with your mentee, the scheme team or in any report."


def _date_input():
    # A native date picker is the easiest way to enter a date on a phone; browsers without one send YYYY-MM-DD.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionLogForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the session",
        help_text="For example, 27 3 2026",
        widget=_date_input(),
        error_messages={"required": "Enter the date of the session", "invalid": "Enter a real date"},
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        help_text="For example, 60",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={"invalid": "Enter how long the session lasted in minutes, like 60"},
    )
    mode = forms.ChoiceField(
        label="How you met",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you met"},
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=S.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of session"},
    )
    attendance = forms.ChoiceField(
        label="Did the session take place?",
        choices=S.Attendance.choices,
        initial=S.Attendance.HELD,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the session took place"},
    )
    topics = forms.MultipleChoiceField(
        label="Topics you talked about (optional)",
        help_text="Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions_agreed = forms.CharField(
        label="Actions agreed before the next meeting (optional)",
        help_text="Your mentee sees these",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_meeting_on = forms.DateField(
        label="Date of the next meeting (optional)",
        required=False,
        widget=_date_input(),
        error_messages={"invalid": "Enter a real date for the next meeting"},
    )
    agreed_focus_areas = forms.MultipleChoiceField(
        label="Focus areas you agreed",
        help_text="For an introductory session only. Select all that apply",
        choices=FocusAreaCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_agreement = forms.CharField(
        label="How you will work together",
        help_text="For an introductory session only: how often and where you will meet, how you will keep in touch",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reasons_addressed = forms.MultipleChoiceField(
        label="Which of your mentee's reasons for mentoring were addressed?",
        help_text="For a final review only. Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential_notes = forms.CharField(
        label="Your confidential notes (optional)",
        help_text=NOTES_HINT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )

    def __init__(self, *args, mentorship, **kwargs):
        self.mentorship = mentorship
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(topic, topic) for topic in mentorship.scheme.session_topics]
        own_reasons = set(mentorship.mentee.reasons)
        self.fields["reasons_addressed"].choices = [
            (code, label) for code, label in Reason.choices if code in own_reasons
        ]
        about_the_session = ["held_on", "duration_minutes", "mode", "kind", "attendance"]
        if not mentorship.scheme.session_topics:
            del self.fields["topics"]
        if not own_reasons:
            del self.fields["reasons_addressed"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *about_the_session,
            *[name for name in ["topics", "actions_agreed", "next_meeting_on"] if name in self.fields],
            Fieldset("Introductory session: your agreement", "agreed_focus_areas", "working_agreement"),
            *([Fieldset("Final review", "reasons_addressed")] if "reasons_addressed" in self.fields else []),
            "confidential_notes",
        )
        self.helper.add_input(Submit("log", "Log this session"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if problem := rules.session_date_problem(self.mentorship, held_on):
            raise forms.ValidationError(problem)
        return held_on

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if problem := rules.session_minutes_problem(minutes):
            raise forms.ValidationError(problem)
        return minutes

    def clean(self):
        cleaned = super().clean()
        held_on, next_meeting_on = cleaned.get("held_on"), cleaned.get("next_meeting_on")
        if held_on and next_meeting_on and next_meeting_on <= held_on:
            self.add_error("next_meeting_on", "The next meeting must be after the date of this session")
        # The agreement belongs to the introductory session and the reasons to the final review: what was
        # ticked for another kind of session is not kept.
        if cleaned.get("kind") != S.Kind.INTRODUCTORY:
            cleaned["agreed_focus_areas"], cleaned["working_agreement"] = [], ""
        if cleaned.get("kind") != S.Kind.FINAL:
            cleaned["reasons_addressed"] = []
        cleaned["actions_agreed"] = cleaned.get("actions_agreed", "").strip()
        cleaned["working_agreement"] = cleaned.get("working_agreement", "").strip()
        return cleaned

    def session_fields(self):
        """Keyword arguments for services.sessions.session_log."""
        return {
            "held_on": self.cleaned_data["held_on"],
            "duration_minutes": self.cleaned_data["duration_minutes"],
            "mode": self.cleaned_data["mode"],
            "kind": self.cleaned_data["kind"],
            "attendance": self.cleaned_data["attendance"],
            "topics": self.cleaned_data.get("topics", []),
            "actions_agreed": self.cleaned_data["actions_agreed"],
            "next_meeting_on": self.cleaned_data.get("next_meeting_on"),
            "agreed_focus_areas": self.cleaned_data["agreed_focus_areas"],
            "working_agreement": self.cleaned_data["working_agreement"],
            "reasons_addressed": self.cleaned_data.get("reasons_addressed", []),
            "confidential_notes": self.cleaned_data["confidential_notes"],
        }


class FitCheckForm(forms.Form):
    answer = forms.ChoiceField(
        label="Is this mentoring a good fit?",
        choices=Mentorship.Fit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the mentoring is a good fit"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_show_labels = True
