from django import forms
from django.conf import settings

from hamahang.accounts.tokens import CONTROL_MESSAGE, LIFETIMES
from hamahang.core.digits import to_persian_digits


class ApiTokenForm(forms.Form):
    """A new API token: its name and how many days it lives (checked again by the service)."""

    name = forms.CharField(
        label="نام توکن",
        max_length=100,
        error_messages={
            "required": "نامی برای توکن بنویسید (مثلاً «سامانه دستگاه»).",
            "max_length": "نام توکن حداکثر ۱۰۰ نویسه می‌تواند باشد.",
            "null_characters_not_allowed": CONTROL_MESSAGE,
        },
        widget=forms.TextInput(attrs={"placeholder": "مثلاً سامانه مکاتبات اداره کل"}),
    )
    days = forms.TypedChoiceField(
        label="مدت اعتبار",
        coerce=int,
        required=False,  # a client that sends only a name gets the default
        empty_value=None,
        choices=[(d, f"{to_persian_digits(d)} روز") for d in LIFETIMES],
        initial=settings.HAMAHANG_TOKEN_DAYS,
        error_messages={
            "invalid_choice": "مدت اعتبار توکن را از فهرست برگزینید.",
        },
    )
