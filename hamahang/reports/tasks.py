"""Background work of the reports: the stored per-province figures kept current."""

from django_tasks import task

from hamahang.core.jalali import today
from hamahang.reports import partials


@task()
def refresh_report_figures() -> int:
    return partials.refresh(today())
