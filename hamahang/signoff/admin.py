from django.contrib import admin

from hamahang.signoff.models import SignedMinutes, Signer, SignoffRound


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0
    can_delete = False
    readonly_fields = ["user", "agency", "role", "status", "comment", "responded_at"]


@admin.register(SignoffRound)
class SignoffRoundAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "sent_at", "due_on"]
    list_filter = ["status"]
    readonly_fields = [
        "meeting",
        "status",
        "sent_by",
        "sent_at",
        "due_on",
        "draft_sha256",
        "content_sha256",
    ]
    inlines = [SignerInline]


@admin.register(SignedMinutes)
class SignedMinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "code", "signed_at", "sha256"]
    readonly_fields = [
        "round",
        "meeting",
        "code",
        "sha256",
        "size",
        "signed_at",
        "certificate_subject",
    ]
