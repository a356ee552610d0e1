"""Chart.js data for the dashboard, derived from the report (drawn by static/js/charts.js)."""

from hamahang.reports.engine import Report


def chart_data(report: Report) -> dict:
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
