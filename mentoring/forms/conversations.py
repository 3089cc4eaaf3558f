"""What a facilitator types about a career conversation: the minutes and date of each part, then the outcome.

The forms check what a person can get wrong on the page; the rules that decide what the conversation
counts for (two parts, 4h10m in all) live in services.conversations, whose refusals come back here as
field errors.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from mentoring.forms.registration import yes_no_field
from mentoring.models import CareerNeed

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
# A single part longer than a working day is a typing slip (minutes taken for hours, or an extra 0).
LONGEST_PART_MINUTES = 600


def add_refusal(form, broken):
    """Put a service's refusal beside the field it names, or at the top when it names none."""
    if hasattr(broken, "error_dict"):
        for field, errors in broken.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, broken.messages)


class ConversationPartForm(forms.Form):
    held_on = forms.DateField(
        label="Date this part was held",
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the date this part was held",
            "invalid": "Enter the date as day/month/year, like 27/3/2026",
        },
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        min_value=1,
        max_value=LONGEST_PART_MINUTES,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how long this part lasted in minutes, like 120",
            "invalid": "Enter the minutes as a whole number, like 120",
            "min_value": "Enter how long this part lasted in minutes, like 120",
            "max_value": f"A part cannot last more than {LONGEST_PART_MINUTES} minutes (10 hours)",
        },
    )

    def __init__(self, *args, part, total_minutes=250, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].help_text = (
            "For example, 120 for 2 hours. The two parts together should total "
            f"{total_minutes} minutes ({total_minutes // 60} hours {total_minutes % 60} minutes)."
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", f"Save part {part}"))


class ConversationOutcomeForm(forms.Form):
    career_need_identified = yes_no_field(
        "Was a career need identified?",
        required_message="Select yes if a career need was identified",
    )
    career_needs = forms.MultipleChoiceField(
        label="Which career needs?",
        help_text="Select all that apply. Answer this if a career need was identified.",
        choices=CareerNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    support_in_resource_list = yes_no_field(
        "Was the support the GP needs already in the resource list?",
        help_text="Answer this if a career need was identified.",
        required_message="Select yes if the support was already in the resource list",
    )
    need_not_in_resource_list = forms.CharField(
        label="What need does the resource list not meet?",
        help_text="Answer this if the support was not in the resource list.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    will_apply_for_funding = yes_no_field(
        "Will the GP apply for funding?",
        help_text="For backfill or a course to meet the career need.",
        required_message="Select yes if the GP will apply for funding",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked only when there is a need to look up; clean() insists on it then.
        self.fields["support_in_resource_list"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save the outcome"))

    def clean(self):
        cleaned = super().clean()
        identified = cleaned.get("career_need_identified")
        if identified:
            if not cleaned.get("career_needs"):
                self.add_error("career_needs", "Select the career needs from the list")
            if cleaned.get("support_in_resource_list") is None:
                self.add_error("support_in_resource_list", "Select yes if the support was already in the resource list")
            elif (
                cleaned.get("support_in_resource_list") is False
                and not cleaned.get("need_not_in_resource_list", "").strip()
            ):
                self.add_error("need_not_in_resource_list", "Describe the need the resource list does not meet")
        elif identified is False:
            # Nothing to look up when no need was found: what was ticked or typed by mistake is not kept.
            cleaned["career_needs"] = []
            cleaned["support_in_resource_list"] = None
            cleaned["need_not_in_resource_list"] = ""
        if cleaned.get("support_in_resource_list"):
            cleaned["need_not_in_resource_list"] = ""
        return cleaned

    def outcome(self):
        """The keyword arguments for services.conversations.conversation_outcome_record."""
        return {
            "career_need_identified": self.cleaned_data["career_need_identified"],
            "career_needs": self.cleaned_data["career_needs"],
            "support_in_resource_list": self.cleaned_data["support_in_resource_list"],
            "need_not_in_resource_list": self.cleaned_data["need_not_in_resource_list"],
            "will_apply_for_funding": self.cleaned_data["will_apply_for_funding"],
        }

    @classmethod
    def initial_from(cls, conversation):
        def yes_no(value):
            return None if value is None else str(value)

        return {
            "career_need_identified": yes_no(conversation.career_need_identified),
            "career_needs": conversation.career_needs,
            "support_in_resource_list": yes_no(conversation.support_in_resource_list),
            "need_not_in_resource_list": conversation.need_not_in_resource_list,
            "will_apply_for_funding": yes_no(conversation.will_apply_for_funding),
        }
