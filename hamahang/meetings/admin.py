from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.core.admin import NoDeleteAdminMixin, TimelineAdmin
from hamahang.meetings.models import (
    Assignment,
    DeadlineExtension,
    Escalation,
    Meeting,
    ReminderLog,
    Resolution,
    ResolutionEvent,
)


@admin.register(Meeting)
class MeetingAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "date", "status"]
    list_filter = ["committee", "status", "jalali_year"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["agency", "role", "deadline", "status", "progress"]
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Resolution)
class ResolutionAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "committee", "meeting_date", "type", "status"]
    list_filter = ["committee", "type", "status", "is_confidential"]
    search_fields = ["code", "text"]
    inlines = [AssignmentInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(TimelineAdmin):
    list_display = ["subject", "agency", "kind", "day", "sent_at"]
    list_filter = ["kind", "day"]


@admin.register(ResolutionEvent)
class ResolutionEventAdmin(TimelineAdmin):
    list_display = ["resolution", "kind", "description", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["resolution", "actor"]


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(TimelineAdmin):
    list_display = ["assignment", "original_deadline", "new_deadline", "approved_by", "created_at"]
    list_select_related = ["assignment__agency", "assignment__resolution", "approved_by"]


@admin.register(Escalation)
class EscalationAdmin(TimelineAdmin):
    list_display = ["assignment", "level", "day", "overdue_days", "recipient", "created_at"]
    list_filter = ["level", "day"]
    list_select_related = ["assignment__agency", "assignment__resolution"]
