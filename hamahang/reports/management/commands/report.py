"""python manage.py report --from 1399/01/01 --to 1399/06/31
[--scope province|county|committee|country] [--province qom] [--county NAME] [--committee ID|NAME]
[--agency ID] [--sector S] --format text|json|xlsx|pdf|csv [--output FILE]

`--format text` prints the press statement. Same engine as the dashboard and the exports.
The report covers the office's own province (settings.HAMAHANG_PROVINCE) unless `--province`
or `--scope` says otherwise: `--scope county --county کاشان`, `--scope committee --committee 3`
or `--committee "ستاد تسهیل"` (an id or words of its name, told apart by the Persian search
key; its projects and cases are those its resolutions concern), `--scope country`. A `--county`
or `--committee` given alone sets that scope. The scope is always named on standard error."""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hamahang.core.digits import to_ascii_digits, to_persian_digits
from hamahang.core.jalali import JalaliDateError, Period, PeriodError
from hamahang.core.jsonenc import PlainJSONEncoder
from hamahang.core.text import matches, normalize_text
from hamahang.organizations.models import Committee, County, Province
from hamahang.projects.models import Sector
from hamahang.reports import exports
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

FORMATS = ["text", "json", "xlsx", "pdf", "csv"]
SCOPES = ["province", "county", "committee", "country"]


class Command(BaseCommand):
    help = "Report a Jalali period (and scope) as the press statement, json, xlsx, pdf or csv."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", required=True, help="Jalali start, e.g. 1399/01/01"
        )
        parser.add_argument("--to", dest="end", required=True, help="Jalali end, e.g. 1399/06/31")
        parser.add_argument(
            "--province",
            help="province code (default: the office's own, HAMAHANG_PROVINCE; 'all': the country)",
        )
        parser.add_argument(
            "--scope",
            choices=SCOPES,
            help="province (default), county (with --county), committee (with --committee), "
            "or country: every province (the national secretariat's view)",
        )
        parser.add_argument("--county", help="county name")
        parser.add_argument("--committee", help="committee id, or words of its name")
        parser.add_argument("--agency", type=int, help="agency id")
        parser.add_argument("--sector", choices=list(Sector.values))
        parser.add_argument("--format", choices=FORMATS, default="text")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            period = Period.parse(options["start"], options["end"])
        except (JalaliDateError, PeriodError) as error:
            raise CommandError(error.message) from error
        kind = options["scope"] or (
            "committee" if options["committee"] else "county" if options["county"] else "province"
        )
        if kind == "county" and not options["county"]:
            raise CommandError("برای گزارش یک شهرستان نام آن را با --county بدهید.")
        if kind == "committee" and not options["committee"]:
            raise CommandError("برای گزارش یک ستاد شناسه آن را با --committee بدهید.")
        if kind in {"country", "province"} and (options["county"] or options["committee"]):
            whole = "کل کشور" if kind == "country" else "کل استان"
            raise CommandError(
                f"گزارش {whole} شهرستان یا ستاد نمی‌گیرد؛ --county و --committee را بردارید "
                "یا --scope county / --scope committee بدهید."
            )
        if kind == "county" and options["committee"]:
            raise CommandError("گزارش شهرستان ستاد نمی‌گیرد؛ --committee را بردارید.")
        committee = (
            self._committee(options["committee"], options["province"])
            if kind == "committee"
            else None
        )
        province = "all" if kind == "country" else options["province"]
        province_id = committee.province_id if committee else self._province(province)
        county_id = self._county(options["county"], province_id) if kind == "county" else None
        scope = Scope(
            province_id=province_id,
            county_id=county_id,
            committee_id=committee.pk if committee else None,
            agency_id=options["agency"],
            sector=options["sector"],
        )
        report = build_report(period=period, scope=scope)
        self.stderr.write(f"قلمرو گزارش: {scope.label()}")
        fmt = options["format"]
        if fmt == "text":
            content = (build_statement(report) + "\n").encode("utf-8")
        elif fmt == "json":
            content = json.dumps(
                report.to_dict(), ensure_ascii=False, indent=2, cls=PlainJSONEncoder
            ).encode()
        elif fmt == "xlsx":
            content = exports.to_xlsx(report)
        elif fmt == "csv":
            content = exports.to_csv(report)
        else:
            content = exports.to_pdf(report, build_statement(report))
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stderr.write(f"written {options['output']} ({len(content)} bytes)")
        elif fmt in {"xlsx", "pdf"}:
            raise CommandError(f"--format {fmt} needs --output FILE")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    def _province(self, code):
        if code == "all":
            return None
        if code:
            try:
                return Province.objects.get(code=code).pk
            except Province.DoesNotExist as error:
                raise CommandError(f"استان با کد «{code}» شناخته نیست.") from error
        own = settings.HAMAHANG_PROVINCE
        try:
            return Province.objects.get(code=own).pk
        except Province.DoesNotExist as error:
            raise CommandError(
                f"استان دفتر (HAMAHANG_PROVINCE={own}) در پایگاه داده نیست؛ "
                "کد استان را با --province بدهید یا برای کل کشور --scope country."
            ) from error

    def _county(self, name, province_id):
        counties = County.objects.filter(name=name)
        if province_id:
            counties = counties.filter(province_id=province_id)
        county = counties.first()
        if county is None:
            raise CommandError(f"شهرستان «{name}» در این استان شناخته نیست.")
        return county.pk

    def _committee(self, given: str, province_code: str | None):
        """A committee by its id (Persian digits too) or by words of its name, compared by
        the Persian search key (core.text) as people type them: «ستاد تسهیل», «تسهيل»."""
        text = to_ascii_digits(normalize_text(given))
        if text.isdigit():
            committee = Committee.objects.filter(pk=int(text)).first()
            if committee is None:
                raise CommandError(f"ستادی با شناسه {to_persian_digits(text)} نیست.")
            return committee
        committees = Committee.objects.select_related("province").order_by("pk")
        if province_code and province_code != "all":
            committees = committees.filter(province__code=province_code)
        found = [c for c in committees if matches(given, c.name)]
        if not found:
            raise CommandError(f"ستادی به نام «{given}» نیست.")
        if len(found) > 1:
            names = "، ".join(f"«{c.name}» (شناسه {to_persian_digits(c.pk)})" for c in found[:10])
            raise CommandError(
                f"چند ستاد با «{given}» می‌خواند: {names}؛ نام کامل‌تر یا شناسه را بدهید."
            )
        return found[0]
