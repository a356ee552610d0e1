"""/api/v1/referrals: each tier's queues, one referral, sending one up a tier and the receiving
tier's steps — through the same selectors and services as the screens."""

from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hamahang.accounts.selectors import committee_list_for_user
from hamahang.core.apischema import (
    ERRORS,
    READ_ERRORS,
    ApiDate,
    BoundedPagination,
    OptionalId,
    PathId,
    jalali,
    user_of,
)
from hamahang.core.validation import TEXT_MAX
from hamahang.meetings import referral_selectors as rs
from hamahang.meetings import selectors, services
from hamahang.meetings.referral_models import Referral
from hamahang.units.selectors import case_list_for_user

router = Router(tags=["ارجاع میان سطوح"])

Level = Literal[tuple(Referral.Level.values)]  # type: ignore[valid-type]


class ReferralOut(Schema):
    id: int
    province: str
    county: str | None
    case_id: int | None
    resolution_id: int | None
    previous_id: int | None
    from_level: str
    from_committee_id: int
    from_committee: str
    to_level: str
    to_committee_id: int | None
    to_committee: str = Field(..., description="گیرنده؛ «ستاد ملی تسهیل» برای سطح ملی")
    reason: str
    sent_on: ApiDate
    sent_on_jalali: str
    deadline: ApiDate
    deadline_jalali: str
    status: str
    outcome: str
    decision: str
    decision_level: str
    decided_on: ApiDate | None
    decision_resolution_id: int | None

    @staticmethod
    def resolve_province(obj):
        return obj.province.name

    @staticmethod
    def resolve_county(obj):
        return obj.county.name if obj.county_id else None

    @staticmethod
    def resolve_from_committee(obj):
        return str(obj.from_committee)

    @staticmethod
    def resolve_to_committee(obj):
        return obj.to_label

    @staticmethod
    def resolve_sent_on_jalali(obj):
        return jalali(obj.sent_on)

    @staticmethod
    def resolve_deadline_jalali(obj):
        return jalali(obj.deadline)


class ReferralIn(Schema):
    case_id: OptionalId = None
    resolution_id: OptionalId = None
    from_committee_id: OptionalId = Field(None, description="خالی: ستاد مصوبه مبدأ")
    to_committee_id: OptionalId = Field(None, description="خالی: سطح بالاتر")
    deadline: ApiDate
    reason: str = Field(..., min_length=1, max_length=TEXT_MAX)


class DecisionIn(Schema):
    action: Literal["accept", "reject", "refer_on", "return"]
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)
    deadline: ApiDate | None = Field(None, description="مهلت ستاد ملی، برای refer_on")
    decision_resolution_id: OptionalId = Field(None, description="مصوبه‌ای که تصمیم را گرفت")


class ResendIn(Schema):
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)


def _get(request, referral_id: int) -> Referral:
    return rs.referral_get_for_user(user=user_of(request), pk=referral_id)


def _one(queryset, pk):
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@router.get("/referrals", response={200: list[ReferralOut], **READ_ERRORS})
@paginate(BoundedPagination)
def list_referrals(
    request, box: Literal["received", "sent"] = "received", tier: Level | None = None
):
    """A tier's referrals received or sent (the user's own tier unless `tier` names one of
    those it may read)."""
    user = user_of(request)
    tiers = rs.tiers_for(user)
    return rs.referral_queue(user=user, box=box, tier=tier if tier in tiers else tiers[0])


@router.get("/referrals/{referral_id}", response={200: ReferralOut, **READ_ERRORS})
def get_referral(request, referral_id: PathId):
    return _get(request, referral_id)


@router.post("/referrals", response={201: ReferralOut, **ERRORS})
def create_referral(request, payload: ReferralIn):
    """Send a case and/or a resolution one tier up (county → province → national)."""
    user = user_of(request)
    committees = committee_list_for_user(user=user)
    referral = services.referral_send(
        acting_user=user,
        case=_one(case_list_for_user(user=user), payload.case_id),
        resolution=_one(selectors.resolution_list_for_user(user=user), payload.resolution_id),
        from_committee=_one(committees, payload.from_committee_id),
        to_committee=_one(committees, payload.to_committee_id),
        deadline=payload.deadline,
        reason=payload.reason,
    )
    return Status(201, referral)


@router.post("/referrals/{referral_id}/receive", response={200: ReferralOut, **ERRORS})
def receive_referral(request, referral_id: PathId):
    return services.referral_receive(
        referral=_get(request, referral_id), acting_user=user_of(request)
    )


@router.post("/referrals/{referral_id}/decide", response={200: ReferralOut, **ERRORS})
def decide_referral(request, referral_id: PathId, payload: DecisionIn):
    """The receiving tier's answer: accept, reject, refer_on (to the national HQ, a new hop,
    which is returned) or return (for more information)."""
    user = user_of(request)
    return services.referral_decide(
        referral=_get(request, referral_id),
        acting_user=user,
        action=payload.action,
        text=payload.text,
        deadline=payload.deadline,
        decision_resolution=_one(
            selectors.resolution_list_for_user(user=user), payload.decision_resolution_id
        ),
    )


@router.post("/referrals/{referral_id}/resend", response={200: ReferralOut, **ERRORS})
def resend_referral(request, referral_id: PathId, payload: ResendIn):
    return services.referral_resend(
        referral=_get(request, referral_id), acting_user=user_of(request), text=payload.text
    )


@router.post("/referrals/{referral_id}/withdraw", response={200: ReferralOut, **ERRORS})
def withdraw_referral(request, referral_id: PathId):
    return services.referral_withdraw(
        referral=_get(request, referral_id), acting_user=user_of(request)
    )
