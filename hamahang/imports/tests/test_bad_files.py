"""A corpus of bad files: each gets precise Persian problems, and nothing is written."""

import datetime as dt
import io

import pytest

from hamahang.core.identifiers import complete_legal_id
from hamahang.imports.kinds import KINDS
from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.helpers import workbook
from hamahang.imports.writer import write_workbook
from hamahang.projects.models import Project
from hamahang.units.models import ProductionUnit

pytestmark = pytest.mark.django_db

UNIT_HEADERS = [
    "نام واحد",
    "شناسه ملی",
    "کد ملی مالک",
    "نوع واحد",
    "شهرستان",
    "مالکیت",
    "وضعیت",
    "اشتغال فعلی",
    "درصد استفاده از ظرفیت",
]


@pytest.fixture
def dabir(db):
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    return User.objects.get(username="dabir")


def unit_row(n, **overrides):
    row = {
        "نام واحد": f"واحد {n}",
        "شناسه ملی": complete_legal_id(f"1430{n:06d}"),
        "کد ملی مالک": None,
        "نوع واحد": "صنعتی",
        "شهرستان": "قم",
        "مالکیت": "خصوصی",
        "وضعیت": "فعال",
        "اشتغال فعلی": 10,
        "درصد استفاده از ظرفیت": 50,
    }
    row.update(overrides)
    return [row[h] for h in UNIT_HEADERS]


def refused(kind, source, user) -> list[str]:
    with pytest.raises(ImportRefused) as error:
        import_file(kind=kind, source=source, user=user, apply=True)
    return [str(p) for p in error.value.problems]


def test_a_good_file_with_real_world_quirks_is_imported(dabir):
    rows = [
        ["فهرست واحدهای استان"],  # a title row above the headers, as offices keep them
        UNIT_HEADERS,
        unit_row(
            1, **{"نام واحد": "شركت كاشي", "اشتغال فعلی": "۱٬۲۰۰", "شناسه ملی": "۱۰۱۰۰۳۴۰۰۵۶"}
        ),
        unit_row(2, **{"شهرستان": "كهك", "درصد استفاده از ظرفیت": "٤٠"}),
        [None] * len(UNIT_HEADERS),
        [None] * len(UNIT_HEADERS),  # trailing empty rows
    ]
    total, counts = import_file(
        kind="units", source=workbook({"واحدها": rows}), user=dabir, apply=True
    )
    assert total == 2 and counts["units_created"] == 2
    unit = ProductionUnit.objects.get(legal_id="10100340056")
    assert unit.name == "شرکت کاشی" and unit.jobs == 1200


def test_imported_units_carry_history_naming_the_importer_and_a_new_version(dabir):
    rows = [UNIT_HEADERS, unit_row(1), unit_row(2)]
    import_file(kind="units", source=workbook({"واحدها": rows}), user=dabir, apply=True)
    unit = ProductionUnit.objects.get(legal_id=complete_legal_id("1430000001"))
    assert unit.search_text and "واحد" in unit.search_text  # found by the list's search
    created = unit.history.get()
    assert created.history_user == dabir and created.history_type == "+"
    again = [UNIT_HEADERS, unit_row(1, **{"اشتغال فعلی": 25}), unit_row(2)]
    _, counts = import_file(
        kind="units", source=workbook({"واحدها": again}), user=dabir, apply=True
    )
    # Only the changed unit is written; the unchanged one gets no history row.
    assert counts["units_updated"] == 1 and counts["units_unchanged"] == 1
    assert ProductionUnit.objects.count() == 2
    unit.refresh_from_db()
    assert unit.jobs == 25 and unit.version == 2  # a form opened before the import is stale
    latest = unit.history.latest()
    assert latest.history_type == "~" and "ورود از اکسل" in latest.history_change_reason
    other = ProductionUnit.objects.get(legal_id=complete_legal_id("1430000002"))
    assert other.history.count() == 1 and other.version == 1


def test_merged_header_cells_and_excel_date_cells_are_read(dabir):
    content = write_workbook(KINDS["projects"])  # the template: merged title row
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book["طرح‌ها"]
    sheet.append(
        [
            "P-1",
            "طرح آزمایشی",
            "صنعت و معدن",
            "",
            "قم",
            "معاونت اقتصادی",
            "",
            "",
            "مصوب",
            10,
            dt.datetime(2026, 4, 4),
            "1406/12/29",
            5,
            0,
            0,
            "",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    import_file(kind="projects", source=buffer, user=dabir, apply=True)
    assert Project.objects.get(code="P-1").start_date == dt.date(2026, 4, 4)


@pytest.mark.parametrize(
    ("kind", "sheets", "expected"),
    [
        ("units", {"Sheet1": [UNIT_HEADERS, unit_row(1)]}, "برگه‌ای به نام «واحدها» در پرونده نیست"),
        (
            "units",
            {"واحدها": [UNIT_HEADERS[:4] + UNIT_HEADERS[5:], unit_row(1)[:4] + unit_row(1)[5:]]},
            "ستون «شهرستان»: این ستون در پرونده نیست",
        ),
        (
            "units",
            {"واحدها": [[h if h != "شهرستان" else "شهر" for h in UNIT_HEADERS], unit_row(1)]},
            "ستون «شهرستان»: این ستون در پرونده نیست",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1, **{"اشتغال فعلی": "بیست"})]},
            "ردیف ۲، ستون «اشتغال فعلی»: «بیست» عدد نیست.",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1, **{"اشتغال فعلی": "=A1*2"})]},
            "فرمول پذیرفته نیست",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1, **{"شناسه ملی": "10100340057"})]},
            "شناسه ملی «۱۰۱۰۰۳۴۰۰۵۷» معتبر نیست",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1), unit_row(1)]},
            "ردیف ۳، ستون «شناسه ملی»: این شناسه در ردیف ۲ همین برگه هم آمده است.",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1, **{"شهرستان": "اصفهان"})]},
            "شهرستان «اصفهان» شناخته نیست.",
        ),
        (
            "units",
            {"واحدها": [UNIT_HEADERS, unit_row(1, **{"وضعیت": "نیمه تعطیل"})]},
            "«نیمه تعطیل» از گزینه‌های مجاز نیست",
        ),
    ],
)
def test_bad_unit_files_are_refused_precisely(dabir, kind, sheets, expected):
    problems = refused(kind, workbook(sheets), dabir)
    assert any(expected in p for p in problems), problems
    assert ProductionUnit.objects.count() == 0


PROJECT_HEADERS = ["کد طرح", "عنوان", "بخش", "شهرستان", "واحد متولی", "وضعیت", "تاریخ شروع"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["P-1", "الف", "صنعت و معدن", "قم", "اداره ناموجود", "مصوب", ""]],
            "دستگاه «اداره ناموجود» شناخته نیست.",
        ),
        (
            [["P-1", "الف", "صنعت و معدن", "قم", "صمت", "مصوب", "1400/12/30"]],
            "ردیف ۲، ستون «تاریخ شروع»: سال ۱۴۰۰ کبیسه نیست",
        ),
        (
            [
                ["P-1", "الف", "صنعت و معدن", "قم", "صمت", "مصوب", ""],
                ["P-1", "ب", "کشاورزی", "قم", "صمت", "مصوب", ""],
            ],
            "این مورد در ردیف ۲ همین برگه هم آمده است.",
        ),
        ([["P-1", "الف", "صنعت و معدن", "قم", "صمت", "مصوب", 45000]], "«45000» تاریخ نیست"),
    ],
)
def test_bad_project_files_are_refused_precisely(dabir, rows, expected):
    problems = refused("projects", workbook({"طرح‌ها": [PROJECT_HEADERS, *rows]}), dabir)
    assert any(expected in p for p in problems), problems
    assert Project.objects.count() == 0


def test_an_unreadable_file_is_refused(dabir):
    problems = refused("units", io.BytesIO(b"this is not a spreadsheet"), dabir)
    assert "کارپوشه اکسل (xlsx) خوانا نیست" in problems[0]


def test_twenty_thousand_rows_with_one_bad_row_at_the_end_write_nothing(dabir):
    rows = [UNIT_HEADERS] + [unit_row(n) for n in range(1, 20_000)]
    rows.append(unit_row(20_000, **{"درصد استفاده از ظرفیت": "زیاد"}))
    problems = refused("units", workbook({"واحدها": rows}), dabir)
    assert problems == ["برگه «واحدها»، ردیف ۲۰۰۰۱، ستون «درصد استفاده از ظرفیت»: «زیاد» عدد نیست."]
    assert ProductionUnit.objects.count() == 0


def test_a_problem_found_while_writing_rolls_everything_back(dabir):
    rows = [UNIT_HEADERS, unit_row(1), unit_row(2), unit_row(3, **{"شهرستان": "اصفهان"})]
    refused("units", workbook({"واحدها": rows}), dabir)
    assert ProductionUnit.objects.count() == 0


def test_a_liaison_imports_followups_for_its_own_assignments_only(dabir):
    from hamahang.accounts.models import User
    from hamahang.meetings import services
    from hamahang.meetings.models import FollowUp
    from hamahang.meetings.tests.factories import held_meeting
    from hamahang.organizations.models import Agency, Committee

    meeting = held_meeting(Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), dabir)
    resolution = services.resolution_create(
        meeting=meeting,
        text="گزارش دهند",
        acting_user=dabir,
        assignments=[
            services.AssignmentSpec(Agency.objects.get(short_name=n), dt.date(2026, 12, 1))
            for n in ("صمت", "امور مالیاتی")
        ],
    )
    headers = ["ستاد", "کد مصوبه", "دستگاه", "شرح اقدام", "پیشرفت (درصد)", "اعلام انجام کامل"]
    ours = [meeting.committee.name, resolution.code, "صمت", "انجام شد", 100, "بله"]
    theirs = [meeting.committee.name, resolution.code, "امور مالیاتی", "دستکاری", 100, "بله"]
    samat = User.objects.get(username="samat")
    problems = refused("followups", workbook({"گزارش‌های پیگیری": [headers, ours, theirs]}), samat)
    assert "یافت نشد یا در دسترس شما نیست" in problems[0]
    assert FollowUp.objects.count() == 0
    for _ in range(2):
        import_file(
            kind="followups",
            source=workbook({"گزارش‌های پیگیری": [headers, ours]}),
            user=samat,
            apply=True,
        )
    assert FollowUp.objects.count() == 1
