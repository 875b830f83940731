"""Group reads, returned as plain dataclasses."""

from dataclasses import dataclass
from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnernet.extensions import db
from partnernet.models import Group, Invitation, Membership, Profile, User
from partnernet.models.base import utcnow


@dataclass(frozen=True)
class GroupSummary:
    id: int
    name: str
    role: str
    title: str


@dataclass(frozen=True)
class GroupDetail:
    id: int
    name: str
    cadence: str
    weekday: int
    nth_weekday: int | None
    meeting_time: time
    duration_minutes: int
    timezone: str
    currency: str
    location: str
    video_url: str
    member_count: int


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    member_id: int
    name: str
    email: str
    business: str
    role: str
    title: str
    category: str
    joined_at: datetime

    @property
    def is_facilitator(self) -> bool:
        return self.role == "facilitator"


@dataclass(frozen=True)
class InvitationRow:
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    invited_by: str


def get_active_membership(group_id: int, user_id: int) -> Membership | None:
    """The user's current membership of the group, or None (also for an unknown group)."""
    return db.session.scalar(
        sa.select(Membership).where(Membership.group_id == group_id,
                                    Membership.user_id == user_id,
                                    Membership.left_at.is_(None))
    )


def list_user_groups(user_id: int) -> list[GroupSummary]:
    """The groups the user currently belongs to, by name."""
    rows = db.session.execute(
        sa.select(Group.id, Group.name, Membership.role, Membership.title)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user_id, Membership.left_at.is_(None))
        .order_by(Group.name, Group.id)
    )
    return [GroupSummary(*row) for row in rows]


def _member_count():
    return (
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.group_id == Group.id, Membership.left_at.is_(None))
        .correlate(Group)
        .scalar_subquery()
    )


def get_group_detail(group_id: int) -> GroupDetail | None:
    row = db.session.execute(
        sa.select(Group, _member_count()).where(Group.id == group_id)
    ).one_or_none()
    if row is None:
        return None
    group, count = row
    return GroupDetail(
        id=group.id, name=group.name, cadence=group.cadence, weekday=group.weekday,
        nth_weekday=group.nth_weekday, meeting_time=group.meeting_time,
        duration_minutes=group.duration_minutes, timezone=group.timezone,
        currency=group.currency, location=group.location, video_url=group.video_url,
        member_count=count,
    )


def list_members(group_id: int) -> list[MemberRow]:
    """The group's current members: facilitators first, then by name (one query)."""
    rows = db.session.execute(
        sa.select(Membership.id, User.id, User.name, User.email,
                  sa.func.coalesce(Profile.business_name, ""), Membership.role,
                  Membership.title, Membership.category, Membership.joined_at)
        .join(User, User.id == Membership.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Membership.group_id == group_id, Membership.left_at.is_(None))
        .order_by(sa.case((Membership.role == "facilitator", 0), else_=1),
                  sa.func.lower(User.name), User.id)
    )
    return [MemberRow(*row) for row in rows]


def list_pending_invitations(group_id: int) -> list[InvitationRow]:
    """Invitations not yet used, withdrawn or expired, newest first."""
    inviter = aliased(User)
    rows = db.session.execute(
        sa.select(Invitation.id, Invitation.email, Invitation.role, Invitation.created_at,
                  Invitation.expires_at, sa.func.coalesce(inviter.name, ""))
        .outerjoin(inviter, inviter.id == Invitation.created_by_id)
        .where(Invitation.group_id == group_id, Invitation.accepted_at.is_(None),
               Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    return [InvitationRow(*row) for row in rows]
