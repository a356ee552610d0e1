from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "hamahang.units"
    verbose_name = "واحدهای تولیدی و پرونده‌ها"
