from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hamahang.accounts"
    verbose_name = "کاربران و دسترسی"
