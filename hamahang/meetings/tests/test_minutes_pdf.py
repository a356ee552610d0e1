"""The minutes PDF numbers its agenda in Persian digits (the new-user probe found «1. 2. 3.»)."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from hamahang.meetings.models import AgendaItem
from hamahang.meetings.tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_minutes_agenda_is_numbered_in_persian_digits(secretariat_client, committee):
    meeting = make_meeting(committee, dt.date(2020, 9, 15))
    for order, title in enumerate(
        ["گزارش شهرک صنعتی سلفچگان", "تمدید مجوز کارخانه آجر", "تسهیلات گلخانه‌ها"], start=1
    ):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title)
    response = secretariat_client.get(reverse("meetings:meeting_minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "دستور جلسه" in text
    for digit in "۱۲۳":
        assert digit in text
    assert re.findall("[0-9]", text) == []
