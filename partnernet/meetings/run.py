"""Running a meeting: start it, step through its agenda and the 60-second presentations, see
the round's slips arrive, close it.

The state of a running meeting lives on the meeting row (the item on screen and since when,
the member speaking and since when), so every screen showing it (the facilitator's laptop,
the projector, a co-facilitator's phone) shows the same thing. Every step carries the
meeting's version: a step taken from a page that no longer shows the meeting as it stands is
refused with a Conflict and the page is brought up to date, never applied blindly.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from partnernet.errors import Conflict
from partnernet.extensions import db
from partnernet.meetings.agenda import AgendaItemRow, ensure_meeting_agenda, list_agenda
from partnernet.meetings.attendance import present_members
from partnernet.meetings.queries import running_meeting_id
from partnernet.meetings.services import MeetingError, _flush, _require_facilitator
from partnernet.models import (
    Attendance,
    ClosedBusiness,
    Meeting,
    Membership,
    Referral,
    ThankYou,
    User,
)
from partnernet.models.meetings import AgendaKind, AttendanceStatus, MeetingStatus
from partnernet.models.referrals import Status

# A meeting can be started this long before its scheduled time (people arrive early for open
# networking), and no earlier; one that never ran can still be started this long after.
START_EARLY = timedelta(hours=2)
START_LATE = timedelta(hours=12)
PRESENTATION_SECONDS = 60
RECENT_SLIPS = 8


def _stale(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise Conflict("The meeting moved on from another screen; this is where it is now.",
                       "version")


def _running(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.RUNNING:
        raise MeetingError("This meeting isn't running.", "status")


def start_meeting(*, meeting: Meeting, actor: User, now: datetime,
                  version: int | None = None) -> Meeting:
    """Open the meeting: its agenda is copied from the group's, the first item starts now."""
    _require_facilitator(meeting.group_id, actor)
    _stale(meeting, version)
    if meeting.status == MeetingStatus.RUNNING:
        raise MeetingError("This meeting is already running.", "status")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingError(f"A {meeting.status} meeting can't be started.", "status")
    if now < meeting.starts_at - START_EARLY:
        raise MeetingError("This meeting is not until later: it can be started from two "
                           "hours before it begins.", "status")
    if now > meeting.starts_at + START_LATE:
        raise MeetingError("This meeting's day has passed; it can no longer be started.",
                           "status")
    if running_meeting_id(meeting.group_id) is not None:
        raise MeetingError("Another meeting of the group is running; close it first.",
                           "status")
    ensure_meeting_agenda(meeting=meeting)  # never empty: an agenda keeps one item at least
    meeting.status = MeetingStatus.RUNNING
    meeting.started_at = now
    meeting.current_item, meeting.item_started_at = 0, now
    meeting.speaker_index = meeting.speaker_started_at = None
    return _flush(meeting)


def go_to_item(*, meeting: Meeting, actor: User, position: int, now: datetime,
               version: int | None = None) -> Meeting:
    """Put another agenda item on screen (next, previous, or any); its timer starts now."""
    _require_facilitator(meeting.group_id, actor)
    _stale(meeting, version)
    _running(meeting)
    count = len(list_agenda(group_id=meeting.group_id, meeting_id=meeting.id))
    if not 0 <= position < count:
        raise MeetingError("There is no such item on the agenda.", "position")
    meeting.current_item, meeting.item_started_at = position, now
    meeting.speaker_index = meeting.speaker_started_at = None
    return _flush(meeting)


def go_to_speaker(*, meeting: Meeting, actor: User, index: int | None, now: datetime,
                  version: int | None = None) -> Meeting:
    """Give the floor to the `index`-th member present (in the order they arrived) for 60
    seconds; None ends the round of presentations."""
    _require_facilitator(meeting.group_id, actor)
    _stale(meeting, version)
    _running(meeting)
    speakers = len(present_members(meeting_id=meeting.id, group_id=meeting.group_id))
    if index is not None and not 0 <= index < speakers:
        raise MeetingError("Everyone present has spoken." if index >= speakers
                           else "That is the first speaker.", "speaker")
    meeting.speaker_index = index
    meeting.speaker_started_at = now if index is not None else None
    return _flush(meeting)


def close_meeting(*, meeting: Meeting, actor: User, now: datetime,
                  version: int | None = None) -> Meeting:
    """End the meeting; its report is final from now (the view sends it to every member).

    A current member nobody checked in or excused by then is recorded absent, as the paper
    register would say; a facilitator can still correct it on the attendance page.
    """
    _require_facilitator(meeting.group_id, actor)
    _stale(meeting, version)
    _running(meeting)
    recorded = sa.select(Attendance.user_id).where(Attendance.meeting_id == meeting.id)
    for user_id in db.session.scalars(sa.select(Membership.user_id).where(
            Membership.group_id == meeting.group_id, Membership.left_at.is_(None),
            Membership.user_id.not_in(recorded))):
        db.session.add(Attendance(meeting_id=meeting.id, user_id=user_id,
                                  status=AttendanceStatus.ABSENT, recorded_by_id=actor.id,
                                  recorded_at=now))
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = now
    meeting.current_item = meeting.item_started_at = None
    meeting.speaker_index = meeting.speaker_started_at = None
    return _flush(meeting)


# --- Reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    """A referral passed in the round, as the room sees it: no prospect details."""

    id: int
    passed_at: datetime
    giver_name: str
    receiver_name: str


@dataclass(frozen=True)
class Tally:
    referrals: int
    closed_count: int
    closed_value: int  # minor units, recorded while the meeting ran
    thank_yous: int
    recent: list[Slip]  # newest first


def meeting_tally(*, meeting: Meeting, now: datetime) -> Tally:
    """What the meeting produced so far: slips passed in its round (withdrawn ones left out),
    and closed business and thank-yous recorded while it ran. Three queries."""
    giver, receiver = sa.orm.aliased(User), sa.orm.aliased(User)
    slips = db.session.execute(
        sa.select(Referral.id, Referral.passed_at, giver.name, receiver.name)
        .join(giver, giver.id == Referral.giver_id)
        .join(receiver, receiver.id == Referral.receiver_id)
        .where(Referral.meeting_id == meeting.id, Referral.status != Status.WITHDRAWN)
        .order_by(Referral.passed_at.desc(), Referral.id.desc())).all()
    since, until = meeting.started_at or now, meeting.closed_at or now
    closed_count, closed_value = db.session.execute(
        sa.select(sa.func.count(ClosedBusiness.id),
                  sa.func.coalesce(sa.func.sum(ClosedBusiness.amount), 0))
        .where(ClosedBusiness.group_id == meeting.group_id,
               ClosedBusiness.deleted_at.is_(None),
               ClosedBusiness.created_at >= since, ClosedBusiness.created_at <= until)).one()
    thank_yous = db.session.scalar(
        sa.select(sa.func.count(ThankYou.id)).join(Referral, Referral.id == ThankYou.referral_id)
        .where(Referral.group_id == meeting.group_id, ThankYou.created_at >= since,
               ThankYou.created_at <= until))
    return Tally(referrals=len(slips), closed_count=closed_count, closed_value=int(closed_value),
                 thank_yous=thank_yous,
                 recent=[Slip(*row) for row in slips[:RECENT_SLIPS]])


@dataclass(frozen=True)
class RunState:
    """Where a meeting stands, with the timings the run screen shows."""

    items: list[AgendaItemRow]
    current: AgendaItemRow | None
    item_ends_at: datetime | None  # when the current item's minutes run out
    planned_elapsed: int  # minutes the agenda planned up to the end of the current item
    elapsed_seconds: int  # since the meeting started
    # How much later than planned the current item began, in whole minutes (negative: early).
    behind_minutes: int
    speaker_ends_at: datetime | None

    @property
    def next_item(self) -> AgendaItemRow | None:
        if self.current is None or self.current.position + 1 >= len(self.items):
            return None
        return self.items[self.current.position + 1]

    @property
    def is_presentations(self) -> bool:
        return self.current is not None and self.current.kind == AgendaKind.PRESENTATIONS

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def run_state(*, meeting: Meeting, now: datetime) -> RunState:
    """The agenda with the current item, and the clocks: one query."""
    items = list_agenda(group_id=meeting.group_id, meeting_id=meeting.id)
    current = None
    if meeting.current_item is not None and 0 <= meeting.current_item < len(items):
        current = items[meeting.current_item]
    item_ends_at, planned, behind = None, 0, 0
    if current is not None and meeting.item_started_at is not None:
        item_ends_at = meeting.item_started_at + timedelta(minutes=current.minutes)
        planned_start = sum(item.minutes for item in items[:current.position])
        planned = planned_start + current.minutes
        if meeting.started_at is not None:
            began = (meeting.item_started_at - meeting.started_at).total_seconds()
            behind = round(began / 60) - planned_start
    elapsed = int((now - meeting.started_at).total_seconds()) if meeting.started_at else 0
    speaker_ends_at = (meeting.speaker_started_at + timedelta(seconds=PRESENTATION_SECONDS)
                       if meeting.speaker_started_at else None)
    return RunState(items=items, current=current, item_ends_at=item_ends_at,
                    planned_elapsed=planned, elapsed_seconds=max(0, elapsed),
                    behind_minutes=behind, speaker_ends_at=speaker_ends_at)
