"""The Bale link through the API: the same services as the link page."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from hamahang.bale import selectors, services
from hamahang.core.apischema import ERRORS, READ_ERRORS, user_of

router = Router(tags=["پیام‌رسان بله"])


class LinkCodeOut(Schema):
    code: str
    url: str
    expires_at: dt.datetime


class LinkOut(Schema):
    linked: bool
    chat_id: str = ""
    linked_at: dt.datetime | None = None


@router.get("/bale/link", response={200: LinkOut, **READ_ERRORS})
def get_link(request):
    """Whether the caller's Bale chat is linked."""
    link = selectors.active_link(user_of(request))
    if link is None:
        return LinkOut(linked=False)
    return LinkOut(linked=True, chat_id=link.chat_id, linked_at=link.linked_at)


@router.post("/bale/link-codes", response={201: LinkCodeOut, **ERRORS})
def create_link_code(request):
    """A one-time deep link (valid 30 minutes): opened in Bale, it links that chat."""
    code = services.bale_link_code_create(user=user_of(request))
    return Status(
        201,
        LinkCodeOut(code=code.code, url=services.deep_link(code.code), expires_at=code.expires_at),
    )


@router.delete("/bale/link", response={200: LinkOut, **ERRORS})
def delete_link(request):
    """End the caller's Bale link."""
    services.bale_unlink(user=user_of(request))
    return LinkOut(linked=False)
