from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.core.admin import NoDeleteAdminMixin
from hamahang.outcomes.models import AssignmentBlock, Outcome, ProducerCommitment


@admin.register(Outcome)
class OutcomeAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["kind", "quantity", "currency", "measure", "date", "resolution", "case"]
    list_filter = ["kind", "currency"]
    raw_id_fields = ["resolution", "case", "recorded_by"]


@admin.register(ProducerCommitment)
class ProducerCommitmentAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["kind", "unit", "deadline", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["unit", "case", "resolution", "recorded_by"]


@admin.register(AssignmentBlock)
class AssignmentBlockAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["assignment", "commitment", "blocked_at", "lifted_at"]
    raw_id_fields = ["assignment", "commitment", "blocked_by", "lifted_by"]
