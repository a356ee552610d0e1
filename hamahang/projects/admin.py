from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.projects.models import (
    BankAgencyContract,
    ExchangeRate,
    InvestmentLine,
    NationalSubmission,
    Programme,
    Project,
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
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "sector", "county", "owner", "status"]
    list_filter = ["sector", "status", "province", "programmes"]
    search_fields = ["code", "title", "executor"]
    inlines = [InvestmentInline]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(BankAgencyContract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["project", "bank", "facility_amount", "currency", "status", "status_date"]
    list_filter = ["status", "bank"]


@admin.register(NationalSubmission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "province", "letter_number", "letter_date", "status"]
    list_filter = ["status", "province"]
