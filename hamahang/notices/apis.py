"""/api/v1/me: the signed-in person and their contact settings (the profile screen's twin)."""

from ninja import Field, Router, Schema

from hamahang.core.apischema import ERRORS, READ_ERRORS, user_of
from hamahang.notices import selectors, services

router = Router(tags=["نمایه"])


class ChannelOut(Schema):
    name: str
    label: str
    address: str = Field(description="نشانی پوشیده؛ خالی یعنی از این مجرا در دسترس نیست")
    position: int | None = Field(description="جای مجرا در ترتیب کاربر (از ۱)")


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    agency_id: int | None
    email: str
    phone: str = Field(description="تلفن همراه، 09xxxxxxxxx")
    notice_channels: list[str] = Field(description="ترتیب خود کاربر؛ خالی یعنی ترتیب دفتر")
    channels: list[ChannelOut]


class MeIn(Schema):
    phone: str | None = Field(None, max_length=30, description="با هر رقم و پیش‌شماره +98")
    notice_channels: list[str] | None = Field(None, max_length=10)


def _me(user) -> MeOut:
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        agency_id=user.agency_id,
        email=user.email,
        phone=user.phone,
        notice_channels=user.notice_channels or [],
        channels=[vars(c) for c in selectors.contact_channels(user=user)],
    )


@router.get("/me", response={200: MeOut, **READ_ERRORS})
def get_me(request):
    return _me(user_of(request))


@router.patch("/me", response={200: MeOut, **ERRORS})
def update_me(request, payload: MeIn):
    user = user_of(request)
    changes = payload.dict(exclude_unset=True)
    changes = {k: ("" if k == "phone" and v is None else v) for k, v in changes.items()}
    if changes.get("notice_channels") is None:
        changes.pop("notice_channels", None)
    saved = services.user_contact_update(user=user, acting_user=user, **changes)
    return _me(saved)
