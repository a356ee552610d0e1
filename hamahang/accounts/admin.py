from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from simple_history.admin import SimpleHistoryAdmin

from hamahang.accounts.models import User
from hamahang.core.forms import MobileField


class UserAdminForm(UserChangeForm):
    # Typed any way (Persian digits, +98), stored as 09xxxxxxxxx.
    phone = MobileField(label="تلفن همراه", required=False)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "agency", "role", "is_active"]
    list_filter = ["role", "is_active", "agency__kind", "agency__province"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["agency"]
    form = UserAdminForm
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        ("دستگاه و نقش", {"fields": ["agency", "role", "title", "phone", "notice_channels"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("دستگاه و نقش", {"fields": ["agency", "role", "first_name", "last_name", "email"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        # People are deactivated, never deleted: their history must keep its author.
        return False
