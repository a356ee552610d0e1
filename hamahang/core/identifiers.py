"""Iranian identifiers with check digits: national code (کد ملی) and legal national ID (شناسه ملی).

Stored as ASCII digits; users may type them with Persian or Arabic digits, spaces or dashes.
"""

import re

from django.core.exceptions import ValidationError

from hamahang.core.digits import to_ascii_digits, to_persian_digits

_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)


def clean_identifier(value: object) -> str:
    """ASCII digits of an identifier as typed (spaces and dashes dropped)."""
    return re.sub(r"[\s\-\u200c]", "", to_ascii_digits(str(value or "")))


def is_valid_national_code(value: object) -> bool:
    code = clean_identifier(value)
    if not re.fullmatch(r"\d{10}", code) or len(set(code)) == 1:
        return False
    total = sum(int(code[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    check = int(code[9])
    return check == remainder if remainder < 2 else check == 11 - remainder


def is_valid_legal_id(value: object) -> bool:
    code = clean_identifier(value)
    if not re.fullmatch(r"\d{11}", code) or len(set(code)) == 1:
        return False
    offset = int(code[9]) + 2
    total = sum((int(code[i]) + offset) * _LEGAL_ID_WEIGHTS[i % 5] for i in range(10))
    remainder = total % 11
    return int(code[10]) == (0 if remainder == 10 else remainder)


def validate_national_code(value: object) -> None:
    code = clean_identifier(value)
    if not re.fullmatch(r"\d{10}", code):
        raise ValidationError(
            f"کد ملی باید ۱۰ رقم باشد؛ «{to_persian_digits(value)}» "
            f"{to_persian_digits(len(code))} رقم دارد.",
            code="national_code_length",
        )
    if not is_valid_national_code(code):
        raise ValidationError(
            f"کد ملی «{to_persian_digits(code)}» معتبر نیست (رقم کنترل آن نادرست است).",
            code="national_code_checksum",
        )


def validate_legal_id(value: object) -> None:
    code = clean_identifier(value)
    if not re.fullmatch(r"\d{11}", code):
        raise ValidationError(
            f"شناسه ملی باید ۱۱ رقم باشد؛ «{to_persian_digits(value)}» "
            f"{to_persian_digits(len(code))} رقم دارد.",
            code="legal_id_length",
        )
    if not is_valid_legal_id(code):
        raise ValidationError(
            f"شناسه ملی «{to_persian_digits(code)}» معتبر نیست (رقم کنترل آن نادرست است).",
            code="legal_id_checksum",
        )


def complete_legal_id(first_ten: str) -> str:
    """The legal national ID whose first ten digits are given (appends the check digit)."""
    digits = clean_identifier(first_ten)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError("ten digits are needed")
    offset = int(digits[9]) + 2
    total = sum((int(digits[i]) + offset) * _LEGAL_ID_WEIGHTS[i % 5] for i in range(10))
    remainder = total % 11
    return digits + str(0 if remainder == 10 else remainder)


def complete_national_code(first_nine: str) -> str:
    """The national code whose first nine digits are given (appends the check digit)."""
    digits = clean_identifier(first_nine)
    if not re.fullmatch(r"\d{9}", digits):
        raise ValueError("nine digits are needed")
    remainder = sum(int(digits[i]) * (10 - i) for i in range(9)) % 11
    return digits + str(remainder if remainder < 2 else 11 - remainder)
