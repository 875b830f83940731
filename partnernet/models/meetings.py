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
    # The featured presenter, from the speaker rotation (or swapped in by a facilitator).
    presenter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Run mode: when it started and closed, the agenda item on screen (its position in the
    # meeting's agenda) since when, and which member present is giving their 60 seconds.
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    current_item: Mapped[int | None] = mapped_column()
    item_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    speaker_index: Mapped[int | None] = mapped_column()
    speaker_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


AGENDA_TITLE_MAX = 120
AGENDA_MINUTES_MAX = 240
AGENDA_ITEMS_MAX = 30


class AgendaKind(StrEnum):
    NETWORKING = "networking"
    WELCOME = "welcome"
    EDUCATION = "education"
    PRESENTATIONS = "presentations"  # members' 60-second presentations
    VISITORS = "visitors"
    FEATURED = "featured"
    REFERRALS = "referrals"  # referral and testimonial round
    THANKS = "thanks"  # thank-yous for closed business
    ANNOUNCEMENTS = "announcements"
    OTHER = "other"


class AgendaItem(Base):
    """One item of an agenda: the group's template (`meeting_id` NULL) or one meeting's own
    copy, made from the template when the meeting's agenda is first opened or run."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN (" + ", ".join(repr(k.value) for k in AgendaKind) + ")", name="kind"),
        sa.CheckConstraint(f"minutes BETWEEN 1 AND {AGENDA_MINUTES_MAX}", name="minutes"),
        sa.Index("ix_agenda_items_group_meeting", "group_id", "meeting_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(AGENDA_TITLE_MAX))
    kind: Mapped[str] = mapped_column(sa.String(16), default=AgendaKind.OTHER)
    minutes: Mapped[int] = mapped_column()
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class RotationEntry(Base):
    """A member's place in the group's speaker rotation for the featured presentation."""

    __tablename__ = "rotation_entries"
    __table_args__ = (sa.UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    MEDICAL = "medical"
    SUBSTITUTE = "substitute"


SUBSTITUTE_NAME_MAX = 120


class Attendance(Base):
    """Whether a member was at a meeting; one row per member and meeting, once recorded."""

    __tablename__ = "attendance"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN (" + ", ".join(repr(s.value) for s in AttendanceStatus) + ")",
            name="status"),
        sa.CheckConstraint("(status = 'substitute') = (substitute_name <> '')",
                           name="substitute"),
        sa.UniqueConstraint("meeting_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    status: Mapped[str] = mapped_column(sa.String(12))
    substitute_name: Mapped[str] = mapped_column(sa.String(SUBSTITUTE_NAME_MAX), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


VISITOR_NAME_MAX = 120
VISITOR_BUSINESS_MAX = 120
VISITOR_EMAIL_MAX = 254


class Visitor(Base):
    """A guest at a meeting, usually invited by a member."""

    __tablename__ = "visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(sa.String(VISITOR_NAME_MAX))
    business: Mapped[str] = mapped_column(sa.String(VISITOR_BUSINESS_MAX), default="")
    email: Mapped[str] = mapped_column(sa.String(VISITOR_EMAIL_MAX), default="")
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
