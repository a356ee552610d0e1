"""Sign-off over the API: sending a held meeting's draft minutes for signature (the answers
themselves are each signer's own act, confirmed with a one-time code in their session)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from hamahang.core.apischema import ERRORS, PathId, RequiredId, jalali, user_of
from hamahang.signoff import selectors, services

router = Router(tags=["تأیید و امضای صورتجلسه"])


class SignerIn(Schema):
    agency_id: RequiredId
    user_id: RequiredId


class SignoffIn(Schema):
    signers: list[SignerIn] = Field(..., max_length=200)
    chair_id: RequiredId


class SignerOut(Schema):
    user: str
    role: str
    agency_id: int | None
    status: str


class SignoffOut(Schema):
    id: int
    meeting_id: int
    status: str
    due_on: str | None
    draft_sha256: str
    signers: list[SignerOut]


@router.post("/meetings/{meeting_id}/signoff", response={200: SignoffOut, **ERRORS})
def send_for_signoff(request, meeting_id: PathId, payload: SignoffIn):
    """Send the draft minutes to one named person per present agency and the chair (a round
    already open is replaced); the same service as the sign-off page."""
    user = user_of(request)
    page = selectors.meeting_signoff(user=user, pk=meeting_id)
    people = {u.pk: u for _attendance, users in page.candidates for u in users}
    chairs = {u.pk: u for u in page.chairs}
    chosen = {}
    for row in payload.signers:
        person = people.get(row.user_id)
        if person is None or person.agency_id != row.agency_id or row.agency_id in chosen:
            raise ValidationError(
                "امضاکننده برگزیده نادرست است: کاربر فعال یک دستگاه حاضر، یک نفر برای هر دستگاه.",
                code="bad_signer",
            )
        chosen[row.agency_id] = person
    chair = chairs.get(payload.chair_id)
    if chair is None:
        raise ValidationError("رئیس جلسه (تأییدکننده نهایی) نادرست است.", code="bad_chair")
    round_ = services.signoff_start(
        meeting=page.meeting, attendee_signers=chosen, chair=chair, acting_user=user
    )
    return {
        "id": round_.pk,
        "meeting_id": round_.meeting_id,
        "status": round_.status,
        "due_on": jalali(round_.due_on),
        "draft_sha256": round_.draft_sha256,
        "signers": [
            {"user": str(s.user), "role": s.role, "agency_id": s.agency_id, "status": s.status}
            for s in round_.signers.select_related("user")
        ],
    }
