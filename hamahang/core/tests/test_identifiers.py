import pytest
from django.core.exceptions import ValidationError

from hamahang.core.identifiers import (
    clean_identifier,
    is_valid_legal_id,
    is_valid_national_code,
    validate_legal_id,
    validate_national_code,
)


@pytest.mark.parametrize(
    "code", ["0370078608", "0499370899", "2380163456", "۰۳۷۰۰۷۸۶۰۸", "٠٤٩٩٣٧٠٨٩٩"]
)
def test_valid_national_codes(code):
    assert is_valid_national_code(code)
    validate_national_code(code)


@pytest.mark.parametrize("code", ["0370078609", "1111111111", "123"])
def test_invalid_national_codes_are_refused_in_persian(code):
    assert not is_valid_national_code(code)
    with pytest.raises(ValidationError) as refused:
        validate_national_code(code)
    assert "کد ملی" in refused.value.messages[0]


@pytest.mark.parametrize("code", ["10100340056", "10860112315", "14005566894", "۱۴۰۰۵۵۶۶۸۹۴"])
def test_valid_legal_ids(code):
    assert is_valid_legal_id(code)
    validate_legal_id(code)


@pytest.mark.parametrize("code", ["10100340057", "1010034005"])
def test_invalid_legal_ids_are_refused_in_persian(code):
    assert not is_valid_legal_id(code)
    with pytest.raises(ValidationError) as refused:
        validate_legal_id(code)
    assert "شناسه ملی" in refused.value.messages[0]


def test_identifiers_are_stored_as_ascii_digits():
    assert clean_identifier("۰۳۷۰-۰۷۸ ۶۰۸") == "0370078608"


def test_check_digits_are_completed_as_the_vectors_say():
    from hamahang.core.identifiers import complete_legal_id, complete_national_code

    assert complete_legal_id("1010034005") == "10100340056"
    assert complete_legal_id("1400556689") == "14005566894"
    assert complete_national_code("037007860") == "0370078608"
    assert complete_national_code("238016345") == "2380163456"
