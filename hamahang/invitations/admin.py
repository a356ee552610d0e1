from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.invitations.models import Invitation, MeetingSeries


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "agency", "answer", "answered_at"]
    list_filter = ["answer"]
    raw_id_fields = ["meeting", "agency", "sent_by"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["committee", "first_date", "interval_weeks", "start_time"]
    raw_id_fields = ["committee", "created_by"]
