"""The public portal's writes: publishing a press statement. (Resolutions are published by
`meetings.services.resolution_publish`.)"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.access import province_id_of, sees_all_provinces
from hamahang.accounts.models import Role, User
from hamahang.core.jalali import Period
from hamahang.core.text import normalize_text
from hamahang.core.validation import refuse_control_chars, refuse_too_long
from hamahang.organizations.models import Province
from hamahang.public.models import PublishedStatement
from hamahang.webhooks.events import emit_statement_published

STATEMENT_MAX = 20_000
PUBLISHERS = {Role.SECRETARIAT, Role.MANAGER}


def can_publish_statement(user: User) -> bool:
    """The director (a manager) or the secretariat; the national secretariat for the country."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in PUBLISHERS or user.role == Role.NATIONAL)
    )


@transaction.atomic
def publish_statement(
    *, text: str, period: Period, province: Province | None, acting_user: User
) -> PublishedStatement:
    """Publish a press statement's text (as edited) for a period: a province's, or (None) the
    country's, which only a user who sees every province may publish. The text is stored as
    published and shown on the public pages."""
    if not can_publish_statement(acting_user):
        raise ValidationError(
            "انتشار بیانیه فقط از مدیر کل یا کارشناسان دبیرخانه برمی‌آید.", code="not_allowed"
        )
    if province is None and not sees_all_provinces(acting_user):
        raise ValidationError("بیانیه کل کشور را فقط دبیرخانه ملی منتشر می‌کند.", code="not_allowed")
    if (
        province is not None
        and not sees_all_provinces(acting_user)
        and province.pk != province_id_of(acting_user)
    ):
        raise ValidationError("بیانیه فقط برای استان خودتان منتشر می‌شود.", code="not_allowed")
    cleaned = normalize_text(text or "").replace("\r\n", "\n").strip()
    if not cleaned:
        raise ValidationError("متن بیانیه خالی است.", code="required")
    refuse_control_chars(cleaned)
    refuse_too_long(cleaned, STATEMENT_MAX)
    statement = PublishedStatement(
        province=province,
        period_key=period.key,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        text=cleaned,
        published_by=acting_user,
    )
    statement.full_clean()
    statement.save()
    emit_statement_published(statement)  # webhook subscribers of «statement published»
    return statement
