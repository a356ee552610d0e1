"""What `/healthz` checks beyond django-health-check's own database and cache checks: the
standby's replay lag, the background workers, and the disk.

Each check raises django-health-check's exceptions; the page answers 500 when one fails, so
nginx, a load balancer or a monitor can take a broken app server out (see README, production).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from health_check import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning

from hamahang.core import clock, replica


@dataclasses.dataclass
class StandbyLag(HealthCheck):
    """The hot standby answers and replays within the lag the router accepts. A lagging
    standby is a warning, not a failure: heavy reads then go to the primary by themselves."""

    def run(self):
        if not replica.replica_configured():
            return
        state = replica.standby_state()
        if state is None:
            raise ServiceWarning("standby unreachable or not in recovery")
        lag, _replayed = state
        if lag > settings.HAMAHANG_REPLICA_MAX_LAG:
            raise ServiceWarning(f"standby lagging {lag:.1f} s")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """Workers are alive when the database queue drains: no task due for longer than
    `HAMAHANG_WORKER_STALL` seconds is still waiting (with the immediate backend of development
    there is no queue to check)."""

    def run(self):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db."):
            return
        from django_tasks_db.models import DBTaskResult

        stalled_since = clock.now() - dt.timedelta(seconds=settings.HAMAHANG_WORKER_STALL)
        waiting = DBTaskResult.objects.filter(status="READY", run_after__lt=stalled_since)
        if waiting.exists():
            raise ServiceUnavailable("tasks waiting past their time: no worker is taking them")
