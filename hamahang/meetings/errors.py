"""Stable error codes with Persian messages for the meetings domain (services raise these)."""

from django.core.exceptions import ValidationError

from hamahang.core.errors import stale  # noqa: F401  (errors.stale, as before)


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


def not_held(meeting, action: str) -> ValidationError:
    """`action` (e.g. «ثبت مصوبه») asked of a meeting that did not take place."""
    if meeting.status == meeting.Status.CANCELLED:
        return ValidationError(
            f"{meeting} لغو شده است؛ {action} برای جلسه‌ای که برگزار نشده ممکن نیست.",
            code="meeting_cancelled",
        )
    return ValidationError(
        f"{meeting} هنوز برگزار نشده است (وضعیت: «{meeting.get_status_display()}»)؛ "
        f"{action} فقط برای جلسه برگزارشده ممکن است. نخست جلسه را «برگزار شده» ثبت کنید.",
        code="meeting_not_held",
    )


def confidential_not_published(resolution) -> ValidationError:
    """A confidential resolution never reaches the public portal."""
    return ValidationError(
        f"{resolution} محرمانه است و برای عموم منتشر نمی‌شود.", code="confidential"
    )


def published_not_confidential(resolution) -> ValidationError:
    return ValidationError(
        f"{resolution} برای عموم منتشر شده است؛ پیش از محرمانه کردن، انتشار آن را لغو کنید.",
        code="published",
    )
