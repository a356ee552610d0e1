"""What an import changed, in the words its reader sees: each count key of the services'
`counts` (e.g. `meetings_updated`) has its Persian label here, in the order shown."""

from __future__ import annotations

COUNT_LABELS = {
    "meetings_created": "جلسات تازه",
    "meetings_updated": "جلسات به‌روزشده",
    "meetings_moved": "جلسات با وضعیت تازه",
    "meetings_unchanged": "جلسات بدون تغییر",
    "resolutions_created": "مصوبات تازه",
    "resolutions_updated": "مصوبات به‌روزشده",
    "resolutions_unchanged": "مصوبات بدون تغییر",
    "assignments_created": "تکالیف تازه",
    "assignments_updated": "تکالیف به‌روزشده",
    "assignments_unchanged": "تکالیف بدون تغییر",
    "followups_created": "گزارش‌های پیگیری تازه",
    "outcomes_created": "دستاوردهای تازه",
    "referrals_created": "ارجاع‌های تازه",
    "skipped_existing": "ردیف‌های پیش‌تر ثبت‌شده (کنار گذاشته شد)",
    "units_created": "واحدهای تازه",
    "units_updated": "واحدهای به‌روزشده",
    "units_unchanged": "واحدهای بدون تغییر",
    "events_added": "رویدادهای تازه واحدها",
    "events_unchanged": "رویدادهای بدون تغییر",
    "cases_created": "پرونده‌های تازه",
    "cases_updated": "پرونده‌های به‌روزشده",
    "cases_unchanged": "پرونده‌های بدون تغییر",
    "projects_created": "طرح‌های تازه",
    "projects_updated": "طرح‌های به‌روزشده",
    "projects_unchanged": "طرح‌های بدون تغییر",
    "investments_added": "اقلام سرمایه‌گذاری افزوده",
    "investments_removed": "اقلام سرمایه‌گذاری حذف‌شده",
    "investments_unchanged": "اقلام سرمایه‌گذاری بدون تغییر",
    "contracts_created": "قراردادهای تازه",
    "contracts_advanced": "قراردادهای با مرحله تازه",
    "contracts_unchanged": "قراردادهای بدون تغییر",
    "submissions_created": "ارسال‌های تازه به ستاد ملی",
    "submission_items_created": "اقلام تازه ارسال",
    "submission_items_unchanged": "اقلام ارسال بدون تغییر",
    "submission_outcomes_recorded": "نتیجه‌های ثبت‌شده ارسال",
    "problems": "ایرادها",
}

OTHER = "سایر تغییرها"


def count_rows(counts: dict | None) -> list[tuple[str, int]]:
    """(Persian label, number) for each count, in the labels' order; a key without a label
    (none is expected: a test holds every key the services write) is summed as «سایر تغییرها»,
    never shown raw."""
    counts = counts or {}
    rows = [(label, counts[key]) for key, label in COUNT_LABELS.items() if key in counts]
    other = sum(value for key, value in counts.items() if key not in COUNT_LABELS)
    if other:
        rows.append((OTHER, other))
    return rows
