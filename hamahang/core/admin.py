"""Admin helpers shared by the domain apps."""

from django.contrib import admin, messages
from django.utils import timezone


class ArchiveAdminMixin:
    """Archive instead of delete: deletion is left to superusers, everyone else archives."""

    actions = ["archive_selected", "restore_selected"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="بایگانی موارد انتخاب‌شده")
    def archive_selected(self, request, queryset):
        for obj in queryset.filter(is_archived=False):
            obj.is_archived, obj.archived_at = True, timezone.now()
            obj.save(update_fields=["is_archived", "archived_at", "updated_at"])
        messages.success(request, "موارد انتخاب‌شده بایگانی شدند.")

    @admin.action(description="بازگرداندن از بایگانی")
    def restore_selected(self, request, queryset):
        for obj in queryset.filter(is_archived=True):
            obj.is_archived, obj.archived_at = False, None
            obj.save(update_fields=["is_archived", "archived_at", "updated_at"])
        messages.success(request, "موارد انتخاب‌شده از بایگانی بازگشتند.")


class NoDeleteAdminMixin:
    """Records with a timeline are never deleted from the admin (their events are protected)."""

    def has_delete_permission(self, request, obj=None):
        return False


class TimelineAdmin(admin.ModelAdmin):
    """An append-only table (events, steps, extensions): shown, never added, edited or deleted."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
