"""python manage.py setup_province --province khuzestan --admin USERNAME [--password-file F]
[--office-name "…"] [--county اهواز --county دزفول …]

Starts a province on a migrated, empty database: the provinces, the given province's counties,
its economic-affairs office and the office administrator. The administrator signs in and sets
up agencies, committees and people at /office/. The password is read from --password-file or
the HAMAHANG_ADMIN_PASSWORD variable (never from the command line, which others can see)."""

import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamahang.office.services import province_setup


class Command(BaseCommand):
    help = "Start a province: its office, counties and office administrator (then use /office/)."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="province code, e.g. khuzestan")
        parser.add_argument("--admin", required=True, help="the office administrator's username")
        parser.add_argument("--password-file", help="file holding the administrator's password")
        parser.add_argument("--office-name", default="", help="the office's name")
        parser.add_argument("--county", action="append", default=[], help="a county (repeat)")

    def handle(self, *args, **options):
        if options["password_file"]:
            password = Path(options["password_file"]).read_text(encoding="utf-8").strip()
        else:
            password = os.environ.get("HAMAHANG_ADMIN_PASSWORD", "")
        if not password:
            raise CommandError(
                "گذرواژه مدیر را در پرونده‌ای با --password-file یا در متغیر "
                "HAMAHANG_ADMIN_PASSWORD بدهید."
            )
        try:
            result = province_setup(
                province_code=options["province"],
                admin_username=options["admin"],
                admin_password=password,
                office_name=options["office_name"],
                counties=options["county"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"استان {result.province.name}: دفتر «{result.office.name}»، "
            f"{result.counties} شهرستان تازه، مدیر سامانه «{result.admin.username}». "
            "اکنون با این کاربر وارد شوید و از /office/ دستگاه‌ها، ستادها و کاربران را بسازید."
        )
