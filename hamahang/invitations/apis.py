"""Invitations over the API: a meeting's invitations and answers, the answer through the
signed link (no account: the token is the authority, as on the RSVP page), and meeting series.
All through the same services as the screens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Router, Schema

from hamahang.accounts.selectors import committee_get_for_user
from hamahang.core.apischema import (
    ERRORS,
    READ_ERRORS,
    ApiDate,
    PathId,
    RequiredId,
    jalali,
    user_of,
)
from hamahang.invitations import selectors, services
from hamahang.meetings.selectors import meeting_get_for_user

router = Router(tags=["دعوت به جلسه"])

Text200 = Annotated[str, Field(max_length=200)]


class InvitationOut(Schema):
    id: int
    agency_id: int
    agency: str
    answer: str
    answer_display: str
    substitute_name: str
    substitute_post: str
    decline_reason: str
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    answered_at_jalali: str | None


def _invitation(invitation) -> dict:
    return {
        "id": invitation.pk,
        "agency_id": invitation.agency_id,
        "agency": str(invitation.agency),
        "answer": invitation.answer,
        "answer_display": invitation.get_answer_display(),
        "substitute_name": invitation.substitute_name,
        "substitute_post": invitation.substitute_post,
        "decline_reason": invitation.decline_reason,
        "sent_at": invitation.sent_at,
        "answered_at": invitation.answered_at,
        "answered_at_jalali": jalali(invitation.answered_at),
    }


@router.get(
    "/meetings/{meeting_id}/invitations", response={200: list[InvitationOut], **READ_ERRORS}
)
def list_invitations(request, meeting_id: PathId):
    """A meeting's invitations and their answers (a liaison sees only their agency's)."""
    user = user_of(request)
    meeting = meeting_get_for_user(user=user, pk=meeting_id)
    return [_invitation(i) for i in selectors.invitation_list_for_user(user=user, meeting=meeting)]


@router.post("/meetings/{meeting_id}/invitations", response={200: list[InvitationOut], **ERRORS})
def send_invitations(request, meeting_id: PathId):
    """Invite the member agencies not yet invited (idempotent); the invitations sent now."""
    user = user_of(request)
    meeting = meeting_get_for_user(user=user, pk=meeting_id)
    sent = services.invitations_send(meeting=meeting, acting_user=user)
    return [_invitation(i) for i in sent]


class RsvpIn(Schema):
    answer: Literal["attend", "substitute", "decline"]
    substitute_name: Text200 = ""
    substitute_post: Text200 = ""
    reason: Annotated[str, Field(max_length=2000)] = ""


@router.post("/rsvp/{token}", auth=None, response={200: InvitationOut, **ERRORS})
def answer_invitation(request, token: Annotated[str, Field(max_length=200)], payload: RsvpIn):
    """The representative's answer through the invitation's signed link (no account)."""
    invitation = services.rsvp_answer(token=token, **payload.dict())
    return _invitation(invitation)


class SeriesIn(Schema):
    committee_id: RequiredId
    first_date: ApiDate
    interval_weeks: int = Field(..., ge=1, le=12)
    start_time: dt.time
    place: Text200 = ""
    until: ApiDate | None = None
    count: int | None = Field(None, ge=1, le=services.MAX_SERIES_MEETINGS)


class SeriesOut(Schema):
    id: int
    committee_id: int
    meetings: list[dict]


@router.post("/meeting-series", response={200: SeriesOut, **ERRORS})
def create_series(request, payload: SeriesIn):
    """A committee's regular schedule and the planned meetings it generates (holidays moved
    to the next working day), through the same service as the series screen."""
    user = user_of(request)
    data = payload.dict()
    committee = committee_get_for_user(user=user, pk=data.pop("committee_id"))
    series = services.series_create(committee=committee, acting_user=user, **data)
    return {
        "id": series.pk,
        "committee_id": series.committee_id,
        "meetings": [
            {
                "id": item.meeting_id,
                "date": item.meeting.date.isoformat(),
                "date_jalali": jalali(item.meeting.date),
                "scheduled_date": item.scheduled_date.isoformat(),
            }
            for item in series.items.select_related("meeting")
        ],
    }
