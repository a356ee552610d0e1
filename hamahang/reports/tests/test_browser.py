import pytest

from hamahang.demo.services import demo_load
from hamahang.demo.users import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_demo_user_signs_in_and_sees_the_persian_dashboard(page, login):
    demo_load(with_history=False)
    login("dabir", DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "داشبورد"
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The two provincial HQs and the Kahak and Jafarabad county working groups.
    assert page.locator('[data-figure="committees"]').inner_text() == "۴"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert page.evaluate("typeof window.htmx") == "object"


def test_the_agency_chart_draws_long_labels_whole(page, login, tmp_path):
    """«سرانجام تکالیف دستگاه‌ها» at 1366 px: its leftmost label was cut to «بانک کشا»."""
    from hamahang.organizations.models import County

    demo_load()
    kahak = County.objects.get(name="کهک")
    login("modir", DEMO_PASSWORD)
    page.goto(f"/reports/?period=y1405&county={kahak.pk}")
    canvas = "document.querySelector(\"canvas[data-chart='accountability']\")"
    page.wait_for_function(f"window.Chart && Chart.getChart({canvas})")
    chart = page.evaluate(
        """() => {
        const canvas = document.querySelector("canvas[data-chart='accountability']");
        const chart = Chart.getChart(canvas);
        const x = chart.scales.x;
        const ctx = chart.ctx;
        const widest = Math.max(...x.getLabelItems().map((item) => {
            const lines = Array.isArray(item.label) ? item.label : [item.label];
            ctx.font = item.font.string;
            return Math.max(...lines.map((line) => ctx.measureText(line).width));
        }));
        const lefts = x.getLabelItems().map((item) => item.options.translation[0]);
        return {labels: chart.data.labels, rotation: x.labelRotation, left: Math.min(...lefts),
                widest: widest, width: chart.width};
    }"""
    )
    page.screenshot(path=str(tmp_path / "report-chart.png"), full_page=True)
    assert chart["labels"] and all(isinstance(label, list) for label in chart["labels"])
    assert chart["rotation"] == 0
    # The leftmost label's centre leaves room for half its widest line inside the canvas.
    assert chart["left"] - chart["widest"] / 2 >= 0
