"""The audit's crafted Excel files, kept: each is refused with a Persian message naming the
problem, and nothing is written. The summary line at the end of the run counts them."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.apps import apps

from hamahang.accounts.models import User
from hamahang.core.identifiers import complete_legal_id
from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.crafted import SHEET1, replace_part, sheet_xml, units_file
from hamahang.imports.tests.helpers import edit, export_bytes
from hamahang.imports.tests.test_bad_files import UNIT_HEADERS, unit_row
from hamahang.imports.writer import write_workbook
from hamahang.meetings.models import Meeting, Resolution
from hamahang.projects.models import NationalSubmission, SubmissionItem

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PERSIAN = set("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _counts() -> dict:
    """Every table an import could write to, and every history and event table."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"units", "projects", "meetings"}
    }


@pytest.fixture
def dabir(demo_db):
    return User.objects.get(username="dabir")


def zip_bomb(size: int) -> bytes:
    """A units workbook whose first sheet inflates to `size` bytes (of one repeated row)."""
    base = write_workbook(__import__("hamahang.imports.kinds", fromlist=["KINDS"]).KINDS["units"])
    head = sheet_xml([["واحدها"], UNIT_HEADERS])[: -len(b"</sheetData></worksheet>")]
    chunk = b'<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>' * 16384

    def stream():
        yield head
        written = len(head)
        while written < size:
            yield chunk
            written += len(chunk)
        yield b"</sheetData></worksheet>"

    return replace_part(base, SHEET1, stream=stream())


def _locked_minutes_change(user) -> tuple[str, bytes]:
    resolution = (
        Resolution.objects.filter(meeting__status=Meeting.Status.APPROVED).order_by("pk").first()
    )
    where = {
        "ستاد": resolution.committee.name,
        "سال": resolution.meeting.jalali_year,
        "شماره جلسه": resolution.meeting.number,
        "شماره مصوبه": resolution.number,
    }
    return "meetings", edit(export_bytes("meetings", user), "مصوبات", where, {"متن مصوبه": "تغییر"})


def _sent_submission_change(user) -> tuple[str, bytes]:
    item = SubmissionItem.objects.filter(submission__status=NationalSubmission.Status.SENT).first()
    where = {"شماره نامه": item.submission.letter_number, "کد طرح": item.project.code}
    return "projects", edit(
        export_bytes("projects", user), "ارسال به دبیرخانه ملی", where, {"عنوان مجموعه": "دیگر"}
    )


def _another_provinces_identifier(user) -> tuple[str, bytes]:
    from hamahang.organizations.models import County, Province
    from hamahang.units.models import ProductionUnit

    province = Province.objects.create(code="crafted", name="استان دیگر آزمون")
    county = County.objects.create(province=province, name="شهرستان دیگر آزمون")
    legal_id = complete_legal_id("1439999999")
    ProductionUnit.objects.create(
        name="واحد استان دیگر",
        legal_id=legal_id,
        county=county,
        province=province,
        kind="industrial",
        ownership="private",
        status="active",
    )
    return "units", units_file([UNIT_HEADERS, unit_row(1, **{"شناسه ملی": legal_id})])


CASES = {
    # name: (build(user) -> (kind, bytes), expected Persian fragment)
    "xxe": (
        lambda u: ("units", units_file([UNIT_HEADERS, ["&xxe;"]], prolog=XXE)),
        "DTD یا ENTITY",
    ),
    "billion_laughs": (
        lambda u: ("units", units_file([UNIT_HEADERS, ["&lol9;"]], prolog=BILLION_LAUGHS)),
        "DTD یا ENTITY",
    ),
    "billion_laughs_behind_a_long_comment": (  # past the DTD scan: defusedxml refuses it
        lambda u: (
            "units",
            units_file(
                [UNIT_HEADERS, ["&lol9;"]],
                prolog="<!--" + "x" * 70_000 + "-->" + BILLION_LAUGHS,
            ),
        ),
        "XML ناامن",
    ),
    "declared_million_rows": (
        lambda u: ("units", units_file([UNIT_HEADERS, unit_row(1)], dimension="A1:R1048576")),
        "ردیف دارد؛ بیشینه",
    ),
    "not_a_zip": (lambda u: ("units", b"PK\x03\x04 this is not a workbook" * 10), "خوانا نیست"),
    "wrong_sheet_names": (
        lambda u: (
            "units",
            replace_part(
                units_file([UNIT_HEADERS]),
                "xl/workbook.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
                b'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
            ),
        ),
        "برگه‌ای به نام «واحدها» در پرونده نیست",
    ),
    "formula": (
        lambda u: (
            "units",
            units_file([UNIT_HEADERS, unit_row(1, **{"نام واحد": "=1+1!formula"})]),
        ),
        "فرمول پذیرفته نیست",
    ),
    "nul_byte": (
        lambda u: ("units", units_file([UNIT_HEADERS, unit_row(1, **{"نام واحد": "واحد_x0000_"})])),
        "نویسه کنترلی",
    ),
    "huge_cell": (
        lambda u: ("units", units_file([UNIT_HEADERS, unit_row(1, **{"نام واحد": "ب" * 20_000})])),
        "نویسه است",
    ),
    "impossible_jalali_date": (
        lambda u: (
            "projects",
            write_workbook(
                __import__("hamahang.imports.kinds", fromlist=["KINDS"]).KINDS["projects"]
            )
            and edit(
                export_bytes("projects", u),
                "طرح‌ها",
                {},
                {"تاریخ شروع": "1400/12/30"},
            ),
        ),
        "کبیسه نیست",
    ),
    "persian_digits_bad_checksum": (
        lambda u: (
            "units",
            units_file([UNIT_HEADERS, unit_row(1, **{"شناسه ملی": "۱۰۱۰۰۳۴۰۰۵۷"})]),
        ),
        "شناسه ملی",
    ),
    "duplicate_rows": (
        lambda u: ("units", units_file([UNIT_HEADERS, unit_row(1), unit_row(1)])),
        "همین برگه هم آمده است.",
    ),
    "contradictory_rows": (
        lambda u: (
            "units",
            units_file([UNIT_HEADERS, unit_row(1), unit_row(1, **{"اشتغال فعلی": 99})]),
        ),
        "ناسازگار است",
    ),
    "locked_minutes_change": (_locked_minutes_change, "تأیید و قفل شده است"),
    "sent_submission_change": (_sent_submission_change, "فرستاده شده و ثابت است"),
    "another_provinces_identifier": (_another_provinces_identifier, "در استان یا حوزه‌ای دیگر"),
    "dtd_only": (
        lambda u: ("units", units_file([UNIT_HEADERS, unit_row(1)], prolog="<!DOCTYPE worksheet>")),
        "DTD یا ENTITY",
    ),
}


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_crafted_file_is_refused_in_persian_and_writes_nothing(name, dabir, crafted_counter):
    build, expected = CASES[name]
    kind, content = build(dabir)
    before = _counts()
    crafted_counter["files"] += 1
    with pytest.raises(ImportRefused) as refused:
        import_file(kind=kind, source=io.BytesIO(content), user=dabir, apply=True)
    messages = [str(p) for p in refused.value.problems]
    assert any(expected in m for m in messages), messages
    assert all(PERSIAN & set(m) for m in messages)
    assert _counts() == before
    crafted_counter["refused"] += 1


def test_more_rows_than_allowed_are_refused_while_streaming(dabir, settings, crafted_counter):
    """A sheet that does not declare its size is counted as it is read, and stopped."""
    settings.IMPORT_LIMITS = {"rows_per_sheet": 30}
    content = units_file([UNIT_HEADERS, *[unit_row(n) for n in range(1, 40)]])
    crafted_counter["files"] += 1
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="units", source=io.BytesIO(content), user=dabir, apply=True)
    assert "بیش از ۳۰ ردیف دارد" in str(refused.value.problems[0])
    crafted_counter["refused"] += 1


def test_a_file_over_the_size_limit_is_refused(dabir, settings, crafted_counter):
    settings.IMPORT_LIMITS = {"file_bytes": 1000}
    content = units_file([UNIT_HEADERS, *[unit_row(n) for n in range(1, 40)]])
    crafted_counter["files"] += 1
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="units", source=io.BytesIO(content), user=dabir, apply=True)
    assert "حجم پرونده" in str(refused.value.problems[0])
    crafted_counter["refused"] += 1


def test_a_zip_bomb_is_refused_in_seconds_with_little_memory(dabir, crafted_counter):
    content = zip_bomb(400 * MB)
    assert len(content) < 5 * MB  # a few megabytes that would inflate to 400 MB
    crafted_counter["files"] += 1
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(ImportRefused) as refused:
            import_file(kind="units", source=io.BytesIO(content), user=dabir, apply=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    cpu = time.process_time() - started
    assert "پس از باز شدن" in str(refused.value.problems[0])
    assert peak < 50 * MB, peak
    assert cpu < 30  # seconds of CPU, not wall time: refused without inflating the part
    crafted_counter["refused"] += 1


BOMB_IN_A_FRESH_PROCESS = """
import io, sys
import django
django.setup()
from hamahang.accounts.models import Role, User
from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.test_crafted_files import zip_bomb
content = zip_bomb(int(sys.argv[1]))
try:
    import_file(kind="units", source=io.BytesIO(content), user=User(role=Role.SECRETARIAT),
                apply=True)
except ImportRefused as refused:
    print(refused.problems[0])
# VmHWM is this process image's own peak: getrusage's ru_maxrss keeps the high-water mark of
# the forked test runner across exec, so it would measure pytest, not the import.
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def test_a_zip_bomb_leaves_a_fresh_server_process_under_500_mb():
    """As a worker would: its own process, its peak resident memory (the audit's server rose
    from 97 MB to 986 MB on a 310 KB file)."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", BOMB_IN_A_FRESH_PROCESS, str(400 * MB)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"},
        check=True,
    )
    refusal, peak_kb = result.stdout.strip().splitlines()[-2:]
    assert "پس از باز شدن" in refusal
    assert int(peak_kb) < 500 * 1024, peak_kb  # kB on Linux
