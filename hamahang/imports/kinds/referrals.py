"""The referral registry (دفتر ارجاع‌ها): referrals a county working group or the province
sent up a tier, entered from a sheet through the same service as the screens."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from hamahang.imports.lookups import Lookup
from hamahang.imports.spec import Column, Problem, Row, Sheet
from hamahang.meetings import services
from hamahang.meetings.referral_selectors import referral_list_for_user
from hamahang.meetings.selectors import resolution_list_for_user
from hamahang.units.selectors import case_list_for_user

KEY = "referrals"
TITLE = "دفتر ارجاع‌ها به سطوح بالاتر"

REFERRALS = "ارجاع‌ها"

SHEETS = [
    Sheet(
        REFERRALS,
        [
            Column("committee", "ستاد یا کارگروه ارجاع‌دهنده", required=True),
            Column("resolution", "کد مصوبه", code=True),
            Column("case", "شماره پرونده", code=True),
            Column("to_committee", "گیرنده", help="خالی: سطح بالاتر (استان یا ستاد ملی)"),
            Column("deadline", "مهلت پاسخ", "date", required=True),
            Column("reason", "موضوع و دلیل ارجاع", required=True),
        ],
    ),
]


def apply(rows: dict[str, list[Row]], user) -> tuple[dict, list[Problem]]:
    lookup, problems, counts = Lookup(user), [], defaultdict(int)
    resolutions = resolution_list_for_user(user=user)
    cases = case_list_for_user(user=user)
    known = set(
        referral_list_for_user(user=user).values_list(
            "from_committee_id", "resolution__code", "case__code", "reason"
        )
    )
    for row in rows.get(REFERRALS, []):
        v = row.values
        committee = lookup.committee(v["committee"])
        if committee is None:
            problems.append(
                Problem(
                    REFERRALS,
                    row.number,
                    "ستاد یا کارگروه ارجاع‌دهنده",
                    f"«{v['committee']}» یافت نشد یا در دسترس شما نیست.",
                )
            )
            continue
        resolution = (
            resolutions.filter(committee=committee, code=v["resolution"]).first()
            if v["resolution"]
            else None
        )
        case = cases.filter(code=v["case"]).first() if v["case"] else None
        if (v["resolution"] and resolution is None) or (v["case"] and case is None):
            problems.append(
                Problem(
                    REFERRALS,
                    row.number,
                    None,
                    "مصوبه یا پرونده این ردیف یافت نشد یا در دسترس شما نیست.",
                )
            )
            continue
        if (committee.pk, v["resolution"] or None, v["case"] or None, v["reason"]) in known:
            counts["skipped_existing"] += 1
            continue
        to_committee = lookup.committee(v["to_committee"]) if v["to_committee"] else None
        try:
            services.referral_send(
                acting_user=user,
                case=case,
                resolution=resolution,
                from_committee=committee,
                to_committee=to_committee,
                deadline=v["deadline"],
                reason=v["reason"],
            )
        except ValidationError as error:
            problems.append(Problem(REFERRALS, row.number, None, " ".join(error.messages)))
            continue
        counts["referrals_created"] += 1
    return dict(counts), problems


def export(user) -> dict[str, Iterable[dict]]:
    """The first hop of each chain (a hop going on from the province is its answer's part)."""
    return {
        REFERRALS: (
            {
                "committee": r.from_committee.name,
                "resolution": r.resolution.code if r.resolution_id else "",
                "case": r.case.code if r.case_id else "",
                "to_committee": r.to_committee.name if r.to_committee_id else "",
                "deadline": r.deadline,
                "reason": r.reason,
            }
            for r in referral_list_for_user(user=user)
            .filter(previous__isnull=True)
            .select_related("from_committee", "to_committee", "resolution", "case")
            .order_by("pk")
            .iterator(2000)
        )
    }
