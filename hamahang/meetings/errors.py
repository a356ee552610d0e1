"""Stable error codes with Persian messages for the meetings domain (services raise these)."""

from django.core.exceptions import ValidationError


def stale(kind: str) -> ValidationError:
    return ValidationError(
        f"این {kind} در همین فاصله توسط کاربر دیگری تغییر کرده است؛ تغییر شما ذخیره نشد. "
        "صفحه را تازه کنید، تغییرات تازه را ببینید و دوباره ثبت کنید.",
        code="stale_version",
    )


def locked_meeting() -> ValidationError:
    return ValidationError(
        "صورتجلسه این جلسه تأیید و قفل شده است؛ تغییر آن ممکن نیست.", code="meeting_locked"
    )


def not_allowed(message: str = "شما اجازه این کار را ندارید.") -> ValidationError:
    return ValidationError(message, code="not_allowed")


def bad_transition(current: str, target: str) -> ValidationError:
    return ValidationError(
        f"تغییر وضعیت از «{current}» به «{target}» مجاز نیست.", code="invalid_transition"
    )
