"""The main navigation: areas appear as their apps provide the URL names."""

from django.urls import NoReverseMatch, reverse

# (URL name, Persian label, Bootstrap icon)
MAIN_AREAS = [
    ("home", "داشبورد", "speedometer2"),
    ("meetings:meeting_list", "جلسات", "calendar-event"),
    ("meetings:resolution_list", "مصوبات", "journal-check"),
    ("meetings:inbox", "کارتابل من", "inbox"),
    ("projects:project_list", "طرح‌ها", "building-gear"),
    ("units:unit_list", "واحدهای تولیدی", "buildings"),
    ("units:case_list", "پرونده‌ها", "folder2-open"),
    ("meetings:referral_queue", "ارجاع‌ها", "arrow-up-right-square"),
    ("reports:report", "گزارش‌ها", "bar-chart-line"),
    ("imports:import_list", "ورود از اکسل", "file-earmark-spreadsheet"),
]


def main_navigation(current_path: str) -> list[dict]:
    items = []
    for url_name, label, icon in MAIN_AREAS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"url": url, "label": label, "icon": icon, "active": active})
    return items
