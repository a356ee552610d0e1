import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from hamahang.core.forms import AmountField, JalaliDateField, PersianCharField


class SampleForm(forms.Form):
    held_on = JalaliDateField(label="تاریخ")
    amount = AmountField(label="مبلغ", min_value=Decimal(0), required=False)
    title = PersianCharField(label="عنوان", required=False)


def test_a_jalali_date_typed_in_persian_digits_becomes_a_date():
    form = SampleForm(data={"held_on": "۱۳۹۹/۰۶/۳۱", "amount": "۹٬۳۵۵٬۰۰۰"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == dt.date(2020, 9, 21)
    assert form.cleaned_data["amount"] == Decimal("9355000")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"held_on": ""}, "held_on", "تاریخ را وارد کنید."),
        ({"held_on": "1400/12/30"}, "held_on", "سال ۱۴۰۰ کبیسه نیست"),
        ({"held_on": "1399/01/01", "amount": "-5"}, "amount", "مبلغ نمی‌تواند کمتر از ۰ باشد."),
        ({"held_on": "1399/01/01", "amount": "دوازده"}, "amount", "عدد معتبری نیست"),
        ({"held_on": "1399/01/01", "amount": "1.234"}, "amount", "رقم اعشار"),
    ],
)
def test_bad_input_is_refused_with_a_persian_message(data, field, message):
    form = SampleForm(data=data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_text_is_normalised_on_the_way_in():
    form = SampleForm(data={"held_on": "1399/01/01", "title": "شركت كاشي"})
    assert form.is_valid()
    assert form.cleaned_data["title"] == "شرکت کاشی"


def test_the_date_widget_shows_a_stored_date_in_jalali_with_the_picker():
    # Latin digits the picker can parse, drawn with Persian glyphs by the box's font.
    html = str(SampleForm(initial={"held_on": dt.date(2020, 9, 21)})["held_on"])
    assert 'value="1399/06/31"' in html and "data-jdp" in html and "jalali-date" in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("۵۰", 50), ("٥٠", 50), ("50", 50), ("۱٬۲۰۰", 1200), ("1,200", 1200), (" ۷ ", 7)],
)
def test_a_whole_number_is_typed_with_any_digits(typed, expected):
    from hamahang.core.forms import WholeNumberField

    assert WholeNumberField(min_value=0).clean(typed) == expected


@pytest.mark.parametrize("typed", ["۵٫۵", "پنجاه", "12a", "99999999999999"])
def test_a_whole_number_refuses_what_is_not_one_in_persian(typed):
    from django import forms

    from hamahang.core.forms import WholeNumberField

    field = WholeNumberField(error_messages={"invalid": "تعداد را به عدد وارد کنید."})
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert caught.value.messages == ["تعداد را به عدد وارد کنید."]


def test_a_whole_number_box_is_a_text_box_a_persian_keyboard_can_fill():
    from hamahang.core.forms import WholeNumberField

    html = WholeNumberField().widget.render("progress", 50)
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="۵۰"' in html


def test_a_blank_choice_reads_persian_not_dashes(db):
    from hamahang.organizations.models import Province

    class ProvinceForm(forms.Form):
        province = forms.ModelChoiceField(queryset=Province.objects.all(), required=False)

    html = str(ProvinceForm()["province"])
    assert "---------" not in html and ">— انتخاب کنید —</option>" in html
