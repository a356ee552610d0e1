from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.meetings.models import Assignment, Meeting, ReminderLog, Resolution


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "status"]
    list_filter = ["committee", "status", "jalali_year"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["agency", "role", "deadline", "status", "progress"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "committee", "meeting_date", "type", "status"]
    list_filter = ["committee", "type", "status", "is_confidential"]
    search_fields = ["code", "text"]
    inlines = [AssignmentInline]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["subject", "agency", "kind", "day", "sent_at"]
    list_filter = ["kind", "day"]
    readonly_fields = [f.name for f in ReminderLog._meta.fields]

    def has_add_permission(self, request):
        return False
