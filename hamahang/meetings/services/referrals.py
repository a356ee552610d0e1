"""Referrals between tiers: county working group → provincial HQ → national HQ.

Every write path (screens, API, import, demo) sends, receives, decides, returns, resends and
withdraws a referral here. A decision at the top lands on every lower hop of the chain and on
the origin case's and resolution's timelines; the senders are told through the outbox.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from hamahang.accounts.access import may_act_for_tier, out_of_scope, require_in_scope
from hamahang.accounts.models import User
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.jalali import format_jalali, today
from hamahang.core.text import display_code
from hamahang.meetings import errors, selectors
from hamahang.meetings.deadlines import open_deadline
from hamahang.meetings.models import Resolution, ResolutionEvent
from hamahang.meetings.referral_models import Referral
from hamahang.meetings.services._common import _fa, _require_text
from hamahang.notices.models import Notice
from hamahang.notices.outbox import notify_user, site_link
from hamahang.organizations.models import Committee
from hamahang.units.models import SupportCase
from hamahang.units.selectors import case_list_for_user
from hamahang.units.services import case_record_note

Level = Referral.Level
Status = Referral.Status

DECISIONS = ("accept", "reject", "refer_on", "return")


def level_of(committee: Committee | None) -> str:
    if committee is None:
        return Level.NATIONAL
    return Level.COUNTY if committee.county_id else Level.PROVINCE


def provincial_committee(province_id: int) -> Committee | None:
    """The provincial HQ a county working group refers to: the province's facilitation HQ."""
    committees = Committee.objects.active().filter(province_id=province_id, county__isnull=True)
    return (
        committees.filter(kind=Committee.Kind.FACILITATION).order_by("pk").first()
        or committees.order_by("pk").first()
    )


def _origin_label(referral: Referral) -> str:
    if referral.case_id:
        return f"پرونده {display_code(referral.case.code)}"
    return f"مصوبه {display_code(referral.resolution.code)}"


def _require_tier(user: User, level: str, committee: Committee | None) -> None:
    if not may_act_for_tier(user, level, committee, committee_list_for_user(user=user)):
        raise errors.not_allowed(
            "ثبت این کار فقط از دبیرخانه "
            + ("ستاد ملی" if level == Level.NATIONAL else f"«{committee}»")
            + " برمی‌آید."
        )


def _lock(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "resolution", "from_committee", "to_committee")
        .get(pk=referral.pk)
    )


def _move(referral: Referral, target: str) -> None:
    if referral.status == Status.WITHDRAWN:
        raise ValidationError(
            f"ارجاع {_fa(referral.pk)} مسترد شده است؛ کاری بر آن ثبت نمی‌شود.", code="withdrawn"
        )
    if referral.status == Status.DECIDED:
        raise ValidationError(
            f"برای ارجاع {_fa(referral.pk)} پیش‌تر تصمیم ثبت شده است.", code="already_decided"
        )
    if target not in Referral.TRANSITIONS[referral.status]:
        raise errors.bad_transition(referral.get_status_display(), Status(target).label)
    referral.status = target


def _timeline(referral: Referral, text: str, actor: User | None, kind: str) -> None:
    """One line on the origin case's and the origin resolution's timelines."""
    if referral.case_id:
        case_record_note(case=referral.case, description=text, actor=actor)
    if referral.resolution_id:
        ResolutionEvent.objects.create(
            resolution=referral.resolution, actor=actor, kind=kind, description=text
        )


def _notify_senders(hops: list[Referral], subject: str, text: str, key: str) -> None:
    """Tell each hop's sender (once per person) what came back, through the outbox."""
    told: set[int] = set()
    for hop in hops:
        if hop.sent_by_id is None or hop.sent_by_id in told:
            continue
        told.add(hop.sent_by_id)
        notify_user(
            hop.sent_by,
            kind=Notice.Kind.REFERRAL,
            subject=subject,
            text=f"{text}\n{site_link(hop.get_absolute_url())}",
            key=f"referral:{hop.pk}:{key}:user:{hop.sent_by_id}",
        )


def _check_deadline(deadline: dt.date | None, to_committee: Committee | None) -> dt.date:
    if deadline is None:
        raise ValidationError({"deadline": "مهلت پاسخ را وارد کنید."}, code="required")
    if deadline <= today():
        raise ValidationError(
            {
                "deadline": f"مهلت پاسخ ({format_jalali(deadline)}) گذشته است یا امروز است؛ "
                "روزی پس از امروز وارد کنید."
            },
            code="deadline_past",
        )
    if to_committee is not None:
        deadline, _note = open_deadline(to_committee, deadline)
    return deadline


def _refuse_second_referral(case, resolution) -> None:
    waiting = Referral.objects.filter(status__in=[*Referral.OPEN_STATUSES, Status.REFERRED_ON])
    if case is not None:
        found = waiting.filter(case=case).first()
        what = f"پرونده {display_code(case.code)}"
    else:
        found = waiting.filter(resolution=resolution).first()
        what = f"مصوبه {display_code(resolution.code)}"
    if found is not None:
        raise ValidationError(
            f"{what} پیش‌تر ارجاع شده است (ارجاع {_fa(found.pk)} به {found.to_label}) و پاسخ آن "
            "هنوز نیامده است؛ دوباره ارجاع نمی‌شود.",
            code="already_referred",
        )


@transaction.atomic
def referral_send(
    *,
    acting_user: User,
    deadline: dt.date | None,
    reason: str,
    case: SupportCase | None = None,
    resolution: Resolution | None = None,
    from_committee: Committee | None = None,
    to_committee: Committee | None = None,
    previous: Referral | None = None,
    sent_on: dt.date | None = None,
) -> Referral:
    """Send a case and/or a resolution one tier up (or a province's down to a county group).

    The sender is the resolution's committee, else `from_committee`; the receiver is
    `to_committee`, else the tier above (the provincial HQ for a county group, the national
    HQ for the province)."""
    if previous is not None:
        case, resolution = previous.case, previous.resolution
    if case is None and resolution is None:
        raise ValidationError("پرونده یا مصوبه‌ای را که ارجاع می‌شود مشخص کنید.", code="no_origin")
    if previous is None:
        if (
            case is not None
            and not case_list_for_user(user=acting_user).filter(pk=case.pk).exists()
        ):
            raise out_of_scope()
        if resolution is not None and not (
            selectors.resolution_list_for_user(user=acting_user).filter(pk=resolution.pk).exists()
        ):
            raise out_of_scope()
    if from_committee is None:
        from_committee = resolution.committee if resolution is not None else None
    if from_committee is None:
        raise ValidationError(
            {"from_committee": "ستاد یا کارگروه ارجاع‌دهنده را برگزینید."}, code="required"
        )
    from_level = level_of(from_committee)
    _require_tier(acting_user, from_level, from_committee)
    if to_committee is None and from_level == Level.COUNTY:
        to_committee = provincial_committee(from_committee.province_id)
        if to_committee is None:
            raise ValidationError("ستاد استانی برای دریافت ارجاع تعریف نشده است.", code="no_hq")
    to_level = level_of(to_committee)
    if to_committee is not None and to_committee.province_id != from_committee.province_id:
        raise ValidationError("ارجاع فقط به ستاد همان استان یا ستاد ملی ممکن است.", code="tier")
    allowed = Referral.UPWARD.get(from_level) == to_level or (
        from_level == Level.PROVINCE and to_level == Level.COUNTY
    )
    if not allowed:
        raise ValidationError(
            f"ارجاع از «{Level(from_level).label}» به «{Level(to_level).label}» ممکن نیست؛ "
            "ارجاع یک سطح بالاتر می‌رود (شهرستان ← استان ← ملی).",
            code="tier",
        )
    reason = _require_text(reason, "موضوع و دلیل ارجاع را بنویسید.")
    deadline = _check_deadline(deadline, to_committee)
    if previous is None:  # a hop going on from `previous` is its chain's one next hop
        _refuse_second_referral(case, resolution)
    unit = case.unit if case is not None else (resolution.unit if resolution else None)
    county_id = (
        from_committee.county_id
        or (to_committee.county_id if to_committee else None)
        or (unit.county_id if unit else None)
    )
    referral = Referral(
        province_id=from_committee.province_id,
        county_id=county_id,
        case=case,
        resolution=resolution,
        previous=previous,
        from_level=from_level,
        from_committee=from_committee,
        to_level=to_level,
        to_committee=to_committee,
        reason=reason,
        sent_on=sent_on or today(),
        sent_by=acting_user,
        deadline=deadline,
    )
    referral.full_clean()
    referral.save()
    _timeline(
        referral,
        f"ارجاع {_fa(referral.pk)} از «{from_committee}» به «{referral.to_label}» با مهلت "
        f"{format_jalali(deadline)}: {reason}",
        acting_user,
        ResolutionEvent.Kind.REFERRED,
    )
    return referral


@transaction.atomic
def referral_receive(*, referral: Referral, acting_user: User, on: dt.date | None = None):
    """The receiving tier takes the referral up for review."""
    referral = _lock(referral)
    _require_tier(acting_user, referral.to_level, referral.to_committee)
    _move(referral, Status.UNDER_REVIEW)
    referral.received_on = on or today()
    referral.save()
    return referral


def _chain_below(referral: Referral) -> list[Referral]:
    hops, hop = [], referral
    while hop.previous_id:
        hop = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("sent_by")
            .get(pk=hop.previous_id)
        )
        hops.append(hop)
    return hops


@transaction.atomic
def referral_decide(
    *,
    referral: Referral,
    acting_user: User,
    action: str,
    text: str,
    decision_resolution: Resolution | None = None,
    deadline: dt.date | None = None,
    on: dt.date | None = None,
) -> Referral:
    """The receiving tier's answer: accept or reject (a decision that lands back on the origin
    and every lower hop), refer on to the tier above (a new hop), or return for more
    information (the sender completes and resends)."""
    if action not in DECISIONS:
        raise ValidationError("تصمیم نادرست است.", code="invalid")
    referral = _lock(referral)
    _require_tier(acting_user, referral.to_level, referral.to_committee)
    if referral.status == Status.REFERRED_ON:
        raise ValidationError(
            f"ارجاع {_fa(referral.pk)} به ستاد ملی فرستاده شده است؛ تصمیم آن از همان‌جا می‌آید.",
            code="referred_on",
        )
    if referral.status == Status.RETURNED:
        raise ValidationError(
            f"ارجاع {_fa(referral.pk)} برای تکمیل اطلاعات بازگشته است؛ پس از ارسال دوباره پاسخ "
            "داده می‌شود.",
            code="returned",
        )
    text = _require_text(text, "متن تصمیم یا پاسخ را بنویسید.")
    if decision_resolution is not None:  # the upper tier's resolution that decided it
        require_in_scope(selectors.resolution_list_for_user(user=acting_user), decision_resolution)
    on = on or today()
    if action == "refer_on":
        _move(referral, Status.REFERRED_ON)
        if referral.to_level != Level.PROVINCE:
            raise ValidationError("فقط ستاد استان ارجاع را به ستاد ملی می‌فرستد.", code="tier")
        referral.received_on = referral.received_on or on
        referral.save()
        return referral_send(
            acting_user=acting_user,
            deadline=deadline,
            reason=text,
            from_committee=referral.to_committee,
            previous=referral,
            sent_on=on,
        )
    if action == "return":
        _move(referral, Status.RETURNED)
        referral.decision = text
        referral.save()
        label = _origin_label(referral)
        _timeline(
            referral,
            f"ارجاع {_fa(referral.pk)} از «{referral.to_label}» برای تکمیل اطلاعات بازگشت: {text}",
            acting_user,
            ResolutionEvent.Kind.REFERRAL_ANSWERED,
        )
        _notify_senders(
            [Referral.objects.select_related("sent_by").get(pk=referral.pk)],
            f"بازگشت ارجاع {label} برای تکمیل اطلاعات",
            f"«{referral.to_label}» ارجاع {label} را برای تکمیل اطلاعات بازگرداند: {text}",
            f"returned:{referral.history.count()}",
        )
        return referral
    _move(referral, Status.DECIDED)
    outcome = Referral.Outcome.ACCEPTED if action == "accept" else Referral.Outcome.REJECTED
    level_label = Level(referral.to_level).label
    for hop in [referral, *_chain_below(referral)]:
        if hop.pk != referral.pk:
            _move(hop, Status.DECIDED)
            hop.decision = f"تصمیم {level_label}: {text}"
        else:
            hop.decision = text
        hop.outcome = outcome
        hop.decided_on = on
        hop.decided_by = acting_user
        hop.decision_level = referral.to_level
        hop.decision_resolution = decision_resolution
        hop.received_on = hop.received_on or on
        hop.save()
    label = _origin_label(referral)
    verdict = Referral.Outcome(outcome).label
    _timeline(
        referral,
        f"تصمیم {level_label} درباره ارجاع {_fa(referral.pk)} "
        f"({verdict}، {format_jalali(on)}): {text}",
        acting_user,
        ResolutionEvent.Kind.REFERRAL_ANSWERED,
    )
    hops = [Referral.objects.select_related("sent_by").get(pk=referral.pk), *_chain_below(referral)]
    _notify_senders(
        hops,
        f"تصمیم {level_label} درباره {label}",
        f"{level_label} درباره ارجاع {label} تصمیم گرفت ({verdict}): {text}",
        "decided",
    )
    return referral


@transaction.atomic
def referral_resend(*, referral: Referral, acting_user: User, text: str) -> Referral:
    """The sender completes a returned referral and sends it again (same hop, same deadline
    unless it has passed)."""
    referral = _lock(referral)
    _require_tier(acting_user, referral.from_level, referral.from_committee)
    text = _require_text(text, "اطلاعات تکمیلی را بنویسید.")
    _move(referral, Status.SENT)
    referral.reason = f"{referral.reason}\n\nتکمیل اطلاعات ({format_jalali(today())}): {text}"
    referral.save()
    _timeline(
        referral,
        f"ارجاع {_fa(referral.pk)} با اطلاعات تکمیلی دوباره به «{referral.to_label}» فرستاده شد.",
        acting_user,
        ResolutionEvent.Kind.REFERRED,
    )
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, acting_user: User) -> Referral:
    """The sender takes back a referral not yet decided."""
    referral = _lock(referral)
    _require_tier(acting_user, referral.from_level, referral.from_committee)
    _move(referral, Status.WITHDRAWN)
    referral.save()
    _timeline(
        referral,
        f"ارجاع {_fa(referral.pk)} به «{referral.to_label}» مسترد شد.",
        acting_user,
        ResolutionEvent.Kind.REFERRAL_ANSWERED,
    )
    return referral


__all__ = [
    "DECISIONS",
    "level_of",
    "provincial_committee",
    "referral_decide",
    "referral_receive",
    "referral_resend",
    "referral_send",
    "referral_withdraw",
]
