from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hamahang.imports"
    verbose_name = "ورود از اکسل"

    def ready(self):
        from hamahang.imports import signals

        signals.connect()  # no database access here
