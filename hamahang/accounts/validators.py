"""Password rules with Persian messages where Django's Persian catalogue has none."""

from django.contrib.auth import password_validation

from hamahang.core.digits import to_persian_digits


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        length = to_persian_digits(self.min_length)
        return f"این گذرواژه بسیار کوتاه است؛ گذرواژه باید دست‌کم {length} نویسه داشته باشد."

    def get_help_text(self):
        return f"گذرواژه باید دست‌کم {to_persian_digits(self.min_length)} نویسه داشته باشد."
