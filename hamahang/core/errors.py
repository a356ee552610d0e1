"""Errors every domain app raises the same way (a stable code and a Persian message)."""

from django.core.exceptions import ValidationError


def stale(kind: str) -> ValidationError:
    """Refuse a write made from an out-of-date copy: another person changed the row meanwhile."""
    return ValidationError(
        f"این {kind} در همین فاصله توسط کاربر دیگری تغییر کرده است؛ تغییر شما ذخیره نشد. "
        "صفحه را تازه کنید، تغییرات تازه را ببینید و دوباره ثبت کنید.",
        code="stale_version",
    )


def version_required(kind: str) -> ValidationError:
    """Refuse an edit that does not say which copy it was made from (the lost-update check is
    not optional)."""
    return ValidationError(
        f"نسخه {kind} همراه درخواست نیامده است؛ بدون آن تغییر شما ممکن است تغییر دیگری را از "
        "بین ببرد. صفحه را تازه کنید و دوباره ثبت کنید.",
        code="version_required",
    )


def check_version(row, version, kind: str) -> None:
    """The edit was made from the row's current copy: `version` is required and must match.
    Internal callers editing on the system's behalf (demo, imports) pass `current_version`."""
    if version is None or version == "":
        raise version_required(kind)
    try:
        version = int(version)
    except (TypeError, ValueError) as error:
        raise version_required(kind) from error
    if row.version != version:
        raise stale(kind)


def current_version(instance) -> int:
    """The row's version as stored now, for a caller that edits on the system's own behalf
    and has no copy of its own to protect (demo replay, imports)."""
    return type(instance)._default_manager.values_list("version", flat=True).get(pk=instance.pk)
