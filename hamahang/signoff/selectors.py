"""Reads of the sign-off, with authorisation: the secretariat and managers see the rounds of
the meetings they see; a signer sees the rounds they were asked to sign."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from hamahang.accounts.access import LIAISON_ROLES, is_office_staff
from hamahang.accounts.models import Role, User
from hamahang.meetings.models import Attendance, Meeting
from hamahang.meetings.selectors import meeting_get_for_user, meeting_list_for_user
from hamahang.signoff.models import SignedMinutes, Signer, SignoffEvent, SignoffRound


def _rounds() -> QuerySet[SignoffRound]:
    return SignoffRound.objects.select_related(
        "meeting__committee", "sent_by", "signed"
    ).prefetch_related(
        Prefetch(
            "signers",
            queryset=Signer.objects.select_related("user", "agency").order_by(
                "role", "agency__name", "pk"
            ),
        ),
        Prefetch(
            "events",
            queryset=SignoffEvent.objects.select_related("actor").order_by("created_at", "pk"),
        ),
    )


def round_list_for_user(*, user: User) -> QuerySet[SignoffRound]:
    if not user.is_authenticated:
        return SignoffRound.objects.none()
    mine = Q(signers__user=user)
    if is_office_staff(user):
        mine |= Q(meeting__in=meeting_list_for_user(user=user))
    return SignoffRound.objects.filter(mine).distinct()


def round_get_for_user(*, user: User, pk: int) -> SignoffRound:
    visible = round_list_for_user(user=user).values("pk")
    return get_object_or_404(_rounds().filter(pk__in=visible), pk=pk)


def my_signer(round_: SignoffRound, user: User) -> Signer | None:
    """Uses the prefetched signers."""
    return next((s for s in round_.signers.all() if s.user_id == user.pk), None)


def signatures_waiting(*, user: User) -> QuerySet[Signer]:
    """The user's own open requests to sign."""
    return (
        Signer.objects.filter(
            user=user, status=Signer.Status.PENDING, round__status=SignoffRound.Status.OPEN
        )
        .select_related("round__meeting__committee")
        .order_by("round__due_on", "pk")
    )


@dataclass
class MeetingSignoff:
    meeting: Meeting
    rounds: list[SignoffRound]
    candidates: list[tuple[Attendance, list[User]]]  # present agency → its active users
    chairs: list[User]

    @property
    def current(self) -> SignoffRound | None:
        return self.rounds[0] if self.rounds else None


def meeting_signoff(*, user: User, pk: int) -> MeetingSignoff:
    """A meeting's sign-off page: its rounds (latest first) and whom it may be sent to."""
    meeting = meeting_get_for_user(user=user, pk=pk)
    rounds = list(_rounds().filter(meeting=meeting).order_by("-sent_at", "-pk"))
    present = list(
        meeting.attendances.filter(status__in=Attendance.PRESENT_STATUSES)
        .select_related("agency")
        .order_by("agency__name")
    )
    users = User.objects.filter(
        is_active=True, agency_id__in=[a.agency_id for a in present]
    ).order_by("username")
    by_agency: dict[int, list[User]] = {}
    for u in users:
        by_agency.setdefault(u.agency_id, []).append(u)
    for people in by_agency.values():
        # The agency's liaison first: the usual signer.
        people.sort(key=lambda u: u.role not in LIAISON_ROLES)
    chairs = list(
        User.objects.filter(
            is_active=True,
            role__in=[Role.MANAGER, Role.SECRETARIAT],
            agency__province_id=meeting.committee.province_id,
        ).order_by("role", "username")
    )
    return MeetingSignoff(
        meeting=meeting,
        rounds=rounds,
        candidates=[(a, by_agency.get(a.agency_id, [])) for a in present],
        chairs=chairs,
    )


def signed_minutes_by_code(*, code: str) -> SignedMinutes:
    """Public: the signed minutes of a verification address (no login)."""
    return get_object_or_404(
        SignedMinutes.objects.select_related("meeting__committee", "round").prefetch_related(
            Prefetch(
                "round__signers",
                queryset=Signer.objects.filter(status=Signer.Status.APPROVED)
                .select_related("user", "agency")
                .order_by("role", "agency__name"),
            )
        ),
        code=code,
    )


def signed_minutes_for_user(*, user: User, pk: int) -> SignedMinutes:
    """The signed file, for those who may read the round (staff of its meeting, its signers)."""
    visible = round_list_for_user(user=user).values("pk")
    return get_object_or_404(SignedMinutes.objects.filter(round__in=visible), pk=pk)
