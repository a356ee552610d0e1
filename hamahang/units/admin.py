from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.units.models import IndustrialEstate, ProductionUnit, SupportCase


@admin.register(IndustrialEstate)
class IndustrialEstateAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(ProductionUnit)
class ProductionUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_id", "national_code", "county", "kind", "status", "jobs"]
    list_filter = ["status", "kind", "ownership", "covid_affected", "province"]
    search_fields = ["name", "legal_id", "national_code"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(SupportCase)
class SupportCaseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "unit", "type", "creditor", "status", "received_on"]
    list_filter = ["type", "creditor", "status", "province"]
    search_fields = ["code", "unit__name"]
