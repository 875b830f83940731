"""Speaker rotation: the order in which members give the featured presentation.

Facilitators keep an ordered list of members. Each coming meeting without a presenter gets
the next member in that order after the most recent presenter (cancelled meetings and
members who have left are skipped), so the schedule always shows who presents. Moving
someone in the list changes only the meetings still without a presenter; `redeal_presenters`
deals every coming meeting again from the list, when the facilitator asks for it.
Facilitators can also swap two meetings' presenters, or choose one meeting's by hand.

Like calendar.py, this sub-feature keeps its writes and reads side by side: the services
flush (the caller commits), the queries return frozen dataclasses.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.services import MAX_MINUTES, MeetingError
from partnernet.models import Group, Meeting, Membership, RotationEntry, User
from partnernet.models.meetings import MeetingStatus

# How far ahead everyone sees the presenters.
SHOWN_WEEKS = 6
# Presenters of past meetings read to know where the rotation stands: enough for any group
# whose latest presenters have mostly left since.
HISTORY = 60
# A rotation longer than this is a typing mistake (groups have 10 to 60 members).
ROTATION_MAX = 500
# Meetings not cancelled or closed are still to come (or under way).
OPEN = (MeetingStatus.SCHEDULED, MeetingStatus.RUNNING)


@dataclass(frozen=True)
class RotationMember:
    user_id: int
    name: str
    position: int  # 1, 2, 3… in the current order


@dataclass(frozen=True)
class PresenterRow:
    meeting_id: int
    starts_at: datetime  # UTC
    status: str
    presenter_id: int | None
    presenter_name: str | None


def _require_facilitator(group_id: int, actor: User) -> None:
    membership = get_active_membership(group_id, actor.id)
    if membership is None or not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can change the speaker rotation.")


def _current_ids(group_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.group_id == group_id, Membership.left_at.is_(None))))


# --- Reads ------------------------------------------------------------------------------------


def get_rotation(*, group_id: int) -> list[RotationMember]:
    """The rotation in order, current members only: someone who left drops out of it (one
    query)."""
    rows = db.session.execute(
        sa.select(User.id, User.name)
        .join(RotationEntry, RotationEntry.user_id == User.id)
        .join(Membership, sa.and_(Membership.user_id == User.id,
                                  Membership.group_id == RotationEntry.group_id))
        .where(RotationEntry.group_id == group_id, Membership.left_at.is_(None))
        .order_by(RotationEntry.position, RotationEntry.id))
    return [RotationMember(uid, name, n) for n, (uid, name) in enumerate(rows, start=1)]


def _still_open(meetings, now: datetime):
    """Meetings not yet over at `now` (a running one that overran stays until it closes)."""
    return [m for m in meetings if m.status == MeetingStatus.RUNNING
            or m.starts_at + timedelta(minutes=m.duration_minutes) > now]


def _open_meetings(group_id: int, now: datetime, until: datetime | None = None) -> sa.Select:
    # A meeting lasts at most MAX_MINUTES, so one that started earlier is over (the exact
    # end is checked in Python, where adding minutes means the same on every database).
    stmt = sa.select(Meeting).where(
        Meeting.group_id == group_id, Meeting.status.in_(OPEN),
        Meeting.starts_at > now - timedelta(minutes=MAX_MINUTES))
    if until is not None:
        stmt = stmt.where(Meeting.starts_at < until)
    return stmt.order_by(Meeting.starts_at, Meeting.id)


def list_presenters(*, group_id: int, now: datetime,
                    weeks: int = SHOWN_WEEKS) -> list[PresenterRow]:
    """The group's meetings not cancelled or closed that are under way or start within
    `weeks` of `now`, by time, with their featured presenter (one query)."""
    window = sa.select(Meeting.id, Meeting.starts_at, Meeting.duration_minutes,
                       Meeting.status, Meeting.presenter_id, User.name) \
        .outerjoin(User, User.id == Meeting.presenter_id) \
        .where(Meeting.group_id == group_id, Meeting.status.in_(OPEN),
               Meeting.starts_at > now - timedelta(minutes=MAX_MINUTES),
               Meeting.starts_at < now + timedelta(weeks=weeks)) \
        .order_by(Meeting.starts_at, Meeting.id)
    rows = db.session.execute(window).all()
    return [PresenterRow(row.id, row.starts_at, row.status, row.presenter_id, row.name)
            for row in _still_open(rows, now)]


# --- Writes -----------------------------------------------------------------------------------


def assign_presenters(*, group: Group, now: datetime) -> int:
    """Give every stored coming meeting without a presenter the next member of the rotation.

    "Next" follows the most recent presenter before it who is still in the rotation (the
    first member when there is none); cancelled meetings are skipped, and a presenter who
    has since left the group counts as none. Idempotent. Flushes; returns how many meetings
    got a presenter.
    """
    rotation = [m.user_id for m in get_rotation(group_id=group.id)]
    if not rotation:
        return 0
    upcoming = _still_open(db.session.scalars(_open_meetings(group.id, now)).all(), now)
    if not upcoming:
        return 0
    current = _current_ids(group.id)
    if all(m.presenter_id in current for m in upcoming):
        return 0
    place = {uid: n for n, uid in enumerate(rotation)}
    # Where the rotation stands before the first coming meeting: the latest presenter of an
    # earlier meeting who is still in it.
    history = db.session.scalars(
        sa.select(Meeting.presenter_id).where(
            Meeting.group_id == group.id, Meeting.status != MeetingStatus.CANCELLED,
            Meeting.presenter_id.is_not(None), Meeting.starts_at < upcoming[0].starts_at)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(HISTORY))
    last = next((place[uid] for uid in history if uid in place), -1)
    assigned = 0
    for meeting in upcoming:
        if meeting.presenter_id not in current:
            last = (last + 1) % len(rotation)
            meeting.presenter_id = rotation[last]
            assigned += 1
        elif meeting.presenter_id in place:
            last = place[meeting.presenter_id]
    _flush()
    return assigned


def set_rotation(*, group: Group, actor: User, member_ids: list[int]) -> None:
    """Replace the rotation's order with `member_ids` (current members, each once).

    Presenters already given to meetings stay; only meetings without one follow the new
    order (see redeal_presenters).
    """
    _require_facilitator(group.id, actor)
    if len(member_ids) > ROTATION_MAX:
        raise MeetingError(f"A rotation holds at most {ROTATION_MAX} members.", "member_ids")
    if len(set(member_ids)) != len(member_ids):
        raise MeetingError("Each member can be in the rotation only once.", "member_ids")
    current = _current_ids(group.id)
    if any(uid not in current for uid in member_ids):
        raise MeetingError("Choose current members of the group.", "member_ids")
    entries = {e.user_id: e for e in db.session.scalars(
        sa.select(RotationEntry).where(RotationEntry.group_id == group.id))}
    dropped = set(entries) - set(member_ids)
    if dropped:
        db.session.execute(sa.delete(RotationEntry).where(
            RotationEntry.group_id == group.id, RotationEntry.user_id.in_(dropped)))
    for position, uid in enumerate(member_ids):
        if uid in entries:
            entries[uid].position = position
        else:
            db.session.add(RotationEntry(group_id=group.id, user_id=uid, position=position))
    db.session.flush()


def _changeable(meeting: Meeting, group_id: int | None = None) -> None:
    if group_id is not None and meeting.group_id != group_id:
        raise MeetingError("Choose a meeting of this group.", "meeting_id")
    if meeting.status not in OPEN:
        raise MeetingError("Only a coming meeting's presenter can change; this one is "
                           f"{meeting.status}.", "meeting_id")


def swap_presenters(*, first: Meeting, second: Meeting, actor: User) -> None:
    """Two coming meetings of the same group exchange their featured presenters."""
    _require_facilitator(first.group_id, actor)
    if second.group_id != first.group_id:
        raise MeetingError("Choose a meeting of this group.", "second_meeting_id")
    if first.id == second.id:
        raise MeetingError("Choose two different meetings.", "second_meeting_id")
    for meeting, field in ((first, "first_meeting_id"), (second, "second_meeting_id")):
        try:
            _changeable(meeting)
        except MeetingError as exc:
            exc.field = field
            raise
    first.presenter_id, second.presenter_id = second.presenter_id, first.presenter_id
    _flush()


def set_presenter(*, meeting: Meeting, actor: User, presenter_id: int | None) -> Meeting:
    """Choose one coming meeting's presenter by hand (any current member, in the rotation or
    not); None gives the meeting back to the rotation, which deals it at once."""
    _require_facilitator(meeting.group_id, actor)
    _changeable(meeting)
    # Compared in Python: a crafted id too large for the database is just not a member.
    if presenter_id is not None and presenter_id not in _current_ids(meeting.group_id):
        raise MeetingError("Choose a current member of the group.", "presenter_id")
    meeting.presenter_id = presenter_id
    _flush()
    if presenter_id is None:
        assign_presenters(group=db.session.get(Group, meeting.group_id), now=meeting.starts_at)
    return meeting


def redeal_presenters(*, group: Group, actor: User, now: datetime) -> int:
    """Deal every meeting still to start again from the rotation's order, after the latest
    presenter of a meeting held or under way; swaps and hand-picked presenters are replaced.
    Returns how many meetings got a presenter."""
    _require_facilitator(group.id, actor)
    coming = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at > now)).all()
    for meeting in coming:
        meeting.presenter_id = None
    _flush()
    return assign_presenters(group=group, now=now)


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict("Someone changed these meetings at the same moment; try again.",
                       "version") from None


def swap_group_presenters(*, group: Group, actor: User, first_meeting_id: int | None,
                          second_meeting_id: int | None) -> None:
    """Swap the presenters of two of the group's meetings named by id (the page's and the
    API's form of it): another group's meeting, or none, is refused as if it didn't exist."""
    _require_facilitator(group.id, actor)
    found = {}
    for field, meeting_id in (("first_meeting_id", first_meeting_id),
                              ("second_meeting_id", second_meeting_id)):
        meeting = db.session.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is None or meeting.group_id != group.id:
            raise MeetingError("Choose a meeting of this group.", field)
        found[field] = meeting
    swap_presenters(first=found["first_meeting_id"], second=found["second_meeting_id"],
                    actor=actor)
