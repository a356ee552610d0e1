"""Password rules: Django's validators with Persian messages, and one rule of our own.

Settings list them in AUTH_PASSWORD_VALIDATORS; every path that sets a password (the password
change page, the admin, `createsuperuser`) runs them.
"""

import re

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from hamahang.core.digits import to_persian_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length=10):
        super().__init__(min_length=min_length)

    def get_error_message(self):
        length = to_persian_digits(self.min_length)
        return f"این گذرواژه بسیار کوتاه است؛ گذرواژه باید دست‌کم {length} نویسه داشته باشد."

    def get_help_text(self):
        return f"گذرواژه باید دست‌کم {to_persian_digits(self.min_length)} نویسه داشته باشد."


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "گذرواژه بسیار شبیه «%(verbose_name)s» شماست."

    def get_help_text(self):
        return "گذرواژه نباید شبیه نام کاربری، نام یا نشانی ایمیل شما باشد."


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "این گذرواژه بسیار رایج است و به‌آسانی حدس زده می‌شود."

    def get_help_text(self):
        return "گذرواژه نباید از گذرواژه‌های رایج باشد."


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "گذرواژه نمی‌تواند فقط از رقم ساخته شده باشد."

    def get_help_text(self):
        return "گذرواژه نباید فقط رقم باشد."


class LocalWordsValidator:
    """Refuses a password that is only the system's or the province's name and some digits
    (`hamahang1405`, `Qom12345`): the first thing anyone would guess here."""

    WORDS = (
        "hamahang",
        "هماهنگ",
        "qom",
        "ghom",
        "قم",
        "ostandari",
        "استانداری",
        "password",
        "admin",
        "iran",
        "ایران",
    )

    def validate(self, password, user=None):
        rest = password.lower()
        for word in sorted(self.WORDS, key=len, reverse=True):
            rest = rest.replace(word, "")
        if len(rest) < len(password) and re.fullmatch(r"[\d۰-۹]*", rest):
            raise ValidationError(self.get_error_message(), code="password_local_word")

    def get_error_message(self):
        return (
            "گذرواژه فقط از نام سامانه یا استان و چند رقم ساخته شده و به‌آسانی حدس زده می‌شود؛ "
            "نشانه یا واژه دیگری به آن بیفزایید."
        )

    def get_help_text(self):
        return "گذرواژه نباید فقط نام سامانه یا استان همراه با رقم باشد."


def validate_notice_channels(value) -> None:
    """User.notice_channels: a list of distinct names of the office's personal channels."""
    from django.conf import settings

    known = set(settings.HAMAHANG_NOTICE_CHANNEL_ORDER)  # the channels people are told on
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise ValidationError("ترتیب مجاری باید فهرستی از نام مجراها باشد.", code="bad_channels")
    unknown = [name for name in value if name not in known]
    if unknown:
        raise ValidationError(f"مجرای ناشناخته: {'، '.join(unknown)}.", code="unknown_channel")
    if len(set(value)) != len(value):
        raise ValidationError("هر مجرا یک بار در ترتیب می‌آید.", code="duplicate_channel")
