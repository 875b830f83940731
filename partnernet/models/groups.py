"""Groups, memberships and invitations."""

from datetime import datetime, time
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnernet.models.accounts import EMAIL_MAX, User
from partnernet.models.base import Base, UTCDateTime, utcnow

GROUP_NAME_MAX = 120
LOCATION_MAX = 200
URL_MAX = 500
TITLE_MAX = 60
CATEGORY_MAX = 80


class Cadence(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class Role(StrEnum):
    FACILITATOR = "facilitator"
    MEMBER = "member"


class Group(Base):
    __tablename__ = "groups"
    __table_args__ = (
        sa.CheckConstraint("cadence IN ('weekly', 'monthly')", name="cadence"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        sa.CheckConstraint(
            "nth_weekday IS NULL OR nth_weekday IN (-1, 1, 2, 3, 4)", name="nth_weekday"
        ),
        sa.CheckConstraint("duration_minutes BETWEEN 15 AND 480", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(GROUP_NAME_MAX))
    cadence: Mapped[str] = mapped_column(sa.String(10), default=Cadence.WEEKLY)
    # Monday is 0, as in Python's date.weekday().
    weekday: Mapped[int] = mapped_column(sa.SmallInteger)
    # For a monthly cadence: 1st to 4th, or -1 for the last such weekday of the month.
    nth_weekday: Mapped[int | None] = mapped_column(sa.SmallInteger)
    meeting_time: Mapped[time] = mapped_column(sa.Time)
    duration_minutes: Mapped[int] = mapped_column(default=90)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    currency: Mapped[str] = mapped_column(sa.String(3))
    location: Mapped[str] = mapped_column(sa.String(LOCATION_MAX), default="")
    video_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    memberships: Mapped[list["Membership"]] = relationship(back_populates="group")

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.name!r}>"


class Membership(Base):
    """A user's place in a group; leaving sets left_at and keeps the row for history."""

    __tablename__ = "memberships"
    __table_args__ = (
        sa.UniqueConstraint("group_id", "user_id"),
        sa.CheckConstraint("role IN ('facilitator', 'member')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(12), default=Role.MEMBER)
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX), default="")
    category: Mapped[str] = mapped_column(sa.String(CATEGORY_MAX), default="")
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def is_active(self) -> bool:
        return self.left_at is None

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR


class Invitation(Base):
    """A single-use invitation; only the token's hash is stored."""

    __tablename__ = "invitations"
    __table_args__ = (sa.CheckConstraint("role IN ('facilitator', 'member')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    # Empty for an invitation shared as a link rather than sent by email.
    email: Mapped[str] = mapped_column(sa.String(EMAIL_MAX), default="")
    role: Mapped[str] = mapped_column(sa.String(12), default=Role.MEMBER)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
