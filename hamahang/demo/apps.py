from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hamahang.demo"
    verbose_name = "داده‌های نمایشی"
