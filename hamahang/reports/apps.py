from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hamahang.reports"
    verbose_name = "گزارش‌ها"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from hamahang.reports.cache import on_domain_write

        # Cached report figures are keyed on a data version that every domain write raises.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_domain_write, dispatch_uid=f"report-cache-{signal}")
