"""Meeting schedule: generated from the cadence; facilitators move, cancel, restore and add."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.schedule import local_start, occurrences
from partnernet.models import Group, Meeting, User
from partnernet.models.meetings import MEETING_NOTE_MAX, MeetingKind, MeetingStatus
from partnernet.periods import _months_back
from partnernet.text import clean_line

# How far ahead the schedule is kept.
SCHEDULE_WEEKS = 12
MIN_MINUTES, MAX_MINUTES = 15, 480
# Further ahead than this is a typing mistake.
MAX_YEARS_AHEAD = 2


class MeetingError(DomainError):
    pass


def _require_facilitator(group_id: int, actor: User) -> None:
    membership = get_active_membership(group_id, actor.id)
    if membership is None or not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can change the schedule.")


def _check_version(meeting: Meeting, version: int | None) -> None:
    if version is not None and version != meeting.version:
        raise Conflict("Someone changed this meeting since you opened the page; "
                       "here it is as it stands now.", "version")


def ensure_schedule(*, group: Group, now: datetime, weeks: int = SCHEDULE_WEEKS) -> int:
    """Store the cadence's meetings from `now` to `weeks` ahead that aren't stored yet.

    Idempotent: an occurrence already stored (moved, cancelled or not) is left alone, and
    meetings that would have started before `now` are never invented (a group created in the
    evening of its meeting day didn't meet that morning). Returns how many were added.
    """
    today = now.astimezone(ZoneInfo(group.timezone)).date()
    wanted = [day for day in occurrences(group, today, today + timedelta(weeks=weeks, days=1))
              if local_start(group, day) >= now]
    if not wanted:
        return 0
    stored = set(db.session.scalars(sa.select(Meeting.occurrence).where(
        Meeting.group_id == group.id, Meeting.occurrence.in_(wanted))))
    added = 0
    for day in wanted:
        if day not in stored:
            db.session.add(Meeting(group_id=group.id, kind=MeetingKind.REGULAR, occurrence=day,
                                   starts_at=local_start(group, day),
                                   duration_minutes=group.duration_minutes))
            added += 1
    db.session.flush()
    return added


def apply_cadence(*, group: Group, now: datetime) -> None:
    """After the group's cadence, time or length changed: regenerate the meetings still to
    come that nobody touched (moved, cancelled or run ones stay), then fill the schedule.

    A meeting already under way or over keeps its time, even on the day of the change; one
    the new cadence would put before `now` is dropped rather than invented in the past.
    """
    today = now.astimezone(ZoneInfo(group.timezone)).date()
    untouched = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.kind == MeetingKind.REGULAR,
        Meeting.status == MeetingStatus.SCHEDULED, Meeting.moved.is_(False),
        Meeting.starts_at >= now)).all()
    keep = {day for day in occurrences(group, today,
                                       today + timedelta(weeks=SCHEDULE_WEEKS, days=1))
            if local_start(group, day) >= now}
    for meeting in untouched:
        if meeting.occurrence in keep:
            meeting.starts_at = local_start(group, meeting.occurrence)
            meeting.duration_minutes = group.duration_minutes
        else:
            db.session.delete(meeting)
    db.session.flush()
    ensure_schedule(group=group, now=now)


def _span(group: Group, starts: datetime, ends: datetime, today: date) -> tuple[datetime, int]:
    """Local naive start and end → (UTC start, minutes), with the checks people need.

    The length is measured between the two UTC instants, so a meeting across a clock change
    lasts what it really lasts; a local time the clock skips that day is refused.
    """
    zone = ZoneInfo(group.timezone)
    if starts.date() > _months_back(today, -12 * MAX_YEARS_AHEAD):
        raise MeetingError("That is more than two years ahead; check the date.", "starts_at")
    if starts.date() < _months_back(today, 12):
        raise MeetingError("That is more than a year ago; check the date.", "starts_at")
    for moment, field in ((starts, "start_time"), (ends, "end_time")):
        if not _exists(moment, zone):
            raise MeetingError(f"{moment:%H:%M} doesn't exist on {moment:%-d %B}: the clocks "
                               "go forward then. Choose another time.", field)
    start_utc = starts.replace(tzinfo=zone).astimezone(UTC)
    end_utc = ends.replace(tzinfo=zone).astimezone(UTC)
    if end_utc <= start_utc:
        raise MeetingError("The meeting must end after it starts.", "ends_at")
    minutes = int((end_utc - start_utc).total_seconds() // 60)
    if minutes < MIN_MINUTES:
        raise MeetingError(f"A meeting lasts at least {MIN_MINUTES} minutes.", "ends_at")
    if minutes > MAX_MINUTES:
        raise MeetingError(f"A meeting lasts at most {MAX_MINUTES // 60} hours.", "ends_at")
    return start_utc, minutes


def _exists(local: datetime, zone: ZoneInfo) -> bool:
    """False for a wall-clock time skipped by a daylight-saving change in `zone`."""
    there_and_back = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return there_and_back.replace(tzinfo=None) == local


def _note(note: str | None) -> str:
    return clean_line(note, field="note", label="Note", max_length=MEETING_NOTE_MAX,
                      error=MeetingError)


def move_meeting(*, meeting: Meeting, actor: User, starts: datetime, ends: datetime,
                 today: date, note: str | None = None, version: int | None = None) -> Meeting:
    """Give one meeting another local date and time (or length); the cadence keeps it there."""
    group = db.session.get(Group, meeting.group_id)
    _require_facilitator(group.id, actor)
    _check_version(meeting, version)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingError("Only a scheduled meeting can be moved.", "status")
    # Every check before the first change: a refused move leaves the meeting as it was.
    starts_at, minutes = _span(group, starts, ends, today)
    cleaned = _note(note) if note is not None else None
    meeting.starts_at, meeting.duration_minutes = starts_at, minutes
    meeting.moved = True
    if cleaned is not None:
        meeting.note = cleaned
    return _flush(meeting)


def cancel_meeting(*, meeting: Meeting, actor: User, note: str | None = None,
                   version: int | None = None) -> Meeting:
    """Cancel one meeting (the others stay); it can be restored."""
    _require_facilitator(meeting.group_id, actor)
    _check_version(meeting, version)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingError("Only a scheduled meeting can be cancelled.", "status")
    cleaned = _note(note) if note is not None else None
    meeting.status = MeetingStatus.CANCELLED
    if cleaned is not None:
        meeting.note = cleaned
    return _flush(meeting)


def restore_meeting(*, meeting: Meeting, actor: User, version: int | None = None) -> Meeting:
    """Undo a cancellation; the reason given for it is cleared with it."""
    _require_facilitator(meeting.group_id, actor)
    _check_version(meeting, version)
    if meeting.status != MeetingStatus.CANCELLED:
        raise MeetingError("Only a cancelled meeting can be restored.", "status")
    meeting.status = MeetingStatus.SCHEDULED
    meeting.note = ""
    return _flush(meeting)


def add_meeting(*, group: Group, actor: User, starts: datetime, ends: datetime, today: date,
                note: str = "") -> Meeting:
    """An extra meeting outside the cadence (a social, a planning session)."""
    _require_facilitator(group.id, actor)
    starts_at, minutes = _span(group, starts, ends, today)
    meeting = Meeting(group_id=group.id, kind=MeetingKind.EXTRA, occurrence=None,
                      starts_at=starts_at, duration_minutes=minutes, note=_note(note))
    db.session.add(meeting)
    return _flush(meeting)


def _flush(meeting: Meeting) -> Meeting:
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict("Someone changed this meeting at the same moment; try again.",
                       "version") from None
    return meeting
