"""What the invitation screens read, scoped as the meetings are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from hamahang.accounts.models import User
from hamahang.accounts.selectors import committee_list_for_user
from hamahang.invitations.models import Invitation, MeetingSeries
from hamahang.meetings.models import Meeting
from hamahang.meetings.notifications import agency_liaisons
from hamahang.meetings.selectors import meeting_get_for_user


def invitation_list_for_user(*, user: User, meeting: Meeting) -> QuerySet[Invitation]:
    """A meeting's invitations, for a meeting the user may see (its scope: the meeting's,
    `meetings.selectors.meeting_get_for_user`; liaisons see no meetings)."""
    return (
        Invitation.objects.filter(meeting=meeting)
        .select_related("agency")
        .order_by("agency__name", "pk")
    )


@dataclass(frozen=True)
class InvitationsPage:
    meeting: Meeting
    invitations: list[Invitation]
    not_invited: int  # member agencies without an invitation yet


def invitations_page(*, user: User, pk: int) -> InvitationsPage:
    """The meeting's invitations page, in a fixed number of queries."""
    meeting = meeting_get_for_user(user=user, pk=pk)
    invitations = list(invitation_list_for_user(user=user, meeting=meeting))
    invited = {invitation.agency_id for invitation in invitations}
    members = meeting.committee.members.filter(is_archived=False).values_list("pk", flat=True)
    return InvitationsPage(meeting, invitations, len(set(members) - invited))


def brief_reader(invitation: Invitation) -> User | None:
    """Whose eyes the brief behind an invitation's link reads with: the agency's first active
    liaison (so the link shows what that agency may read, by accounts.access's one rule), or
    None when the agency has no liaison."""
    return agency_liaisons(invitation.agency).first()


def series_list_for_user(*, user: User) -> QuerySet[MeetingSeries]:
    return (
        MeetingSeries.objects.filter(committee__in=committee_list_for_user(user=user))
        .select_related("committee")
        .prefetch_related("items__meeting")
        .order_by("-created_at", "-pk")
    )
