"""Upload a template, see the preview's problems, fix the file, import it, see the rows."""

import pytest
from playwright.sync_api import expect

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import TEST_PASSWORD, UserFactory
from hamahang.imports.tests.test_bad_files import UNIT_HEADERS, unit_row, workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_fix_and_import(page, login, tmp_path):
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    UserFactory(
        username="dabir5", role=Role.SECRETARIAT, agency=User.objects.get(username="dabir").agency
    )
    login("dabir5", TEST_PASSWORD)

    # The office downloads the template first.
    page.goto("/imports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="قالب خالی").first.click()
    assert download.value.suggested_filename == "template-units.xlsx"

    bad = tmp_path / "units.xlsx"
    bad.write_bytes(
        workbook(
            {
                "واحدها": [
                    UNIT_HEADERS,
                    unit_row(1, **{"نام واحد": "شرکت ریسندگی البرز"}),
                    unit_row(2, **{"شهرستان": "اصفهان"}),
                ]
            }
        ).getvalue()
    )
    page.locator("#id_kind").select_option("units")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="بارگذاری و بررسی").click()
    expect(page.locator("#problems")).to_contain_text("شهرستان «اصفهان» شناخته نیست.")
    expect(page.locator("#problems")).to_contain_text("ردیف ۳")

    good = tmp_path / "units-fixed.xlsx"
    good.write_bytes(
        workbook(
            {
                "واحدها": [
                    UNIT_HEADERS,
                    unit_row(1, **{"نام واحد": "شرکت ریسندگی البرز"}),
                    unit_row(2, **{"شهرستان": "کهک"}),
                ]
            }
        ).getvalue()
    )
    page.goto("/imports/")
    page.locator("#id_kind").select_option("units")
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="بارگذاری و بررسی").click()
    expect(page.locator("#preview")).to_contain_text("پرونده بی‌ایراد است")
    page.get_by_role("button", name="تأیید و ورود").click()
    expect(page.locator("#applied")).to_contain_text("ورود انجام شد")

    page.goto("/units/")
    expect(page.locator("#unit-table")).to_contain_text("شرکت ریسندگی البرز")
    expect(page.locator("#unit-table")).to_contain_text("واحد 2")
