"""Attendance and visitors: who was at a meeting, who came instead, and the guests.

Every current member of the group has one status per meeting (present, late, absent, medical,
or substitute with the substitute's name), or none yet. Members check themselves in from a
phone while check-in is open; facilitators check anyone in and set or correct any member's
status, also after the meeting closed. Visitors are guests, usually a member's.

Like one_to_ones.py, this sub-feature keeps its writes and reads side by side: the services
flush (the caller commits), the queries return frozen dataclasses.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.services import MeetingError
from partnernet.models import Attendance, Group, Meeting, Membership, Profile, User, Visitor
from partnernet.models.base import utcnow
from partnernet.models.meetings import (
    SUBSTITUTE_NAME_MAX,
    VISITOR_BUSINESS_MAX,
    VISITOR_EMAIL_MAX,
    VISITOR_NAME_MAX,
    AttendanceStatus,
    MeetingStatus,
)
from partnernet.text import clean_line

# Check-in opens an hour before the meeting starts (people come early for open networking)
# and closes when the meeting is planned to end, or when it closes if it runs over.
CHECK_IN_OPENS = timedelta(hours=1)
# Arriving within this long after the start still counts as on time.
LATE_AFTER = timedelta(minutes=5)
# A meeting with more guests than this is a typing loop, not a meeting.
VISITORS_MAX = 100
# The statuses of someone in the room: a substitute speaks for the member.
HERE = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)
ARRIVED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
STATUSES = tuple(s.value for s in AttendanceStatus)


# --- Rules shared by the services and the page ------------------------------------------------


def _local_time(moment: datetime, group: Group) -> str:
    return moment.astimezone(ZoneInfo(group.timezone)).strftime("%H:%M")


def check_in_refusal(meeting: Meeting, now: datetime, timezone: str) -> str | None:
    """Why nobody can check in to the meeting at `now`, or None while check-in is open."""
    if meeting.status == MeetingStatus.CANCELLED:
        return "This meeting is cancelled."
    if meeting.status == MeetingStatus.CLOSED:
        return "This meeting is over; a facilitator can still correct its attendance."
    opens = meeting.starts_at - CHECK_IN_OPENS
    if now < opens:
        local = opens.astimezone(ZoneInfo(timezone))
        day = "" if local.date() == now.astimezone(ZoneInfo(timezone)).date() else \
            f" on {local:%A} {local.day} {local:%B}"
        return f"Check-in opens an hour before the meeting starts, at {local:%H:%M}{day}."
    ends = meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
    if meeting.status != MeetingStatus.RUNNING and now >= ends:
        return "This meeting has ended; a facilitator can still correct its attendance."
    return None


def arrival_status(meeting: Meeting, now: datetime) -> str:
    """Present until five minutes after the planned start, late after that."""
    return AttendanceStatus.LATE if now > meeting.starts_at + LATE_AFTER \
        else AttendanceStatus.PRESENT


def _not_cancelled(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingError("This meeting is cancelled: it has no attendance or visitors.",
                           "status")


def _member(group_id: int, actor: User) -> Membership:
    membership = get_active_membership(group_id, actor.id)
    if membership is None:
        raise PermissionDenied("Only the group's members can do that.")
    return membership


def _current_member(group_id: int, member_id: int | None, field: str = "member_id") -> User:
    """The user, if a current member of the group; else the message people need."""
    membership = get_active_membership(group_id, member_id) if member_id is not None else None
    if membership is None:
        raise MeetingError("Attendance is for the group's current members only; add a guest "
                           "as a visitor.", field)
    return membership.user


def _record(meeting_id: int, member_id: int) -> Attendance | None:
    return db.session.scalar(sa.select(Attendance).where(Attendance.meeting_id == meeting_id,
                                                         Attendance.user_id == member_id))


def _flush_record(member: User, actor: User) -> None:
    """Flush; two check-ins of one member at the same moment meet the unique constraint."""
    try:
        db.session.flush()
    except IntegrityError:
        who = "You are" if member.id == actor.id else f"{member.name} is"
        raise Conflict(f"{who} already checked in.", "member_id") from None


# --- Writes -----------------------------------------------------------------------------------


def check_in(*, meeting: Meeting, actor: User, member_id: int | None = None,
             now: datetime) -> Attendance:
    """A member arrives: present, or late from five minutes after the start. `member_id`
    None is the actor themself; a facilitator may check in anyone. Only while check-in is
    open (an hour before the start until the end); someone already checked in is refused."""
    membership = _member(meeting.group_id, actor)
    if member_id is not None and member_id != actor.id and not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can check in someone else.")
    _not_cancelled(meeting)
    group = membership.group
    refusal = check_in_refusal(meeting, now, group.timezone)
    if refusal:
        raise MeetingError(refusal, "status")
    member = actor if member_id is None or member_id == actor.id else \
        _current_member(meeting.group_id, member_id)
    record = _record(meeting.id, member.id)
    if record is not None and record.status in ARRIVED:
        who = "You are" if member.id == actor.id else f"{member.name} is"
        raise Conflict(f"{who} already checked in ({_local_time(record.recorded_at, group)}).",
                       "member_id")
    if record is None:
        record = Attendance(meeting_id=meeting.id, user_id=member.id)
        db.session.add(record)
    # Marked absent (or a substitute arranged) and came after all: they are here.
    record.status = arrival_status(meeting, now)
    record.substitute_name = ""
    record.recorded_at, record.recorded_by_id = now, actor.id
    _flush_record(member, actor)
    return record


def _clean_substitute(status: str | None, substitute_name: str | None) -> str:
    if status not in STATUSES:
        raise MeetingError("Choose present, late, absent, medical or substitute.", "status")
    name = clean_line(substitute_name, field="substitute_name", label="the substitute's name",
                      max_length=SUBSTITUTE_NAME_MAX, error=MeetingError)
    if status == AttendanceStatus.SUBSTITUTE and not name:
        raise MeetingError("Enter the substitute's name.", "substitute_name")
    if status != AttendanceStatus.SUBSTITUTE and name:
        raise MeetingError("Only a substitute has a name here: choose Substitute, or leave "
                           "the name empty.", "substitute_name")
    return name


def record_attendance(*, meeting: Meeting, actor: User, member_id: int, status: str,
                      substitute_name: str = "", now: datetime | None = None) -> Attendance:
    """A facilitator sets or corrects a member's status, also after the meeting closed.

    Setting the status a member already has changes nothing. Present and late need the
    meeting to be an hour or less away (nobody arrives next week); absent, medical and a
    substitute can be recorded ahead, when a member sends apologies. The time of arrival
    (which orders the 60-second presentations) is kept when only the kind of "here" changes.
    """
    membership = _member(meeting.group_id, actor)
    if not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can record attendance.")
    _not_cancelled(meeting)
    now = now or utcnow()
    name = _clean_substitute(status, substitute_name)
    member = _current_member(meeting.group_id, member_id)
    if status in ARRIVED and now < meeting.starts_at - CHECK_IN_OPENS:
        raise MeetingError("Nobody has arrived yet: present and late can be recorded from an "
                           "hour before the meeting starts.", "status")
    record = _record(meeting.id, member.id)
    if record is not None and (record.status, record.substitute_name) == (status, name):
        return record
    if record is None:
        record = Attendance(meeting_id=meeting.id, user_id=member.id)
        db.session.add(record)
    elif not (record.status in HERE and status in HERE):
        record.recorded_at = now
    if record.recorded_at is None:
        record.recorded_at = now
    record.status, record.substitute_name, record.recorded_by_id = status, name, actor.id
    _flush_record(member, actor)
    return record


def _clean_email(email: str | None) -> str:
    text = (email or "").strip()
    if not text:
        return ""
    if len(text) > VISITOR_EMAIL_MAX:
        raise MeetingError(f"Use at most {VISITOR_EMAIL_MAX} characters for the email "
                           "address.", "email")
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise MeetingError(f"That is not a valid email address: {exc}", "email") from None


def add_visitor(*, meeting: Meeting, actor: User, name: str, business: str = "",
                email: str = "", invited_by_id: int | None = None) -> Visitor:
    """Add a guest to the meeting. Facilitators add anyone's guest (the host optional, a
    current member); a member adds their own guest, so they are its host."""
    membership = _member(meeting.group_id, actor)
    _not_cancelled(meeting)
    if not membership.is_facilitator:
        if meeting.status == MeetingStatus.CLOSED:
            raise MeetingError("This meeting is over; ask a facilitator to add your guest.",
                               "status")
        if invited_by_id not in (None, actor.id):
            raise MeetingError("You can add your own guests; a facilitator can add another "
                               "member's.", "invited_by_id")
        invited_by_id = actor.id
    # Every check before anything is added: a refused visitor leaves nothing behind.
    cleaned = clean_line(name, field="name", label="the visitor's name",
                         max_length=VISITOR_NAME_MAX, required=True, error=MeetingError)
    company = clean_line(business, field="business", label="the visitor's business",
                         max_length=VISITOR_BUSINESS_MAX, error=MeetingError)
    address = _clean_email(email)
    if invited_by_id is not None and get_active_membership(meeting.group_id,
                                                           invited_by_id) is None:
        raise MeetingError("Choose a current member of the group as the host.",
                           "invited_by_id")
    if address:
        twin = db.session.scalar(sa.select(Visitor.name).where(
            Visitor.meeting_id == meeting.id, sa.func.lower(Visitor.email) == address))
        if twin is not None:
            raise MeetingError(f"{twin} is already on this meeting's visitors with that email "
                               "address.", "email")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Visitor)
                              .where(Visitor.meeting_id == meeting.id))
    if count >= VISITORS_MAX:
        raise MeetingError(f"A meeting can have at most {VISITORS_MAX} visitors.", "name")
    visitor = Visitor(meeting_id=meeting.id, name=cleaned, business=company, email=address,
                      invited_by_id=invited_by_id)
    db.session.add(visitor)
    db.session.flush()
    return visitor


def get_visitor_for(visitor_id: int, user_id: int) -> tuple[Visitor, Meeting] | None:
    """The visitor and their meeting, if the user is a current member of its group (else None:
    to them there is no such visitor)."""
    found = db.session.execute(
        sa.select(Visitor, Meeting).join(Meeting, Meeting.id == Visitor.meeting_id)
        .where(Visitor.id == visitor_id)).one_or_none()
    if found is None or get_active_membership(found[1].group_id, user_id) is None:
        return None
    return found[0], found[1]


def remove_visitor(*, visitor: Visitor, actor: User) -> None:
    """Take a visitor off the meeting (added by mistake, or twice): a facilitator, or the
    member who invited them until the meeting closes."""
    meeting = db.session.get(Meeting, visitor.meeting_id)
    membership = _member(meeting.group_id, actor)
    _not_cancelled(meeting)
    if not membership.is_facilitator and (visitor.invited_by_id != actor.id
                                          or meeting.status == MeetingStatus.CLOSED):
        raise PermissionDenied("Only a facilitator, or the member who invited them, can "
                               "remove a visitor.")
    db.session.delete(visitor)
    db.session.flush()


# --- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    name: str
    business: str  # the member's business name from their profile, "" if none
    status: str | None  # None: not recorded yet
    substitute_name: str
    recorded_at: datetime | None
    current: bool = True  # False: has left the group since (listed for their record)

    @property
    def here(self) -> bool:
        return self.status in HERE


@dataclass(frozen=True)
class VisitorRow:
    id: int
    name: str
    business: str
    email: str
    invited_by_id: int | None
    invited_by_name: str | None


@dataclass(frozen=True)
class AttendanceCounts:
    members: int  # current members
    here: int  # present, late or substitute
    present: int
    late: int
    substitute: int
    absent: int
    medical: int
    not_recorded: int
    visitors: int


def list_attendance(*, meeting_id: int, group_id: int) -> list[AttendanceRow]:
    """Every current member of the group with their status at the meeting (None when not
    recorded yet), and former members who have a record; by name (one query)."""
    current = sa.select(Membership.user_id).where(Membership.group_id == group_id,
                                                  Membership.left_at.is_(None))
    rows = db.session.execute(
        sa.select(User.id, User.name, sa.func.coalesce(Profile.business_name, ""),
                  Attendance.status, Attendance.substitute_name, Attendance.recorded_at,
                  User.id.in_(current))
        .outerjoin(Profile, Profile.user_id == User.id)
        .outerjoin(Attendance, sa.and_(Attendance.user_id == User.id,
                                       Attendance.meeting_id == meeting_id))
        .where(sa.or_(User.id.in_(current), Attendance.id.is_not(None))))
    found = [AttendanceRow(uid, name, business or "", status, substitute or "", at,
                           bool(is_current))
             for uid, name, business, status, substitute, at, is_current in rows]
    return sorted(found, key=lambda r: (r.name.casefold(), r.member_id))


def present_members(*, meeting_id: int, group_id: int) -> list[AttendanceRow]:
    """Those present, late or substituted for (a substitute speaks for the member), in the
    order they arrived (recorded time, then name)."""
    here = [row for row in list_attendance(meeting_id=meeting_id, group_id=group_id)
            if row.here]
    return sorted(here, key=lambda r: (r.recorded_at, r.name.casefold(), r.member_id))


def list_visitors(*, meeting_id: int) -> list[VisitorRow]:
    """The meeting's visitors in the order they were added, with their host (one query)."""
    host = aliased(User)
    rows = db.session.execute(
        sa.select(Visitor.id, Visitor.name, Visitor.business, Visitor.email,
                  Visitor.invited_by_id, host.name)
        .outerjoin(host, host.id == Visitor.invited_by_id)
        .where(Visitor.meeting_id == meeting_id)
        .order_by(Visitor.created_at, Visitor.id))
    return [VisitorRow(*row) for row in rows]


def count_attendance(rows: list[AttendanceRow], visitors: list[VisitorRow]) -> AttendanceCounts:
    """The figures above the list: current members by status, and the visitors."""
    members = [r for r in rows if r.current]
    by = {s: sum(1 for r in members if r.status == s) for s in STATUSES}
    return AttendanceCounts(
        members=len(members), here=sum(by[s] for s in HERE), present=by["present"],
        late=by["late"], substitute=by["substitute"], absent=by["absent"],
        medical=by["medical"], not_recorded=sum(1 for r in members if r.status is None),
        visitors=len(visitors))
