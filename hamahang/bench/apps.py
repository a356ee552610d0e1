from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "hamahang.bench"
    verbose_name = "سنجش کارایی"
