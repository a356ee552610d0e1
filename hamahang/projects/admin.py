from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.core.admin import NoDeleteAdminMixin, TimelineAdmin
from hamahang.projects.models import (
    BankAgencyContract,
    ContractStep,
    ExchangeRate,
    InvestmentLine,
    NationalSubmission,
    Programme,
    Project,
    ProjectEvent,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["from_currency", "to_currency", "rate", "date", "source"]
    list_filter = ["from_currency", "to_currency", "source"]
    date_hierarchy = "date"


class InvestmentInline(admin.TabularInline):
    model = InvestmentLine
    extra = 0


@admin.register(Project)
class ProjectAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "title", "sector", "county", "owner", "status"]
    list_filter = ["sector", "status", "province", "programmes"]
    search_fields = ["code", "title", "executor"]
    inlines = [InvestmentInline]


@admin.register(BankAgencyContract)
class ContractAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["project", "bank", "facility_amount", "currency", "status", "status_date"]
    list_filter = ["status", "bank"]


@admin.register(NationalSubmission)
class SubmissionAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "province", "letter_number", "letter_date", "status"]
    list_filter = ["status", "province"]


@admin.register(ProjectEvent)
class ProjectEventAdmin(TimelineAdmin):
    list_display = ["project", "kind", "description", "created_at"]
    list_select_related = ["project"]


@admin.register(ContractStep)
class ContractStepAdmin(TimelineAdmin):
    list_display = ["contract", "status", "date", "amount", "actor"]
    list_select_related = ["contract__project", "contract__bank", "actor"]
