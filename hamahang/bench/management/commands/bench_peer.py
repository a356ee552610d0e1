import json

from django.core.cache import cache
from django.core.management.base import BaseCommand

from hamahang.bench.peer_measure import render, run


class Command(BaseCommand):
    help = (
        "Measure Hamahang beside Redmine on Redmine's workload (issue 20); writes "
        "bench/peer.json and the peer table in BENCHMARKS.md. Needs puma on 127.0.0.1:3000 "
        "(../shared/peers/redmine/setup.sh) and the workload loaded in both systems."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-redmine",
            action="store_true",
            help="reuse Redmine's figures from the last bench/peer.json (Hamahang only)",
        )

        parser.add_argument(
            "--render-only",
            action="store_true",
            help="rewrite the table from bench/peer.json (after editing bench/PEER_NOTES.md)",
        )

    def handle(self, *args, skip_redmine, render_only, **options):
        if render_only:
            render()
            return
        cache.clear()  # entries from an earlier dataset must not be found
        result = run(skip_redmine=skip_redmine)
        self.stdout.write(json.dumps(result["comparison"], ensure_ascii=False, indent=2))
