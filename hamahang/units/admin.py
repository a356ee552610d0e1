from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.core.admin import NoDeleteAdminMixin, TimelineAdmin
from hamahang.units.models import (
    CaseEvent,
    IndustrialEstate,
    ProductionUnit,
    SupportCase,
    UnitEvent,
)


@admin.register(IndustrialEstate)
class IndustrialEstateAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(ProductionUnit)
class ProductionUnitAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "legal_id", "national_code", "county", "kind", "status", "jobs"]
    list_filter = ["status", "kind", "ownership", "covid_affected", "province"]
    search_fields = ["name", "legal_id", "national_code"]


@admin.register(SupportCase)
class SupportCaseAdmin(NoDeleteAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "unit", "type", "creditor", "status", "received_on"]
    list_filter = ["type", "creditor", "status", "province"]
    search_fields = ["code", "unit__name"]


@admin.register(UnitEvent)
class UnitEventAdmin(TimelineAdmin):
    list_display = ["unit", "kind", "date", "from_status", "to_status", "jobs_after"]
    list_filter = ["kind"]
    list_select_related = ["unit"]


@admin.register(CaseEvent)
class CaseEventAdmin(TimelineAdmin):
    list_display = ["case", "from_status", "to_status", "description", "actor"]
    list_select_related = ["case", "actor"]
