"""Base models shared by every domain app."""

from django.db import models
from django.db.models import ProtectedError

from hamahang.core import clock
from hamahang.core.text import search_key


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("زمان ایجاد", default=clock.now, editable=False)
    updated_at = models.DateTimeField("زمان آخرین تغییر", auto_now=True)

    class Meta:
        abstract = True


def _append_only_error(model) -> ProtectedError:
    return ProtectedError(
        f"«{model._meta.verbose_name_plural}» سابقه‌اند: فقط افزوده می‌شوند و ویرایش یا حذف نمی‌شوند.",
        set(),
    )


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise _append_only_error(self.model)


class AppendOnlyModel(models.Model):
    """A row of a timeline (events, steps, extensions): written once, never changed or deleted.
    Parents point to it with on_delete=PROTECT, so no cascade removes it either. (A service may
    still complete a row it has just written, in the same transaction, with queryset.update.)"""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _append_only_error(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _append_only_error(type(self))


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)


class ArchivableModel(models.Model):
    """Archived instead of deleted in normal use, so history and references stay whole."""

    is_archived = models.BooleanField("بایگانی شده", default=False, db_index=True)
    archived_at = models.DateTimeField("زمان بایگانی", null=True, blank=True, editable=False)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True


class SearchKeyField(models.TextField):
    """A derived, never shown, normalised key (hamahang.core.text.search_key)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("verbose_name", "کلید جست‌وجو")
        super().__init__(*args, **kwargs)


class SearchableModel(models.Model):
    """Keeps `search_text` as the search key of `search_source()`; every search compares keys."""

    search_text = SearchKeyField()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A derived copy, not a business rule: it must never disagree with its source,
        # whichever path (service, admin, import) wrote the row.
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        """Derive the key now (bulk writes, which bypass save(), call this themselves)."""
        self.search_text = search_key(" ".join(str(part or "") for part in self.search_source()))

    def search_source(self) -> list[object]:  # pragma: no cover - each model says
        raise NotImplementedError


def filter_by_search(queryset, query: str, field: str = "search_text"):
    """Rows whose search key contains every word of the query (compared by key)."""
    from hamahang.core.text import search_terms

    for term in search_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


class DataVersion(models.Model):
    """A number per province (scope = the province's id; 0 for reference data) that every write
    to that province's domain rows raises once per transaction; cached figures and fragments are
    keyed on the numbers they read (`core.versioning`), so nothing cached can outlive its data.
    No foreign key: core sits below organizations, and a version outlives nothing it points to."""

    scope = models.PositiveIntegerField(
        "دامنه (شناسه استان؛ صفر برای اطلاعات پایه)", unique=True, default=0
    )
    number = models.BigIntegerField("نسخه داده‌ها", default=0)

    class Meta:
        verbose_name = "نسخه داده‌ها"
        verbose_name_plural = "نسخه داده‌ها"

    def __str__(self):
        return str(self.number)


class IdempotentRequest(models.Model):
    """A write that carried an `Idempotency-Key`, with the response it got (core.idempotency);
    written in the write's own transaction, so the key exists exactly when the write does."""

    key = models.CharField("کلید یکتایی", max_length=200, unique=True)
    fingerprint = models.CharField("اثر درخواست", max_length=64)
    status = models.PositiveSmallIntegerField("کد پاسخ", null=True)
    content_type = models.CharField("نوع پاسخ", max_length=200, blank=True, default="")
    body = models.BinaryField("پاسخ", default=b"")
    created_at = models.DateTimeField("زمان", default=clock.now, db_index=True)

    class Meta:
        verbose_name = "درخواست تکرارپذیر"
        verbose_name_plural = "درخواست‌های تکرارپذیر"

    def __str__(self):
        return self.key
