"""A questionnaire version as a form: one field per item, NHS.UK radios in a fieldset for each scale.

Nothing is required here: the service decides what a submitted questionnaire needs, so "Save and come
back later" keeps whatever was given. The form only turns what was typed into values of the right type.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from surveys.models import Item

SAVE_LATER = "save_later"
SUBMIT = "submit"


def field_name(item):
    return f"item_{item.number}"


def _field_for(item, *, numbered):
    common = {
        "label": f"{item.number}. {item.text}" if numbered else item.text,
        "help_text": item.hint,
        "required": False,
    }
    match item.kind:
        case Item.Kind.SCALE:
            return forms.TypedChoiceField(
                choices=item.options(), coerce=int, empty_value=None, widget=forms.RadioSelect, **common
            )
        case Item.Kind.YES_NO:
            return forms.TypedChoiceField(
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda answer: answer == "yes",
                empty_value=None,
                widget=forms.RadioSelect,
                **common,
            )
        case Item.Kind.CHOICE:
            return forms.ChoiceField(choices=item.options(), widget=forms.RadioSelect, **common)
        case Item.Kind.MULTI_CHOICE:
            return forms.MultipleChoiceField(choices=item.options(), widget=forms.CheckboxSelectMultiple, **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, **common)


def _initial(item, value):
    if item.kind == Item.Kind.YES_NO and value is not None:
        return "yes" if value else "no"
    return value


class QuestionnaireForm(forms.Form):
    def __init__(self, *args, items, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        saved = saved or {}
        for item in self.items:
            self.fields[field_name(item)] = field = _field_for(item, numbered=len(self.items) > 1)
            field.initial = _initial(item, saved.get(item.number))
        self.helper = FormHelper()
        self.helper.add_input(Submit(SUBMIT, "Submit"))
        self.helper.add_input(Submit(SAVE_LATER, "Save and come back later", css_class="nhsuk-button--secondary"))

    def answers(self):
        """{item number: value} for the service; a blank field clears that answer."""
        return {item.number: self.cleaned_data.get(field_name(item)) for item in self.items}

    def add_problems(self, broken):
        """Put a service's refusal next to the questions it names."""
        by_number = {item.number: item for item in self.items}
        if hasattr(broken, "error_dict"):
            for number, errors in broken.error_dict.items():
                item = by_number.get(number)
                for error in errors:
                    self.add_error(field_name(item) if item else None, error.message)
        else:
            for message in broken.messages:
                self.add_error(None, message)


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="Why are you voiding this questionnaire?",
        help_text="The mentee may then answer it again. The reason is kept with the response.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason for voiding this questionnaire"},
    )
