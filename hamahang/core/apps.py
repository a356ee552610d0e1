from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hamahang.core"
    verbose_name = "هسته"
