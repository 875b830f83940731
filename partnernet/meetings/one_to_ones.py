"""One-to-ones: two members meet to learn each other's business, so each can refer the other
well. One of them logs it and it counts for both; "not met yet" lists the partners still to
meet.

Like calendar.py, this sub-feature keeps its few writes and reads side by side: the services
flush (the caller commits), the queries return frozen dataclasses.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from partnernet.errors import DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.models import Group, Membership, OneToOne, User
from partnernet.models.meetings import ONE_TO_ONE_NOTES_MAX, OneToOneKind
from partnernet.periods import _months_back
from partnernet.text import clean_block


class OneToOneError(DomainError):
    pass


def log_one_to_one(*, group: Group, actor: User, partner_id: int | None, met_on: date | None,
                   kind: str | None, notes: str | None, today: date) -> OneToOne:
    """The actor records a one-to-one with another current member of the group, on a local
    date from a year ago through `today` (the group's)."""
    if get_active_membership(group.id, actor.id) is None:
        raise PermissionDenied("Only the group's members can log one-to-ones.")
    # Every check before anything is added: a refused entry leaves nothing behind.
    if partner_id is None:
        raise OneToOneError("Choose the partner you met.", "partner_id")
    if partner_id == actor.id:
        raise OneToOneError("Choose a partner other than yourself.", "partner_id")
    if get_active_membership(group.id, partner_id) is None:
        raise OneToOneError("Choose a current member of the group.", "partner_id")
    if met_on is None:
        raise OneToOneError("Enter the date you met.", "met_on")
    if met_on > today:
        raise OneToOneError("That date is still to come; log the one-to-one once you have "
                            "met.", "met_on")
    if met_on < _months_back(today, 12):
        raise OneToOneError("That is more than a year ago; check the date.", "met_on")
    if kind not in {k.value for k in OneToOneKind}:
        raise OneToOneError("Choose in person, video or phone.", "kind")
    cleaned = clean_block(notes, field="notes", label="Notes", max_length=ONE_TO_ONE_NOTES_MAX,
                          error=OneToOneError)
    entry = OneToOne(group_id=group.id, logged_by_id=actor.id, partner_id=partner_id,
                     met_on=met_on, kind=kind, notes=cleaned)
    db.session.add(entry)
    db.session.flush()
    return entry


def get_one_to_one_for(entry_id: int, user_id: int) -> OneToOne | None:
    """The one-to-one, if the user is a current member of its group (else None: not found)."""
    entry = db.session.get(OneToOne, entry_id)
    if entry is None or get_active_membership(entry.group_id, user_id) is None:
        return None
    return entry


def delete_one_to_one(*, entry: OneToOne, actor: User) -> None:
    """The member who logged a one-to-one removes it (a mistake, a duplicate)."""
    if entry.logged_by_id != actor.id or \
            get_active_membership(entry.group_id, actor.id) is None:
        raise PermissionDenied("Only the member who logged a one-to-one can delete it.")
    db.session.delete(entry)
    db.session.flush()


# --- Reads ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OneToOneRow:
    """A one-to-one as one of its two members sees it: `partner_id` is the other member,
    whoever logged it."""

    id: int
    partner_id: int
    partner_name: str
    logged_by_id: int
    met_on: date
    kind: str
    notes: str


@dataclass(frozen=True)
class NotMetRow:
    member_id: int
    name: str


def _seen_by(user_id: int) -> sa.Select:
    """One-to-ones the user took part in, as OneToOneRow columns, the partner being the other."""
    other = sa.case((OneToOne.logged_by_id == user_id, OneToOne.partner_id),
                    else_=OneToOne.logged_by_id)
    return (sa.select(OneToOne.id, User.id, User.name, OneToOne.logged_by_id, OneToOne.met_on,
                      OneToOne.kind, OneToOne.notes)
            .join(User, User.id == other)
            .where(sa.or_(OneToOne.logged_by_id == user_id, OneToOne.partner_id == user_id)))


def list_one_to_ones(group_id: int, user_id: int) -> list[OneToOneRow]:
    """The user's one-to-ones in the group, logged by them or by the partner, newest first
    (one query; partners who have left stay in the history)."""
    rows = db.session.execute(
        _seen_by(user_id).where(OneToOne.group_id == group_id)
        .order_by(OneToOne.met_on.desc(), OneToOne.id.desc()))
    return [OneToOneRow(*row) for row in rows]


def get_one_to_one(entry_id: int, user_id: int) -> OneToOneRow | None:
    """One one-to-one as the user sees it; None unless they took part in it."""
    row = db.session.execute(_seen_by(user_id).where(OneToOne.id == entry_id)).one_or_none()
    return OneToOneRow(*row) if row else None


def partners_not_met(group_id: int, user_id: int) -> list[NotMetRow]:
    """The group's current members the user has had no one-to-one with in the group, whoever
    would have logged it, by name (one query)."""
    met = sa.select(OneToOne.id).where(
        OneToOne.group_id == group_id,
        sa.or_(sa.and_(OneToOne.logged_by_id == user_id, OneToOne.partner_id == User.id),
               sa.and_(OneToOne.partner_id == user_id, OneToOne.logged_by_id == User.id)))
    rows = db.session.execute(
        sa.select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == group_id, Membership.left_at.is_(None),
               User.id != user_id, ~met.exists())
        .order_by(sa.func.lower(User.name), User.id))
    return [NotMetRow(*row) for row in rows]
