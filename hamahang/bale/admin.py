from django.contrib import admin

from hamahang.bale.models import BaleLink, BaleUpdate


@admin.register(BaleLink)
class BaleLinkAdmin(admin.ModelAdmin):
    list_display = ["user", "chat_id", "linked_at", "active"]
    list_filter = ["active"]
    search_fields = ["user__username", "chat_id"]
    readonly_fields = ["user", "chat_id", "linked_at"]


@admin.register(BaleUpdate)
class BaleUpdateAdmin(admin.ModelAdmin):
    list_display = ["update_id", "chat_id", "received_at", "outcome"]
    search_fields = ["chat_id", "outcome"]
    readonly_fields = ["update_id", "chat_id", "received_at", "outcome"]
