"""Operations endpoints: /healthz for monitors and load balancers, /metrics for Prometheus."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.http import HttpResponseForbidden
from django_prometheus import exports
from health_check.views import HealthCheckView


class _ClosingExecutor(ThreadPoolExecutor):
    """Threads for the synchronous checks that close the database connections they opened, so
    no connection outlives the health request (Django keeps one per thread)."""

    def submit(self, fn, /, *args, **kwargs):
        def run():
            try:
                return fn(*args, **kwargs)
            finally:
                connections.close_all()

        return super().submit(run)


class _HealthView(HealthCheckView):
    def get_executor(self):
        return _ClosingExecutor(max_workers=4, thread_name_prefix="healthz")


_checks = _HealthView.as_view(
    checks=(
        "health_check.checks.Database",
        "health_check.checks.Cache",
        (
            "health_check.contrib.psutil.Disk",
            {
                # The disk the uploaded files grow on (the project's own before the first upload).
                "path": next(
                    str(path)
                    for path in (Path(settings.MEDIA_ROOT), Path(settings.BASE_DIR))
                    if path.exists()
                ),
                "max_disk_usage_percent": float(settings.HAMAHANG_DISK_MAX_PERCENT),
            },
        ),
        "hamahang.core.health.StandbyLag",
        "hamahang.core.health.TaskQueue",
    )
)


async def health(request):
    """503 when a check fails (the service is there but not fit), so that a failing check is
    never mistaken for the application's own error; the body says which check failed."""
    response = await _checks(request)
    if response.status_code == 500:
        response.status_code = 503
    return response


def metrics(request):
    if request.META.get("REMOTE_ADDR") not in settings.METRICS_ALLOWED_IPS:
        return HttpResponseForbidden("دسترسی به سنجه‌ها فقط از درون کارگزار ممکن است.")
    return exports.ExportToDjangoView(request)
