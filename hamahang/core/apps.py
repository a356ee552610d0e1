from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hamahang.core"
    verbose_name = "هسته"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hamahang.core.db import register_sqlite_functions
        from hamahang.core.versioning import on_domain_write

        connection_created.connect(register_sqlite_functions)
        # Cached figures and fragments are keyed on a data version that every domain write
        # raises (a cache key only; no business rule lives in these receivers).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_domain_write, dispatch_uid=f"data-version-{signal}")
