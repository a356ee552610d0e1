from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hamahang.imports"
    verbose_name = "ورود از اکسل"
