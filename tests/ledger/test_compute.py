"""compute_ledger and the views built on it, against tables computed by hand.

The main scenario is a group in Europe/London (GMT in February and March 2024) with four
current members, Ann, Ben, Cat and Dan, and two former ones, Eve (active in February) and Fay
(active only in January). The period under test is February 2024.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.ledger.queries import (
    Period,
    all_time,
    compute_ledger,
    compute_matrix,
    compute_series,
    list_effectiveness,
    list_unconnected,
    series_buckets,
)
from partnernet.models import Group, User
from partnernet.models.referrals import Status
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    closed_business,
    referral,
    thank_you,
)
from tests.ledger.conftest import build_matrix

FEBRUARY = Period(date(2024, 2, 1), date(2024, 3, 1))
MARCH = Period(date(2024, 3, 1), date(2024, 4, 1))

COUNTED = ("given", "received", "value_given", "value_received", "won_given",
           "qualified_received", "lukewarm_received", "not_a_fit_received", "thanked_received")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def figures(row) -> dict:
    return {name: getattr(row, name) for name in (*COUNTED, "balance", "value_balance",
                                                  "conversion")}


def expect(**values) -> dict:
    """Every figure, zero unless given, with the derived ones computed from the given ones."""
    row = dict.fromkeys(COUNTED, 0) | values
    row["balance"] = row["given"] - row["received"]
    row["value_balance"] = row["value_given"] - row["value_received"]
    row["conversion"] = row["won_given"] / row["given"] if row["given"] else None
    return row


def partner_table(row) -> list[tuple]:
    return [(p.name, p.given, p.received, p.value_given, p.value_received)
            for p in row.partners]


@dataclass
class Scenario:
    group: Group
    ann: User
    ben: User
    cat: User
    dan: User
    eve: User
    fay: User

    def ids(self, *names: str) -> list[int]:
        return [getattr(self, n).id for n in names]


def member(group, name: str, **fields) -> User:
    return MembershipFactory(group=group, user__name=name, **fields).user


def build_scenario() -> Scenario:
    group = GroupFactory(name="Riverside Partners", timezone="Europe/London", currency="GBP")
    ann = member(group, "Ann Archer", role="facilitator", title="President")
    ben = member(group, "Ben Baker")
    cat = member(group, "Cat Cole")
    dan = member(group, "Dan Dunn")
    eve = member(group, "Eve Evans", left_at=utc(2024, 2, 20))
    fay = member(group, "Fay Ford", left_at=utc(2024, 1, 31))

    # r1: won, several entries: two in February, one in March, one soft-deleted.
    r1 = referral(group, ann, ben, status=Status.WON, passed_at=utc(2024, 2, 5, 10),
                  quality="qualified")
    closed_business(r1, 100_000, closed_on=date(2024, 2, 10))
    closed_business(r1, 50_000, closed_on=date(2024, 2, 20), kind="repeat")
    closed_business(r1, 30_000, closed_on=date(2024, 3, 5), kind="repeat")
    closed_business(r1, 99_900, closed_on=date(2024, 2, 15), deleted=True)
    thank_you(r1)
    referral(group, ann, ben, status=Status.LOST, passed_at=utc(2024, 2, 6, 10),
             quality="lukewarm")
    referral(group, ann, cat, status=Status.WITHDRAWN, passed_at=utc(2024, 2, 7, 10))
    r4 = referral(group, ben, ann, status=Status.WON, passed_at=utc(2024, 2, 8, 10),
                  quality="qualified")
    closed_business(r4, 20_000, closed_on=date(2024, 2, 9))
    thank_you(r4)
    referral(group, ben, cat, status=Status.DECLINED, passed_at=utc(2024, 2, 9, 10),
             quality="not_a_fit")
    referral(group, cat, ann, status=Status.PASSED, passed_at=utc(2024, 2, 10, 10))
    r7 = referral(group, cat, dan, status=Status.WON, passed_at=utc(2024, 2, 11, 10))
    closed_business(r7, 70_000, closed_on=date(2024, 2, 12))
    r8 = referral(group, dan, ann, status=Status.ACCEPTED, passed_at=utc(2024, 2, 12, 10))
    thank_you(r8)
    # r9: passed in January (not counted in February), business closed in February (counted).
    r9 = referral(group, dan, ben, status=Status.WON, passed_at=utc(2024, 1, 20, 10))
    closed_business(r9, 40_000, closed_on=date(2024, 2, 3))
    # r10: business was recorded, then the referral was marked lost: the value still counts.
    r10 = referral(group, ann, dan, status=Status.LOST, passed_at=utc(2024, 2, 14, 10))
    closed_business(r10, 25_000, closed_on=date(2024, 2, 16))
    referral(group, eve, ann, status=Status.CONTACTED, passed_at=utc(2024, 2, 15, 10))
    referral(group, fay, ben, status=Status.PASSED, passed_at=utc(2024, 1, 10, 10))
    # London is on GMT: 00:30 UTC on 1 March is 00:30 local, in March; 23:30 UTC on
    # 29 February is 23:30 local, in February.
    referral(group, ann, ben, status=Status.PASSED, passed_at=utc(2024, 3, 1, 0, 30))
    referral(group, ben, dan, status=Status.PROPOSAL, passed_at=utc(2024, 2, 29, 23, 30))

    # Another group that Ann also belongs to: nothing of it may leak into Riverside's ledger.
    other = GroupFactory(name="Other Group", timezone="Europe/London")
    MembershipFactory(group=other, user=ann)
    otto = member(other, "Otto Outsider")
    leak = referral(other, ann, otto, status=Status.WON, passed_at=utc(2024, 2, 5, 10))
    closed_business(leak, 777_700, closed_on=date(2024, 2, 6))
    thank_you(leak)
    referral(other, otto, ann, passed_at=utc(2024, 2, 6, 10))

    return Scenario(group, ann, ben, cat, dan, eve, fay)


@pytest.fixture
def scenario(app) -> Scenario:
    return build_scenario()


# --- compute_ledger: the February table -------------------------------------------------------


def test_february_totals(scenario):
    ledger = compute_ledger(group=scenario.group, period=FEBRUARY)
    # r1 r2 r4 r5 r6 r7 r8 r10 r11 r14; not r3 (withdrawn), r9 r12 (January), r13 (March).
    assert ledger.referrals == 10
    # r1 100,000 + 50,000; r4 20,000; r7 70,000; r9 40,000; r10 25,000.
    assert ledger.value == 305_000
    assert ledger.group_id == scenario.group.id
    assert ledger.currency == "GBP"
    assert ledger.period == FEBRUARY


def test_february_members_in_order_current_first(scenario):
    ledger = compute_ledger(group=scenario.group, period=FEBRUARY)
    assert [(m.name, m.current) for m in ledger.members] == [
        ("Ann Archer", True), ("Ben Baker", True), ("Cat Cole", True), ("Dan Dunn", True),
        ("Eve Evans", False),  # a former member with a referral in February
    ]  # Fay, a former member whose only referral was in January, is absent
    ann = ledger.member(scenario.ann.id)
    assert (ann.role, ann.title, ann.business) == ("facilitator", "President", "Ann Archer Ltd")


def test_february_member_figures(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    assert figures(ledger.member(s.ann.id)) == expect(
        given=3, received=4, value_given=175_000, value_received=20_000, won_given=1,
        qualified_received=1, thanked_received=2)
    assert figures(ledger.member(s.ben.id)) == expect(
        given=3, received=2, value_given=20_000, value_received=190_000, won_given=1,
        qualified_received=1, lukewarm_received=1, thanked_received=1)
    assert figures(ledger.member(s.cat.id)) == expect(
        given=2, received=1, value_given=70_000, won_given=1, not_a_fit_received=1)
    assert figures(ledger.member(s.dan.id)) == expect(
        given=1, received=3, value_given=40_000, value_received=95_000)
    assert figures(ledger.member(s.eve.id)) == expect(given=1)
    assert ledger.member(s.fay.id) is None


def test_conversion_is_won_given_over_given(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    assert ledger.member(s.ann.id).conversion == pytest.approx(1 / 3)  # r10 lost, not won
    assert ledger.member(s.cat.id).conversion == 0.5
    assert ledger.member(s.dan.id).conversion == 0.0  # gave one, not won: 0, not None
    march = compute_ledger(group=s.group, period=MARCH)
    assert march.member(s.ben.id).given == 0
    assert march.member(s.ben.id).conversion is None


def test_february_balances(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    balances = {m.name: (m.balance, m.value_balance) for m in ledger.members}
    assert balances == {
        "Ann Archer": (-1, 155_000),
        "Ben Baker": (1, -170_000),
        "Cat Cole": (1, 70_000),
        "Dan Dunn": (-2, -55_000),
        "Eve Evans": (1, 0),
    }


def test_partner_rows_most_out_of_balance_first(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    # (name, given, received, value given, value received)
    assert partner_table(ledger.member(s.ann.id)) == [
        ("Ben Baker", 2, 1, 150_000, 20_000),  # out by 1, and by 130,000
        ("Cat Cole", 0, 1, 0, 0),  # out by 1 (the withdrawn r3 is not a given referral)
        ("Eve Evans", 0, 1, 0, 0),  # out by 1, after Cat by name
        ("Dan Dunn", 1, 1, 25_000, 0),  # even in count
    ]
    assert partner_table(ledger.member(s.ben.id)) == [
        ("Ann Archer", 1, 2, 20_000, 150_000),
        ("Dan Dunn", 1, 0, 0, 40_000),  # value from r9, passed in January
        ("Cat Cole", 1, 0, 0, 0),
    ]
    assert partner_table(ledger.member(s.cat.id)) == [
        ("Dan Dunn", 1, 0, 70_000, 0),
        ("Ann Archer", 1, 0, 0, 0),
        ("Ben Baker", 0, 1, 0, 0),
    ]
    assert partner_table(ledger.member(s.dan.id)) == [
        ("Cat Cole", 0, 1, 0, 70_000),
        ("Ben Baker", 0, 1, 40_000, 0),
        ("Ann Archer", 1, 1, 0, 25_000),  # even in count
    ]
    assert partner_table(ledger.member(s.eve.id)) == [("Ann Archer", 1, 0, 0, 0)]


def test_partner_rows_carry_identity_and_quality(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    ann = {p.member_id: p for p in ledger.member(s.ann.id).partners}
    assert ann[s.eve.id].current is False
    assert ann[s.ben.id].current is True
    assert ann[s.ben.id].business == "Ben Baker Ltd"
    # From Ben, Ann received r4: qualified, won, thanked.
    assert (ann[s.ben.id].qualified_received, ann[s.ben.id].won_received,
            ann[s.ben.id].thanked_received) == (1, 1, 1)
    # From Dan, r8: thanked, not rated.
    assert (ann[s.dan.id].thanked_received, ann[s.dan.id].rated_received) == (1, 0)
    ben = {p.member_id: p for p in ledger.member(s.ben.id).partners}
    assert (ben[s.ann.id].qualified_received, ben[s.ann.id].lukewarm_received,
            ben[s.ann.id].rated_received, ben[s.ann.id].thanked_received) == (1, 1, 2, 1)


def test_last_exchange_is_the_latest_referral_either_way(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    assert ledger.member(s.ann.id).last_exchange == utc(2024, 2, 15, 10)  # from Eve
    ann = {p.member_id: p for p in ledger.member(s.ann.id).partners}
    assert ann[s.ben.id].last_exchange == utc(2024, 2, 8, 10)
    ben = {p.member_id: p for p in ledger.member(s.ben.id).partners}
    assert ben[s.dan.id].last_exchange == utc(2024, 2, 29, 23, 30)


def test_march_counts_by_passed_at_and_values_by_closed_on(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=MARCH)
    assert (ledger.referrals, ledger.value) == (1, 30_000)
    # Neither former member has activity in March.
    assert [m.name for m in ledger.members] == ["Ann Archer", "Ben Baker", "Cat Cole",
                                                "Dan Dunn"]
    assert figures(ledger.member(s.ann.id)) == expect(given=1, value_given=30_000)
    assert figures(ledger.member(s.ben.id)) == expect(received=1, value_received=30_000)
    assert figures(ledger.member(s.cat.id)) == expect()
    assert ledger.member(s.cat.id).partners == ()


def test_january_shows_fay(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=Period(date(2024, 1, 1), date(2024, 2, 1)))
    assert (ledger.referrals, ledger.value) == (2, 0)  # r9, r12
    assert [(m.name, m.current) for m in ledger.members][-1] == ("Fay Ford", False)
    assert "Eve Evans" not in [m.name for m in ledger.members]
    assert figures(ledger.member(s.fay.id)) == expect(given=1)
    assert figures(ledger.member(s.ben.id)) == expect(received=2)


def test_member_id_gives_only_that_row(scenario):
    s = scenario
    whole = compute_ledger(group=s.group, period=FEBRUARY)
    for user in (s.ann, s.ben, s.dan, s.eve):
        ledger = compute_ledger(group=s.group, period=FEBRUARY, member_id=user.id)
        assert [m.member_id for m in ledger.members] == [user.id]
        assert ledger.members[0] == whole.member(user.id)


def test_member_id_of_someone_outside_the_group_gives_no_row(scenario):
    otto = db.session.scalar(sa.select(User).where(User.name == "Otto Outsider"))
    ledger = compute_ledger(group=scenario.group, period=FEBRUARY, member_id=otto.id)
    assert ledger.members == ()


def test_an_empty_period_lists_current_members_with_zeros(scenario):
    ledger = compute_ledger(group=scenario.group,
                            period=Period(date(2023, 1, 1), date(2023, 2, 1)))
    assert (ledger.referrals, ledger.value) == (0, 0)
    assert [m.name for m in ledger.members] == ["Ann Archer", "Ben Baker", "Cat Cole",
                                                "Dan Dunn"]
    assert all(figures(m) == expect() and m.partners == () for m in ledger.members)


# --- Period edges far from UTC ----------------------------------------------------------------

JUNE = Period(date(2024, 6, 1), date(2024, 7, 1))


@pytest.mark.parametrize(("tz", "inside", "outside"), [
    # UTC+14: local midnight is 10:00 UTC the day before.
    ("Pacific/Kiritimati",
     [utc(2024, 5, 31, 10), utc(2024, 6, 30, 9, 30), utc(2024, 6, 30, 9, 59, 59)],
     [utc(2024, 5, 31, 9, 59, 59), utc(2024, 6, 30, 10), utc(2024, 7, 1, 0, 0)]),
    # UTC-11: local midnight is 11:00 UTC the same day.
    ("Pacific/Pago_Pago",
     [utc(2024, 6, 1, 11), utc(2024, 7, 1, 10, 30), utc(2024, 6, 30, 10)],
     [utc(2024, 6, 1, 10, 59, 59), utc(2024, 7, 1, 11), utc(2024, 6, 1, 0, 0)]),
])
def test_referral_period_edges_are_local_midnights(app, tz, inside, outside):
    group = GroupFactory(timezone=tz)
    giver = member(group, "Gina Giver")
    receiver = member(group, "Rafael Receiver")
    for at in inside + outside:
        referral(group, giver, receiver, passed_at=at)
    ledger = compute_ledger(group=group, period=JUNE)
    assert ledger.referrals == len(inside) == 3
    assert ledger.member(giver.id).given == 3
    assert ledger.member(receiver.id).received == 3


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_closed_on_is_a_local_date_and_the_end_date_is_out(app, tz):
    group = GroupFactory(timezone=tz, currency="USD")
    giver = member(group, "Gina Giver")
    receiver = member(group, "Rafael Receiver")
    # Passed long before: only closed_on decides.
    row = referral(group, giver, receiver, status=Status.WON, passed_at=utc(2024, 1, 10, 12))
    closed_business(row, 1, closed_on=date(2024, 5, 31))  # the day before: out
    closed_business(row, 10, closed_on=date(2024, 6, 1))  # the first day: in
    closed_business(row, 100, closed_on=date(2024, 6, 30))  # the last day: in
    closed_business(row, 1_000, closed_on=date(2024, 7, 1))  # the end date: out
    ledger = compute_ledger(group=group, period=JUNE)
    assert (ledger.referrals, ledger.value) == (0, 110)
    assert ledger.member(giver.id).value_given == 110
    assert ledger.member(receiver.id).value_received == 110


def test_the_same_instant_falls_on_different_days_in_different_zones(app):
    # 10:30 UTC on 30 June is 00:30 on 1 July in Kiritimati and 23:30 on 29 June in Pago Pago.
    instant = utc(2024, 6, 30, 10, 30)
    counts = {}
    for tz in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        group = GroupFactory(timezone=tz)
        referral(group, member(group, "Gina Giver"), member(group, "Rafael Receiver"),
                 passed_at=instant)
        counts[tz] = compute_ledger(group=group, period=JUNE).referrals
    assert counts == {"Pacific/Kiritimati": 0, "Pacific/Pago_Pago": 1}


# --- Series -----------------------------------------------------------------------------------


def test_month_buckets_are_calendar_months_ending_with_the_current_one():
    assert series_buckets(date(2024, 3, 15), "month", 3) == [
        Period(date(2024, 1, 1), date(2024, 2, 1), "calendar-month"),
        Period(date(2024, 2, 1), date(2024, 3, 1), "calendar-month"),
        Period(date(2024, 3, 1), date(2024, 4, 1), "calendar-month"),
    ]
    buckets = series_buckets(date(2024, 1, 31), "month")
    assert len(buckets) == 12
    assert (buckets[0].start, buckets[-1].start, buckets[-1].end) == (
        date(2023, 2, 1), date(2024, 1, 1), date(2024, 2, 1))
    assert all(a.end == b.start for a, b in pairwise(buckets))


def test_week_buckets_run_monday_to_monday():
    # 13 March 2024 is a Wednesday.
    assert series_buckets(date(2024, 3, 13), "week", 3) == [
        Period(date(2024, 2, 26), date(2024, 3, 4)),
        Period(date(2024, 3, 4), date(2024, 3, 11)),
        Period(date(2024, 3, 11), date(2024, 3, 18)),
    ]
    buckets = series_buckets(date(2024, 3, 11), "week")  # a Monday
    assert len(buckets) == 52
    assert buckets[-1] == Period(date(2024, 3, 11), date(2024, 3, 18))
    assert all(b.start.weekday() == 0 and (b.end - b.start).days == 7 for b in buckets)


def test_group_series_by_month(scenario):
    s = scenario
    buckets = series_buckets(date(2024, 3, 15), "month", 3)
    series = compute_series(group=s.group, buckets=buckets)
    assert [(b.label, b.given, b.received, b.value_given, b.value_received) for b in series] == [
        ("2024-01-01", 2, 2, 0, 0),  # r9, r12
        ("2024-02-01", 10, 10, 305_000, 305_000),
        ("2024-03-01", 1, 1, 30_000, 30_000),
    ]
    assert [(b.start, b.end) for b in series] == [(p.start, p.end) for p in buckets]


def test_member_series_by_month(scenario):
    s = scenario
    buckets = series_buckets(date(2024, 3, 15), "month", 3)
    ann = compute_series(group=s.group, buckets=buckets, member_id=s.ann.id)
    assert [(b.given, b.received, b.value_given, b.value_received) for b in ann] == [
        (0, 0, 0, 0), (3, 4, 175_000, 20_000), (1, 0, 30_000, 0)]
    ben = compute_series(group=s.group, buckets=buckets, member_id=s.ben.id)
    assert [(b.given, b.received, b.value_given, b.value_received) for b in ben] == [
        (0, 2, 0, 0), (3, 2, 20_000, 190_000), (0, 1, 0, 30_000)]
    cat = compute_series(group=s.group, buckets=buckets, member_id=s.cat.id)
    assert [(b.given, b.received, b.value_given, b.value_received) for b in cat] == [
        (0, 0, 0, 0), (2, 1, 70_000, 0), (0, 0, 0, 0)]  # r5, declined, is received
    dan = compute_series(group=s.group, buckets=buckets, member_id=s.dan.id)
    assert [(b.given, b.received, b.value_given, b.value_received) for b in dan] == [
        (1, 0, 0, 0), (1, 3, 40_000, 95_000), (0, 0, 0, 0)]  # r9 in January, its value in Feb


def test_member_series_by_week(scenario):
    s = scenario
    # Weeks of 5, 12, 19 and 26 February 2024 (Mondays).
    buckets = series_buckets(date(2024, 2, 29), "week", 4)
    assert buckets[0].start == date(2024, 2, 5)
    ann = compute_series(group=s.group, buckets=buckets, member_id=s.ann.id)
    assert [(b.given, b.received, b.value_given, b.value_received) for b in ann] == [
        (2, 2, 100_000, 20_000),  # gave r1 r2 (r3 withdrawn), received r4 r6; r1 100k, r4
        (1, 2, 25_000, 0),  # gave r10; received r8, r11; r10's 25k
        (0, 0, 50_000, 0),  # r1's repeat business on the 20th
        (1, 0, 0, 0),  # r13 on 1 March (r1's entry of 5 March is the week after)
    ]


def test_week_series_follows_a_spring_daylight_saving_change(app):
    # Chicago moved from CST (UTC-6) to CDT (UTC-5) on Sunday 10 March 2024, so the week of
    # 4 March ends at 05:00 UTC on Monday 11 March, not 06:00.
    group = GroupFactory(timezone="America/Chicago", currency="USD")
    giver, receiver = member(group, "Gina Giver"), member(group, "Rafael Receiver")
    referral(group, giver, receiver, passed_at=utc(2024, 3, 4, 6))  # Monday 00:00 CST
    referral(group, giver, receiver, passed_at=utc(2024, 3, 11, 4, 30))  # Sunday 23:30 CDT
    referral(group, giver, receiver, passed_at=utc(2024, 3, 11, 5, 30))  # Monday 00:30 CDT
    referral(group, giver, receiver, passed_at=utc(2024, 3, 4, 5, 30))  # Sunday 23:30 CST
    buckets = series_buckets(date(2024, 3, 12), "week", 2)
    series = compute_series(group=group, buckets=buckets)
    assert [(b.start, b.given) for b in series] == [(date(2024, 3, 4), 2),
                                                    (date(2024, 3, 11), 1)]
    mine = compute_series(group=group, buckets=buckets, member_id=receiver.id)
    assert [(b.given, b.received) for b in mine] == [(0, 2), (0, 1)]


def test_month_series_follows_an_autumn_daylight_saving_change(app):
    # Chicago went back to CST on 3 November 2024: November starts at 05:00 UTC (CDT) and
    # ends at 06:00 UTC (CST).
    group = GroupFactory(timezone="America/Chicago", currency="USD")
    giver, receiver = member(group, "Gina Giver"), member(group, "Rafael Receiver")
    referral(group, giver, receiver, passed_at=utc(2024, 11, 1, 4, 59))  # 31 Oct, 23:59 CDT
    referral(group, giver, receiver, passed_at=utc(2024, 11, 1, 5))  # 1 Nov, 00:00 CDT
    referral(group, giver, receiver, passed_at=utc(2024, 12, 1, 5, 30))  # 30 Nov, 23:30 CST
    referral(group, giver, receiver, passed_at=utc(2024, 12, 1, 6))  # 1 Dec, 00:00 CST
    buckets = series_buckets(date(2024, 12, 24), "month", 3)
    series = compute_series(group=group, buckets=buckets)
    assert [(b.label, b.given) for b in series] == [
        ("2024-10-01", 1), ("2024-11-01", 2), ("2024-12-01", 1)]
    # The monthly ledgers agree with the series.
    for bucket in series:
        ledger = compute_ledger(group=group, period=Period(bucket.start, bucket.end))
        assert ledger.referrals == bucket.given


def test_series_ignores_what_is_outside_its_buckets_and_other_groups(scenario):
    s = scenario
    buckets = series_buckets(date(2024, 2, 15), "month", 1)  # February only
    series = compute_series(group=s.group, buckets=buckets)
    assert [(b.given, b.received, b.value_given) for b in series] == [(10, 10, 305_000)]


# --- Matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("way", ["compute_matrix", "build_matrix"])
def test_matrix_counts_and_values(scenario, way):
    s = scenario
    matrix = (compute_matrix(group=s.group, period=FEBRUARY) if way == "compute_matrix"
              else build_matrix(compute_ledger(group=s.group, period=FEBRUARY)))
    a, b, c, d, e = s.ids("ann", "ben", "cat", "dan", "eve")
    assert matrix.counts == {(a, b): 2, (a, d): 1, (b, a): 1, (b, c): 1, (b, d): 1,
                             (c, a): 1, (c, d): 1, (d, a): 1, (e, a): 1}
    assert matrix.values == {(a, b): 150_000, (a, d): 25_000, (b, a): 20_000,
                             (c, d): 70_000, (d, b): 40_000}
    assert (matrix.max_count, matrix.max_value) == (2, 150_000)
    assert (matrix.referrals, matrix.value) == (10, 305_000)
    assert [m.member_id for m in matrix.members] == [a, b, c, d, e]
    # Row and column totals: what each gave and received in February.
    assert [(m.given, m.received) for m in matrix.members] == \
        [(3, 4), (3, 2), (2, 1), (1, 3), (1, 0)]
    assert [(m.value_given, m.value_received) for m in matrix.members] == \
        [(175_000, 20_000), (20_000, 190_000), (70_000, 0), (40_000, 95_000), (0, 0)]


def test_matrix_levels_are_ceilings_of_fifths_of_the_busiest_cell(scenario):
    s = scenario
    matrix = compute_matrix(group=s.group, period=FEBRUARY)
    a, b, c, d, _ = s.ids("ann", "ben", "cat", "dan", "eve")
    assert matrix.level(a, b) == 5  # 2 of 2
    assert matrix.level(b, a) == 3  # 1 of 2: 2.5 rounded up
    assert matrix.level(a, c) == 0  # only a withdrawn referral
    assert matrix.level(a, a) == 0
    assert matrix.level(a, b, by="value") == 5
    assert matrix.level(c, d, by="value") == 3  # 70,000 of 150,000: 2.33 up
    assert matrix.level(d, b, by="value") == 2  # 40,000: 1.33 up
    assert matrix.level(a, d, by="value") == 1  # 25,000: 0.83 up
    assert matrix.level(b, a, by="value") == 1  # 20,000: 0.67 up
    assert matrix.level(b, c, by="value") == 0  # a referral, but no business


def test_matrix_of_an_empty_ledger(scenario):
    matrix = compute_matrix(group=scenario.group,
                            period=Period(date(2023, 1, 1), date(2023, 2, 1)))
    assert (matrix.counts, matrix.values, matrix.max_count, matrix.max_value) == ({}, {}, 0, 0)
    assert matrix.level(scenario.ann.id, scenario.ben.id) == 0
    assert len(matrix.members) == 4


# --- Not yet connected ------------------------------------------------------------------------


def test_all_time_runs_through_today():
    group = Group(timezone="UTC")
    assert all_time(group, date(2024, 6, 15)) == Period(None, date(2024, 6, 16), "all")


def test_unconnected_pairs_are_current_members_never_exchanged(app):
    group = GroupFactory(timezone="Pacific/Kiritimati")
    wes = member(group, "Wes West")
    xia = member(group, "Xia Xu")
    yan = member(group, "Yan Young")
    zoe = member(group, "Zoe Zhang")
    val = member(group, "Val Vance", left_at=utc(2024, 1, 1))
    referral(group, wes, xia, passed_at=utc(2023, 5, 1, 12))
    referral(group, xia, yan, status=Status.WITHDRAWN, passed_at=utc(2023, 5, 2, 12))
    referral(group, yan, zoe, status=Status.DECLINED, passed_at=utc(2019, 5, 2, 12))
    referral(group, val, wes, passed_at=utc(2023, 5, 3, 12))
    referral(group, val, zoe, passed_at=utc(2023, 5, 3, 12))
    # Today is 15 June 2024 in Kiritimati: 23:00 local is in; 00:30 tomorrow is not.
    referral(group, zoe, wes, passed_at=utc(2024, 6, 15, 9))
    referral(group, xia, zoe, passed_at=utc(2024, 6, 15, 10, 30))

    ledger = compute_ledger(group=group, period=all_time(group, date(2024, 6, 15)))
    pairs = [(p.a.name, p.b.name) for p in list_unconnected(ledger)]
    assert pairs == [("Wes West", "Yan Young"), ("Xia Xu", "Yan Young"),
                     ("Xia Xu", "Zoe Zhang")]

    # Over 2024 alone, only Zoe and Wes exchanged.
    year = compute_ledger(group=group, period=Period(date(2024, 1, 1), date(2024, 6, 16)))
    assert len(list_unconnected(year)) == 5
    assert ("Wes West", "Zoe Zhang") not in [(p.a.name, p.b.name)
                                             for p in list_unconnected(year)]
    assert val.id not in {m.member_id for p in list_unconnected(ledger) for m in (p.a, p.b)}


# --- Effectiveness ----------------------------------------------------------------------------


def test_effectiveness_in_the_scenario(scenario):
    s = scenario
    ledger = compute_ledger(group=s.group, period=FEBRUARY)
    rows = list_effectiveness(ledger.member(s.ben.id))
    # Ben received from Ann only (Dan's r9 brought value but was passed in January).
    assert [(e.partner.name, e.partner.received, e.value_per_referral) for e in rows] == [
        ("Ann Archer", 2, 75_000)]
    rows = list_effectiveness(ledger.member(s.ann.id))
    assert [(e.partner.name, e.value_per_referral) for e in rows] == [
        ("Ben Baker", 20_000), ("Cat Cole", 0), ("Dan Dunn", 0), ("Eve Evans", 0)]
    assert list_effectiveness(None) == []
    assert list_effectiveness(ledger.member(s.eve.id)) == []  # received nothing


def test_effectiveness_order_value_then_conversion_then_count_then_name(app):
    group = GroupFactory(timezone="UTC")
    me = member(group, "Mia Main")
    at = utc(2024, 4, 10, 12)

    def send(name, won, lost, value=0):
        partner = member(group, name)
        rows = [referral(group, partner, me, status=Status.WON, passed_at=at)
                for _ in range(won)]
        rows += [referral(group, partner, me, status=Status.LOST, passed_at=at)
                 for _ in range(lost)]
        if value:
            closed_business(rows[0], value, closed_on=date(2024, 4, 20))
        return partner

    send("Pat One", won=1, lost=1, value=50_000)  # 50,000; 1 of 2
    send("Sam Six", won=1, lost=4, value=50_000)  # 50,000; 1 of 5
    send("Quinn Two", won=3, lost=0)  # nothing closed yet; 3 of 3
    send("Rae Three", won=0, lost=4)
    send("Tom Four", won=0, lost=1)
    send("Abe Five", won=0, lost=1)  # ties with Tom but for the name
    only_given_to = member(group, "Una Given")
    referral(group, me, only_given_to, passed_at=at)

    ledger = compute_ledger(group=group, period=Period(date(2024, 4, 1), date(2024, 5, 1)))
    rows = list_effectiveness(ledger.member(me.id))
    assert [(e.partner.name, e.value_per_referral) for e in rows] == [
        ("Pat One", 25_000), ("Sam Six", 10_000), ("Quinn Two", 0), ("Rae Three", 0),
        ("Abe Five", 0), ("Tom Four", 0)]
    assert [e.partner.conversion_received for e in rows] == [0.5, 0.2, 1.0, 0.0, 0.0, 0.0]


# --- Query budget -----------------------------------------------------------------------------


def statements_for(group: Group, period: Period) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        compute_ledger(group=group, period=period)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def populate(group: Group, users: list[User], count: int) -> None:
    for n in range(count):
        giver, receiver = users[n % len(users)], users[(n * 3 + 1) % len(users)]
        if giver.id == receiver.id:
            receiver = users[(n + 1) % len(users)]
        row = referral(group, giver, receiver, passed_at=utc(2024, 2, 1 + n % 28, 12),
                       status=Status.WON if n % 2 else Status.ACCEPTED,
                       quality=("qualified", "lukewarm", "not_a_fit", None)[n % 4])
        if n % 2:
            closed_business(row, 1_000 + n, closed_on=date(2024, 2, 1 + n % 28))
        if n % 3 == 0:
            thank_you(row)


def test_compute_ledger_issues_the_same_queries_for_3_referrals_as_for_40(app):
    small = GroupFactory()
    small_users = [member(small, f"Small {n}") for n in range(3)]
    populate(small, small_users, 3)
    large = GroupFactory()
    large_users = [member(large, f"Large {n:02d}") for n in range(12)]
    member(large, "Gone Away", left_at=utc(2024, 1, 1))
    populate(large, large_users, 40)

    for group in (small, large):  # load the groups, so only the ledger's queries count
        db.session.refresh(group)
    assert compute_ledger(group=large, period=FEBRUARY).referrals == 40
    counts = (statements_for(small, FEBRUARY), statements_for(large, FEBRUARY))
    assert counts[0] == counts[1]
    assert counts[0] == 3  # as compute_ledger's docstring promises
