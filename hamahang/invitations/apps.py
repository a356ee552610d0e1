from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "hamahang.invitations"
    verbose_name = "دعوت به جلسه و جلسات دوره‌ای"

    def ready(self):
        # The meetings app knows nothing of invitations: it asks the apps above it what to
        # suggest in the attendance form and tells them when a meeting moves or is cancelled.
        from hamahang.invitations.services import meeting_changed, suggested_attendance
        from hamahang.meetings.selectors import ATTENDANCE_PREFILLS
        from hamahang.meetings.services.meetings import MEETING_CHANGE_HOOKS

        if suggested_attendance not in ATTENDANCE_PREFILLS:
            ATTENDANCE_PREFILLS.append(suggested_attendance)
        if meeting_changed not in MEETING_CHANGE_HOOKS:
            MEETING_CHANGE_HOOKS.append(meeting_changed)
