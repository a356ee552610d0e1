from django.contrib import admin

from hamahang.core.admin import TimelineAdmin
from hamahang.notices.models import Notice


@admin.register(Notice)
class NoticeAdmin(TimelineAdmin):
    """The outbox, read-only: the proof of every notice is not edited by hand."""

    list_display = ["created_at", "kind", "channel", "masked_address", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["idempotency_key", "provider_message_id", "subject"]
    date_hierarchy = "created_at"
