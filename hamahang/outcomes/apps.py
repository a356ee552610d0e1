from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "hamahang.outcomes"
    verbose_name = "دستاوردها و تعهدات تولیدکنندگان"

    def ready(self):
        from hamahang.meetings.escalation import ESCALATION_EXCLUSIONS
        from hamahang.outcomes.models import blocked_by_producer

        # Work held up by the producer is not escalated to the agency's head (one rule, the
        # same that keeps it out of the accountability ranking).
        if blocked_by_producer not in ESCALATION_EXCLUSIONS:
            ESCALATION_EXCLUSIONS.append(blocked_by_producer)
