"""Every import run ends in a final state with its error shown, and can be retried; a run a
dead worker left running is marked failed when next read; formulas round-trip exactly."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse

from hamahang.core import clock
from hamahang.core.cells import escape_formula, unescape_formula
from hamahang.imports.kinds import KINDS
from hamahang.imports.models import ImportRun
from hamahang.imports.services import (
    fail_stale_runs,
    file_sha256,
    import_file,
    import_run_execute,
)
from hamahang.imports.tests.crafted import units_file
from hamahang.imports.tests.test_bad_files import UNIT_HEADERS, unit_row, workbook
from hamahang.imports.tests.test_crafted_files import XXE
from hamahang.imports.writer import write_workbook
from hamahang.units.models import ProductionUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def dabir(db):
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    return User.objects.get(username="dabir")


@pytest.fixture
def dabir_client(client, dabir):
    client.force_login(dabir)
    return client


def make_run(user, content: bytes, name="units.xlsx") -> ImportRun:
    return ImportRun.objects.create(
        kind="units",
        file=ContentFile(content, name=name),
        original_name=name,
        uploaded_by=user,
        sha256=file_sha256(io.BytesIO(content)),
    )


def test_an_xxe_file_ends_its_run_with_the_problem_shown(dabir, dabir_client):
    run = import_run_execute(
        run=make_run(dabir, units_file([UNIT_HEADERS, ["&xxe;"]], prolog=XXE)), apply=False
    )
    assert run.status == ImportRun.Status.INVALID and not run.is_running
    assert "DTD یا ENTITY" in run.problems[0]
    page = dabir_client.get(run.get_absolute_url()).content.decode()
    assert "DTD یا ENTITY" in page and "every 1s" not in page  # no polling for ever


def test_an_unexpected_error_fails_the_run_in_persian_and_it_can_be_retried(
    dabir,
    dabir_client,
    monkeypatch,
):
    content = workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue()
    run = make_run(dabir, content)

    def duplicate(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: units_productionunit.legal_id")

    monkeypatch.setattr(KINDS["units"], "apply", duplicate)
    run = import_run_execute(run=run, apply=True)
    assert run.status == ImportRun.Status.FAILED and run.can_retry
    assert "شناسه تکراری" in run.problems[0] and "دوباره بکوشید" in run.problems[0]
    assert ProductionUnit.objects.count() == 0
    page = dabir_client.get(run.get_absolute_url()).content.decode()
    assert "ورود ناموفق بود" in page and 'id="retry"' in page
    monkeypatch.undo()
    dabir_client.post(reverse("imports:import_retry", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY and run.problems == []


def test_only_a_failed_run_can_be_retried(dabir, dabir_client):
    run = make_run(dabir, workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue())
    run = import_run_execute(run=run, apply=False)
    page = dabir_client.post(
        reverse("imports:import_retry", args=[run.pk]), follow=True
    ).content.decode()
    assert "فقط ورود ناموفق را می‌توان دوباره آزمود." in page
    run.refresh_from_db()
    assert run.status == ImportRun.Status.READY


def test_a_run_left_running_by_a_dead_worker_is_failed_when_next_read(dabir, dabir_client):
    content = workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue()
    old = clock.now() - dt.timedelta(hours=1)
    dead = make_run(dabir, content)
    ImportRun.objects.filter(pk=dead.pk).update(
        status=ImportRun.Status.APPLYING, heartbeat_at=old, created_at=old
    )
    alive = make_run(dabir, content)
    ImportRun.objects.filter(pk=alive.pk).update(
        status=ImportRun.Status.CHECKING, heartbeat_at=clock.now()
    )
    page = dabir_client.get(reverse("imports:import_detail", args=[dead.pk])).content.decode()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportRun.Status.FAILED and dead.can_retry
    assert "نیمه‌کاره قطع شد" in page
    assert alive.status == ImportRun.Status.CHECKING
    assert fail_stale_runs() == 0


def test_the_stale_runs_command_fails_every_run_left_running(dabir):
    run = make_run(dabir, b"x")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKING)
    out = io.StringIO()
    call_command("import_fail_stale", "--minutes", "0", stdout=out)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "1 stale" in out.getvalue()


def test_an_upload_records_the_files_sha256(dabir_client):
    content = workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue()
    from django.core.files.uploadedfile import SimpleUploadedFile

    dabir_client.post(
        reverse("imports:import_list"),
        {"kind": "units", "file": SimpleUploadedFile("u.xlsx", content)},
    )
    import hashlib

    assert ImportRun.objects.get().sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+98 25 3770", "-5٪ رشد", "@همه", "\tتب", "'=قبلاً نقل‌قول‌شده", "'ساده", "عادی"],
)
def test_formula_escaping_is_exactly_undone(text):
    escaped = escape_formula(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_formula(escaped) == text


def test_text_like_a_formula_round_trips_export_import_export_byte_stable(dabir):
    from hamahang.imports.reader import open_workbook, read_sheets

    names = ['=HYPERLINK("http://evil")', "+989121234567", "-واحد منفی", "@واحد"]
    # Such names come from screens (an import refuses a cell starting with = as a formula).
    from hamahang.organizations.models import County
    from hamahang.units import services

    county = County.objects.get(name="قم")
    for n, name in enumerate(names, start=1):
        services.unit_register(
            acting_user=dabir,
            registered_on=dt.date(2024, 1, 1),
            name=name,
            legal_id=unit_row(n)[1],
            kind="industrial",
            ownership="private",
            county=county,
        )
    first = write_workbook(KINDS["units"], KINDS["units"].export(dabir))
    sheet_rows, problems = read_sheets(open_workbook(io.BytesIO(first)), KINDS["units"].SHEETS)
    assert not problems
    assert sorted(r.values["name"] for r in sheet_rows["واحدها"]) == sorted(names)
    _, counts = import_file(kind="units", source=io.BytesIO(first), user=dabir, apply=True)
    assert counts.get("units_updated", 0) == 0 and counts["units_unchanged"] == len(names)
    second = write_workbook(KINDS["units"], KINDS["units"].export(dabir))
    assert sheet_bytes(second) == sheet_bytes(first)
    assert sorted(ProductionUnit.objects.values_list("name", flat=True)) == sorted(names)


def sheet_bytes(content: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")


def test_the_national_submission_export_never_holds_a_formula(dabir):
    from openpyxl import load_workbook

    from hamahang.projects.exports import submission_xlsx
    from hamahang.projects.models import NationalSubmission

    submission = NationalSubmission(
        province=dabir.agency.province,
        title="=cmd|' /C calc'!A0",
        letter_number="+1",
        letter_date=dt.date(2024, 1, 1),
    )
    submission.save()
    book = load_workbook(io.BytesIO(submission_xlsx(submission)))
    sheet = book.active
    a1 = sheet["A1"]
    assert a1.data_type == "s" and a1.value.startswith("'=")
    assert unescape_formula(a1.value).startswith("=cmd")
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_the_page_says_when_the_same_file_was_imported_before(dabir, dabir_client):
    content = workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue()
    first = import_run_execute(run=make_run(dabir, content), apply=True)
    assert first.status == ImportRun.Status.APPLIED
    again = import_run_execute(run=make_run(dabir, content), apply=False)
    page = dabir_client.get(again.get_absolute_url()).content.decode()
    assert 'id="earlier"' in page and "پیش‌تر" in page
    assert again.counts == {"units_unchanged": 1}


def test_a_project_code_like_a_formula_is_not_duplicated_by_export_then_import(dabir):
    from hamahang.organizations.models import Agency, County
    from hamahang.projects import services
    from hamahang.projects.models import Project

    county = County.objects.get(name="قم")
    owner = Agency.objects.filter(province=county.province).exclude(kind="bank").first()
    services.project_create(
        acting_user=dabir,
        code="-1403-07",
        title="+طرح با نشانه",
        sector=Project._meta.get_field("sector").choices[0][0],
        county=county,
        owner=owner,
    )
    first = write_workbook(KINDS["projects"], KINDS["projects"].export(dabir))
    _, counts = import_file(kind="projects", source=io.BytesIO(first), user=dabir, apply=True)
    assert counts == {"projects_unchanged": 1}
    assert list(Project.objects.values_list("code", "title")) == [("-1403-07", "+طرح با نشانه")]
    second = write_workbook(KINDS["projects"], KINDS["projects"].export(dabir))
    assert sheet_bytes(second) == sheet_bytes(first)
