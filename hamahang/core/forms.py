"""Form fields for Persian input: Jalali dates and amounts typed with any digits."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import (
    JalaliDateError,
    Period,
    PeriodError,
    format_jalali,
    parse_jalali_date,
)
from hamahang.core.numbers import NumberError, format_number, parse_decimal
from hamahang.core.text import normalize_text
from hamahang.core.validation import NOTE_MAX, TEXT_MAX, refuse_control_chars


class JalaliDateInput(forms.TextInput):
    """A text box with the self-hosted Jalali date picker (started by static/js/hamahang.js)."""

    def __init__(self, attrs=None):
        defaults = {
            "data-jdp": "",
            "placeholder": "مثلاً ۱۴۰۵/۰۱/۱۵",
            "autocomplete": "off",
            "inputmode": "numeric",
            "dir": "ltr",
            "class": "form-control jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        # Latin digits in the value: the picker parses it with parseInt, and a Persian-digit
        # value opened a calendar without days. The box's font (Vazirmatn FD, see
        # hamahang.css) draws them as Persian digits, so the user still reads ۱۴۰۵/۰۹/۰۱.
        if hasattr(value, "year"):
            return format_jalali(value, "ascii")
        return value


class JalaliDateField(forms.Field):
    """Accepts every form of PERSIAN.md (۱۳۹۹/۶/۳۱, 99-06-31, ۳۱ شهریور ۱۳۹۹) → `date`."""

    widget = JalaliDateInput
    default_error_messages = {"required": "تاریخ را وارد کنید."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_jalali_date(value)
        except JalaliDateError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc


class AmountInput(forms.TextInput):
    """An amount box that shows the amount in words as the user types (htmx → core:amount_words;
    the currency is read from the form's `currency` field when there is one)."""

    template_name = "components/amount_input.html"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "decimal",
            "dir": "ltr",
            "class": "form-control amount-input",
            "autocomplete": "off",
            "hx-trigger": "input changed delay:300ms, load",
            "hx-include": "closest form",
            "hx-sync": "this:replace",
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        words_id = f"{context['widget']['attrs'].get('id', name)}-words"
        # A prefixed form (investment-amount) has its currency beside it (investment-currency).
        currency = f"{name.rsplit('-', 1)[0]}-currency" if "-" in name else "currency"
        context["widget"]["attrs"].update(
            {
                "hx-get": f"{reverse('amount_words')}?field={name}&currency_field={currency}",
                "hx-target": f"#{words_id}",
                "aria-describedby": words_id,
            }
        )
        context["words_id"] = words_id
        return context

    def format_value(self, value):
        if isinstance(value, (Decimal, int)):
            return format_number(value)
        return value


class AmountField(forms.Field):
    """A Decimal amount typed with Persian/Arabic/Latin digits and any thousands separators."""

    widget = AmountInput
    default_error_messages = {"required": "مبلغ را وارد کنید."}

    def __init__(self, *, min_value=None, max_digits=24, decimal_places=2, **kwargs):
        self.min_value = min_value
        self.max_digits = max_digits
        self.decimal_places = decimal_places
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except NumberError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        _sign, digits, exponent = number.as_tuple()
        fraction_digits = max(0, -exponent) if isinstance(exponent, int) else 0
        if fraction_digits > self.decimal_places:
            raise forms.ValidationError(
                f"مبلغ حداکثر {self.decimal_places} رقم اعشار می‌پذیرد.", code="decimal_places"
            )
        if len(digits) - fraction_digits > self.max_digits - self.decimal_places:
            raise forms.ValidationError("مبلغ بیش از اندازه بزرگ است.", code="too_large")
        return number

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(
                f"مبلغ نمی‌تواند کمتر از {format_number(self.min_value)} باشد.", code="min_value"
            )


class WholeNumberInput(forms.TextInput):
    """A number box a Persian keyboard can type into. Chromium's `<input type=number>` drops
    «۵۰» and submits nothing, so this is a text box that brings up the numeric keypad."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return to_persian_digits(value)
        return value


class WholeNumberField(forms.IntegerField):
    """A whole number typed with Persian, Arabic-Indic or Latin digits and any thousands
    separators (۱٬۲۰۰, 1,200, ١٢٠٠)."""

    widget = WholeNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value)
        except NumberError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if number != number.to_integral_value() or abs(number) > 2_147_483_647:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class PersianCharField(forms.CharField):
    """A text field whose value is normalised on the way in (Arabic letters, tatweel…), with no
    control characters and always a length limit: the one given, else TEXT_MAX for a text area
    and NOTE_MAX for a one-line box."""

    default_error_messages = {
        "max_length": "این متن حداکثر %(limit_value)s نویسه می‌تواند باشد (اکنون %(show_value)s).",
    }

    def __init__(self, *, max_length=None, **kwargs):
        if max_length is None:
            widget = kwargs.get("widget")
            is_area = isinstance(widget, forms.Textarea) or widget is forms.Textarea
            max_length = TEXT_MAX if is_area else NOTE_MAX
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators.insert(0, refuse_control_chars)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


class PersianTimeField(forms.TimeField):
    """A time typed with any digits (۱۰:۳۰, ١٠:٣٠ or 10:30)."""

    widget = forms.TimeInput(
        attrs={
            "class": "form-control",
            "dir": "ltr",
            "placeholder": "۱۰:۰۰",
            "inputmode": "numeric",
        },
        format="%H:%M",
    )
    default_error_messages = {"invalid": "ساعت را به شکل ۱۰:۳۰ وارد کنید."}

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


class PeriodFilterMixin(forms.Form):
    """Jalali period presets (year, half, quarter, month) or a custom from/to range."""

    period = forms.CharField(required=False, widget=forms.HiddenInput)
    date_from = JalaliDateField(label="از تاریخ", required=False)
    date_to = JalaliDateField(label="تا تاریخ", required=False)

    def clean(self):
        cleaned = super().clean()
        key, start, end = cleaned.get("period"), cleaned.get("date_from"), cleaned.get("date_to")
        cleaned["period_obj"] = None
        try:
            if start or end:
                cleaned["period_obj"] = Period.between(
                    start or dt.date(1900, 1, 1), end or dt.date(2999, 12, 31)
                )
            elif key:
                cleaned["period_obj"] = Period.from_key(key)
        except PeriodError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return cleaned
