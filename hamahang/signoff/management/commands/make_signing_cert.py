"""Write a self-signed PKCS#12 certificate for signing minutes (a demo or tests; a province
uses its own certificate from its certification authority)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hamahang.signoff.certificates import write_self_signed_p12


class Command(BaseCommand):
    help = "Creates a self-signed PKCS#12 certificate (HAMAHANG_SIGNING_P12) for signing minutes."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="", help="path (default: HAMAHANG_SIGNING_P12)")
        parser.add_argument(
            "--password", default=None, help="default: HAMAHANG_SIGNING_P12_PASSWORD"
        )
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")

    def handle(self, *args, output, password, force, **options):
        path = Path(output or settings.HAMAHANG_SIGNING_P12)
        if path.exists() and not force:
            raise CommandError(f"{path} هست؛ برای بازنویسی --force بدهید.")
        if password is None:
            password = settings.HAMAHANG_SIGNING_P12_PASSWORD
        write_self_signed_p12(path, password=password, now=dt.datetime.now(dt.UTC))
        self.stdout.write(f"گواهی خودامضا در {path} نوشته شد.")
