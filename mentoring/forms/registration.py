"""Mentee registration, one short page per step, each checking what was typed against mentoring.rules.

A Mentee row exists only once someone is registered, so a step form never saves: answers() returns
what to keep in the session, in plain JSON, and the check-answers page turns the lot into one call
to services.mentees.mentee_register.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from mentoring import rules
from mentoring.codes import (
    AgeBand,
    CareerStage,
    ChangeConsidered,
    Ethnicity,
    Gender,
    MenteeRole,
    Mode,
    PreferredContact,
    Reason,
)
from mentoring.services.mentors import practice_for_code

YES_NO = [("True", "Yes"), ("False", "No")]


def yes_no_field(label, *, help_text="", required_message):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda answer: answer == "True",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def unknown_practice_message(code):
    return (
        f"We cannot find a GP practice with the ODS code {code}. "
        "Check the code, which is on your practice's letters and website"
    )


class RegistrationStepForm(forms.Form):
    # Pages asking one question hide the field's label: the page heading asks it.
    one_question = False
    # Shown on check answers when the step was never answered.
    missing = ""

    def __init__(self, *args, scheme, **kwargs):
        self.scheme = scheme
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_show_labels = not self.one_question
        self.helper.add_input(Submit("continue", "Continue"))

    def answers(self):
        """What to keep in the session for this step: JSON, codes rather than objects."""
        return dict(self.cleaned_data)


class NameForm(RegistrationStepForm):
    missing = "Enter your name"
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={"required": "Enter your last name"},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class ContactForm(RegistrationStepForm):
    missing = "Tell us how your mentor should contact you"
    preferred_contact = forms.ChoiceField(
        label="How would you like your mentor to contact you?",
        help_text="Your mentor sees your name, email address and this once they have agreed to mentor you.",
        choices=PreferredContact.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select email or phone"},
    )
    phone = forms.CharField(
        label="Phone number",
        help_text="If you chose phone. A UK number, like 07123 456789",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "nhsuk-input--width-20"}),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (problem := rules.phone_problem(phone)):
            raise forms.ValidationError(problem)
        return rules.uk_phone_number(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        wants_calls = cleaned.get("preferred_contact") == PreferredContact.PHONE
        if wants_calls and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter the phone number your mentor can call you on")
        return cleaned


class RoleForm(RegistrationStepForm):
    one_question = True
    missing = "Select your role"
    # A plain text field with radios: a role the scheme does not admit then reaches clean_role and
    # gets the rule's message naming the scheme's roles, not Django's "Select a valid choice".
    role = forms.CharField(label="Your role", required=False, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        admitted = set(self.scheme.admitted_mentee_roles)
        self.fields["role"].widget.choices = [(code, label) for code, label in MenteeRole.choices if code in admitted]

    def clean_role(self):
        role = self.cleaned_data["role"].strip()
        if not role:
            raise forms.ValidationError(self.missing)
        if problem := rules.mentee_role_problem(self.scheme, role):
            raise forms.ValidationError(problem)
        return role


class CareerStageForm(RegistrationStepForm):
    one_question = True
    missing = "Select the stage of your career"
    career_stage = forms.ChoiceField(
        label="Your career stage",
        choices=CareerStage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": missing},
    )


class FellowshipForm(RegistrationStepForm):
    one_question = True
    missing = "Select yes if you are on the GP fellowship"
    is_gp_fellow = yes_no_field(
        "Are you on the GP fellowship?",
        help_text="The 2-year programme for newly qualified GPs. GP fellows are offered mentoring first.",
        required_message=missing,
    )


class PracticeForm(RegistrationStepForm):
    one_question = True
    missing = "Tell us your practice's ODS code, or that you do not work at a practice"
    practice_code = forms.CharField(
        label="Your practice's ODS code",
        required=False,
        help_text="A capital letter and 5 digits, like A81001. If you work at more than one practice, "
        "give the one where you work most. Leave this blank if you do not work at a practice.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )

    def clean_practice_code(self):
        code = self.cleaned_data["practice_code"].strip().upper()
        self.practice = None
        if not code:
            return ""
        if problem := rules.practice_code_problem(code):
            raise forms.ValidationError(problem)
        self.practice = practice_for_code(code)
        if self.practice is None:
            raise forms.ValidationError(unknown_practice_message(code))
        return code


class ReasonsForm(RegistrationStepForm):
    missing = "Select at least one reason you are looking for mentoring"
    reasons = forms.MultipleChoiceField(
        label="Your reasons for seeking mentoring",
        help_text="Select all that apply",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": missing},
    )
    other_reason = forms.CharField(
        label="If you ticked Other, what is your reason?",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-30"}),
    )

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("other_reason", "").strip()
        if Reason.OTHER in cleaned.get("reasons", []):
            if not other:
                self.add_error("other_reason", "Tell us what your other reason for seeking mentoring is")
        else:
            other = ""  # an answer to a question that no longer applies is not kept
        cleaned["other_reason"] = other
        return cleaned


class ChangesForm(RegistrationStepForm):
    one_question = True
    missing = "Select the changes you are considering, or None of these"
    changes_considered = forms.MultipleChoiceField(
        label="Changes you are considering",
        help_text="Select all that apply",
        choices=ChangeConsidered.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": missing},
    )

    def clean_changes_considered(self):
        changes = self.cleaned_data["changes_considered"]
        if ChangeConsidered.NONE in changes and len(changes) > 1:
            raise forms.ValidationError("Select None of these on its own, or only the changes you are considering")
        return changes


class LeavingForm(RegistrationStepForm):
    missing = "Select yes if you are thinking of leaving the profession"
    intends_to_leave = yes_no_field("Are you thinking of leaving the profession?", required_message=missing)
    consents_to_contact_about_leaving = forms.BooleanField(
        label="The scheme team may contact me about my thoughts of leaving",
        help_text="Only if you answered yes. They may be able to help, for example with a change of role or hours.",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        # Consent to be contacted about leaving means nothing to someone who is not thinking of it.
        if cleaned.get("intends_to_leave") is False:
            cleaned["consents_to_contact_about_leaving"] = False
        return cleaned


class MeetingForm(RegistrationStepForm):
    missing = "Select how you would like to meet your mentor"
    modes = forms.MultipleChoiceField(
        label="How would you like to meet your mentor?",
        help_text="Select all that suit you",
        choices=Mode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": missing},
    )
    preferences = forms.CharField(
        label="Anything else about the mentor who would suit you (optional)",
        help_text="For example, not a mentor from my PCN, or a mentor who is a woman",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_preferences(self):
        return self.cleaned_data["preferences"].strip()


def optional_radios(label, help_text, choices):
    """Radios without a blank choice; an optional question is simply left unanswered."""
    return forms.ChoiceField(
        label=label, help_text=help_text, choices=list(choices), required=False, widget=forms.RadioSelect
    )


class EqualityForm(RegistrationStepForm):
    """Every question is optional and offers "prefer not to say"."""

    gender = optional_radios("Your gender", "Optional", Gender.choices)
    age_band = optional_radios("Your age", "Optional", AgeBand.choices)
    ethnicity = optional_radios(
        "Your ethnic group", "Optional. These are the NHS's ethnic categories.", Ethnicity.choices
    )


class SharingForm(RegistrationStepForm):
    shares_questionnaires_with_mentor = forms.BooleanField(
        label="Share my questionnaire answers with my mentor",
        help_text="Your mentor will see your stress questionnaire score and your work-life balance ratings. "
        "Leave this unticked to keep them between you and the scheme team.",
        required=False,
    )


# The steps in the order a mentee meets them: slug -> (form, the question the page asks).
STEPS = {
    "name": (NameForm, "What is your name?"),
    "contact": (ContactForm, "How should your mentor contact you?"),
    "role": (RoleForm, "What is your role?"),
    "career-stage": (CareerStageForm, "What stage of your career are you at?"),
    "fellowship": (FellowshipForm, "Are you on the GP fellowship?"),
    "practice": (PracticeForm, "What is your practice's ODS code?"),
    "reasons": (ReasonsForm, "Why are you looking for mentoring?"),
    "changes": (ChangesForm, "Are you considering any of these changes?"),
    "leaving": (LeavingForm, "Leaving the profession"),
    "meeting": (MeetingForm, "Meeting your mentor"),
    "equality": (EqualityForm, "Equality questions"),
    "sharing": (SharingForm, "Your questionnaire answers"),
}
