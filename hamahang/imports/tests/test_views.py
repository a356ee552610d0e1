import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamahang.imports.kinds import KINDS
from hamahang.imports.models import ImportRun
from hamahang.imports.tests.helpers import workbook
from hamahang.imports.tests.test_bad_files import UNIT_HEADERS, unit_row
from hamahang.units.models import ProductionUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def dabir_client(client):
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    client.force_login(User.objects.get(username="dabir"))
    return client


def upload(client, rows, name="units.xlsx"):
    content = workbook({"واحدها": rows}).getvalue()
    return client.post(
        reverse("imports:import_list"),
        {"kind": "units", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_upload_preview_confirm(dabir_client):
    page = upload(dabir_client, [UNIT_HEADERS, unit_row(1), unit_row(2)]).content.decode()
    assert "پرونده بی‌ایراد است" in page and ProductionUnit.objects.count() == 0
    assert "<li>واحدهای تازه: ۲</li>" in page and "units_created" not in page
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.READY and run.rows == 2
    done = dabir_client.post(
        reverse("imports:import_confirm", args=[run.pk]), follow=True
    ).content.decode()
    assert "ورود انجام شد" in done and ProductionUnit.objects.count() == 2
    assert "<li>واحدهای تازه: ۲</li>" in done and "units_created" not in done
    listing = dabir_client.get(reverse("imports:import_list")).content.decode()
    assert f"<td>{KINDS['units'].TITLE}</td>" in listing and "<td>units</td>" not in listing


def test_every_count_an_import_writes_has_a_persian_label():
    """The keys are read from the code that counts (`counts["…"] += …`), so a new key without
    a label fails here rather than reaching a page as `meetings_updated`."""
    import re
    from pathlib import Path

    from hamahang.imports.counts import COUNT_LABELS, OTHER, count_rows

    root = Path(__file__).resolve().parents[2]
    written = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "bench" in path.parts:
            continue
        for expression in re.findall(r"counts\[([^\]]+)\]\s*\+=", path.read_text()):
            written.update(re.findall(r'"(\w+)"', expression))
    assert {"meetings_updated", "units_created", "followups_created"} <= written
    assert written - set(COUNT_LABELS) == set()
    assert count_rows({"meetings_updated": 2, "unknown_key": 1}) == [
        ("جلسات به‌روزشده", 2),
        (OTHER, 1),
    ]


def test_a_bad_file_shows_every_problem_and_cannot_be_confirmed(dabir_client):
    page = upload(
        dabir_client, [UNIT_HEADERS, unit_row(1, **{"اشتغال فعلی": "بیست"})]
    ).content.decode()
    assert "ردیف ۲، ستون «اشتغال فعلی»: «بیست» عدد نیست." in page
    run = ImportRun.objects.get()
    dabir_client.post(reverse("imports:import_confirm", args=[run.pk]))
    assert ProductionUnit.objects.count() == 0


def test_only_xlsx_files_are_accepted(dabir_client):
    page = dabir_client.post(
        reverse("imports:import_list"),
        {"kind": "units", "file": SimpleUploadedFile("a.csv", b"x,y")},
    ).content.decode()
    assert "فقط پرونده اکسل با پسوند xlsx پذیرفته می‌شود." in page


def test_templates_and_exports_download_as_right_to_left_workbooks(dabir_client):
    import io

    from openpyxl import load_workbook

    template = dabir_client.get(reverse("imports:template", args=["meetings"]))
    export = dabir_client.get(reverse("imports:export", args=["units"]))
    assert export["Content-Disposition"] == 'attachment; filename="export-units.xlsx"'
    assert export.streaming  # written to a temporary file and streamed, never held whole
    for content in (template.content, b"".join(export.streaming_content)):
        book = load_workbook(io.BytesIO(content))
        assert book.worksheets[0].sheet_view.rightToLeft
        assert "راهنما" in book.sheetnames


def test_a_liaison_cannot_import_units(client):
    from hamahang.accounts.models import User
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    client.force_login(User.objects.get(username="samat"))
    content = workbook({"واحدها": [UNIT_HEADERS, unit_row(1)]}).getvalue()
    response = client.post(
        reverse("imports:import_list"),
        {"kind": "units", "file": SimpleUploadedFile("u.xlsx", content)},
    )
    assert response.status_code == 403 and ImportRun.objects.count() == 0
