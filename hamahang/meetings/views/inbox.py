"""The inbox: the acting user's open work (a liaison's agency) or the secretariat's queue
(office staff)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import urlencode

from hamahang.accounts.access import (
    can_run_secretariat,
    is_liaison,
    is_office_staff,
    reading_province,
)
from hamahang.core.digits import to_ascii_digits
from hamahang.core.jalali import today
from hamahang.core.text import normalize_text
from hamahang.core.versioning import versioned
from hamahang.meetings import exports, selectors, services
from hamahang.meetings.deadlines import annotate_working_days_left
from hamahang.meetings.forms import ReturnForm

SECTION_TITLES = {
    "new": "تازه از بازدید پیشین",
    "due_soon": "نزدیک به مهلت",
    "overdue": "معوق",
    "returned": "بازگشت‌داده‌شده به من",
    "other": "سایر کارهای باز",
    "all": "همه کارهای باز",
}
# The overview's cards: section, what an empty one says, its colour.
CARDS = [
    ("new", "از بازدید پیشین کار تازه‌ای نرسیده است.", "primary"),
    ("due_soon", "تکلیفی با مهلت نزدیک ندارید.", "warning"),
    ("overdue", "تکلیف معوقی ندارید.", "danger"),
    ("returned", "گزارش بازگشتی ندارید.", "secondary"),
    ("other", "کار باز دیگری ندارید.", "light"),
]


def _number(request, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(to_ascii_digits(request.GET.get(name, "")).strip() or default)
    except ValueError:
        value = default
    return max(low, min(high, value))


@login_required
def inbox(request):
    user = request.user
    since = services.inbox_visit(user=user)
    if is_office_staff(user):
        return _work_queue(request, since)
    return _liaison_inbox(request, since)


def _filters(request) -> tuple[int, str, str]:
    """The inbox's filters (the page and its export read the same): days ahead, text, section."""
    days = _number(request, "days", 7, 0, 90)
    text = normalize_text(request.GET.get("q", ""))[:100]
    section = request.GET.get("section", "")
    section = section if section in selectors.INBOX_SECTIONS else ""
    return days, text, section


@login_required
def inbox_export(request, fmt: str):
    """A liaison's own open work as CSV (streamed) or XLSX, with the inbox's filters."""
    user = request.user
    if not is_liaison(user):
        raise PermissionDenied("خروجی کارهای باز فقط برای رابط دستگاه است.")
    days, text, section = _filters(request)
    # "new" is relative to the previous visit, as on the page (the export is not a visit).
    since = user.inbox_previous_visit_at if section == "new" else None
    rows = exports.open_work_rows(user=user, days=days, text=text, section=section, since=since)
    stem = f"open-work-{today().isoformat()}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    title = f"کارهای باز {user.agency} — {SECTION_TITLES.get(section, 'همه کارهای باز')}"
    return FileResponse(exports.xlsx_file(rows, title), as_attachment=True, filename=f"{stem}.xlsx")


def _liaison_inbox(request, since):
    user, day = request.user, today()
    days, text, section = _filters(request)
    page = _number(request, "page", 1, 1, 10_000)

    def sections() -> str:
        filters = {"days": days, "q": text} if text else {"days": days}
        # One section's page shows only that section's rows (and every section's count).
        inbox = selectors.inbox_for_user(
            user=user, days=days, since=since, text=text, with_rows=not section
        )
        context = {
            "inbox": inbox,
            "today": day,
            "section": section,
            "section_title": SECTION_TITLES.get(section, ""),
            "filter_query": urlencode(filters),
            "tabs": [(k, SECTION_TITLES[k], inbox.counts[k]) for k in selectors.INBOX_SECTIONS],
            "cards": [
                {
                    "key": key,
                    "title": SECTION_TITLES[key],
                    "rows": getattr(inbox, key),
                    "count": inbox.counts[key],
                    "empty": empty,
                    "tone": tone,
                }
                for key, empty, tone in CARDS
            ],
        }
        shown = [row for card in context["cards"] for row in card["rows"]]
        if section:
            rows = selectors.inbox_querysets(user=user, days=days, since=since, text=text)[section]
            page_obj = Paginator(rows, 25).get_page(page)
            page_obj.object_list = list(page_obj.object_list)
            shown += page_obj.object_list
            context["page_obj"] = page_obj
            context["querystring_without_page"] = urlencode(filters | {"section": section}) + "&"
        # Working days left: each committee's calendar built once for the whole page.
        annotate_working_days_left(shown, day)
        return render_to_string("meetings/_inbox.html", context)

    # The busiest page: its lists are rendered once per data version (any write renders them
    # afresh), per user (their scope), per day (overdue is relative to today), per previous
    # visit ("new" is relative to it) and per filter and page.
    # Keyed on the versions of the user's province only: a write elsewhere leaves it warm. A
    # liaison who has not written since may be shown lists rendered seconds before a write in
    # the province (core.freshness); their own report always shows at once.
    content = versioned(
        "inbox",
        user.pk,
        days,
        day.isoformat(),
        since.isoformat() if since else "-",
        text,
        section,
        page,
        province_id=reading_province(user),
        compute=sections,
        lagging=True,
    )
    context = {"sections": content, "days": days, "q": text, "section": section}
    # The export buttons carry the filters shown (the file holds what the list holds).
    context["export_query"] = urlencode({"days": days, "q": text, "section": section})
    context["section_choices"] = [(key, SECTION_TITLES[key]) for key in selectors.INBOX_SECTIONS]
    return render(request, "meetings/inbox.html", context)


def _work_queue(request, since):
    """Not cached: its review rows carry the forms (and CSRF tokens) of this request."""
    user = request.user
    minutes_due_days = settings.HAMAHANG_MINUTES_DUE_DAYS
    queue = selectors.work_queue_for_user(user=user, since=since, minutes_due_days=minutes_due_days)
    return render(
        request,
        "meetings/work_queue.html",
        {
            "queue": queue,
            "today": today(),
            "can_review": can_run_secretariat(user),
            "return_form": ReturnForm(),
        },
    )
