import time

from django.core.management.base import BaseCommand

from hamahang.bale.client import BaleClient, PermanentFailure, TemporaryFailure
from hamahang.bale.models import BaleUpdate
from hamahang.bale.updates import handle_update

RETRY_SECONDS = 5


def next_offset() -> int | None:
    """Where polling goes on: after the largest update already handled."""
    last = BaleUpdate.objects.order_by("-update_id").values_list("update_id", flat=True).first()
    return None if last is None else last + 1


class Command(BaseCommand):
    help = (
        "Receive the Bale bot's updates by long polling (getUpdates), for offices that cannot "
        "receive the webhook. Each update is handled once; the offset is the largest handled "
        "update id plus one, kept in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one getUpdates call, then exit")
        parser.add_argument(
            "--timeout", type=int, default=30, help="long-poll seconds per call (default 30)"
        )

    def handle(self, *args, once, timeout, **options):
        client = BaleClient()
        while True:
            try:
                updates = client.get_updates(offset=next_offset(), timeout=0 if once else timeout)
            except (TemporaryFailure, PermanentFailure) as exc:
                self.stderr.write(str(exc))
                if once:
                    raise SystemExit(1) from exc
                time.sleep(RETRY_SECONDS)  # Bale is down or refuses: ask again a little later
                continue
            for update in updates:
                note = handle_update(update, client=client)
                self.stdout.write(f"{update.get('update_id')}: {note}")
            if once:
                self.stdout.write(f"{len(updates)} updates handled")
                return
