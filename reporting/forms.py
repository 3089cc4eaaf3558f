from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from reporting import periods

ALL = "all"


class ReportRequestForm(forms.Form):
    scheme = forms.ChoiceField(label="Which schemes", widget=forms.RadioSelect)
    period = forms.ChoiceField(label="Which quarter", help_text="NHS financial-year quarters: Q1 is April to June")
    unsuppressed = forms.BooleanField(
        label="Exact figures for the scheme team (not for publication)",
        required=False,
        help_text="Without disclosure control: counts from 1 to 7 are shown",
    )

    def __init__(self, *args, schemes, today, may_unsuppress, **kwargs):
        super().__init__(*args, **kwargs)
        self.schemes = {scheme.slug: scheme for scheme in schemes}
        choices = [(scheme.slug, scheme.name) for scheme in schemes]
        if len(choices) > 1:
            choices.append((ALL, f"All {len(choices)} of your schemes"))
        self.fields["scheme"].choices = choices
        self.fields["period"].choices = [(quarter.label, quarter.label) for quarter in periods.recent_quarters(today)]
        if not may_unsuppress:
            del self.fields["unsuppressed"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("generate", "Generate the report"))

    def request_arguments(self):
        chosen = self.cleaned_data["scheme"]
        return {
            "period": self.cleaned_data["period"],
            "all_schemes": chosen == ALL,
            "schemes": None if chosen == ALL else [self.schemes[chosen]],
            "unsuppressed": self.cleaned_data.get("unsuppressed", False),
        }
