import pytest
from django.core.exceptions import ValidationError

from hamahang.core.forms import MobileField
from hamahang.core.validation import normalize_mobile, validate_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+989121234567",
        "+98 912 123 4567",
        "00989121234567",
        "989121234567",
        "9121234567",
        "0912-123-4567",
        "(0912) 123 4567",
        " ۰۹۱۲ ۱۲۳ ۴۵ ۶۷ ",
    ],
)
def test_a_mobile_typed_any_way_is_stored_as_09_and_ten_digits(typed):
    assert normalize_mobile(typed) == "09121234567"


@pytest.mark.parametrize(
    "typed",
    [
        "025-37776666",  # a landline
        "0912123456",  # a digit short
        "091212345678",  # a digit long
        "+44 7700 900123",  # not Iranian
        "0912abc4567",
        "۰۹۱۲۱۲۳۴۵۶۷۸۹۰",
        "08121234567",
        "०९१२१२३४५६७",  # Devanagari digits are not read as digits
    ],
)
def test_anything_else_is_refused_in_persian(typed):
    with pytest.raises(ValidationError) as caught:
        normalize_mobile(typed)
    assert caught.value.messages == [
        "شماره تلفن همراه درست نیست: یازده رقم که با ۰۹ آغاز شود (مانند ۰۹۱۲۳۴۵۶۷۸۹)."
    ]


def test_an_empty_number_is_no_number():
    assert normalize_mobile("") == normalize_mobile(None) == normalize_mobile("  ") == ""


def test_the_model_validator_takes_only_the_stored_form():
    validate_mobile("09121234567")
    validate_mobile("")
    with pytest.raises(ValidationError):
        validate_mobile("۰۹۱۲۱۲۳۴۵۶۷")


def test_the_form_field_normalises_and_refuses():
    field = MobileField(required=False)
    assert field.clean("۰۰۹۸۹۱۲۱۲۳۴۵۶۷") == "09121234567"
    with pytest.raises(ValidationError, match="درست نیست"):
        field.clean("12345")
