"""One writer of the mixed benchmark: liaisons of a province file progress reports on their
open assignments through the ordinary service, at a steady rate, until time is up."""

import json
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from hamahang.accounts.models import Role, User
from hamahang.meetings.models import Assignment, Meeting
from hamahang.meetings.services import assignment_report


class Command(BaseCommand):
    help = "Benchmark writer: progress reports in one province at --rate per second for --seconds."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="province code, e.g. qom")
        parser.add_argument("--rate", type=float, default=5.0)
        parser.add_argument("--seconds", type=float, default=30.0)
        parser.add_argument("--seed", type=int, default=1405)

    def handle(self, *args, province, rate, seconds, seed, **options):
        rng = random.Random(f"{seed}:{province}")
        liaisons = {
            user.agency_id: user
            for user in User.objects.filter(
                agency__province__code=province,
                role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON],
                is_active=True,
            )
        }
        work = list(
            Assignment.objects.filter(
                resolution__committee__province__code=province,
                resolution__meeting__status__in=Meeting.HELD_STATUSES,
                status__in=[Assignment.Status.ISSUED, Assignment.Status.IN_PROGRESS],
                agency_id__in=list(liaisons),
                paused_on__isnull=True,
            )
            .order_by("pk")
            .values_list("pk", "agency_id")[:2000]
        )
        written, failed, latencies = 0, 0, []
        started = time.monotonic()
        next_at = started
        while time.monotonic() - started < seconds:
            next_at += 1 / rate
            pk, agency_id = rng.choice(work)
            began = time.perf_counter()
            try:
                with transaction.atomic():
                    assignment_report(
                        assignment=Assignment.objects.get(pk=pk),
                        acting_user=liaisons[agency_id],
                        text=f"گزارش پیشرفت آزمون بار {written + 1}",
                        progress=rng.randint(1, 99),
                    )
                written += 1
            except Exception:  # counted and reported; the run goes on
                failed += 1
            latencies.append((time.perf_counter() - began) * 1000)
            time.sleep(max(0.0, next_at - time.monotonic()))
        elapsed = time.monotonic() - started
        latencies.sort()
        self.stdout.write(
            json.dumps(
                {
                    "province": province,
                    "written": written,
                    "failed": failed,
                    "seconds": round(elapsed, 1),
                    "write_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1)
                    if latencies
                    else None,
                }
            )
        )
