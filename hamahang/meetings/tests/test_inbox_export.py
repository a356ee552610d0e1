"""A liaison exports its own open work (CSV streamed, XLSX) with the inbox's filters."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hamahang.core.jalali import today
from hamahang.meetings.exports import HEADERS
from hamahang.meetings.models import Assignment
from hamahang.meetings.tests.factories import make_meeting, make_resolutions

pytestmark = pytest.mark.django_db

CSV = "/inbox/export.csv"
XLSX = "/inbox/export.xlsx"


@pytest.fixture
def work(committee, agency_a, agency_b):
    """Agency A: 3 overdue, 2 due later, 1 closed; agency B: 2 overdue."""
    meeting = make_meeting(committee, today() - dt.timedelta(days=60))
    overdue = make_resolutions(
        meeting, [agency_a, agency_b], 2, deadline=today() - dt.timedelta(days=5)
    )
    make_resolutions(meeting, [agency_a], 1, deadline=today() - dt.timedelta(days=3))
    later = make_resolutions(meeting, [agency_a], 2, deadline=today() + dt.timedelta(days=40))
    closed = make_resolutions(meeting, [agency_a], 1, deadline=today() - dt.timedelta(days=9))
    Assignment.objects.filter(resolution__in=closed).update(status="verified_done")
    later[0].text = "تأمین برق شهرک صنعتی سلفچگان"
    later[0].save()
    return overdue, later


def rows_of_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the BOM to read Persian"
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_has_persian_headers_and_only_the_agencys_open_work(client, liaison_a, work):
    client.force_login(liaison_a)
    response = client.get(CSV)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of_csv(response)
    assert rows[0] == HEADERS and rows[0][0] == "کد مصوبه"
    assert len(rows) - 1 == 5  # 3 overdue + 2 later; the closed one and agency B's are not
    assert {r[3] for r in rows[1:]} == {liaison_a.agency.name}
    overdue = [r for r in rows[1:] if r[8] == "بله"]
    assert len(overdue) == 3
    assert {r[6] for r in rows[1:]} == {"ابلاغ شده"}


def test_csv_follows_the_inbox_filters(client, liaison_a, work):
    client.force_login(liaison_a)
    rows = rows_of_csv(client.get(CSV, {"section": "overdue"}))
    assert len(rows) - 1 == 3 and all(r[8] == "بله" for r in rows[1:])
    rows = rows_of_csv(client.get(CSV, {"q": "برق سلفچگان"}))
    assert len(rows) - 1 == 1 and "سلفچگان" in rows[1][2]


def test_bad_filters_fall_back_to_the_defaults(client, liaison_a, work):
    client.force_login(liaison_a)
    rows = rows_of_csv(client.get(CSV, {"section": "هیچ", "days": "abc"}))
    assert len(rows) - 1 == 5  # an unknown section is "all open", bad days the default
    assert client.get("/inbox/export.pdf").status_code == 404


def test_xlsx_is_a_right_to_left_sheet_of_the_same_rows(client, liaison_a, work):
    client.force_login(liaison_a)
    response = client.get(XLSX, {"section": "overdue"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert "کارهای باز" in values[0][0]
    assert list(values[1]) == HEADERS
    data = values[2:]
    assert len(data) == 3 and all(row[8] == "بله" for row in data)
    assert all(row[7] == 0 for row in data)  # progress is a number, not text


def test_only_a_liaison_may_export(client, secretariat_user, work):
    client.force_login(secretariat_user)
    response = client.get(CSV)
    assert response.status_code == 403
    client.logout()
    assert client.get(CSV).status_code == 302  # to the sign-in page


def test_queries_do_not_grow_with_rows(client, liaison_a, committee, agency_a):
    client.force_login(liaison_a)
    meeting = make_meeting(committee, today() - dt.timedelta(days=30))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(CSV)
            rows = rows_of_csv(response)
        return len(captured), len(rows) - 1

    make_resolutions(meeting, [agency_a], 3)
    few, count = queries()
    assert count == 3
    make_resolutions(meeting, [agency_a], 60)
    many, count = queries()
    assert count == 63
    assert many == few <= 6


def test_the_inbox_offers_the_export_with_its_filters(client, liaison_a, work):
    client.force_login(liaison_a)
    page = client.get("/inbox/", {"section": "overdue", "q": "برق"}).content.decode()
    assert "خروجی اکسل" in page and "خروجی CSV" in page
    assert "/inbox/export.csv?days=7&amp;q=%D8%A8%D8%B1%D9%82&amp;section=overdue" in page
