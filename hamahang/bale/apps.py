from django.apps import AppConfig


class BaleConfig(AppConfig):
    name = "hamahang.bale"
    verbose_name = "پیام‌رسان بله"
