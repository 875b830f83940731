"""Referral reads: lists with counts, the detail and its timeline, thanks owed, the dashboard.

Lists run a fixed number of queries whatever the number of referrals: values
and flags are aggregated in SQL, never loaded row by row.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Group,
    Notification,
    Referral,
    ReferralEvent,
    Testimonial,
    ThankYou,
    User,
)
from partnernet.models.referrals import Status
from partnernet.periods import Period
from partnernet.referrals.services import OPEN, STATUS_LABELS, allowed_moves, reopen_target

Giver = aliased(User)
Receiver = aliased(User)


@dataclass(frozen=True)
class ReferralRow:
    id: int
    group_id: int
    giver_id: int
    giver_name: str
    receiver_id: int
    receiver_name: str
    kind: str
    relationship: str
    temperature: int
    status: str
    version: int
    passed_at: datetime
    updated_at: datetime
    source_referral_id: int | None
    prospect_name: str
    prospect_company: str
    prospect_email: str | None  # None unless the viewer is the giver or the receiver
    prospect_phone: str | None
    quality: str | None
    closed_value: int
    thanked: bool
    meeting_id: int | None = None  # the meeting whose referral round it was passed in

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Entry:
    id: int
    amount: int
    kind: str
    closed_on: date
    note: str
    deleted: bool


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    actor_name: str
    from_status: str | None
    to_status: str | None
    note: str
    data: dict
    created_at: datetime


@dataclass(frozen=True)
class ReferralDetail:
    row: ReferralRow
    expects_call: bool
    criteria_met: tuple[str, ...]
    note: str
    declined_reason: str
    entries: tuple[Entry, ...]
    events: tuple[Event, ...]
    thank_you: tuple[str, str] | None  # (message, gift)
    moves: frozenset[str]
    reopen_to: str | None
    source: "ReferralRow | None"
    chain_value: int  # closed value of this referral and every referral that came of it
    is_giver: bool
    is_receiver: bool


def _value():
    return (sa.select(sa.func.coalesce(sa.func.sum(ClosedBusiness.amount), 0))
            .where(ClosedBusiness.referral_id == Referral.id,
                   ClosedBusiness.deleted_at.is_(None))
            .correlate(Referral).scalar_subquery())


def _thanked():
    return sa.exists().where(ThankYou.referral_id == Referral.id).correlate(Referral)


def _select():
    return (sa.select(Referral, Giver.name, Receiver.name, _value(), _thanked())
            .join(Giver, Giver.id == Referral.giver_id)
            .join(Receiver, Receiver.id == Referral.receiver_id))


def _row(referral: Referral, giver: str, receiver: str, value: int, thanked: bool,
         viewer_id: int) -> ReferralRow:
    party = viewer_id in (referral.giver_id, referral.receiver_id)
    return ReferralRow(
        id=referral.id, group_id=referral.group_id, giver_id=referral.giver_id,
        giver_name=giver, receiver_id=referral.receiver_id, receiver_name=receiver,
        kind=referral.kind, relationship=referral.relationship,
        temperature=referral.temperature, status=referral.status, version=referral.version,
        passed_at=referral.passed_at, updated_at=referral.updated_at,
        source_referral_id=referral.source_referral_id, prospect_name=referral.prospect_name,
        prospect_company=referral.prospect_company,
        prospect_email=referral.prospect_email if party else None,
        prospect_phone=referral.prospect_phone if party else None,
        quality=referral.quality, closed_value=int(value or 0), thanked=bool(thanked),
        meeting_id=referral.meeting_id)


def _period_filter(stmt, period: Period | None, tz: str):
    if period is None:
        return stmt
    start, end = period.utc_bounds(tz)
    if start is not None:
        stmt = stmt.where(Referral.passed_at >= start)
    if end is not None:
        stmt = stmt.where(Referral.passed_at < end)
    return stmt


def list_referrals(*, group: Group, viewer_id: int, role: str | None = None,
                   status: str | None = None, period: Period | None = None,
                   limit: int | None = None) -> tuple[list[ReferralRow], dict[str, int]]:
    """The viewer's given or received referrals (or the group's, role None), newest first,
    and the count per status for the same filters but any status (two queries)."""
    base = sa.select(Referral.id).where(Referral.group_id == group.id)
    if role == "given":
        base = base.where(Referral.giver_id == viewer_id)
    elif role == "received":
        base = base.where(Referral.receiver_id == viewer_id)
    base = _period_filter(base, period, group.timezone)
    counts = dict(db.session.execute(
        sa.select(Referral.status, sa.func.count()).where(Referral.id.in_(base))
        .group_by(Referral.status)).all())
    stmt = _select().where(Referral.id.in_(base))
    if status == "open":
        stmt = stmt.where(Referral.status.in_(OPEN))
    elif status:
        stmt = stmt.where(Referral.status == status)
    stmt = stmt.order_by(Referral.passed_at.desc(), Referral.id.desc())
    if limit:
        stmt = stmt.limit(limit)
    rows = [_row(*r, viewer_id=viewer_id) for r in db.session.execute(stmt)]
    return rows, {s.value: counts.get(s.value, 0) for s in Status}


def get_referral_row(referral_id: int, viewer_id: int) -> ReferralRow | None:
    found = db.session.execute(_select().where(Referral.id == referral_id)).one_or_none()
    return _row(*found, viewer_id=viewer_id) if found else None


def _chain_value(referral_id: int) -> int:
    """Closed value of a referral and of every referral that came of it, however deep."""
    chain = (sa.select(Referral.id).where(Referral.id == referral_id)
             .cte("chain", recursive=True))
    chain = chain.union_all(
        sa.select(Referral.id).where(Referral.source_referral_id == chain.c.id))
    return int(db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ClosedBusiness.amount), 0))
        .where(ClosedBusiness.referral_id.in_(sa.select(chain.c.id)),
               ClosedBusiness.deleted_at.is_(None))) or 0)


def get_referral_detail(referral: Referral, viewer_id: int) -> ReferralDetail:
    """Everything the referral page shows, for one viewer (contact details only to parties)."""
    row = get_referral_row(referral.id, viewer_id)
    actors = aliased(User)
    events = tuple(Event(e.id, e.kind, name or "Someone", e.from_status, e.to_status, e.note,
                         e.data or {}, e.created_at)
                   for e, name in db.session.execute(
                       sa.select(ReferralEvent, actors.name)
                       .outerjoin(actors, actors.id == ReferralEvent.actor_id)
                       .where(ReferralEvent.referral_id == referral.id)
                       .order_by(ReferralEvent.created_at, ReferralEvent.id)))
    entries = tuple(Entry(c.id, c.amount, c.kind, c.closed_on, c.note, c.deleted_at is not None)
                    for c in db.session.scalars(
                        sa.select(ClosedBusiness).where(ClosedBusiness.referral_id == referral.id)
                        .order_by(ClosedBusiness.closed_on, ClosedBusiness.id)))
    thanks = referral.thank_you
    source = (get_referral_row(referral.source_referral_id, viewer_id)
              if referral.source_referral_id else None)
    terminal = referral.status in (Status.WON, Status.LOST, Status.DECLINED)
    return ReferralDetail(
        row=row, expects_call=referral.expects_call,
        criteria_met=tuple(referral.criteria_met or ()), note=referral.note,
        declined_reason=referral.declined_reason, entries=entries, events=events,
        thank_you=(thanks.message, thanks.gift) if thanks else None,
        moves=allowed_moves(referral, viewer_id),
        reopen_to=reopen_target(referral) if terminal and viewer_id == referral.receiver_id
        else None,
        source=source, chain_value=_chain_value(referral.id),
        is_giver=viewer_id == referral.giver_id, is_receiver=viewer_id == referral.receiver_id)


def list_thanks_owed(*, group_id: int, user_id: int) -> list[ReferralRow]:
    """Referrals the user received and hasn't thanked for yet, oldest first."""
    stmt = (_select().where(Referral.group_id == group_id, Referral.receiver_id == user_id,
                            Referral.status != Status.WITHDRAWN, ~_thanked())
            .order_by(Referral.passed_at, Referral.id))
    return [_row(*r, viewer_id=user_id) for r in db.session.execute(stmt)]


@dataclass(frozen=True)
class Move:
    referral_id: int
    prospect_name: str
    receiver_name: str
    kind: str
    to_status: str | None
    note: str
    created_at: datetime
    data: dict = field(default_factory=dict)  # the event's details (an amount, a rating)


@dataclass(frozen=True)
class Dashboard:
    needs_action: list[ReferralRow]
    moves: list[Move]
    thanks_owed: list[ReferralRow]
    given_count: int
    received_count: int
    unread: int


def get_dashboard(*, group: Group, user_id: int) -> Dashboard:
    """What the member should look at after signing in (five queries)."""
    needs_action = [
        _row(*r, viewer_id=user_id) for r in db.session.execute(
            _select().where(Referral.group_id == group.id, Referral.receiver_id == user_id,
                            Referral.status.in_(OPEN))
            .order_by(sa.case((Referral.status == Status.PASSED, 0), else_=1),
                      Referral.updated_at, Referral.id).limit(10))]
    actors = aliased(User)
    moves = [Move(e.referral_id, prospect, receiver, e.kind, e.to_status, e.note, e.created_at,
                  e.data or {})
             for e, prospect, receiver in db.session.execute(
                 sa.select(ReferralEvent, Referral.prospect_name, actors.name)
                 .join(Referral, Referral.id == ReferralEvent.referral_id)
                 .join(actors, actors.id == Referral.receiver_id)
                 .where(Referral.group_id == group.id, Referral.giver_id == user_id,
                        ReferralEvent.actor_id != user_id)
                 .order_by(ReferralEvent.created_at.desc(), ReferralEvent.id.desc()).limit(8))]
    owed = list_thanks_owed(group_id=group.id, user_id=user_id)
    given, received = db.session.execute(
        sa.select(sa.func.count().filter(Referral.giver_id == user_id),
                  sa.func.count().filter(Referral.receiver_id == user_id))
        .where(Referral.group_id == group.id, Referral.status != Status.WITHDRAWN)).one()
    unread = count_unread(user_id)
    return Dashboard(needs_action, moves, owed, given, received, unread)


def count_unread(user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.user_id == user_id,
                                    Notification.read_at.is_(None))) or 0


@dataclass(frozen=True)
class TestimonialRow:
    id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


def list_testimonials(*, group_id: int, subject_id: int) -> list[TestimonialRow]:
    return [TestimonialRow(t.id, t.author_id, name, t.text, t.created_at)
            for t, name in db.session.execute(
                sa.select(Testimonial, User.name).join(User, User.id == Testimonial.author_id)
                .where(Testimonial.group_id == group_id, Testimonial.subject_id == subject_id)
                .order_by(Testimonial.created_at.desc()))]


def list_source_candidates(*, group_id: int, user_id: int, limit: int = 30) -> list[ReferralRow]:
    """Referrals the user gave or received, newest first: possible sources of a new one."""
    stmt = (_select().where(Referral.group_id == group_id,
                            sa.or_(Referral.giver_id == user_id,
                                   Referral.receiver_id == user_id))
            .order_by(Referral.passed_at.desc()).limit(limit))
    return [_row(*r, viewer_id=user_id) for r in db.session.execute(stmt)]


@dataclass(frozen=True)
class ExportRow:
    id: int
    passed_at: datetime
    giver_email: str
    receiver_email: str
    kind: str
    relationship: str
    prospect_name: str
    prospect_company: str
    prospect_email: str
    prospect_phone: str
    status: str
    note: str
    temperature: int
    closed_value: int


def list_for_export(*, group: Group, viewer_id: int,
                    role: str | None) -> tuple[list[ExportRow], dict[int, date | None]]:
    """Rows for a CSV export (mine when role is given/received/None-with-viewer, else all),
    oldest first, with each referral's latest closing date (two queries)."""
    stmt = (sa.select(Referral, Giver.email, Receiver.email, _value())
            .join(Giver, Giver.id == Referral.giver_id)
            .join(Receiver, Receiver.id == Referral.receiver_id)
            .where(Referral.group_id == group.id))
    if role == "given":
        stmt = stmt.where(Referral.giver_id == viewer_id)
    elif role == "received":
        stmt = stmt.where(Referral.receiver_id == viewer_id)
    elif role == "mine":
        stmt = stmt.where(sa.or_(Referral.giver_id == viewer_id,
                                 Referral.receiver_id == viewer_id))
    stmt = stmt.order_by(Referral.passed_at, Referral.id)
    rows = [ExportRow(r.id, r.passed_at, giver, receiver, r.kind, r.relationship,
                      r.prospect_name, r.prospect_company, r.prospect_email, r.prospect_phone,
                      r.status, r.declined_reason if r.status == Status.DECLINED else r.note,
                      r.temperature, int(value or 0))
            for r, giver, receiver, value in db.session.execute(stmt)]
    closed_on = dict(db.session.execute(
        sa.select(ClosedBusiness.referral_id, sa.func.max(ClosedBusiness.closed_on))
        .join(Referral, Referral.id == ClosedBusiness.referral_id)
        .where(Referral.group_id == group.id, ClosedBusiness.deleted_at.is_(None))
        .group_by(ClosedBusiness.referral_id)).all())
    return rows, closed_on
