"""What a mentor types when logging a session, and the early fit check, checked against mentoring.rules.

The form never saves: the view hands cleaned_data to services.sessions.session_log, which checks the
rules again so a second tab or an import cannot get round them.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms

from mentoring import rules
from mentoring.codes import FocusAreaCode, Mode, Reason
from mentoring.forms.date_input import DateInputField
from mentoring.models import MentoringSession, Mentorship

S = MentoringSession
NOTES_HINT = "Only you can see these notes. They are not shared with your mentee, the scheme team or in any report."
KIND_QUESTION = "What kind of session are you logging?"
KIND_HINTS = {
    S.Kind.INTRODUCTORY: "The first meeting, where you agree how you will work together and what you will focus on",
    S.Kind.REGULAR: "Any session between the introduction and the final review",
    S.Kind.FINAL: "The last session, reviewing what your mentee has learnt. Logging it ends the mentoring",
}


class SessionKindForm(forms.Form):
    """The first page of logging a session: its kind decides what the next page asks. Nothing is
    chosen for the mentor."""

    kind = forms.ChoiceField(
        label=KIND_QUESTION,
        choices=S.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of session"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_show_labels = False  # the page heading asks the question
        self.helper.add_input(Submit("continue", "Continue"))


class SessionLogForm(forms.Form):
    """One session of a known kind: the agreement is asked only of an introductory session, the reasons
    addressed only of a final review. Used to log a session and to correct one."""

    held_on = DateInputField(
        label="Date of the session",
        help_text="For example, 27 3 2026",
        what="the date of the session",
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        help_text=f"For example, 60. Between {rules.SESSION_MINUTES_MIN} and {rules.SESSION_MINUTES_MAX} minutes",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={"invalid": "Enter how long the session lasted in minutes, as a number like 60"},
    )
    mode = forms.ChoiceField(
        label="How you met",
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you met"},
    )
    attendance = forms.ChoiceField(
        label="Did the session take place?",
        choices=S.Attendance.choices,
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
    next_meeting_on = DateInputField(
        label="Date of the next meeting (optional)",
        help_text="For example, 24 4 2026",
        required=False,
        what="the date of the next meeting",
    )
    agreed_focus_areas = forms.MultipleChoiceField(
        label="Focus areas you agreed",
        help_text="Select all that apply",
        choices=FocusAreaCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_agreement = forms.CharField(
        label="How you will work together",
        help_text="How often and where you will meet, how you will keep in touch",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reasons_addressed = forms.MultipleChoiceField(
        label="Which of your mentee's reasons for mentoring were addressed?",
        help_text="Select all that apply",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential_notes = forms.CharField(
        label="Your confidential notes (optional)",
        help_text=NOTES_HINT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
    )

    def __init__(self, *args, mentorship, kind, submit_label="Continue", **kwargs):
        self.mentorship = mentorship
        self.kind = kind
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(topic, topic) for topic in mentorship.scheme.session_topics]
        own_reasons = set(mentorship.mentee.reasons)
        self.fields["reasons_addressed"].choices = [
            (code, label) for code, label in Reason.choices if code in own_reasons
        ]
        if not mentorship.scheme.session_topics:
            del self.fields["topics"]
        if kind != S.Kind.INTRODUCTORY:
            del self.fields["agreed_focus_areas"], self.fields["working_agreement"]
        if kind != S.Kind.FINAL or not own_reasons:
            del self.fields["reasons_addressed"]
        if kind == S.Kind.FINAL:
            del self.fields["next_meeting_on"]  # nothing follows a final review
        self.helper = FormHelper()
        about_the_session = ["held_on", "duration_minutes", "mode", "attendance"]
        self.helper.layout = Layout(
            *about_the_session,
            *[name for name in ["topics", "actions_agreed", "next_meeting_on"] if name in self.fields],
            *(
                [Fieldset("Your agreement", "agreed_focus_areas", "working_agreement")]
                if kind == S.Kind.INTRODUCTORY
                else []
            ),
            *([Fieldset("The review", "reasons_addressed")] if "reasons_addressed" in self.fields else []),
            "confidential_notes",
        )
        self.helper.add_input(Submit("log", submit_label))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on and (problem := rules.session_date_problem(self.mentorship, held_on)):
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
        for name in ["actions_agreed", "working_agreement"]:
            cleaned[name] = cleaned.get(name, "").strip()
        return cleaned

    @property
    def ends_the_mentoring(self):
        """A held final review completes the mentoring: the mentor confirms it first."""
        return self.kind == S.Kind.FINAL and self.cleaned_data.get("attendance") == S.Attendance.HELD

    def session_fields(self):
        """Keyword arguments for services.sessions.session_log and session_correct (without the kind)."""
        return {
            "held_on": self.cleaned_data["held_on"],
            "duration_minutes": self.cleaned_data["duration_minutes"],
            "mode": self.cleaned_data["mode"],
            "attendance": self.cleaned_data["attendance"],
            "topics": self.cleaned_data.get("topics", []),
            "actions_agreed": self.cleaned_data["actions_agreed"],
            "next_meeting_on": self.cleaned_data.get("next_meeting_on"),
            "agreed_focus_areas": self.cleaned_data.get("agreed_focus_areas", []),
            "working_agreement": self.cleaned_data.get("working_agreement", ""),
            "reasons_addressed": self.cleaned_data.get("reasons_addressed", []),
            "confidential_notes": self.cleaned_data["confidential_notes"],
        }


def initial_from(session):
    """A logged session as the form's initial values, for correcting it."""
    return {name: getattr(session, name) for name in SessionLogForm.base_fields}


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
