from django.apps import AppConfig


class SignoffConfig(AppConfig):
    name = "hamahang.signoff"
    verbose_name = "تأیید و امضای صورتجلسه"

    def ready(self):
        # A meeting sent for sign-off is approved only by its chair's signature: the meetings
        # service asks this app before any approval of minutes (screen, API, import).
        from hamahang.meetings.services.meetings import MINUTES_APPROVAL_GUARDS
        from hamahang.signoff.services import refuse_direct_approval

        if refuse_direct_approval not in MINUTES_APPROVAL_GUARDS:
            MINUTES_APPROVAL_GUARDS.append(refuse_direct_approval)
