import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from hamahang.bench.load import generate_province, provinces_for
from hamahang.core.versioning import bump_data_version
from hamahang.meetings.models import Meeting
from hamahang.organizations.models import Province


def _generate(province_pk: int, seed: int, fraction: float) -> tuple[str, dict]:
    province = Province.objects.get(pk=province_pk)
    try:
        return province.code, generate_province(province, seed=seed, fraction=fraction)
    finally:
        connections.close_all()


class Command(BaseCommand):
    help = "Build a synthetic dataset: --scale N provinces (1 = one province, 31 = the country)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument(
            "--workload",
            choices=["country", "redmine"],
            default="country",
            help="country: the synthetic provinces; redmine: Redmine's peer workload "
            "(../shared/peers/redmine/load.sql) in Hamahang's schema",
        )
        parser.add_argument("--seed", type=int, default=1405)
        parser.add_argument(
            "--provinces",
            default="",
            help="comma-separated province codes instead of the first --scale (e.g. beside the "
            "demo's Qom)",
        )
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="volume per province (tests use less)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="provinces generated at once (PostgreSQL: one per core; SQLite: 1)",
        )

    def handle(self, *args, scale, seed, fraction, workers, provinces, workload, **options):
        if workload == "redmine":
            return self._redmine()
        if not 1 <= scale <= 31:
            raise CommandError("--scale must be between 1 and 31")
        chosen = provinces_for(scale)
        if provinces:
            codes = [code.strip() for code in provinces.split(",") if code.strip()]
            chosen = list(Province.objects.filter(code__in=codes))
            unknown = set(codes) - {p.code for p in chosen}
            if unknown:
                raise CommandError(f"unknown province codes: {', '.join(sorted(unknown))}")
        started = time.perf_counter()
        pending = []
        for province in chosen:
            if Meeting.objects.filter(
                committee__province=province, place="سالن جلسات استانداری", chair="معاون اقتصادی"
            ).exists():
                self.stdout.write(f"{province.code}: already generated")
            else:
                pending.append(province.pk)
        if connection.vendor != "postgresql":
            workers = 1  # one writer at a time is all SQLite allows
        workers = max(1, min(workers or os.cpu_count() or 1, len(pending) or 1))

        def report(code: str, counts: dict) -> None:
            self.stdout.write(
                f"{code}: "
                + ", ".join(f"{k}={v}" for k, v in counts.items())
                + f" ({time.perf_counter() - started:.0f}s)"
            )

        if workers == 1:
            for pk in pending:
                province = Province.objects.get(pk=pk)
                report(province.code, generate_province(province, seed=seed, fraction=fraction))
        else:
            # Each province is independent (its own agencies, committees, codes), so provinces
            # are generated in parallel processes; the children must not share our connection.
            connections.close_all()
            fork = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=fork) as pool:
                futures = [pool.submit(_generate, pk, seed, fraction) for pk in pending]
                for future in as_completed(futures):
                    report(*future.result())
        bump_data_version()
        if connection.vendor == "postgresql":
            # Fresh planner statistics: without them bulk-loaded tables get poor plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        if pending and fraction == 1.0:
            # make bench reports how long the dataset took to build (bench/dataset.json).
            record = {"scale": scale, "seconds": round(seconds, 1), "workers": workers}
            record["provinces_built"] = len(pending)
            (Path(settings.BASE_DIR) / "bench").mkdir(exist_ok=True)
            (Path(settings.BASE_DIR) / "bench" / "dataset.json").write_text(json.dumps(record))
        self.stdout.write(f"done in {seconds:.1f}s")

    def _redmine(self) -> None:
        from hamahang.bench import peer

        if peer.already_generated():
            self.stdout.write("redmine workload: already generated")
            return
        started = time.perf_counter()
        counts = peer.generate()
        bump_data_version()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.connection.autocommit else "ANALYZE")
        self.stdout.write(
            "redmine workload: "
            + ", ".join(f"{k}={v}" for k, v in counts.items())
            + f" ({time.perf_counter() - started:.0f}s)"
        )
