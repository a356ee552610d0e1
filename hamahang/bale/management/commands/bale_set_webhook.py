from django.core.management.base import BaseCommand, CommandError

from hamahang.bale.client import BaleClient, PermanentFailure, TemporaryFailure


class Command(BaseCommand):
    help = (
        "Tell Bale where to post the bot's updates: the site's address followed by "
        "/bale/webhook/<BALE_WEBHOOK_SECRET>/ (e.g. https://hamahang.example.ir)."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="the site's public https address (or the full webhook URL)")

    def handle(self, *args, url, **options):
        from django.conf import settings
        from django.urls import reverse

        if not settings.BALE_WEBHOOK_SECRET:
            raise CommandError(
                "BALE_WEBHOOK_SECRET is not set: the webhook would refuse everything"
            )
        path = reverse("bale:webhook", args=[settings.BALE_WEBHOOK_SECRET])
        full = url if "/bale/webhook/" in url else url.rstrip("/") + path
        try:
            BaleClient().set_webhook(full)
        except (TemporaryFailure, PermanentFailure) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"webhook set: {full.replace(settings.BALE_WEBHOOK_SECRET, '…')}")
