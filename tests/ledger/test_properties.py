"""Invariants of the ledger over random referral histories (Hypothesis).

Each example inserts its referrals into one of three groups (five current members and a
former one; UTC, UTC+14 and Chicago with its daylight-saving changes), checks the properties,
then deletes what it inserted, so examples don't see each other's rows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnernet.extensions import db
from partnernet.ledger.queries import (
    Figures,
    Period,
    compute_ledger,
    compute_matrix,
    compute_series,
    series_buckets,
)
from partnernet.models import ClosedBusiness, Group, Referral, ThankYou, User
from partnernet.models.referrals import Status
from tests.factories import GroupFactory, MembershipFactory
from tests.ledger.conftest import build_matrix

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
ZONES = ("UTC", "Pacific/Kiritimati", "America/Chicago")
FIRST_DAY = date(2024, 1, 1)
DAYS = 150  # referrals and closed business fall between 1 January and 29 May 2024
FIELDS = ("given", "received", "value_given", "value_received", "won_given", "won_received",
          "qualified_received", "lukewarm_received", "not_a_fit_received", "thanked_received")


@dataclass
class Setting:
    groups: list[Group]
    members: list[list[User]]  # per group: five current members, then a former one


@pytest.fixture
def setting(app) -> Setting:
    groups, members = [], []
    for tz in ZONES:
        group = GroupFactory(timezone=tz, currency="EUR")
        people = [MembershipFactory(group=group, user__name=f"Partner {n}").user
                  for n in range(5)]
        people.append(MembershipFactory(group=group, user__name="Former Partner",
                                        left_at=datetime(2024, 3, 1, tzinfo=UTC)).user)
        groups.append(group)
        members.append(people)
    return Setting(groups, members)


closed_entry = st.tuples(
    st.integers(min_value=1, max_value=5_000_000),  # amount, minor units
    st.integers(min_value=0, max_value=DAYS - 1),  # closed-on day
    st.sampled_from([False, False, True]),  # soft-deleted, one time in three
)
referral_spec = st.fixed_dictionaries({
    "giver": st.integers(min_value=0, max_value=5),
    "offset": st.integers(min_value=1, max_value=5),  # receiver = giver + offset, mod 6
    "status": st.sampled_from(list(Status)),
    "minute": st.integers(min_value=0, max_value=DAYS * 24 * 60 - 1),  # after local midnight
    "quality": st.sampled_from([None, "qualified", "lukewarm", "not_a_fit"]),
    "thanked": st.booleans(),
    "closed": st.lists(closed_entry, max_size=3),
})
histories = st.lists(referral_spec, max_size=25)
day = st.integers(min_value=0, max_value=DAYS)


@dataclass
class Inserted:
    group: Group
    referrals: list[Referral]
    specs: list[dict]


def insert(setting: Setting, which: int, specs: list[dict]) -> Inserted:
    group, people = setting.groups[which], setting.members[which]
    left_over = db.session.scalar(sa.select(sa.func.count()).select_from(Referral)
                                  .where(Referral.group_id == group.id))
    assert left_over == 0, "an earlier example's referrals were not deleted"
    zone = ZoneInfo(group.timezone)
    start = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=zone)
    rows = []
    for spec in specs:
        giver = people[spec["giver"]]
        receiver = people[(spec["giver"] + spec["offset"]) % len(people)]
        # Local wall-clock minutes from 1 January; a time skipped by a clock change resolves
        # to some real instant, which is all this needs.
        local = start + timedelta(minutes=spec["minute"])
        row = Referral(group_id=group.id, giver_id=giver.id, receiver_id=receiver.id,
                       prospect_name="Prospect", status=spec["status"],
                       quality=spec["quality"], passed_at=local.astimezone(UTC))
        for amount, closed_day, deleted in spec["closed"]:
            row.closed_business.append(ClosedBusiness(
                amount=amount, closed_on=FIRST_DAY + timedelta(days=closed_day),
                deleted_at=datetime(2024, 6, 1, tzinfo=UTC) if deleted else None))
        if spec["thanked"]:
            row.thank_you = ThankYou(author_id=receiver.id, message="Thanks")
        rows.append(row)
    db.session.add_all(rows)
    db.session.commit()
    return Inserted(group, rows, specs)


def delete(inserted: Inserted) -> None:
    db.session.rollback()
    ids = [r.id for r in inserted.referrals if r.id is not None]
    if ids:
        db.session.execute(sa.delete(ThankYou).where(ThankYou.referral_id.in_(ids)))
        db.session.execute(sa.delete(ClosedBusiness).where(ClosedBusiness.referral_id.in_(ids)))
        db.session.execute(sa.delete(Referral).where(Referral.id.in_(ids)))
    db.session.commit()


def period(a: int, b: int) -> Period:
    a, b = sorted((a, b))
    if a == b:
        b += 1
    return Period(FIRST_DAY + timedelta(days=a), FIRST_DAY + timedelta(days=b))


def expected_totals(inserted: Inserted, p: Period) -> tuple[int, int]:
    """Counted referrals and closed value in `p`, worked out in Python from what was inserted."""
    zone = ZoneInfo(inserted.group.timezone)
    count = value = 0
    for row in inserted.referrals:
        local_day = row.passed_at.astimezone(zone).date()
        if row.status != Status.WITHDRAWN and p.start <= local_day < p.end:
            count += 1
        value += sum(c.amount for c in row.closed_business
                     if c.deleted_at is None and p.start <= c.closed_on < p.end)
    return count, value


def as_dict(row: Figures | None) -> dict[str, int]:
    return {f: getattr(row, f) if row is not None else 0 for f in FIELDS}


def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {f: a[f] + b[f] for f in FIELDS}


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories, a=day, b=day)
def test_sums_over_the_group_match_the_totals(setting, which, specs, a, b):
    inserted = insert(setting, which, specs)
    try:
        p = period(a, b)
        ledger = compute_ledger(group=inserted.group, period=p)
        referrals, value = expected_totals(inserted, p)
        assert (ledger.referrals, ledger.value) == (referrals, value)
        assert sum(m.given for m in ledger.members) == referrals
        assert sum(m.received for m in ledger.members) == referrals
        assert sum(m.value_given for m in ledger.members) == value
        assert sum(m.value_received for m in ledger.members) == value
        assert sum(m.balance for m in ledger.members) == 0
        assert sum(m.value_balance for m in ledger.members) == 0
        assert sum(m.won_given for m in ledger.members) == \
            sum(m.won_received for m in ledger.members)
    finally:
        delete(inserted)


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories, a=day, b=day)
def test_partner_rows_add_up_to_member_rows_and_mirror_each_other(setting, which, specs, a, b):
    inserted = insert(setting, which, specs)
    try:
        ledger = compute_ledger(group=inserted.group, period=period(a, b))
        rows = {m.member_id: m for m in ledger.members}
        for m in ledger.members:
            total = {f: sum(getattr(p, f) for p in m.partners) for f in FIELDS}
            assert total == as_dict(m)
            for p in m.partners:
                # N's row in M's ledger is M's row in N's ledger, seen from the other side.
                other = {q.member_id: q for q in rows[p.member_id].partners}[m.member_id]
                assert (p.given, p.received, p.value_given, p.value_received, p.won_given) == \
                    (other.received, other.given, other.value_received, other.value_given,
                     other.won_received)
        # The former member is listed exactly when she has activity in the period.
        former = setting.members[which][5].id
        active = any(p.given or p.received or p.value_given or p.value_received
                     for m in ledger.members for p in m.partners if p.member_id == former)
        assert (former in rows) == active
        assert all(rows[uid].current for uid in (u.id for u in setting.members[which][:5]))
    finally:
        delete(inserted)


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories,
       cuts=st.lists(day, min_size=3, max_size=3, unique=True).map(sorted))
def test_adjacent_periods_add_up_to_their_union(setting, which, specs, cuts):
    inserted = insert(setting, which, specs)
    try:
        a, b, c = (FIRST_DAY + timedelta(days=n) for n in cuts)
        group = inserted.group
        first = compute_ledger(group=group, period=Period(a, b))
        second = compute_ledger(group=group, period=Period(b, c))
        union = compute_ledger(group=group, period=Period(a, c))
        assert (first.referrals + second.referrals, first.value + second.value) == \
            (union.referrals, union.value)
        ids = {m.member_id for m in union.members}
        assert ids == {m.member_id for m in first.members} | {m.member_id for m in second.members}
        for uid in ids:
            assert add(as_dict(first.member(uid)), as_dict(second.member(uid))) == \
                as_dict(union.member(uid))
            # Per partner too.
            for mine in union.member(uid).partners:
                parts = [next((p for p in ledger.member(uid).partners
                               if p.member_id == mine.member_id), None)
                         if ledger.member(uid) else None for ledger in (first, second)]
                assert add(as_dict(parts[0]), as_dict(parts[1])) == as_dict(mine)
    finally:
        delete(inserted)


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories,
       today=st.integers(min_value=30, max_value=DAYS - 1),
       unit=st.sampled_from(["week", "month"]), count=st.integers(min_value=1, max_value=6))
def test_series_buckets_add_up_to_the_ledger_over_their_span(setting, which, specs, today,
                                                             unit, count):
    inserted = insert(setting, which, specs)
    try:
        group = inserted.group
        buckets = series_buckets(FIRST_DAY + timedelta(days=today), unit, count)
        span = Period(buckets[0].start, buckets[-1].end)
        ledgers = [compute_ledger(group=group, period=span)] + [
            compute_ledger(group=group, period=Period(b.start, b.end)) for b in buckets]
        # The whole group, then each member (the former one included).
        for member_id in [None, *(u.id for u in setting.members[which])]:
            series = compute_series(group=group, buckets=buckets, member_id=member_id)
            assert len(series) == count
            expected = [totals(ledger, member_id) for ledger in ledgers]
            assert (sum(b.given for b in series), sum(b.received for b in series),
                    sum(b.value_given for b in series),
                    sum(b.value_received for b in series)) == expected[0]
            # And bucket by bucket, each is the ledger of its own period.
            assert [(b.given, b.received, b.value_given, b.value_received)
                    for b in series] == expected[1:]
    finally:
        delete(inserted)


def totals(ledger, member_id: int | None) -> tuple[int, int, int, int]:
    if member_id is None:
        return ledger.referrals, ledger.referrals, ledger.value, ledger.value
    row = ledger.member(member_id)
    if row is None:
        return 0, 0, 0, 0
    return row.given, row.received, row.value_given, row.value_received


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories, a=day, b=day)
def test_the_fast_matrix_is_the_matrix_read_off_the_ledger(setting, which, specs, a, b):
    inserted = insert(setting, which, specs)
    try:
        p = period(a, b)
        fast = compute_matrix(group=inserted.group, period=p)
        assert fast == build_matrix(compute_ledger(group=inserted.group, period=p))
        referrals, value = expected_totals(inserted, p)
        assert (fast.referrals, fast.value) == (referrals, value)
        assert sum(fast.counts.values()) == referrals and sum(fast.values.values()) == value
    finally:
        delete(inserted)


@SETTINGS
@given(which=st.integers(min_value=0, max_value=2), specs=histories)
def test_closed_business_carries_its_referrals_group_giver_and_receiver(setting, which, specs):
    inserted = insert(setting, which, specs)
    try:
        entries = db.session.execute(
            sa.select(ClosedBusiness, Referral).join(ClosedBusiness.referral)
            .where(Referral.group_id == inserted.group.id)).all()
        assert len(entries) == sum(len(s["closed"]) for s in specs)
        for entry, referral in entries:
            assert (entry.group_id, entry.giver_id, entry.receiver_id) == \
                (referral.group_id, referral.giver_id, referral.receiver_id)
    finally:
        delete(inserted)
