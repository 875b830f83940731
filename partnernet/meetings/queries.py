"""Meeting reads: the schedule, and the last meeting (for "since last meeting")."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.models import Group, Meeting, Membership
from partnernet.models.meetings import MeetingStatus
from partnernet.periods import Period


@dataclass(frozen=True)
class MeetingRow:
    id: int
    group_id: int
    kind: str
    occurrence: date | None
    starts_at: datetime
    duration_minutes: int
    status: str
    moved: bool
    note: str
    version: int
    presenter_id: int | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def local_start(self, tz: str) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(tz))

    def local_end(self, tz: str) -> datetime:
        return self.ends_at.astimezone(ZoneInfo(tz))


def row_of(m: Meeting) -> MeetingRow:
    return MeetingRow(m.id, m.group_id, m.kind, m.occurrence, m.starts_at, m.duration_minutes,
                      m.status, m.moved, m.note, m.version, m.presenter_id, m.started_at,
                      m.closed_at)


def list_meetings(*, group_id: int, start: datetime | None = None,
                  end: datetime | None = None, latest: int | None = None) -> list[MeetingRow]:
    """The group's meetings starting in [start, end), cancelled ones included, by time; with
    `latest`, only that many of the latest ones (still oldest first)."""
    stmt = sa.select(Meeting).where(Meeting.group_id == group_id)
    if start is not None:
        stmt = stmt.where(Meeting.starts_at >= start)
    if end is not None:
        stmt = stmt.where(Meeting.starts_at < end)
    if latest is not None:
        stmt = stmt.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(latest)
        return [row_of(m) for m in db.session.scalars(stmt)][::-1]
    return [row_of(m) for m in db.session.scalars(stmt.order_by(Meeting.starts_at, Meeting.id))]


def get_meeting_for(meeting_id: int, user_id: int) -> tuple[Meeting, Membership] | None:
    """The meeting and the user's membership of its group, if the user is a current member
    (else None: to them there is no such meeting)."""
    meeting = db.session.get(Meeting, meeting_id)
    membership = get_active_membership(meeting.group_id, user_id) if meeting else None
    return (meeting, membership) if membership is not None else None


def running_meeting_id(group_id: int) -> int | None:
    """The group's meeting under way now, if any (at most one runs at a time)."""
    return db.session.scalar(sa.select(Meeting.id).where(
        Meeting.group_id == group_id, Meeting.status == MeetingStatus.RUNNING).limit(1))


def get_last_meeting(*, group_id: int, now: datetime) -> MeetingRow | None:
    """The latest meeting that started before `now` and was not cancelled."""
    meeting = db.session.scalar(
        sa.select(Meeting).where(Meeting.group_id == group_id, Meeting.starts_at <= now,
                                 Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1))
    return row_of(meeting) if meeting else None


SINCE_LAST_MEETING = "since-last-meeting"  # the ledger's period name for it


def since_last_meeting(*, group: Group, now: datetime, today: date) -> Period | None:
    """From the local day of the last meeting through today; None before any meeting."""
    last = get_last_meeting(group_id=group.id, now=now)
    if last is None:
        return None
    return Period(last.local_start(group.timezone).date(), today + timedelta(days=1),
                  SINCE_LAST_MEETING)
