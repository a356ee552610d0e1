from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm

from hamahang.accounts.tokens import CONTROL_MESSAGE, LIFETIMES
from hamahang.core.digits import to_ascii_digits, to_persian_digits


def normalize_username(value: str) -> str:
    """A username as stored: the pages draw its digits in Persian («rabet-۲۰») and a Persian
    keyboard types them so; stored names hold ASCII digits."""
    return to_ascii_digits(value or "").strip()


class LoginForm(AuthenticationForm):
    """Django's login form taking a username typed with Persian or Arabic-Indic digits."""

    def clean_username(self):
        return normalize_username(self.cleaned_data.get("username"))


def axes_username(request, credentials) -> str | None:
    """The name a login failure and its lockout are keyed on: the normalised one, so «rabet-۲۰»
    and «rabet-20» are one account to django-axes too."""
    if credentials and credentials.get("username") is not None:
        name = credentials["username"]
    else:
        name = request.POST.get("username") if request is not None else None
    return None if name is None else normalize_username(name)


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
