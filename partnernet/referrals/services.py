"""Referral writes: passing, the pipeline, closed business, quality, thanks, testimonials, import.

Every rule about referrals lives here; views, the API and the CLI call these
functions. They take the acting user explicitly, flush, and never commit.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.orm.exc import StaleDataError

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.queries import running_meeting_id
from partnernet.models import (
    ClosedBusiness,
    Group,
    IdealClientProfile,
    Referral,
    ReferralEvent,
    Testimonial,
    ThankYou,
    User,
)
from partnernet.models.base import utcnow
from partnernet.models.profiles import CRITERIA_MAX_COUNT, CRITERION_MAX
from partnernet.models.referrals import (
    GIFT_MAX,
    MESSAGE_MAX,
    NOTE_MAX,
    PROSPECT_COMPANY_MAX,
    PROSPECT_NAME_MAX,
    REASON_MAX,
    TESTIMONIAL_MAX,
    BusinessKind,
    Kind,
    Quality,
    Relationship,
    Status,
)
from partnernet.money import MoneyError, parse_amount
from partnernet.notifications.services import notify
from partnernet.periods import local_today
from partnernet.profiles.services import ProfileError, clean_phone
from partnernet.text import clean_block, clean_line

DUPLICATE_WINDOW = timedelta(days=90)

ACTIVE = (Status.ACCEPTED, Status.CONTACTED, Status.MEETING, Status.PROPOSAL)
OPEN = (Status.PASSED, *ACTIVE)
TERMINAL = (Status.WON, Status.LOST, Status.DECLINED, Status.WITHDRAWN)

# The pipeline: from a status, which statuses each party may move a referral to.
# The receiver works the referral (and may step back to correct a mistake); the giver can
# only withdraw it while it is open; a won, lost or declined referral can be reopened by its
# receiver. Withdrawn is final.
RECEIVER_MOVES: dict[str, frozenset[str]] = {
    Status.PASSED: frozenset({Status.ACCEPTED, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.CONTACTED, Status.MEETING, Status.PROPOSAL, Status.WON,
                                Status.LOST, Status.DECLINED}),
    Status.CONTACTED: frozenset({Status.ACCEPTED, Status.MEETING, Status.PROPOSAL, Status.WON,
                                 Status.LOST}),
    Status.MEETING: frozenset({Status.ACCEPTED, Status.CONTACTED, Status.PROPOSAL, Status.WON,
                               Status.LOST}),
    Status.PROPOSAL: frozenset({Status.ACCEPTED, Status.CONTACTED, Status.MEETING, Status.WON,
                                Status.LOST}),
    Status.WON: frozenset(ACTIVE),
    Status.LOST: frozenset(ACTIVE),
    Status.DECLINED: frozenset({Status.ACCEPTED}),
    Status.WITHDRAWN: frozenset(),
}
GIVER_MOVES: dict[str, frozenset[str]] = {s: frozenset({Status.WITHDRAWN}) for s in OPEN}

STATUS_LABELS = {
    Status.PASSED: "Passed", Status.ACCEPTED: "Accepted", Status.CONTACTED: "Contacted",
    Status.MEETING: "Meeting booked", Status.PROPOSAL: "Proposal sent", Status.WON: "Won",
    Status.LOST: "Lost", Status.DECLINED: "Declined", Status.WITHDRAWN: "Withdrawn",
}


class ReferralError(DomainError):
    pass


@dataclass(frozen=True)
class Prospect:
    name: str
    company: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Slip:
    """What the giver fills in."""

    receiver_id: int
    prospect: Prospect
    kind: str = Kind.OUTSIDE
    relationship: str = Relationship.CLIENT
    temperature: int = 3
    expects_call: bool = False
    criteria_met: Sequence[str] = field(default_factory=tuple)
    note: str = ""
    source_referral_id: int | None = None


def allowed_moves(referral: Referral, user_id: int) -> frozenset[str]:
    """The statuses this user may move the referral to now."""
    moves: set[str] = set()
    if user_id == referral.receiver_id:
        moves |= RECEIVER_MOVES[referral.status]
    if user_id == referral.giver_id:
        moves |= GIVER_MOVES.get(referral.status, frozenset())
    return frozenset(moves)


def _text(value, name, label, max_length, required=False):
    return clean_line(value, field=name, label=label, max_length=max_length, required=required,
                      error=ReferralError)


def _block(value, name, label, max_length, required=False):
    return clean_block(value, field=name, label=label, max_length=max_length,
                       required=required, error=ReferralError)


def normalize_prospect_name(name: str) -> str:
    """For spotting duplicates: case, accents and spacing ignored."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(ch for ch in folded if not unicodedata.combining(ch)).split())


def _clean_prospect(prospect: Prospect) -> Prospect:
    name = _text(prospect.name, "prospect_name", "the prospect's name", PROSPECT_NAME_MAX,
                 required=True)
    company = _text(prospect.company, "prospect_company", "the company", PROSPECT_COMPANY_MAX)
    email = (prospect.email or "").strip()
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ReferralError(f"That is not a valid email address: {exc}",
                                "prospect_email") from exc
    try:
        phone = clean_phone(prospect.phone)
    except ProfileError as exc:
        raise ReferralError(exc.message, "prospect_phone") from exc
    return Prospect(name=name, company=company, email=email, phone=phone)


def receiver_criteria(receiver_id: int) -> list[str]:
    """Every referral criterion the receiver lists, in their order, without repeats."""
    seen: dict[str, None] = {}
    for criteria in db.session.scalars(
            sa.select(IdealClientProfile.criteria)
            .where(IdealClientProfile.user_id == receiver_id)
            .order_by(IdealClientProfile.position, IdealClientProfile.id)):
        for criterion in criteria or ():
            seen.setdefault(criterion, None)
    return list(seen)


def find_duplicates(*, group_id: int, receiver_id: int, prospect_name: str,
                    prospect_email: str = "", now: datetime | None = None) -> list[Referral]:
    """Referrals of the same prospect to the same receiver in the last 90 days."""
    since = (now or utcnow()) - DUPLICATE_WINDOW
    key = normalize_prospect_name(prospect_name or "")
    email = (prospect_email or "").strip().lower()
    if not key and not email:
        return []
    candidates = db.session.scalars(
        sa.select(Referral).where(Referral.group_id == group_id,
                                  Referral.receiver_id == receiver_id,
                                  Referral.passed_at >= since,
                                  Referral.status != Status.WITHDRAWN)
        .order_by(Referral.passed_at.desc()))
    return [r for r in candidates
            if (key and normalize_prospect_name(r.prospect_name) == key)
            or (email and r.prospect_email.lower() == email)]


def _event(referral: Referral, actor: User | None, kind: str, *, note: str = "",
           from_status: str | None = None, to_status: str | None = None,
           data: dict | None = None, at: datetime | None = None) -> ReferralEvent:
    event = ReferralEvent(referral=referral, actor_id=actor.id if actor else None, kind=kind,
                          note=note, from_status=from_status, to_status=to_status,
                          data=data or {}, created_at=at or utcnow())
    db.session.add(event)
    return event


def _member(group_id: int, user_id: int, field_name: str, what: str):
    membership = get_active_membership(group_id, user_id)
    if membership is None:
        raise ReferralError(f"{what} is not a member of this group.", field_name)
    return membership


def pass_referral(*, group: Group, giver: User, slip: Slip,
                  passed_at: datetime | None = None) -> Referral:
    """The giver passes a referral to a partner in the group; the receiver is notified."""
    _member(group.id, giver.id, "giver", "You are")
    if slip.receiver_id == giver.id:
        raise ReferralError("You can't pass a referral to yourself. Choose a partner.",
                            "receiver_id")
    receiver = _member(group.id, slip.receiver_id, "receiver_id", "That partner").user
    if slip.kind not in {k.value for k in Kind}:
        raise ReferralError("Choose outside or inside.", "kind")
    if slip.relationship not in {r.value for r in Relationship}:
        raise ReferralError("Choose how you know the prospect.", "relationship")
    if not isinstance(slip.temperature, int) or not 1 <= slip.temperature <= 5:
        raise ReferralError("Choose a temperature from 1 to 5.", "temperature")
    prospect = _clean_prospect(slip.prospect)
    note = _block(slip.note, "note", "the note", NOTE_MAX)
    criteria = [_text(c, "criteria_met", "a criterion", CRITERION_MAX) for c in slip.criteria_met]
    criteria = list(dict.fromkeys(c for c in criteria if c))
    if len(criteria) > CRITERIA_MAX_COUNT:
        raise ReferralError("Tick at most ten criteria.", "criteria_met")
    unknown = set(criteria) - set(receiver_criteria(receiver.id))
    if unknown:
        raise ReferralError(f"{receiver.name} doesn't list these criteria: "
                            f"{', '.join(sorted(unknown))}.", "criteria_met")
    source_id = slip.source_referral_id
    if source_id is not None:
        source = db.session.get(Referral, source_id)
        if source is None or source.group_id != group.id or \
                giver.id not in (source.giver_id, source.receiver_id):
            raise ReferralError("Choose a source referral you gave or received in this group.",
                                "source_referral_id")
    referral = Referral(
        group_id=group.id, giver_id=giver.id, receiver_id=receiver.id, kind=slip.kind,
        relationship=slip.relationship, temperature=slip.temperature,
        expects_call=bool(slip.expects_call) and slip.kind == Kind.OUTSIDE,
        prospect_name=prospect.name, prospect_company=prospect.company,
        prospect_email=prospect.email, prospect_phone=prospect.phone, criteria_met=criteria,
        note=note, source_referral_id=source_id, status=Status.PASSED,
        passed_at=passed_at or utcnow(),
        # A slip passed now, while the group's meeting runs, belongs to that meeting's round.
        meeting_id=running_meeting_id(group.id) if passed_at is None else None)
    db.session.add(referral)
    _event(referral, giver, "passed", to_status=Status.PASSED, note=note,
           at=referral.passed_at)
    db.session.flush()
    notify(user_id=receiver.id, kind="referral_received", referral_id=referral.id, actor=giver,
           text=f"{giver.name} passed you a referral: {prospect.name}"
                + (f" ({prospect.company})" if prospect.company else ""))
    return referral


def _check_version(referral: Referral, version: int | None) -> None:
    if version is not None and version != referral.version:
        raise Conflict(
            f"This referral changed since you opened it (it is now "
            f"“{STATUS_LABELS[referral.status]}”). Reload to see the latest, then try again.",
            "version")


def _flush_versioned() -> None:
    try:
        db.session.flush()
    except StaleDataError as exc:  # someone else saved in the same instant
        db.session.rollback()
        raise Conflict("This referral was changed by someone else just now. Reload and try "
                       "again.", "version") from exc


def _participant(referral: Referral, actor: User) -> None:
    if actor.id not in (referral.giver_id, referral.receiver_id):
        raise PermissionDenied("Only the referral's giver and receiver can change it.")


def change_status(*, referral: Referral, actor: User, status: str, note: str = "",
                  reason: str = "", version: int | None = None) -> Referral:
    """Move the referral along the pipeline, per the transition table."""
    _participant(referral, actor)
    _check_version(referral, version)
    if status not in {s.value for s in Status}:
        raise ReferralError("Unknown status.", "status")
    if status == referral.status:
        raise ReferralError(f"The referral is already “{STATUS_LABELS[status]}”.", "status")
    if status not in allowed_moves(referral, actor.id):
        who = "its giver" if actor.id == referral.giver_id else "its receiver"
        raise ReferralError(
            f"As {who} you can't move this referral from “{STATUS_LABELS[referral.status]}” "
            f"to “{STATUS_LABELS[status]}”.", "status")
    note = _block(note, "note", "the note", NOTE_MAX)
    reason = _block(reason, "reason", "the reason", REASON_MAX)
    if status == Status.DECLINED and not reason:
        raise ReferralError("Say why you're declining, so the giver learns what fits you.",
                            "reason")
    previous = referral.status
    referral.status = status
    referral.declined_reason = reason if status == Status.DECLINED else ""
    _event(referral, actor, "status", from_status=previous, to_status=status,
           note=note or reason, data={"reason": reason} if reason else {})
    _flush_versioned()
    other = referral.giver_id if actor.id == referral.receiver_id else referral.receiver_id
    notify(user_id=other, kind="status_changed", referral_id=referral.id, actor=actor,
           text=f"{actor.name} moved {referral.prospect_name} to “{STATUS_LABELS[status]}”"
                + (f": {note or reason}" if note or reason else ""))
    return referral


def reopen_target(referral: Referral) -> str:
    """Where reopening a closed referral takes it: the stage it was in before it closed."""
    for event in reversed(referral.events):
        if event.kind == "status" and event.to_status == referral.status:
            if event.from_status in ACTIVE:
                return event.from_status
            break
    return Status.ACCEPTED


def add_note(*, referral: Referral, actor: User, note: str) -> ReferralEvent:
    """A note on the timeline, seen by both giver and receiver."""
    _participant(referral, actor)
    note = _block(note, "note", "the note", NOTE_MAX, required=True)
    event = _event(referral, actor, "note", note=note)
    db.session.flush()
    other = referral.giver_id if actor.id == referral.receiver_id else referral.receiver_id
    notify(user_id=other, kind="status_changed", referral_id=referral.id, actor=actor,
           text=f"{actor.name} added a note on {referral.prospect_name}: {note}")
    return event


def _closed_values(referral: Referral, *, amount: str, kind: str, closed_on: date | str,
                   note: str, currency: str, today: date) -> dict:
    try:
        minor = parse_amount(amount, currency)
    except MoneyError as exc:
        raise ReferralError(str(exc), "amount") from exc
    if kind not in {k.value for k in BusinessKind}:
        raise ReferralError("Choose new or repeat business.", "kind")
    if isinstance(closed_on, str):
        try:
            closed_on = date.fromisoformat(closed_on.strip())
        except ValueError as exc:
            raise ReferralError("Enter the date as YYYY-MM-DD.", "closed_on") from exc
    if closed_on > today:
        raise ReferralError("The closing date can't be in the future.", "closed_on")
    group = db.session.get(Group, referral.group_id)
    passed_on = referral.passed_at.astimezone(ZoneInfo(group.timezone)).date()
    if closed_on < passed_on:
        raise ReferralError(f"The closing date can't be before the referral was passed "
                            f"({passed_on.isoformat()}).", "closed_on")
    return {"amount": minor, "kind": kind, "closed_on": closed_on,
            "note": _block(note, "note", "the note", NOTE_MAX)}


def _receiver_only(referral: Referral, actor: User, what: str) -> None:
    if actor.id != referral.receiver_id:
        raise PermissionDenied(f"Only the referral's receiver can {what}.")


def record_closed_business(*, referral: Referral, actor: User, amount: str, kind: str,
                           closed_on: date | str, note: str = "",
                           version: int | None = None) -> ClosedBusiness:
    """The receiver logs business that came of the referral; the referral becomes won."""
    _receiver_only(referral, actor, "record closed business")
    _check_version(referral, version)
    if referral.status in (Status.DECLINED, Status.WITHDRAWN):
        raise ReferralError(f"This referral is {referral.status}; reopen it before recording "
                            "business.")
    group = db.session.get(Group, referral.group_id)
    values = _closed_values(referral, amount=amount, kind=kind, closed_on=closed_on, note=note,
                            currency=group.currency, today=local_today(group.timezone))
    entry = ClosedBusiness(referral=referral, created_by_id=actor.id, **values)
    db.session.add(entry)
    if referral.status != Status.WON:
        previous = referral.status
        referral.status = Status.WON
        _event(referral, actor, "status", from_status=previous, to_status=Status.WON)
    else:
        referral.updated_at = utcnow()  # bumps the version: the page the giver sees is stale
    db.session.flush()
    _event(referral, actor, "closed_business", note=values["note"],
           data={"entry_id": entry.id, "amount": entry.amount, "kind": entry.kind,
                 "closed_on": entry.closed_on.isoformat(), "currency": group.currency})
    _flush_versioned()
    notify(user_id=referral.giver_id, kind="closed_business", referral_id=referral.id,
           actor=actor, text=f"{actor.name} closed business with {referral.prospect_name}")
    return entry


def _entry_data(entry: ClosedBusiness) -> dict:
    return {"amount": entry.amount, "kind": entry.kind, "closed_on": entry.closed_on.isoformat(),
            "note": entry.note}


def correct_closed_business(*, entry: ClosedBusiness, actor: User, amount: str, kind: str,
                            closed_on: date | str, note: str = "",
                            version: int | None = None) -> ClosedBusiness:
    """The receiver corrects an entry; the timeline keeps what it was."""
    referral = entry.referral
    _receiver_only(referral, actor, "correct closed business")
    _check_version(referral, version)
    if entry.deleted_at is not None:
        raise ReferralError("This entry was deleted.")
    group = db.session.get(Group, referral.group_id)
    before = _entry_data(entry)
    values = _closed_values(referral, amount=amount, kind=kind, closed_on=closed_on, note=note,
                            currency=group.currency, today=local_today(group.timezone))
    for key, value in values.items():
        setattr(entry, key, value)
    _event(referral, actor, "closed_business_changed",
           data={"entry_id": entry.id, "before": before, "after": _entry_data(entry),
                 "currency": group.currency})
    referral.updated_at = utcnow()
    _flush_versioned()
    return entry


def delete_closed_business(*, entry: ClosedBusiness, actor: User,
                           version: int | None = None) -> None:
    """The receiver removes a mistaken entry; it stays in the timeline and the record."""
    referral = entry.referral
    _receiver_only(referral, actor, "delete closed business")
    _check_version(referral, version)
    if entry.deleted_at is not None:
        return
    group = db.session.get(Group, referral.group_id)
    entry.deleted_at = utcnow()
    _event(referral, actor, "closed_business_deleted",
           data={"entry_id": entry.id, "before": _entry_data(entry), "currency": group.currency})
    referral.updated_at = utcnow()
    _flush_versioned()


def rate_quality(*, referral: Referral, actor: User, quality: str) -> Referral:
    """The receiver rates how good the referral was."""
    _receiver_only(referral, actor, "rate the referral")
    if quality not in {q.value for q in Quality}:
        raise ReferralError("Choose qualified, lukewarm or not a fit.", "quality")
    if referral.quality != quality:
        referral.quality = quality
        _event(referral, actor, "quality", data={"quality": quality})
        _flush_versioned()
    return referral


def thank(*, referral: Referral, actor: User, message: str, gift: str = "") -> ThankYou:
    """The receiver thanks the giver, whatever became of the referral."""
    _receiver_only(referral, actor, "thank the giver")
    if referral.thank_you is not None:
        raise Conflict("You already thanked the giver for this referral.")
    message = _block(message, "message", "your message", MESSAGE_MAX, required=True)
    gift = _text(gift, "gift", "the gift", GIFT_MAX)
    thanks = ThankYou(referral=referral, author_id=actor.id, message=message, gift=gift)
    db.session.add(thanks)
    _event(referral, actor, "thanked", note=message, data={"gift": gift} if gift else {})
    referral.updated_at = utcnow()
    _flush_versioned()
    notify(user_id=referral.giver_id, kind="thanked", referral_id=referral.id, actor=actor,
           text=f"{actor.name} thanked you for {referral.prospect_name}: {message}")
    return thanks


def write_testimonial(*, group: Group, author: User, subject_id: int, text: str) -> Testimonial:
    """A member writes a testimonial for another member of the group."""
    _member(group.id, author.id, "author", "You are")
    if subject_id == author.id:
        raise ReferralError("Write testimonials for your partners, not yourself.", "subject_id")
    _member(group.id, subject_id, "subject_id", "That person")
    text = _block(text, "text", "the testimonial", TESTIMONIAL_MAX, required=True)
    testimonial = Testimonial(group_id=group.id, author_id=author.id, subject_id=subject_id,
                              text=text)
    db.session.add(testimonial)
    db.session.flush()
    return testimonial

