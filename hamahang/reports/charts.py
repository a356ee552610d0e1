"""Chart.js data for the dashboard, derived from the report (drawn by static/js/charts.js)."""

from hamahang.reports.engine import Report

# A label longer than this is broken at spaces into lines (Chart.js draws a list as lines), so
# a long agency name is never cut at the chart's edge («بانک کشا…»).
LINE_CHARS = 14
# Room (px) Chart.js keeps around the plot, so the outermost labels are not clipped.
LAYOUT_PADDING = {"left": 24, "right": 8, "top": 8, "bottom": 0}


def wrap_label(text: str, width: int = LINE_CHARS) -> list[str]:
    """«بانک کشاورزی استان قم» → ["بانک کشاورزی", "استان قم"]; a word is never split."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def chart_data(report: Report) -> dict:
    data = _series(report)
    for spec in data.values():
        spec["labels"] = [wrap_label(label) for label in spec["labels"]]
        spec["padding"] = LAYOUT_PADDING
    return data


def _series(report: Report) -> dict:
    return {
        "meetings": {
            "labels": [c.name for c in report.meetings],
            "series": [
                {"label": "جلسات", "data": [c.meetings for c in report.meetings]},
                {"label": "مصوبات", "data": [c.resolutions for c in report.meetings]},
            ],
        },
        "accountability": {
            "labels": [a.name for a in report.accountability[:15]],
            "series": [
                {"label": "به‌موقع", "data": [a.done_on_time for a in report.accountability[:15]]},
                {"label": "با تأخیر", "data": [a.done_late for a in report.accountability[:15]]},
                {"label": "اجرا نشده", "data": [a.not_done for a in report.accountability[:15]]},
                {"label": "معوق", "data": [a.overdue for a in report.accountability[:15]]},
            ],
            "stacked": True,
        },
        "sectors": {
            "labels": [g.label for g in report.projects.portfolio_by_sector],
            "series": [
                {
                    "label": "طرح‌ها",
                    "data": [g.projects for g in report.projects.portfolio_by_sector],
                },
            ],
        },
    }
