"""The mentor application, one short page per step, each checking what was typed against mentoring.rules.

A step form never saves: the view passes answers() to services.mentors.mentor_application_save.
"Save and come back later" builds the form with partial=True: nothing is required then, but whatever
was given must still be right (a GMC number that is not 7 digits is never stored).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.files.uploadedfile import UploadedFile

from mentoring import rules
from mentoring.codes import AgeBand, Ethnicity, Experience, Gender, MentorRole, Mode
from mentoring.models import FocusArea, Mentor
from mentoring.photos import photo_reencoded
from mentoring.services.mentors import practice_for_code

GMC_NUMBER_TAKEN = "A mentor with this GMC reference number has already applied to this scheme"
SAVE_LATER = "save_later"


class ApplicationStepForm(forms.ModelForm):
    # Pages asking one question hide the field's label: the page heading asks it.
    one_question = False

    def __init__(self, *args, mentor, partial=False, **kwargs):
        self.mentor = mentor
        self.partial = partial
        super().__init__(*args, instance=mentor, **kwargs)
        if partial:
            for field in self.fields.values():
                field.required = False
        self.helper = FormHelper()
        self.helper.form_show_labels = not self.one_question
        self.helper.add_input(Submit("continue", "Continue"))
        self.helper.add_input(Submit(SAVE_LATER, "Save and come back later", css_class="nhsuk-button--secondary"))

    def answers(self):
        """The fields to save, as keyword arguments for mentor_application_save."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def skip_check(self, value):
        """Blank answers are allowed when saving to come back later."""
        return self.partial and value in (None, "", [], False)


def radio_choices(field, choices):
    """Radios without Django's "---------" blank choice; an optional question is simply left unanswered."""
    field.widget = forms.RadioSelect()
    field.choices = list(choices)


class AboutYouForm(ApplicationStepForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter your last name"})

    class Meta:
        model = Mentor
        fields = ["phone"]
        labels = {"phone": "Phone number"}
        help_texts = {"phone": "We will only call you about your application"}
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    field_order = ["first_name", "last_name", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = self.mentor.user.first_name
        self.fields["last_name"].initial = self.mentor.user.last_name
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].required = not self.partial
        self.fields["phone"].error_messages["required"] = "Enter a phone number we can reach you on"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and (problem := rules.phone_problem(phone)):
            raise forms.ValidationError(problem)
        return rules.uk_phone_number(phone) if phone else ""


class GmcNumberForm(ApplicationStepForm):
    one_question = True

    class Meta:
        model = Mentor
        fields = ["gmc_number"]
        help_texts = {"gmc_number": "This is 7 digits, like 1234567. It is on your GMC registration."}
        widgets = {"gmc_number": forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required or not, an empty number gets the rule's own message.
        self.fields["gmc_number"].required = False
        self.fields["gmc_number"].max_length = None
        self.fields["gmc_number"].validators = []

    def clean_gmc_number(self):
        number = "".join(self.cleaned_data["gmc_number"].split())
        if self.skip_check(number):
            return ""
        if problem := rules.gmc_number_problem(number):
            raise forms.ValidationError(problem)
        taken = Mentor.objects.filter(scheme=self.mentor.scheme, gmc_number=number).exclude(pk=self.mentor.pk)
        if taken.exists():
            raise forms.ValidationError(GMC_NUMBER_TAKEN)
        return number


class PracticeForm(ApplicationStepForm):
    one_question = True
    practice_code = forms.CharField(
        label="Your practice's ODS code",
        required=False,
        help_text="A capital letter and 5 digits, like A81001",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )

    class Meta:
        model = Mentor
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = self.mentor.practice
        self.fields["practice_code"].initial = self.practice.code if self.practice else ""

    def clean_practice_code(self):
        code = self.cleaned_data["practice_code"].strip().upper()
        self.practice = None
        if self.skip_check(code):
            return code
        if problem := rules.practice_code_problem(code):
            raise forms.ValidationError(problem)
        self.practice = practice_for_code(code)
        if self.practice is None:
            raise forms.ValidationError(
                f"We cannot find a GP practice with the ODS code {code}. "
                "Check the code, which is on your practice's letters and website"
            )
        return code

    def answers(self):
        return {"practice": self.practice}


class RoleForm(ApplicationStepForm):
    one_question = True

    class Meta:
        model = Mentor
        fields = ["role"]
        labels = {"role": "Your role"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        radio_choices(self.fields["role"], MentorRole.choices)
        self.fields["role"].required = not self.partial
        self.fields["role"].error_messages["required"] = "Select your role"


class ClinicalSessionsForm(ApplicationStepForm):
    clinical_sessions_per_week = forms.CharField(
        label="Clinical sessions you work a week",
        required=False,
        help_text="A session is half a day, like a morning surgery",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )

    class Meta:
        model = Mentor
        fields = ["clinical_sessions_per_week", "intends_extra_session"]
        labels = {
            "intends_extra_session": "I intend to give one more session a week to mentoring, "
            "as well as my clinical sessions"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = self.fields["intends_extra_session"]
        extra.required = not self.partial
        extra.error_messages["required"] = "Confirm you intend to do one more session a week"

    def clean_clinical_sessions_per_week(self):
        typed = self.cleaned_data["clinical_sessions_per_week"].strip()
        if self.skip_check(typed):
            return None
        sessions = int(typed) if typed.isdecimal() and len(typed) <= 2 else None
        if problem := rules.clinical_sessions_problem(self.mentor.scheme, sessions):
            raise forms.ValidationError(problem)
        return sessions


class DeclarationsForm(ApplicationStepForm):
    class Meta:
        model = Mentor
        fields = ["declares_gmc_licence", "declares_performers_list", "declares_no_suspension"]
        labels = {
            "declares_gmc_licence": "I have full registration with the GMC and a licence to practise",
            "declares_performers_list": "I am on the National Medical Performers List",
            "declares_no_suspension": "I am not under interim suspension under section 41A of the Medical Act 1983",
        }

    MESSAGES = {
        "declares_gmc_licence": "Confirm you have full GMC registration with a licence to practise",
        "declares_performers_list": "Confirm you are on the National Medical Performers List",
        "declares_no_suspension": "Confirm you are not under interim suspension under section 41A of the Medical Act",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.MESSAGES.items():
            self.fields[name].required = not self.partial
            self.fields[name].error_messages["required"] = message


class ExperienceForm(ApplicationStepForm):
    experience = forms.MultipleChoiceField(
        label="Your experience",
        help_text="Select all that apply",
        choices=Experience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label="What could you help mentees with?",
        help_text="Select all that apply",
        queryset=FocusArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Mentor
        fields = ["experience", "focus_areas"]


class MotivationForm(ApplicationStepForm):
    one_question = True

    class Meta:
        model = Mentor
        fields = ["motivation"]
        labels = {"motivation": "Why do you want to mentor?"}
        help_texts = {"motivation": "Tell us what you would bring to mentees and what you hope to get from it"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motivation"].required = not self.partial
        self.fields["motivation"].error_messages["required"] = "Tell us why you want to mentor"


class QualificationForm(ApplicationStepForm):
    has_mentoring_qualification = forms.TypedChoiceField(
        label="Do you have a mentoring qualification?",
        help_text="For example, the ILM Level 5 Certificate in Coaching and Mentoring, or equivalent",
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda answer: answer == "True",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you have a mentoring qualification"},
    )

    class Meta:
        model = Mentor
        fields = ["has_mentoring_qualification", "qualification", "training_needed"]
        labels = {
            "qualification": "If yes, which qualification?",
            "training_needed": "If no, what training would you need?",
        }

    def clean(self):
        cleaned = super().clean()
        has_qualification = cleaned.get("has_mentoring_qualification")
        if has_qualification is True:
            cleaned["training_needed"] = ""
            if not cleaned.get("qualification", "").strip() and not self.partial:
                self.add_error("qualification", "Enter the name of your mentoring qualification")
        elif has_qualification is False:
            cleaned["qualification"] = ""
            if not cleaned.get("training_needed", "").strip() and not self.partial:
                self.add_error("training_needed", "Tell us what training you would need to mentor")
        return cleaned


class EqualityForm(ApplicationStepForm):
    """Every question is optional and offers "prefer not to say"."""

    class Meta:
        model = Mentor
        fields = ["gender", "age_band", "ethnicity"]
        labels = {"gender": "Your gender", "age_band": "Your age", "ethnicity": "Your ethnic group"}
        help_texts = {
            "gender": "Optional",
            "age_band": "Optional",
            "ethnicity": "Optional. These are the NHS's ethnic categories.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        radio_choices(self.fields["gender"], Gender.choices)
        radio_choices(self.fields["age_band"], AgeBand.choices)
        radio_choices(self.fields["ethnicity"], Ethnicity.choices)


class BiographyForm(ApplicationStepForm):
    modes = forms.MultipleChoiceField(
        label="How can you meet mentees?",
        help_text="Select all that apply",
        choices=Mode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    photo = forms.FileField(
        label="A photo of you (optional)",
        help_text="A JPG or PNG file smaller than 2 MB",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    remove_photo = forms.BooleanField(label="Remove my photo", required=False)

    class Meta:
        model = Mentor
        fields = ["bio_about", "bio_why", "bio_availability", "bio_contact", "languages", "photo", "bio_published"]
        labels = {
            "bio_about": "About me",
            "bio_why": "Why I became a mentor",
            "bio_availability": "Days and times that suit me",
            "bio_contact": "How I prefer mentees to contact me",
            "languages": "Languages I can mentor in",
            "bio_published": "Publish my biography in the scheme's mentor directory",
        }
        help_texts = {
            "bio_about": "Mentees read this in the scheme's mentor directory",
            "bio_published": "Mentees on the scheme see it once you are approved. "
            "You can withdraw this consent at any time, which takes it out of the directory.",
        }

    field_order = [
        "bio_about",
        "bio_why",
        "bio_availability",
        "bio_contact",
        "modes",
        "languages",
        "photo",
        "remove_photo",
        "bio_published",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modes"].initial = self.mentor.modes
        self.fields["bio_about"].required = not self.partial
        self.fields["bio_about"].error_messages["required"] = (
            "Write a few lines about yourself for the mentor directory"
        )
        if self.mentor.photo:
            self.fields["photo"].label = "Replace your photo (optional)"
        else:
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if isinstance(upload, UploadedFile):
            problem = rules.upload_problem(upload, kinds=["jpg", "png"], max_bytes=rules.PHOTO_MAX_BYTES, what="photo")
            if problem:
                raise forms.ValidationError(problem)
            return photo_reencoded(upload)
        return upload

    def answers(self):
        answers = super().answers()
        modes = self.cleaned_data["modes"]
        answers.update({f"offers_{mode}": mode in modes for mode in Mode.values})
        if not isinstance(answers["photo"], UploadedFile):
            del answers["photo"]  # no new photo: keep the one there is
        if self.cleaned_data.get("remove_photo") and "photo" not in answers:
            answers["photo"] = ""
        return answers


# The steps in the order an applicant meets them: slug -> (form, the question the page asks).
STEPS = {
    "about-you": (AboutYouForm, "About you"),
    "gmc-number": (GmcNumberForm, "What is your GMC reference number?"),
    "practice": (PracticeForm, "What is your practice's ODS code?"),
    "role": (RoleForm, "What is your role?"),
    "clinical-sessions": (ClinicalSessionsForm, "How many clinical sessions do you work a week?"),
    "declarations": (DeclarationsForm, "Confirm you are eligible to mentor"),
    "experience": (ExperienceForm, "Your experience"),
    "motivation": (MotivationForm, "Why do you want to mentor?"),
    "qualification": (QualificationForm, "Mentoring qualifications"),
    "equality": (EqualityForm, "Equality questions"),
    "biography": (BiographyForm, "Your biography for the mentor directory"),
}

# Which step answers each field application_problems() may name.
FIELD_STEPS = {
    "first_name": "about-you",
    "phone": "about-you",
    "practice": "practice",
    "gmc_number": "gmc-number",
    "role": "role",
    "clinical_sessions_per_week": "clinical-sessions",
    "intends_extra_session": "clinical-sessions",
    "declares_gmc_licence": "declarations",
    "declares_performers_list": "declarations",
    "declares_no_suspension": "declarations",
    "motivation": "motivation",
    "has_mentoring_qualification": "qualification",
    "bio_about": "biography",
}


class BiographyTextForm(forms.Form):
    """An approved mentor rewrites their directory biography; staff review it before it is published."""

    bio_about = forms.CharField(
        label="About me",
        help_text="Mentees read this in the scheme's mentor directory",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter something about you for mentees to read"},
    )
    bio_why = forms.CharField(label="Why I became a mentor", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bio_availability = forms.CharField(
        label="Days and times that suit me", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bio_contact = forms.CharField(
        label="How I prefer mentees to contact me", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save and send for review"))
