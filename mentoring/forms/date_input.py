"""The NHS.UK date input: day, month and year in three boxes inside a fieldset, instead of a browser's
date picker (whose own format, which varies by browser, contradicts the hint "For example, 27 3 2026").

templates/nhsuk/field.html renders a field whose widget is a DateInputWidget with
templates/nhsuk/layout/date_input.html.
"""

import datetime

from django import forms

PARTS = ("day", "month", "year")


class DateInputWidget(forms.MultiWidget):
    nhsuk_date_input = True

    def __init__(self, attrs=None):
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "class": width})
            for part, width in zip(
                PARTS, ["nhsuk-input--width-2", "nhsuk-input--width-2", "nhsuk-input--width-4"], strict=True
            )
        }
        super().__init__(widgets, attrs)

    def id_for_label(self, id_):
        # The boxes' ids end _0, _1 and _2 (Django's MultiWidget): the error summary links to the day box.
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year; "Enter a real date" or which part is missing otherwise."""

    widget = DateInputWidget

    def __init__(self, *, what="the date", **kwargs):
        self.what = what
        error_messages = {"required": f"Enter {what}", "incomplete": f"Enter {what}"}
        error_messages |= kwargs.pop("error_messages", {})
        parts = [forms.CharField(required=False) for _ in PARTS]
        super().__init__(parts, require_all_fields=False, error_messages=error_messages, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(part.strip() for part in data_list):
            return None
        values = dict(zip(PARTS, (part.strip() for part in data_list), strict=True))
        missing = [part for part in PARTS if not values[part]]
        if missing:
            raise forms.ValidationError(f"{self.what.capitalize()} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(values[part]) for part in PARTS)
            if year < 1000:
                raise ValueError
            return datetime.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"{self.what.capitalize()} must be a real date, like 27 3 2026") from None
