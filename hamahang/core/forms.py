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
from hamahang.core.lookups import QUERY_MAX
from hamahang.core.numbers import NumberError, format_number, parse_decimal
from hamahang.core.text import normalize_text
from hamahang.core.validation import (
    NOTE_MAX,
    TEXT_MAX,
    normalize_mobile,
    refuse_control_chars,
)


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


class MobileField(forms.CharField):
    """An Iranian mobile number typed any way (Persian digits, +98, spaces) → 09xxxxxxxxx."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                {"class": "form-control", "dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_mobile(super().to_python(value))


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


class TypeaheadInput(forms.Widget):
    """A text box that finds an object as the user types (htmx → the Lookup's view) with a
    hidden input holding the chosen object's id; `static/js/hamahang.js` makes the results a
    keyboard-operable listbox. Without JavaScript it is a plain box: the server then finds the
    typed code (or the one object matching the typed words), see `TypeaheadField`."""

    template_name = "widgets/typeahead.html"

    def __init__(self, attrs=None, *, lookup=None, params=None):
        defaults = {"class": "form-control", "placeholder": "نام یا کد را بنویسید"}
        super().__init__({**defaults, **(attrs or {})})
        self.lookup = lookup
        self.params = dict(params or {})

    def value_from_datadict(self, data, files, name):
        return (data.get(name), data.get(f"{name}_text"))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data

    def format_value(self, value):
        return value

    def get_context(self, name, value, attrs):
        from urllib.parse import urlencode

        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        pk, label = value if isinstance(value, tuple) else ("", "")
        url = reverse(self.lookup.url_name) if self.lookup else ""
        if url and self.params:
            url = f"{url}?{urlencode(self.params)}"
        context["widget"].update({"pk": pk or "", "label": label or "", "url": url})
        return context


class TypeaheadField(forms.Field):
    """Chooses one object of a scoped queryset (set by the form, from the domain's selector).

    The hidden id wins when the box still shows that object's label; otherwise the typed text
    decides: its exact code, else the single object whose search key holds every typed word.
    An id outside the queryset (tampered, or out of the user's scope) is refused in Persian."""

    widget = TypeaheadInput

    def __init__(
        self,
        *,
        lookup,
        noun: str,
        placeholder: str,
        indefinite: str | None = None,
        queryset=None,
        params=None,
        **kwargs,
    ):
        """`noun` names the kind in the Persian errors («طرح», «دستگاه»); `indefinite` is its
        indefinite form («پرونده‌ای»), noun + «ی» unless given — spelling cannot tell a silent
        final «ه» (پرونده) from a sounded one (دستگاه); `error_messages` may reword any of them."""
        self.lookup = lookup
        self.queryset = queryset
        indefinite = indefinite or f"{noun}ی"
        kwargs["error_messages"] = {
            "required": f"{noun} را انتخاب کنید.",
            "invalid_choice": f"این {noun} در دسترس شما نیست.",
            "not_found": f"{indefinite} با «%(value)s» در دسترس شما نیست.",
            "ambiguous": (
                f"بیش از یک {noun} با «%(value)s» یافت شد؛"
                " کد را کامل بنویسید یا یکی را از فهرست برگزینید."
            ),
            **kwargs.get("error_messages", {}),
        }
        kwargs["widget"] = TypeaheadInput(
            attrs={"placeholder": placeholder}, lookup=lookup, params=params
        )
        super().__init__(**kwargs)

    @staticmethod
    def _split(value) -> tuple[str, str]:
        """(id, typed text) of the posted pair; a non-numeric id is a typed code (a client
        that posts the code under the field's own name, as the code boxes of old did)."""
        pk, text = value if isinstance(value, (tuple, list)) else (value, None)
        pk = to_ascii_digits(str(pk or "")).strip()
        text = normalize_text(text or "")
        if pk and not pk.isdigit():
            pk, text = "", text or normalize_text(pk)
        return pk, text

    def _get(self, pk):
        if not str(pk).isdigit():
            return None
        return self.queryset.select_related(*self.lookup.related).filter(pk=pk).first()

    def to_python(self, value):
        from hamahang.core.text import search_key

        pk, text = self._split(value)
        refuse_control_chars(text)  # a NUL would reach the search (PostgreSQL refuses it)
        if pk:
            found = self._get(pk)
            if found is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
            if not text or search_key(text) == search_key(self.lookup.label(found)):
                return found
        if not text:
            return None
        if len(text) > QUERY_MAX:  # as the look-up view cuts its query; a search would choke
            raise forms.ValidationError(
                f"آنچه نوشته‌اید بیش از {to_persian_digits(QUERY_MAX)} نویسه است؛ "
                "کد یا بخشی از نام را بنویسید.",
                code="too_long",
            )
        return self._by_text(text)

    def _by_text(self, text):
        from hamahang.core.models import filter_by_search

        found = self.lookup.by_code(self.queryset, text)
        if found is not None:
            return found
        shown = self.lookup.code_of(text) or text
        matches = list(filter_by_search(self.queryset, text)[:2]) if text else []
        if len(matches) == 1:
            return matches[0]
        code = "ambiguous" if matches else "not_found"
        raise forms.ValidationError(
            self.error_messages[code], code=code, params={"value": to_persian_digits(shown)}
        )

    def prepare_value(self, value):
        """What the widget shows: (id, label) of an object, an id, or the posted pair."""
        if isinstance(value, (tuple, list)):
            pk, text = value
            if text is None and pk:
                found = self._get(to_ascii_digits(str(pk)))
                return (pk, self.lookup.label(found) if found else "")
            if pk and not str(pk).isdigit() and not text:
                return ("", pk)
            return (pk or "", text or "")
        if value in self.empty_values:
            return ("", "")
        if hasattr(value, "pk"):
            return (value.pk, self.lookup.label(value))
        found = self._get(value)
        return (found.pk, self.lookup.label(found)) if found else ("", str(value))

    def has_changed(self, initial, data):
        pk, text = self._split(data)
        initial_pk = getattr(initial, "pk", initial)
        if not pk and not text:
            return initial_pk not in self.empty_values
        return not pk or str(pk) != str(initial_pk or "")


def named_choices(rows, *, short: bool = False) -> list[tuple[int, str]]:
    """(pk, name) of each row for a select box — with `short`, by the short name where there is
    one, as an agency's or a committee's `str()` names it. A queryset is read as values: a
    province's filter form lists hundreds of agencies (a national one some 2,000), and building
    their model objects cost more than the rest of the form."""
    if hasattr(rows, "values_list"):
        if short:
            return [
                (pk, abbr or name)
                for pk, abbr, name in rows.values_list("pk", "short_name", "name")
            ]
        return list(rows.values_list("pk", "name"))
    return [(row.pk, str(row) if short else row.name) for row in rows]
