"""Errors every domain app raises the same way (a stable code and a Persian message)."""

from django.core.exceptions import ValidationError


def stale(kind: str) -> ValidationError:
    """Refuse a write made from an out-of-date copy: another person changed the row meanwhile."""
    return ValidationError(
        f"این {kind} در همین فاصله توسط کاربر دیگری تغییر کرده است؛ تغییر شما ذخیره نشد. "
        "صفحه را تازه کنید، تغییرات تازه را ببینید و دوباره ثبت کنید.",
        code="stale_version",
    )
