"""Agendas: the group's template, seeded with the usual partner-group meeting, and each
meeting's own copy of it, made from the template when first needed (a facilitator opens the
meeting's agenda to change it, or starts the meeting). Everyone in the group reads them;
facilitators change them, until the meeting is closed.

Like one_to_ones.py, this sub-feature keeps its writes and reads side by side: the services
take the acting user and flush (the caller commits), the queries return frozen dataclasses.
Positions are 0-based and contiguous in every agenda, whatever the change.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.services import MeetingError
from partnernet.models import AgendaItem, Group, Meeting, Membership, User
from partnernet.models.meetings import (
    AGENDA_ITEMS_MAX,
    AGENDA_MINUTES_MAX,
    AGENDA_TITLE_MAX,
    AgendaKind,
    MeetingStatus,
)
from partnernet.text import clean_line

# What each kind of item is called on the page (run mode treats `presentations` specially).
KIND_LABELS = {
    AgendaKind.NETWORKING: "Open networking",
    AgendaKind.WELCOME: "Welcome",
    AgendaKind.EDUCATION: "Education moment",
    AgendaKind.PRESENTATIONS: "60-second presentations",
    AgendaKind.VISITORS: "Visitor introductions",
    AgendaKind.FEATURED: "Featured presentation",
    AgendaKind.REFERRALS: "Referrals and testimonials",
    AgendaKind.THANKS: "Thank-yous",
    AgendaKind.ANNOUNCEMENTS: "Announcements",
    AgendaKind.OTHER: "Other",
}

# The usual partner-group meeting, 90 minutes to the minute (a group's default length).
DEFAULT_AGENDA: list[tuple[str, str, int]] = [
    ("Open networking", AgendaKind.NETWORKING.value, 15),
    ("Welcome", AgendaKind.WELCOME.value, 2),
    ("Education moment", AgendaKind.EDUCATION.value, 3),
    ("Members' 60-second presentations", AgendaKind.PRESENTATIONS.value, 25),
    ("Visitor introductions", AgendaKind.VISITORS.value, 5),
    ("Featured presentation", AgendaKind.FEATURED.value, 10),
    ("Referral and testimonial round", AgendaKind.REFERRALS.value, 15),
    ("Thank-yous for closed business", AgendaKind.THANKS.value, 10),
    ("Announcements and close", AgendaKind.ANNOUNCEMENTS.value, 5),
]

_NOT_GIVEN = object()
_ID_LIMIT = 2**31  # ids are 32-bit integers in the database


@dataclass(frozen=True)
class AgendaItemRow:
    id: int
    position: int  # 0-based, contiguous
    title: str
    kind: str
    minutes: int
    owner_id: int | None
    owner_name: str | None


def total_minutes(items: list[AgendaItemRow]) -> int:
    return sum(item.minutes for item in items)


# --- Reads ------------------------------------------------------------------------------------


def _own_rows(meeting_id: int | None):
    return AgendaItem.meeting_id.is_(None) if meeting_id is None \
        else AgendaItem.meeting_id == meeting_id


def list_agenda(*, group_id: int, meeting_id: int | None = None) -> list[AgendaItemRow]:
    """The agenda in order: the group's template (meeting_id None), or the meeting's own copy;
    for a meeting without a copy yet, the template it will be copied from. One query."""
    if meeting_id is None:
        which = AgendaItem.meeting_id.is_(None)
    else:
        copy = sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)
        which = sa.or_(AgendaItem.meeting_id == meeting_id,
                       sa.and_(AgendaItem.meeting_id.is_(None), ~copy.exists()))
    rows = db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.position, AgendaItem.title, AgendaItem.kind,
                  AgendaItem.minutes, AgendaItem.owner_id, User.name)
        .outerjoin(User, User.id == AgendaItem.owner_id)
        .where(AgendaItem.group_id == group_id, which)
        .order_by(AgendaItem.position, AgendaItem.id))
    return [AgendaItemRow(*row) for row in rows]


def has_own_agenda(meeting_id: int) -> bool:
    """Whether the meeting has its own copy of the agenda yet."""
    return db.session.scalar(sa.select(
        sa.select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id).exists())) or False


def get_item_for(item_id: int, user_id: int) -> tuple[AgendaItem, Membership] | None:
    """The agenda item and the user's membership of its group, if the user is a current
    member (else None: to them there is no such item)."""
    item = db.session.get(AgendaItem, item_id) if 0 < item_id < _ID_LIMIT else None
    membership = get_active_membership(item.group_id, user_id) if item else None
    return (item, membership) if membership is not None else None


# --- Seeding and copying ----------------------------------------------------------------------


def _lock(group_id: int) -> None:
    """Serialise changes to one group's agendas (PostgreSQL; SQLite has one writer anyway), so
    two facilitators' changes never leave two items at one position or two templates."""
    db.session.execute(sa.select(Group.id).where(Group.id == group_id).with_for_update())


def _items(group_id: int, meeting_id: int | None) -> list[AgendaItem]:
    """The stored items of one agenda, in order, read fresh (after the lock)."""
    return list(db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.group_id == group_id, _own_rows(meeting_id))
        .order_by(AgendaItem.position, AgendaItem.id)
        .execution_options(populate_existing=True)))


def ensure_template(*, group: Group) -> None:
    """Seed the group's agenda with the usual meeting, unless it has one."""
    if list_agenda(group_id=group.id):
        return
    _lock(group.id)
    if _items(group.id, None):
        return  # seeded meanwhile
    for position, (title, kind, minutes) in enumerate(DEFAULT_AGENDA):
        db.session.add(AgendaItem(group_id=group.id, meeting_id=None, position=position,
                                  title=title, kind=kind, minutes=minutes))
    db.session.flush()


def ensure_meeting_agenda(*, meeting: Meeting) -> list[AgendaItemRow]:
    """Give the meeting its own copy of the group's agenda (seeding that first if needed),
    unless it has one; the meeting's items in order."""
    if not has_own_agenda(meeting.id):
        group = db.session.get(Group, meeting.group_id)
        ensure_template(group=group)
        _lock(group.id)
        if not _items(group.id, meeting.id):
            for item in _items(group.id, None):
                db.session.add(AgendaItem(group_id=group.id, meeting_id=meeting.id,
                                          position=item.position, title=item.title,
                                          kind=item.kind, minutes=item.minutes,
                                          owner_id=item.owner_id))
            db.session.flush()
    return list_agenda(group_id=meeting.group_id, meeting_id=meeting.id)


# --- Changes ----------------------------------------------------------------------------------


def _may_change(group_id: int, meeting: Meeting | None, actor: User) -> None:
    membership = get_active_membership(group_id, actor.id)
    if membership is None or not membership.is_facilitator:
        raise PermissionDenied("Only the group's facilitators can change the agenda.")
    if meeting is not None:
        if meeting.group_id != group_id:
            raise ValueError("the meeting is not the group's")
        if meeting.status == MeetingStatus.CLOSED:
            raise MeetingError("This meeting is closed: its agenda stays as it was run.",
                               "status")


def _title(title: str | None) -> str:
    return clean_line(title, field="title", label="the title", max_length=AGENDA_TITLE_MAX,
                      required=True, error=MeetingError)


def _kind(kind: str | None) -> str:
    if kind not in {k.value for k in AgendaKind}:
        raise MeetingError("Choose what kind of item this is.", "kind")
    return kind


def _minutes(minutes: int | None) -> int:
    if minutes is None or isinstance(minutes, bool):
        raise MeetingError("Enter how many minutes the item takes.", "minutes")
    if minutes < 1:
        raise MeetingError("An item takes at least 1 minute.", "minutes")
    if minutes > AGENDA_MINUTES_MAX:
        raise MeetingError(f"An item takes at most {AGENDA_MINUTES_MAX} minutes "
                           f"({AGENDA_MINUTES_MAX // 60} hours); split a longer one.", "minutes")
    return minutes


def _owner(group_id: int, owner_id: int | None, keep: int | None = None) -> int | None:
    """Nobody, or a current member of the group (an owner who has since left may stay on an
    item they already own)."""
    if owner_id is None or owner_id == keep:
        return owner_id
    # A crafted id too large for the database is simply not a member.
    if isinstance(owner_id, bool) or not 0 < owner_id < _ID_LIMIT or \
            get_active_membership(group_id, owner_id) is None:
        raise MeetingError("Choose a current member of the group, or nobody.", "owner_id")
    return owner_id


def _meeting_of(item: AgendaItem) -> Meeting | None:
    return db.session.get(Meeting, item.meeting_id) if item.meeting_id is not None else None


def _follow_screen(meeting: Meeting | None, before: list[int], after: list[int]) -> None:
    """A running meeting keeps the same item on screen when items move around it."""
    if meeting is None or meeting.status != MeetingStatus.RUNNING or \
            meeting.current_item is None or not 0 <= meeting.current_item < len(before):
        return
    on_screen = before[meeting.current_item]
    if on_screen in after and after.index(on_screen) != meeting.current_item:
        meeting.current_item = after.index(on_screen)


def _flush() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise Conflict("Someone changed this meeting at the same moment; try again.",
                       "version") from None


def add_item(*, group: Group, meeting: Meeting | None = None, actor: User, title: str | None,
             kind: str | None, minutes: int | None,
             owner_id: int | None = None) -> AgendaItem:
    """Add an item at the end of the group's agenda, or of one meeting's (its copy is made
    first)."""
    _may_change(group.id, meeting, actor)
    # Every check before the first change: a refused item leaves nothing behind.
    cleaned = (_title(title), _kind(kind), _minutes(minutes), _owner(group.id, owner_id))
    meeting_id = meeting.id if meeting is not None else None
    if len(list_agenda(group_id=group.id, meeting_id=meeting_id)) >= AGENDA_ITEMS_MAX:
        raise MeetingError(f"An agenda holds at most {AGENDA_ITEMS_MAX} items; remove one or "
                           "merge two first.")
    if meeting is not None:
        ensure_meeting_agenda(meeting=meeting)
    else:
        ensure_template(group=group)
    _lock(group.id)
    count = len(_items(group.id, meeting_id))
    if count >= AGENDA_ITEMS_MAX:  # filled up meanwhile
        raise MeetingError(f"An agenda holds at most {AGENDA_ITEMS_MAX} items; remove one or "
                           "merge two first.")
    item = AgendaItem(group_id=group.id, meeting_id=meeting_id, position=count,
                      title=cleaned[0], kind=cleaned[1], minutes=cleaned[2],
                      owner_id=cleaned[3])
    db.session.add(item)
    _flush()
    return item


def update_item(*, item: AgendaItem, actor: User, title=_NOT_GIVEN, kind=_NOT_GIVEN,
                minutes=_NOT_GIVEN, owner_id=_NOT_GIVEN) -> AgendaItem:
    """Change an item's title, kind, minutes or owner (what is not given stays)."""
    _may_change(item.group_id, _meeting_of(item), actor)
    changes = {}
    if title is not _NOT_GIVEN:
        changes["title"] = _title(title)
    if kind is not _NOT_GIVEN:
        changes["kind"] = _kind(kind)
    if minutes is not _NOT_GIVEN:
        changes["minutes"] = _minutes(minutes)
    if owner_id is not _NOT_GIVEN:
        changes["owner_id"] = _owner(item.group_id, owner_id, keep=item.owner_id)
    for name, value in changes.items():
        setattr(item, name, value)
    _flush()
    return item


def _renumber(items: list[AgendaItem]) -> None:
    for position, entry in enumerate(items):
        if entry.position != position:
            entry.position = position


def delete_item(*, item: AgendaItem, actor: User) -> None:
    """Remove an item; the ones after it move up. An agenda keeps at least one item."""
    meeting = _meeting_of(item)
    _may_change(item.group_id, meeting, actor)
    _lock(item.group_id)
    items = _items(item.group_id, item.meeting_id)
    if len(items) <= 1:
        raise MeetingError("An agenda needs at least one item: change this one instead.")
    if meeting is not None and meeting.status == MeetingStatus.RUNNING and \
            meeting.current_item == items.index(item):
        raise MeetingError("This item is on screen in the running meeting; move on to "
                           "another item first.")
    before = [entry.id for entry in items]
    items.remove(item)
    db.session.delete(item)
    _renumber(items)
    _follow_screen(meeting, before, [entry.id for entry in items])
    _flush()


def move_item(*, item: AgendaItem, actor: User, offset: int) -> AgendaItem:
    """Move an item one place up (offset -1) or down (+1): the keyboard's way to reorder."""
    meeting = _meeting_of(item)
    _may_change(item.group_id, meeting, actor)
    if offset not in (-1, 1) or isinstance(offset, bool):
        raise MeetingError("Move an item one place up or down.", "offset")
    _lock(item.group_id)
    items = _items(item.group_id, item.meeting_id)
    at = items.index(item)
    if not 0 <= at + offset < len(items):
        raise MeetingError("This item is already first." if offset < 0
                           else "This item is already last.", "offset")
    before = [entry.id for entry in items]
    items[at], items[at + offset] = items[at + offset], items[at]
    _renumber(items)
    _follow_screen(meeting, before, [entry.id for entry in items])
    _flush()
    return item


def reorder(*, group: Group, meeting: Meeting | None = None, actor: User,
            item_ids: list[int]) -> list[AgendaItemRow]:
    """Put the agenda in the order given, which must name each of its items exactly once. For
    a meeting still following the template, the template's ids name the items of the copy
    this makes."""
    _may_change(group.id, meeting, actor)
    meeting_id = meeting.id if meeting is not None else None
    shown = [row.id for row in list_agenda(group_id=group.id, meeting_id=meeting_id)]
    if not item_ids or not isinstance(item_ids, list | tuple) or \
            any(not isinstance(i, int) or isinstance(i, bool) for i in item_ids) or \
            len(item_ids) != len(shown) or set(item_ids) != set(shown):
        raise MeetingError("The new order must list each item of this agenda exactly once; "
                           "reload the page and try again.", "item_ids")
    if meeting is not None and not has_own_agenda(meeting.id):
        # The copy keeps the template's order, so an id's place there names its copy.
        copied = [row.id for row in ensure_meeting_agenda(meeting=meeting)]
        item_ids = [copied[shown.index(i)] for i in item_ids]
    _lock(group.id)
    items = _items(group.id, meeting_id)
    by_id = {entry.id: entry for entry in items}
    if set(by_id) != set(item_ids):  # changed meanwhile
        raise MeetingError("The agenda changed while you were reordering it; reload the page "
                           "and try again.", "item_ids")
    before = [entry.id for entry in items]
    _renumber([by_id[i] for i in item_ids])
    _follow_screen(meeting, before, list(item_ids))
    _flush()
    return list_agenda(group_id=group.id, meeting_id=meeting_id)
