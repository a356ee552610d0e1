"""The profile form: a person's mobile number and channel order (it only parses)."""

from django import forms

from hamahang.core.digits import to_persian_digits
from hamahang.core.forms import MobileField

SELECT = {"class": "form-select"}


class ContactForm(forms.Form):
    phone = MobileField(
        label="تلفن همراه", required=False, help_text="برای پیامک؛ مانند ۰۹۱۲۳۴۵۶۷۸۹."
    )

    def __init__(self, *args, channels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *channels]
        self.slots = [f"channel_{n}" for n in range(1, len(channels) + 1)]
        for n, name in enumerate(self.slots, start=1):
            self.fields[name] = forms.ChoiceField(
                label=f"اولویت {to_persian_digits(n)}",
                choices=choices,
                required=False,
                widget=forms.Select(SELECT),
                error_messages={"invalid_choice": "این مجرا در سامانه نیست."},
            )

    @property
    def slot_fields(self):
        return [self[name] for name in self.slots]

    def clean(self):
        data = super().clean()
        order = [data[name] for name in self.slots if data.get(name)]
        if len(set(order)) != len(order):
            raise forms.ValidationError("هر مجرا را یک بار برگزینید.", code="duplicate_channel")
        data["notice_channels"] = order
        return data

    @staticmethod
    def initial_for(user) -> dict:
        initial = {"phone": user.phone}
        for n, name in enumerate(user.notice_channels or [], start=1):
            initial[f"channel_{n}"] = name
        return initial
