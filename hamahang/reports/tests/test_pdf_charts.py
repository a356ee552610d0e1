"""The report PDF's charts name each committee, agency and sector in full, shaped Persian."""

import pytest

from hamahang.core.jalali import Period
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.organizations.models import Province
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.exports import to_pdf

pytestmark = pytest.mark.django_db


def test_the_pdf_charts_carry_full_labels(demo_db):
    qom = Province.objects.get(code="qom")
    report = build_report(
        period=Period.parse("1399/01/01", "1399/06/31"), scope=Scope(province_id=qom.pk)
    )
    labels = [c.name for c in report.meetings if c.resolutions]
    labels += [a.name for a in report.accountability[:12]]
    assert len(labels) >= 4 and any(len(label) > 20 for label in labels)

    text = pdf_text_key(to_pdf(report))
    charts = text.split(pdf_key("مصوبات هر ستاد"), 1)[1].split(pdf_key("طرح‌ها بر پایه بخش"))[0]
    # Each label is in the chart's text whole (an SVG label came out as one letter).
    for label in labels:
        assert pdf_key(label) in charts, label
