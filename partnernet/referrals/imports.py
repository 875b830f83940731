"""Referral history in and out as CSV, in the format of DESIGN.md.

Import is all-or-nothing: every row is checked first and every problem is
reported with its line number; nothing is written unless the whole file is
clean. Each row's digest is stored, so importing the same file again adds
nothing.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import ClosedBusiness, Group, Membership, Referral, ReferralEvent, User
from partnernet.models.referrals import (
    NOTE_MAX,
    PROSPECT_COMPANY_MAX,
    PROSPECT_NAME_MAX,
    Kind,
    Relationship,
    Status,
)
from partnernet.money import MoneyError, parse_amount, to_decimal_string
from partnernet.periods import local_today
from partnernet.referrals.services import ReferralError

COLUMNS = ["passed_on", "giver_email", "receiver_email", "kind", "relationship",
           "prospect_name", "prospect_company", "status", "closed_amount", "closed_on", "note"]
# Accepted when present (our exports add them); never required.
OPTIONAL_COLUMNS = ["temperature", "prospect_email", "prospect_phone"]
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000


class ImportFailed(ReferralError):
    """The file was refused; `errors` lists (line number, message), line 1 being the header."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        first = "; ".join(f"line {n}: {m}" if n else m for n, m in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"Nothing was imported. {first}{more}")


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int


@dataclass(frozen=True)
class _Row:
    line: int
    key: str
    passed_on: date
    giver_id: int
    receiver_id: int
    kind: str
    relationship: str
    prospect_name: str
    prospect_company: str
    status: str
    amount: int | None
    closed_on: date | None
    note: str
    temperature: int
    prospect_email: str
    prospect_phone: str


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFailed([(0, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. "
                                "Split it into smaller files.")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([(0, "The file is not UTF-8 text. Save it as “CSV UTF-8” and try "
                                "again.")]) from exc


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} “{value}” is not a date like 2025-03-31") from None


def _members_by_email(group_id: int) -> dict[str, int]:
    """Everyone who is or was in the group (history may name former members)."""
    return {email: uid for email, uid in db.session.execute(
        sa.select(User.email, User.id).join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == group_id))}


def _row_key(group_id: int, values: dict[str, str]) -> str:
    canonical = "\x1f".join([str(group_id), *(values.get(c, "").strip() for c in COLUMNS)])
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse(group: Group, data: bytes) -> tuple[list[_Row], int]:
    """Check every row; returns the rows to create and how many were skipped as duplicates."""
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS and h not in OPTIONAL_COLUMNS]
    if not header:
        raise ImportFailed([(1, "The file is empty: it needs a header row with the columns "
                                + ", ".join(COLUMNS) + ".")])
    if missing or unknown:
        problems = []
        if missing:
            problems.append("missing column(s) " + ", ".join(missing))
        if unknown:
            problems.append("unknown column(s) " + ", ".join(unknown))
        raise ImportFailed([(1, "The header row is wrong: " + "; ".join(problems) + ".")])
    reader.fieldnames = header

    members = _members_by_email(group.id)
    today = local_today(group.timezone)
    existing = set(db.session.scalars(
        sa.select(Referral.import_key).where(Referral.group_id == group.id,
                                             Referral.import_key.is_not(None))))
    errors: list[tuple[int, str]] = []
    rows: list[_Row] = []
    seen: set[str] = set()
    skipped = 0
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append((number, f"More than {MAX_ROWS} rows; split the file."))
            break
        if None in raw:
            errors.append((number, "This row has more fields than the header."))
            continue
        values = {k: _unguard((v or "").strip()) for k, v in raw.items()}
        if not any(values.values()):
            continue  # a blank line
        key = _row_key(group.id, values)
        if key in existing or key in seen:
            skipped += 1
            continue
        seen.add(key)
        try:
            rows.append(_check(number, key, values, members, group, today))
        except ValueError as exc:
            errors.append((number, str(exc)))
    if errors:
        raise ImportFailed(errors)
    return rows, skipped


def _check(number: int, key: str, v: dict[str, str], members: dict[str, int], group: Group,
           today: date) -> _Row:
    problems = []

    def fail(message: str) -> None:
        problems.append(message)

    passed_on = closed_on = None
    try:
        passed_on = _date(v["passed_on"], "passed_on")
        if passed_on > today:
            fail(f"passed_on {passed_on} is in the future")
    except ValueError as exc:
        fail(str(exc))
    giver = members.get(v["giver_email"].lower())
    receiver = members.get(v["receiver_email"].lower())
    if giver is None:
        fail(f"giver_email “{v['giver_email']}” is not a member of this group")
    if receiver is None:
        fail(f"receiver_email “{v['receiver_email']}” is not a member of this group")
    if giver is not None and giver == receiver:
        fail("the giver and the receiver are the same person")
    if v["kind"] not in {k.value for k in Kind}:
        fail(f"kind “{v['kind']}” must be outside or inside")
    if v["relationship"] not in {r.value for r in Relationship}:
        fail(f"relationship “{v['relationship']}” must be one of "
             + ", ".join(r.value for r in Relationship))
    if not v["prospect_name"]:
        fail("prospect_name is empty")
    elif len(v["prospect_name"]) > PROSPECT_NAME_MAX:
        fail(f"prospect_name is longer than {PROSPECT_NAME_MAX} characters")
    if len(v["prospect_company"]) > PROSPECT_COMPANY_MAX:
        fail(f"prospect_company is longer than {PROSPECT_COMPANY_MAX} characters")
    if v["status"] not in {s.value for s in Status}:
        fail(f"status “{v['status']}” must be one of " + ", ".join(s.value for s in Status))
    if len(v["note"]) > NOTE_MAX:
        fail(f"note is longer than {NOTE_MAX} characters")
    if v["status"] == Status.DECLINED and not v["note"]:
        fail("a declined referral needs its reason in note")
    amount = None
    if v["closed_amount"]:
        try:
            amount = parse_amount(v["closed_amount"], group.currency)
        except MoneyError as exc:
            fail(f"closed_amount “{v['closed_amount']}”: {exc}")
        if v["status"] != Status.WON:
            fail("closed_amount is given but status is not won")
        if not v["closed_on"]:
            fail("closed_amount is given without closed_on")
    if v["closed_on"]:
        try:
            closed_on = _date(v["closed_on"], "closed_on")
            if closed_on > today:
                fail(f"closed_on {closed_on} is in the future")
            if passed_on and closed_on < passed_on:
                fail("closed_on is before passed_on")
        except ValueError as exc:
            fail(str(exc))
        if not v["closed_amount"]:
            fail("closed_on is given without closed_amount")
    temperature = 3
    if v.get("temperature"):
        if v["temperature"] in {"1", "2", "3", "4", "5"}:
            temperature = int(v["temperature"])
        else:
            fail("temperature must be a whole number from 1 to 5")
    if problems:
        raise ValueError("; ".join(problems))
    return _Row(number, key, passed_on, giver, receiver, v["kind"], v["relationship"],
                v["prospect_name"], v["prospect_company"], v["status"], amount, closed_on,
                v["note"], temperature, v.get("prospect_email", ""), v.get("prospect_phone", ""))


def import_referrals(*, group: Group, actor: User | None, data: bytes) -> ImportResult:
    """Import a CSV of referral history into the group (facilitators; checked by the caller)."""
    rows, skipped = parse(group, data)
    zone = ZoneInfo(group.timezone)
    for row in rows:
        # Noon local time keeps the passed-on date the same in every report.
        passed_at = datetime.combine(row.passed_on, time(12), tzinfo=zone).astimezone(UTC)
        referral = Referral(
            group_id=group.id, giver_id=row.giver_id, receiver_id=row.receiver_id,
            kind=row.kind, relationship=row.relationship, temperature=row.temperature,
            prospect_name=row.prospect_name, prospect_company=row.prospect_company,
            prospect_email=row.prospect_email[:254], prospect_phone=row.prospect_phone[:32],
            status=row.status, note="" if row.status == Status.DECLINED else row.note,
            declined_reason=row.note if row.status == Status.DECLINED else "",
            passed_at=passed_at, created_at=passed_at, import_key=row.key, criteria_met=[])
        db.session.add(referral)
        db.session.add(ReferralEvent(referral=referral, actor_id=actor.id if actor else None,
                                     kind="imported", to_status=row.status, note=row.note,
                                     data={"line": row.line}, created_at=passed_at))
        if row.amount is not None:
            db.session.add(ClosedBusiness(referral=referral, amount=row.amount, kind="new",
                                          closed_on=row.closed_on,
                                          created_by_id=actor.id if actor else None))
    db.session.flush()
    return ImportResult(created=len(rows), skipped=skipped)


def export_referrals(rows, *, group: Group, closed_on: dict[int, date | None],
                     with_contacts: bool) -> str:
    """CSV in the import format (plus temperature, and contact details when allowed)."""
    out = io.StringIO()
    columns = COLUMNS + ["temperature"] + (["prospect_email", "prospect_phone"]
                                           if with_contacts else [])
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    zone = ZoneInfo(group.timezone)
    for r in rows:
        amount = r.closed_value
        record = [
            r.passed_at.astimezone(zone).date().isoformat(), r.giver_email, r.receiver_email,
            r.kind, r.relationship, r.prospect_name, r.prospect_company, r.status,
            to_decimal_string(amount, group.currency) if amount else "",
            closed_on[r.id].isoformat() if amount and closed_on.get(r.id) else "",
            r.note, r.temperature,
        ]
        if with_contacts:
            record += [r.prospect_email or "", r.prospect_phone or ""]
        writer.writerow([safe_cell(str(c)) for c in record])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; quote them as text."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _unguard(value: str) -> str:
    """Undo safe_cell, so an export imports as it was ("'+44 20…" is the phone +44 20…)."""
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value
