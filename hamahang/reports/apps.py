from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hamahang.reports"
    verbose_name = "گزارش‌ها"
