from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "hamahang.notices"
    verbose_name = "اعلان‌ها"
