from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hamahang.core"
    verbose_name = "هسته"

    def ready(self):
        from django.db.backends.signals import connection_created

        from hamahang.core.db import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
