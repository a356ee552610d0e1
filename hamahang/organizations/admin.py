from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hamahang.core.admin import ArchiveAdminMixin
from hamahang.organizations.models import Agency, Committee, County, Province


class CountyInline(admin.TabularInline):
    model = County
    extra = 0


@admin.register(Province)
class ProvinceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    inlines = [CountyInline]


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "province", "email", "is_archived"]
    list_filter = ["kind", "province", "is_archived"]
    search_fields = ["name", "short_name"]


@admin.register(Committee)
class CommitteeAdmin(ArchiveAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "secretariat", "chair_title", "is_archived"]
    list_filter = ["kind", "province", "is_archived"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["members"]
