"""Meetings: the schedule a group's cadence generates, with the exceptions facilitators make."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.models.base import Base, UTCDateTime, utcnow

MEETING_NOTE_MAX = 500


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    RUNNING = "running"
    CLOSED = "closed"


class MeetingKind(StrEnum):
    REGULAR = "regular"  # one of the cadence's occurrences (perhaps moved)
    EXTRA = "extra"  # added by a facilitator


class Meeting(Base):
    """One meeting. A regular meeting keeps the local date of the cadence occurrence it
    stands for (`occurrence`), so moving it never makes the schedule generate it again."""

    __tablename__ = "meetings"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN (" + ", ".join(repr(s.value) for s in MeetingStatus) + ")",
            name="status"),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(repr(k.value) for k in MeetingKind) + ")", name="kind"),
        sa.CheckConstraint("(kind = 'regular') = (occurrence IS NOT NULL)", name="occurrence"),
        sa.CheckConstraint("duration_minutes BETWEEN 15 AND 480", name="duration"),
        sa.UniqueConstraint("group_id", "occurrence"),
        sa.Index("ix_meetings_group_starts", "group_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(10), default=MeetingKind.REGULAR)
    occurrence: Mapped[date | None] = mapped_column(sa.Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_minutes: Mapped[int] = mapped_column(default=90)
    status: Mapped[str] = mapped_column(sa.String(12), default=MeetingStatus.SCHEDULED)
    # True once a facilitator changed its time: a new cadence leaves it where it is.
    moved: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.String(MEETING_NOTE_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class CalendarFeed(Base):
    """A member's subscription to their group's meetings from a calendar app, which can't
    sign in: the secret URL is the credential. Only its hash is stored; making a new link
    replaces the row (the old link stops working), stopping the feed deletes it."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (sa.UniqueConstraint("user_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


ONE_TO_ONE_NOTES_MAX = 2000


class OneToOneKind(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class OneToOne(Base):
    """Two members met one-to-one to learn each other's business. Logged by one of them, it
    counts for both: `partner_id` is simply the other one."""

    __tablename__ = "one_to_ones"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN (" + ", ".join(repr(k.value) for k in OneToOneKind) + ")", name="kind"),
        sa.Index("ix_one_to_ones_group_met_on", "group_id", "met_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    logged_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    met_on: Mapped[date] = mapped_column(sa.Date)  # local to the group
    kind: Mapped[str] = mapped_column(sa.String(10), default=OneToOneKind.IN_PERSON)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
