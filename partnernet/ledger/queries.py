"""The reciprocity ledger, exactly as "The ledger contract" in DESIGN.md defines it.

Everything here is aggregated in SQL, per (giver, receiver) pair: a group of 60 has at most
3,540 pairs however many referrals it holds, and Python only adds pairs up. The page, the
API, the CSV exports, goals and the health score all read the ledger through
`compute_ledger`, so a figure means the same wherever it appears.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    Attendance,
    ClosedBusiness,
    Goal,
    Group,
    Meeting,
    Membership,
    OneToOne,
    Profile,
    Referral,
    ThankYou,
    User,
)
from partnernet.models.meetings import AttendanceStatus, MeetingStatus
from partnernet.models.referrals import Quality, Status
from partnernet.periods import Period, _months_back, calendar_month, calendar_quarter


@dataclass(frozen=True)
class Figures:
    """Counts and values for a member, or for a member and one partner."""

    given: int = 0
    received: int = 0
    value_given: int = 0  # minor units: business closed on referrals the member gave
    value_received: int = 0
    won_given: int = 0
    won_received: int = 0
    # About the referrals received: what the member made of them.
    qualified_received: int = 0
    lukewarm_received: int = 0
    not_a_fit_received: int = 0
    thanked_received: int = 0
    last_exchange: datetime | None = None  # the latest referral passed either way

    @property
    def balance(self) -> int:
        return self.given - self.received

    @property
    def value_balance(self) -> int:
        return self.value_given - self.value_received

    @property
    def conversion(self) -> float | None:
        """won_given / given; None when nothing was given."""
        return self.won_given / self.given if self.given else None

    @property
    def conversion_received(self) -> float | None:
        """How much of what the member received became business (the givers' effectiveness)."""
        return self.won_received / self.received if self.received else None

    @property
    def rated_received(self) -> int:
        return self.qualified_received + self.lukewarm_received + self.not_a_fit_received


_COUNTED = ("given", "received", "value_given", "value_received", "won_given", "won_received",
            "qualified_received", "lukewarm_received", "not_a_fit_received", "thanked_received")
(_GIVEN, _RECEIVED, _VALUE_GIVEN, _VALUE_RECEIVED, _WON_GIVEN, _WON_RECEIVED, _QUALIFIED,
 _LUKEWARM, _NOT_A_FIT, _THANKED) = range(len(_COUNTED))


@dataclass(frozen=True)
class PartnerLedger(Figures):
    """One partner's row in a member's ledger: figures restricted to the two of them."""

    member_id: int = 0
    name: str = ""
    business: str = ""
    current: bool = True  # still a member of the group


@dataclass(frozen=True)
class MemberLedger(Figures):
    member_id: int = 0
    name: str = ""
    business: str = ""
    role: str = "member"
    title: str = ""
    current: bool = True
    partners: tuple[PartnerLedger, ...] = ()


@dataclass(frozen=True)
class Ledger:
    group_id: int
    currency: str
    period: Period
    members: tuple[MemberLedger, ...]
    referrals: int  # counted referrals in the period (Σ given = Σ received = this)
    value: int  # closed value in the period (Σ value_given = Σ value_received = this)

    def member(self, member_id: int) -> MemberLedger | None:
        return next((m for m in self.members if m.member_id == member_id), None)


@dataclass(frozen=True)
class _Person:
    member_id: int
    name: str
    business: str
    role: str
    title: str
    current: bool


# --- The two aggregates the whole ledger is made of ------------------------------------------


def _rows(stmt):
    """Run an aggregate on the session's connection: plain rows, without the ORM's per-row
    processing (which costs more than the query itself for a few thousand pairs)."""
    return db.session.connection().execute(stmt).all()


def counted_referrals(group_id: int):
    """Conditions on Referral that make it count in a ledger: in the group, not withdrawn."""
    return (Referral.group_id == group_id, Referral.status != Status.WITHDRAWN)


def _passed_in(period: Period, tz: str) -> list:
    start, end = period.utc_bounds(tz)
    conditions = []
    if start is not None:
        conditions.append(Referral.passed_at >= start)
    if end is not None:
        conditions.append(Referral.passed_at < end)
    return conditions


def _closed_in(group: Group, period: Period) -> list:
    """Closed business of the group, not deleted, closed on a day of the period (the entry
    carries its referral's group, giver and receiver: no join needed)."""
    conditions = [ClosedBusiness.group_id == group.id, ClosedBusiness.deleted_at.is_(None)]
    if period.start is not None:
        conditions.append(ClosedBusiness.closed_on >= period.start)
    if period.end is not None:
        conditions.append(ClosedBusiness.closed_on < period.end)
    return conditions


def _involving(member_id: int | None, model=Referral) -> list:
    if member_id is None:
        return []
    return [sa.or_(model.giver_id == member_id, model.receiver_id == member_id)]


def _pair_counts(group: Group, period: Period, member_id: int | None):
    """(giver, receiver) → counts of the referrals passed between them in the period."""
    stmt = (
        sa.select(
            Referral.giver_id, Referral.receiver_id, sa.func.count(),
            sa.func.count().filter(Referral.status == Status.WON),
            sa.func.count().filter(Referral.quality == Quality.QUALIFIED),
            sa.func.count().filter(Referral.quality == Quality.LUKEWARM),
            sa.func.count().filter(Referral.quality == Quality.NOT_A_FIT),
            sa.func.count(ThankYou.id), sa.func.max(Referral.passed_at))
        .outerjoin(ThankYou, ThankYou.referral_id == Referral.id)
        .where(*counted_referrals(group.id), *_passed_in(period, group.timezone),
               *_involving(member_id))
        .group_by(Referral.giver_id, Referral.receiver_id))
    return _rows(stmt)


def _pair_values(group: Group, period: Period, member_id: int | None):
    """(giver, receiver) → closed value with closed-on in the period, whatever the status."""
    stmt = (
        sa.select(ClosedBusiness.giver_id, ClosedBusiness.receiver_id,
                  sa.func.sum(ClosedBusiness.amount))
        .where(*_closed_in(group, period), *_involving(member_id, ClosedBusiness))
        .group_by(ClosedBusiness.giver_id, ClosedBusiness.receiver_id))
    return _rows(stmt)


def _people(group: Group, extra_ids: set[int]) -> dict[int, _Person]:
    """Everyone who is or was in the group, plus anyone else named in its referrals."""
    rows = _rows(
        sa.select(User.id, User.name, Profile.business_name, Membership.role, Membership.title,
                  Membership.left_at)
        .join(Membership, sa.and_(Membership.user_id == User.id,
                                  Membership.group_id == group.id), isouter=True)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(sa.or_(Membership.id.is_not(None), User.id.in_(extra_ids or {0}))))
    return {uid: _Person(uid, name, business or "", role or "member", title or "",
                         role is not None and left_at is None)
            for uid, name, business, role, title, left_at in rows}


def compute_ledger(*, group: Group, period: Period, member_id: int | None = None) -> Ledger:
    """The ledger of a group for a period: one row per current member (and per former member
    with activity), each with its partners; or only `member_id`'s row when given.

    Three queries whatever the data size.
    """
    pair: dict[tuple[int, int], dict] = defaultdict(dict)
    for giver, receiver, count, won, qualified, lukewarm, not_a_fit, thanked, last in \
            _pair_counts(group, period, member_id):
        pair[giver, receiver].update(count=count, won=won, qualified=qualified,
                                     lukewarm=lukewarm, not_a_fit=not_a_fit, thanked=thanked,
                                     last=last)
    for giver, receiver, value in _pair_values(group, period, member_id):
        pair[giver, receiver]["value"] = int(value or 0)

    active = {uid for key in pair for uid in key}
    people = _people(group, active)

    # Each pair seen from both ends: the giver's partner row and the receiver's. Plain lists
    # of numbers in the order of _COUNTED, added up in place (this runs once per pair).
    rows: dict[int, dict[int, list]] = defaultdict(dict)
    for (giver, receiver), p in pair.items():
        count, value, won, last = p.get("count", 0), p.get("value", 0), p.get("won", 0), \
            p.get("last")
        mine = rows[giver].get(receiver)
        if mine is None:
            mine = rows[giver][receiver] = [0] * len(_COUNTED) + [None]
        mine[_GIVEN] += count
        mine[_VALUE_GIVEN] += value
        mine[_WON_GIVEN] += won
        theirs = rows[receiver].get(giver)
        if theirs is None:
            theirs = rows[receiver][giver] = [0] * len(_COUNTED) + [None]
        theirs[_RECEIVED] += count
        theirs[_VALUE_RECEIVED] += value
        theirs[_WON_RECEIVED] += won
        theirs[_QUALIFIED] += p.get("qualified", 0)
        theirs[_LUKEWARM] += p.get("lukewarm", 0)
        theirs[_NOT_A_FIT] += p.get("not_a_fit", 0)
        theirs[_THANKED] += p.get("thanked", 0)
        if last is not None:
            for figures in (mine, theirs):
                if figures[-1] is None or last > figures[-1]:
                    figures[-1] = last

    if member_id is not None:
        shown = [member_id] if member_id in people else []
    else:
        shown = [uid for uid, person in people.items() if person.current or uid in active]

    members = []
    for uid in shown:
        person = people[uid]
        partner_rows = []
        for pid, figures in rows[uid].items():
            other = people[pid]
            partner_rows.append(PartnerLedger(*figures, other.member_id, other.name,
                                              other.business, other.current))
        partner_rows.sort(key=partner_order)
        columns = list(zip(*rows[uid].values(), strict=True)) or [()] * (len(_COUNTED) + 1)
        total = [sum(column) for column in columns[:-1]]
        last = max((t for t in columns[-1] if t is not None), default=None)
        members.append(MemberLedger(*total, last, person.member_id, person.name,
                                    person.business, person.role, person.title,
                                    person.current, tuple(partner_rows)))
    members.sort(key=lambda m: (not m.current, m.name.casefold(), m.member_id))

    referrals = sum(p.get("count", 0) for p in pair.values())
    value = sum(p.get("value", 0) for p in pair.values())
    return Ledger(group.id, group.currency, period, tuple(members), referrals, value)


def partner_order(row: Figures):
    """Most out of balance first (in count, then in value), then by name."""
    return (-abs(row.balance), -abs(row.value_balance), getattr(row, "name", "").casefold())


# --- Series: the same figures per week or month, for the chart --------------------------------


@dataclass(frozen=True)
class Bucket:
    start: date
    end: date
    given: int = 0
    received: int = 0
    value_given: int = 0
    value_received: int = 0

    @property
    def label(self) -> str:
        return self.start.isoformat()


def series_buckets(today: date, unit: str, count: int | None = None) -> list[Period]:
    """The last 12 months as calendar months (the current one last), or the last 52 weeks
    (Monday to Sunday) when `unit` is "week"."""
    if unit == "week":
        this_monday = today - timedelta(days=today.weekday())
        return [Period(this_monday - timedelta(weeks=i), this_monday - timedelta(weeks=i - 1))
                for i in range((count or 52) - 1, -1, -1)]
    this_month = calendar_month(today)
    return [calendar_month(_months_back(this_month.start, i))
            for i in range((count or 12) - 1, -1, -1)]


def compute_series(*, group: Group, buckets: list[Period],
                   member_id: int | None = None) -> list[Bucket]:
    """Given and received (counts and value) per bucket, for a member or the whole group
    (where given = received = the group's referrals). Two queries: buckets are CASE
    branches on the UTC boundaries, so daylight-saving changes fall where they should."""
    tz = group.timezone
    edges = [b.utc_bounds(tz) for b in buckets]
    passed = sa.case(*((sa.and_(Referral.passed_at >= s, Referral.passed_at < e), i)
                       for i, (s, e) in enumerate(edges)), else_=-1).label("bucket")
    closed = sa.case(*((sa.and_(ClosedBusiness.closed_on >= b.start,
                                ClosedBusiness.closed_on < b.end), i)
                       for i, b in enumerate(buckets)), else_=-1).label("bucket")
    whole = Period(buckets[0].start, buckets[-1].end)
    if member_id is None:  # the group: every referral is given by one member, received by one
        counted = (sa.func.count(), sa.func.count().label("received"))
        summed = (sa.func.sum(ClosedBusiness.amount),
                  sa.func.sum(ClosedBusiness.amount).label("received"))
    else:
        counted = (sa.func.count().filter(Referral.giver_id == member_id),
                   sa.func.count().filter(Referral.receiver_id == member_id))
        summed = (
            sa.func.sum(ClosedBusiness.amount).filter(ClosedBusiness.giver_id == member_id),
            sa.func.sum(ClosedBusiness.amount).filter(ClosedBusiness.receiver_id == member_id))
    counts = _rows(
        sa.select(passed, *counted)
        .where(*counted_referrals(group.id), *_passed_in(whole, tz), *_involving(member_id))
        .group_by(passed))
    values = _rows(
        sa.select(closed, *summed)
        .where(*_closed_in(group, whole), *_involving(member_id, ClosedBusiness))
        .group_by(closed))
    figures = [dict(given=0, received=0, value_given=0, value_received=0) for _ in buckets]
    for index, given, received in counts:
        if index >= 0:
            figures[index].update(given=given, received=received)
    for index, given, received in values:
        if index >= 0:
            figures[index].update(value_given=int(given or 0), value_received=int(received or 0))
    return [Bucket(b.start, b.end, **f) for b, f in zip(buckets, figures, strict=True)]


# --- Views derived from one ledger ------------------------------------------------------------


@dataclass(frozen=True)
class MatrixMember:
    """A row and column of the matrix: who, and their totals in the period."""

    member_id: int
    name: str
    business: str
    current: bool
    given: int = 0
    received: int = 0
    value_given: int = 0
    value_received: int = 0


@dataclass(frozen=True)
class Matrix:
    """Giver × receiver: who passed how many referrals (and how much business) to whom."""

    members: tuple[MatrixMember, ...]  # rows and columns, in this order
    counts: dict[tuple[int, int], int]
    values: dict[tuple[int, int], int]
    max_count: int
    max_value: int
    referrals: int
    value: int

    def level(self, giver: int, receiver: int, by: str = "count") -> int:
        """Heat 0–5 for the cell, relative to the busiest cell."""
        amount, top = ((self.counts.get((giver, receiver), 0), self.max_count) if by == "count"
                       else (self.values.get((giver, receiver), 0), self.max_value))
        if not amount or not top:
            return 0
        return max(1, -(-5 * amount // top))  # ceiling, so any exchange shows


def _matrix(members, counts: dict, values: dict) -> Matrix:
    return Matrix(tuple(members), counts, values, max(counts.values(), default=0),
                  max(values.values(), default=0), sum(counts.values()), sum(values.values()))


def compute_matrix(*, group: Group, period: Period) -> Matrix:
    """The group's matrix for a period: the figures of compute_ledger's partner rows (the tests
    check they agree), without building a row per pair; two aggregates and the people."""
    counts = {(giver, receiver): n for giver, receiver, n in _rows(
        sa.select(Referral.giver_id, Referral.receiver_id, sa.func.count())
        .where(*counted_referrals(group.id), *_passed_in(period, group.timezone))
        .group_by(Referral.giver_id, Referral.receiver_id))}
    values = {(giver, receiver): int(v) for giver, receiver, v in
              _pair_values(group, period, None) if v}
    given, received = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for (giver, receiver), n in counts.items():
        given[giver][0] += n
        received[receiver][0] += n
    for (giver, receiver), v in values.items():
        given[giver][1] += v
        received[receiver][1] += v
    active = set(given) | set(received)
    people = _people(group, active)
    members = sorted(
        (MatrixMember(uid, person.name, person.business, person.current, given[uid][0],
                      received[uid][0], given[uid][1], received[uid][1])
         for uid, person in people.items() if person.current or uid in active),
        key=lambda m: (not m.current, m.name.casefold(), m.member_id))
    return _matrix(members, counts, values)


@dataclass(frozen=True)
class UnconnectedPair:
    a: MemberLedger
    b: MemberLedger


def list_unconnected(ledger: Ledger) -> list[UnconnectedPair]:
    """Pairs of current members with no counted referral between them in the ledger's period
    (give it an all-time ledger for "never")."""
    current = [m for m in ledger.members if m.current]
    # Referrals link a pair; business closed in the period on an older referral doesn't.
    linked = {(m.member_id, p.member_id) for m in current for p in m.partners
              if p.given or p.received}
    return [UnconnectedPair(a, b) for i, a in enumerate(current) for b in current[i + 1:]
            if (a.member_id, b.member_id) not in linked]


def all_time(group: Group, today: date) -> Period:
    """Everything up to today: the span "never exchanged" is judged over."""
    return Period(None, today + timedelta(days=1), "all")


@dataclass(frozen=True)
class Effectiveness:
    """A partner who sent the member referrals, and what came of them."""

    partner: PartnerLedger
    value_per_referral: int | None  # minor units; None when nothing was received

    @property
    def score_key(self):
        p = self.partner
        return (-p.value_received, -(p.conversion_received or 0), -p.received,
                p.name.casefold())


def list_effectiveness(member: MemberLedger | None) -> list[Effectiveness]:
    """Partners who sent `member` referrals, most effective first: the business their
    referrals brought, then how many of them were won, then how many they sent."""
    if member is None:
        return []
    rows = [Effectiveness(p, p.value_received // p.received if p.received else None)
            for p in member.partners if p.received]
    return sorted(rows, key=lambda e: e.score_key)


# --- Goals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalDefinition:
    metric: str
    label: str
    unit: str  # "count", "money" or "percent" (a share, 1 to 100)
    span: str  # "month" or "quarter"
    figure: str  # the Figures (or, for "activity", the Activity) attribute it measures
    help: str
    source: str = "ledger"  # "ledger": referrals and business; "activity": meetings, one-to-ones


GOALS = {
    "referrals_given_month": GoalDefinition(
        "referrals_given_month", "Referrals given per month", "count", "month", "given",
        "Referrals you pass to partners in a calendar month."),
    "value_given_quarter": GoalDefinition(
        "value_given_quarter", "Business from your referrals per quarter", "money", "quarter",
        "value_given", "Closed business partners recorded on referrals you gave, per calendar "
        "quarter."),
    "value_received_quarter": GoalDefinition(
        "value_received_quarter", "Closed business received per quarter", "money", "quarter",
        "value_received", "Business you closed from partners' referrals, per calendar quarter."),
    "one_to_ones_month": GoalDefinition(
        "one_to_ones_month", "One-to-ones per month", "count", "month", "one_to_ones",
        "One-to-ones with partners in a calendar month, whoever logged them.", "activity"),
    "attendance_quarter": GoalDefinition(
        "attendance_quarter", "Attendance per quarter", "percent", "quarter", "attendance",
        "The share of the calendar quarter's meetings you attend, from 1 to 100%: present, "
        "late or with a substitute; a medical absence is left out.", "activity"),
}


@dataclass(frozen=True)
class GoalProgress:
    definition: GoalDefinition
    target: int
    scope: str  # "personal" or "group"
    group_target: int | None  # the group's goal, shown beside a personal one
    actual: int | None  # None: a share with nothing to measure yet (no meeting held)
    period: Period
    expected_now: int  # where a steady pace would be by today (a share: the target itself)

    @property
    def percent(self) -> int:
        if self.actual is None:
            return 0
        return min(100, 100 * self.actual // self.target) if self.target else 100

    @property
    def met(self) -> bool:
        return self.actual is not None and self.actual >= self.target

    @property
    def on_track(self) -> bool:
        return self.actual is None or self.actual >= self.expected_now

    @property
    def remaining(self) -> int:
        return self.target if self.actual is None else max(0, self.target - self.actual)

    @property
    def last_day(self) -> date:
        return self.period.end - timedelta(days=1)


def list_goals(*, group_id: int, user_id: int | None) -> dict[str, dict[str, int]]:
    """metric → {"group": target, "personal": target}, as set."""
    rows = _rows(
        sa.select(Goal.metric, Goal.user_id, Goal.target)
        .where(Goal.group_id == group_id,
               sa.or_(Goal.user_id.is_(None), Goal.user_id == user_id)))
    goals: dict[str, dict[str, int]] = defaultdict(dict)
    for metric, uid, target in rows:
        goals[metric]["group" if uid is None else "personal"] = target
    return dict(goals)


def list_goal_progress(*, group: Group, member_id: int, today: date) -> list[GoalProgress]:
    """The member's goals (their own, else the group's) with progress this month or quarter."""
    goals = list_goals(group_id=group.id, user_id=member_id)
    if not goals:
        return []
    spans = {"month": calendar_month(today), "quarter": calendar_quarter(today)}
    needed = {(GOALS[m].source, GOALS[m].span) for m in goals if m in GOALS}
    figures = {}
    for source, span in needed:
        if source == "activity":
            # Only the figures this span's goals measure: one query each.
            measured = {GOALS[m].figure for m in goals if m in GOALS
                        and (GOALS[m].source, GOALS[m].span) == (source, span)}
            found = compute_activity(group=group, period=spans[span], member_id=member_id,
                                     attendance="attendance" in measured,
                                     one_to_ones="one_to_ones" in measured)
            figures[source, span] = found.get(member_id) or Activity()
        else:
            row = compute_ledger(group=group, period=spans[span], member_id=member_id)
            figures[source, span] = row.member(member_id) or MemberLedger(member_id=member_id)
    progress = []
    for metric, definition in GOALS.items():
        targets = goals.get(metric)
        if not targets:
            continue
        span = spans[definition.span]
        target = targets.get("personal") or targets["group"]
        elapsed = (today - span.start).days + 1
        length = (span.end - span.start).days
        # A share is judged as it stands; a count or a value against a steady pace.
        expected = target if definition.unit == "percent" else -(-target * elapsed // length)
        progress.append(GoalProgress(
            definition, target, "personal" if "personal" in targets else "group",
            targets.get("group"),
            getattr(figures[definition.source, definition.span], definition.figure), span,
            expected))
    return progress


# --- Attendance and one-to-ones -----------------------------------------------------------------

# Attended: there in person (on time or late), or represented by a substitute. A medical
# absence is excused: the meeting is left out of the member's count altogether.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.SUBSTITUTE)


@dataclass(frozen=True)
class Activity:
    """A member's meetings and one-to-ones over a period."""

    meetings: int = 0  # meetings held since they joined, medical absences left out
    attended: int = 0  # of those: present, late or a substitute sent
    excused: int = 0  # medical absences (not in `meetings`)
    one_to_ones: int = 0  # with anyone in the group, whoever logged it

    @property
    def attendance(self) -> int | None:
        """Percent of `meetings` attended, rounded down; None with no meeting to measure."""
        return 100 * self.attended // self.meetings if self.meetings else None


def compute_activity(*, group: Group, period: Period, member_id: int | None = None,
                     attendance: bool = True, one_to_ones: bool = True) -> dict[int, Activity]:
    """Each current member's attendance, and everyone's one-to-ones, in the period (or one
    member's), in two queries whatever the number of members and meetings (one when only
    `attendance` or `one_to_ones` is wanted).

    A meeting counts once it was held: closed, or started and not cancelled. Only meetings
    since the member joined count; a meeting without their attendance recorded counts as
    missed.
    """
    start, end = period.utc_bounds(group.timezone)
    attended = sa.func.sum(sa.case((Attendance.status.in_(ATTENDED), 1), else_=0))
    excused = sa.func.sum(sa.case((Attendance.status == AttendanceStatus.MEDICAL, 1),
                                  else_=0))
    held = sa.select(Membership.user_id, sa.func.count(Meeting.id), attended, excused) \
        .join(Meeting, sa.and_(Meeting.group_id == Membership.group_id,
                               Meeting.starts_at >= Membership.joined_at)) \
        .outerjoin(Attendance, sa.and_(Attendance.meeting_id == Meeting.id,
                                       Attendance.user_id == Membership.user_id)) \
        .where(Membership.group_id == group.id, Membership.left_at.is_(None),
               Meeting.status != MeetingStatus.CANCELLED,
               sa.or_(Meeting.status == MeetingStatus.CLOSED, Meeting.started_at.is_not(None)))
    if start is not None:
        held = held.where(Meeting.starts_at >= start)
    if end is not None:
        held = held.where(Meeting.starts_at < end)
    if member_id is not None:
        held = held.where(Membership.user_id == member_id)
    figures: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for uid, count, yes, medical in _rows(held.group_by(Membership.user_id)) \
            if attendance else ():
        figures[uid][:3] = [count - (medical or 0), yes or 0, medical or 0]
    if not one_to_ones:
        return {uid: Activity(*f) for uid, f in figures.items()}

    # A one-to-one counts for both its members: one row per side, counted per member.
    def side(column) -> sa.Select:
        stmt = sa.select(column.label("uid")).where(OneToOne.group_id == group.id)
        if period.start is not None:
            stmt = stmt.where(OneToOne.met_on >= period.start)
        if period.end is not None:
            stmt = stmt.where(OneToOne.met_on < period.end)
        if member_id is not None:
            stmt = stmt.where(column == member_id)
        return stmt

    sides = sa.union_all(side(OneToOne.logged_by_id), side(OneToOne.partner_id)).subquery()
    for uid, count in _rows(sa.select(sides.c.uid, sa.func.count()).group_by(sides.c.uid)):
        figures[uid][3] = count
    return {uid: Activity(*f) for uid, f in figures.items()}
