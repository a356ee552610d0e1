from django.apps import AppConfig


class OfficeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hamahang.office"
    verbose_name = "راه‌اندازی دفتر"
