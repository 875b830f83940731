"""The meeting report: what a meeting and the days since the previous one produced, the way a
secretary used to type it up on Wednesday, ready when the meeting closes.

One query serves the printable page, its CSV, the email every member receives on closing,
and the API.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnernet.extensions import db
from partnernet.ledger.queries import Ledger, compute_ledger
from partnernet.meetings.attendance import (
    AttendanceRow,
    VisitorRow,
    list_attendance,
    list_visitors,
)
from partnernet.meetings.queries import MeetingRow, row_of
from partnernet.meetings.rotation import PresenterRow, list_presenters
from partnernet.models import ClosedBusiness, Group, Meeting, Referral, ThankYou, User
from partnernet.models.meetings import AttendanceStatus, MeetingStatus
from partnernet.models.referrals import Status
from partnernet.periods import Period

# Without a previous meeting, the report looks back this far.
FIRST_LOOK_BACK = timedelta(days=7)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)


@dataclass(frozen=True)
class ReportReferral:
    id: int
    passed_at: datetime
    giver_id: int
    giver_name: str
    receiver_id: int
    receiver_name: str
    kind: str
    at_meeting: bool  # passed in this meeting's round


@dataclass(frozen=True)
class ReportClosed:
    closed_on: date
    giver_name: str  # who passed the referral
    receiver_name: str  # who closed the business
    amount: int  # minor units
    kind: str


@dataclass(frozen=True)
class ReportThanks:
    created_at: datetime
    author_name: str  # the receiver, thanking
    giver_name: str
    gift: str


@dataclass(frozen=True)
class MeetingReport:
    group_id: int
    group_name: str
    timezone: str
    currency: str
    meeting: MeetingRow
    presenter_name: str | None
    previous: MeetingRow | None
    since: datetime  # UTC: the previous meeting's close (or end)
    until: datetime  # UTC: this meeting's close, or now while it runs
    final: bool  # the meeting is closed
    attendance: list[AttendanceRow]
    visitors: list[VisitorRow]
    referrals: list[ReportReferral]
    closed: list[ReportClosed]
    thanks: list[ReportThanks]
    ledger: Ledger  # since the previous meeting's day, through this meeting's day
    next_meeting: MeetingRow | None
    presenters: list[PresenterRow]

    @property
    def counts(self) -> dict[str, int]:
        """Members by attendance status ("unrecorded" for nobody said)."""
        counts = {status.value: 0 for status in AttendanceStatus} | {"unrecorded": 0}
        for row in self.attendance:
            counts[row.status or "unrecorded"] += 1
        return counts

    @property
    def attended(self) -> int:
        return sum(1 for row in self.attendance if row.status in ATTENDED)

    @property
    def at_meeting(self) -> int:
        return sum(1 for r in self.referrals if r.at_meeting)

    @property
    def closed_value(self) -> int:
        return sum(c.amount for c in self.closed)


def _previous(meeting: Meeting) -> Meeting | None:
    return db.session.scalar(
        sa.select(Meeting).where(Meeting.group_id == meeting.group_id,
                                 Meeting.starts_at < meeting.starts_at,
                                 Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1))


def _next(meeting: Meeting) -> Meeting | None:
    return db.session.scalar(
        sa.select(Meeting).where(Meeting.group_id == meeting.group_id,
                                 Meeting.starts_at > meeting.starts_at,
                                 Meeting.status == MeetingStatus.SCHEDULED)
        .order_by(Meeting.starts_at, Meeting.id).limit(1))


def _referrals(meeting: Meeting, since: datetime, until: datetime) -> list[ReportReferral]:
    giver, receiver = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(Referral.id, Referral.passed_at, giver.id, giver.name, receiver.id,
                  receiver.name, Referral.kind, Referral.meeting_id)
        .join(giver, giver.id == Referral.giver_id)
        .join(receiver, receiver.id == Referral.receiver_id)
        .where(Referral.group_id == meeting.group_id, Referral.status != Status.WITHDRAWN,
               sa.or_(Referral.meeting_id == meeting.id,
                      sa.and_(Referral.passed_at >= since, Referral.passed_at < until)))
        .order_by(Referral.passed_at, Referral.id))
    return [ReportReferral(rid, at, gid, gname, rcid, rname, kind, mid == meeting.id)
            for rid, at, gid, gname, rcid, rname, kind, mid in rows]


def _closed(meeting: Meeting, since: datetime, until: datetime) -> list[ReportClosed]:
    giver, receiver = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(ClosedBusiness.closed_on, giver.name, receiver.name, ClosedBusiness.amount,
                  ClosedBusiness.kind)
        .join(giver, giver.id == ClosedBusiness.giver_id)
        .join(receiver, receiver.id == ClosedBusiness.receiver_id)
        .where(ClosedBusiness.group_id == meeting.group_id, ClosedBusiness.deleted_at.is_(None),
               ClosedBusiness.created_at >= since, ClosedBusiness.created_at < until)
        .order_by(ClosedBusiness.created_at, ClosedBusiness.id))
    return [ReportClosed(*row) for row in rows]


def _thanks(meeting: Meeting, since: datetime, until: datetime) -> list[ReportThanks]:
    author, giver = aliased(User), aliased(User)
    rows = db.session.execute(
        sa.select(ThankYou.created_at, author.name, giver.name, ThankYou.gift)
        .join(Referral, Referral.id == ThankYou.referral_id)
        .join(author, author.id == ThankYou.author_id)
        .join(giver, giver.id == Referral.giver_id)
        .where(Referral.group_id == meeting.group_id, ThankYou.created_at >= since,
               ThankYou.created_at < until)
        .order_by(ThankYou.created_at, ThankYou.id))
    return [ReportThanks(*row) for row in rows]


def build_report(*, meeting: Meeting, group: Group, now: datetime) -> MeetingReport:
    """The report of one meeting: final once it closed, "so far" while it runs.

    Referrals, closed business and thank-yous are those recorded since the previous meeting
    closed (or ended, or a week before a first meeting) until this one closed, plus every slip
    passed in this meeting's round. The ledger covers the local days from the previous
    meeting's through this one's. A fixed number of queries whatever the data size.
    """
    previous = _previous(meeting)
    row = row_of(meeting)
    if previous is not None:
        since = previous.closed_at or row_of(previous).ends_at
    else:
        since = meeting.starts_at - FIRST_LOOK_BACK
    until = meeting.closed_at or max(now, since)
    tz = group.timezone
    day = row.local_start(tz).date()
    first_day = (row_of(previous).local_start(tz).date() if previous is not None
                 else day - FIRST_LOOK_BACK)
    presenter = db.session.get(User, meeting.presenter_id) if meeting.presenter_id else None
    upcoming = _next(meeting)
    return MeetingReport(
        group_id=group.id, group_name=group.name, timezone=tz, currency=group.currency,
        meeting=row, presenter_name=presenter.name if presenter else None,
        previous=row_of(previous) if previous is not None else None, since=since,
        until=until, final=meeting.status == MeetingStatus.CLOSED,
        attendance=list_attendance(meeting_id=meeting.id, group_id=group.id),
        visitors=list_visitors(meeting_id=meeting.id),
        referrals=_referrals(meeting, since, until),
        closed=_closed(meeting, since, until), thanks=_thanks(meeting, since, until),
        ledger=compute_ledger(group=group, period=Period(first_day, day + timedelta(days=1))),
        next_meeting=row_of(upcoming) if upcoming is not None else None,
        presenters=list_presenters(group_id=group.id, now=until))
