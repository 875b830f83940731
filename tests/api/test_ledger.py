"""The ledger API: ledger, matrix, series, effectiveness, health and goals.

The numbers are worked out by hand from the referrals each test makes; the ledger contract
(DESIGN.md) says what counts: referrals passed in the period (local dates, end exclusive),
withdrawn ones left out; business closed on in the period, whatever became of the referral.
"""

import json
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Goal, OneToOne, Role
from partnernet.models.referrals import Quality, Status
from partnernet.periods import calendar_month, calendar_quarter, local_today
from tests import factories
from tests.api.helpers import assert_error
from tests.groups.test_queries import counting

LONDON = ZoneInfo("Europe/London")
MARCH = "start=2025-03-01&end=2025-04-01"

LEDGER_KEYS = {"group_id", "currency", "start", "end", "members", "totals"}
MEMBER_KEYS = {"member_id", "name", "given", "received", "balance", "value_given",
               "value_received", "value_balance", "won_given", "conversion", "partners"}
PARTNER_KEYS = {"member_id", "given", "received", "value_given", "value_received"}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_noon(day: date) -> datetime:
    """Noon of a local date in the groups' time zone, as the UTC instant stored."""
    return datetime.combine(day, time(12), tzinfo=LONDON).astimezone(UTC)


def today() -> date:
    return local_today("Europe/London")


@pytest.fixture
def club(app):
    """Ana (facilitator), Ben and Cat; Dan left in March 2025, Eve in 2024; Otto and Olga are
    in another group; Lou belongs to no group."""
    group = factories.GroupFactory(name="Harbour Partners", timezone="Europe/London",
                                   currency="GBP")

    def join(name: str, business: str, **fields):
        return factories.MembershipFactory(
            group=fields.pop("group", group), user__name=name,
            user__profile=factories.Profile(business_name=business), **fields).user

    other = factories.GroupFactory(name="Other Partners")
    return SimpleNamespace(
        group=group, other=other,
        ana=join("Ana Able", "Able Accounts", role=Role.FACILITATOR, title="President"),
        ben=join("Ben Baker", "Baker Bread"),
        cat=join("Cat Cole", "Cole Coaching"),
        dan=join("Dan Dale", "Dale Drains", left_at=utc(2025, 3, 20, 12)),
        eve=join("Eve Ezra", "Ezra Events", left_at=utc(2024, 6, 1, 12)),
        otto=join("Otto Other", "Other Optics", group=other, role=Role.FACILITATOR),
        olga=join("Olga Other", "Other Oils", group=other),
        lou=factories.UserFactory(name="Lou Loner"))


@pytest.fixture
def as_(club, api_headers):
    """Authorization headers for a person of the club, by name."""
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(club, who))
        return cache[who]

    return headers


@pytest.fixture
def march(club):
    """Referrals around March 2025 (London: GMT until 30 March, then BST)."""
    ana, ben, cat, dan = club.ana, club.ben, club.cat, club.dan
    ref = factories.referral
    r1 = ref(club.group, ana, ben, status=Status.WON, quality=Quality.QUALIFIED,
             passed_at=utc(2025, 3, 5, 10))
    factories.closed_business(r1, 150000, closed_on=date(2025, 3, 20))
    factories.thank_you(r1)
    ref(club.group, ana, ben, quality=Quality.LUKEWARM, passed_at=utc(2025, 3, 10, 12))
    r3 = ref(club.group, ben, ana, status=Status.WON, passed_at=utc(2025, 3, 12, 12))
    factories.closed_business(r3, 25050, closed_on=date(2025, 3, 15))
    factories.closed_business(r3, 99999, closed_on=date(2025, 3, 16), deleted=True)
    # 23:30 UTC on 31 March is 00:30 on 1 April in London: after the period.
    r4 = ref(club.group, cat, ana, status=Status.WON, passed_at=utc(2025, 3, 31, 23, 30))
    factories.closed_business(r4, 70000, closed_on=date(2025, 4, 2))
    # Passed on 28 February (GMT), before the period; its business closed in March counts.
    r5 = ref(club.group, ana, cat, status=Status.WON, passed_at=utc(2025, 2, 28, 23, 30))
    factories.closed_business(r5, 10000, closed_on=date(2025, 3, 2))
    ref(club.group, ben, cat, status=Status.WITHDRAWN, passed_at=utc(2025, 3, 15, 12))
    ref(club.group, dan, ana, status=Status.LOST, passed_at=utc(2025, 3, 8, 12))
    # 22:30 UTC on 31 March is 23:30 in London: still March.
    ref(club.group, cat, ben, status=Status.ACCEPTED, passed_at=utc(2025, 3, 31, 22, 30))
    # Another group's business is not this group's.
    r9 = ref(club.other, club.otto, club.olga, status=Status.WON, passed_at=utc(2025, 3, 10))
    factories.closed_business(r9, 500000, closed_on=date(2025, 3, 11))
    return club


def get(client, path: str, headers: dict):
    return client.get(f"/api/v1/groups/{path}", headers=headers)


def fig(member_id, given, received, value_given, value_received, won_given, conversion,
        **extra) -> dict:
    """A row's figures as the API writes them, balances worked out from the four sums."""
    balance = f"{float(value_given) - float(value_received):.2f}"
    return {"member_id": member_id, "given": given, "received": received,
            "balance": given - received, "value_given": value_given,
            "value_received": value_received, "value_balance": balance,
            "won_given": won_given, "conversion": conversion, **extra}


def without(row: dict, *keys) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


# GET /groups/{gid}/ledger


def test_ledger_for_march_by_hand(client, march, as_):
    c = march
    response = get(client, f"{c.group.id}/ledger?{MARCH}", as_("ben"))

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= LEDGER_KEYS
    assert (body["group_id"], body["currency"], body["period"]) == (c.group.id, "GBP", "custom")
    assert (body["start"], body["end"]) == ("2025-03-01", "2025-04-01")
    assert body["totals"] == {"referrals": 5, "value": "1850.50"}

    members = body["members"]
    # Current members by name, then the former member with activity; Eve had none.
    assert [m["name"] for m in members] == ["Ana Able", "Ben Baker", "Cat Cole", "Dan Dale"]
    for member in members:
        assert set(member) >= MEMBER_KEYS
        assert all(set(p) >= PARTNER_KEYS for p in member["partners"])
    ana, ben, cat, dan = members
    assert without(ana, "partners", "last_exchange") == fig(
        c.ana.id, 2, 2, "1600.00", "250.50", 1, 0.5, name="Ana Able",
        business="Able Accounts", role="facilitator", title="President", current=True)
    assert ana["last_exchange"] == "2025-03-12T12:00:00+00:00"
    # Most out of balance first: Ben (1, £1,249.50), Dan (1, nothing), Cat (0, £100).
    assert [without(p, "last_exchange") for p in ana["partners"]] == [
        fig(c.ben.id, 2, 1, "1500.00", "250.50", 1, 0.5, name="Ben Baker",
            business="Baker Bread", current=True),
        fig(c.dan.id, 0, 1, "0.00", "0.00", 0, None, name="Dan Dale", business="Dale Drains",
            current=False),
        fig(c.cat.id, 0, 0, "100.00", "0.00", 0, None, name="Cat Cole",
            business="Cole Coaching", current=True),
    ]
    assert ana["partners"][2]["last_exchange"] is None

    assert without(ben, "partners", "last_exchange", "name", "business", "title") == fig(
        c.ben.id, 1, 3, "250.50", "1500.00", 1, 1.0, role="member", current=True)
    assert ben["value_balance"] == "-1249.50"
    assert [without(p, "last_exchange", "name", "business", "current")
            for p in ben["partners"]] == [
        fig(c.ana.id, 1, 2, "250.50", "1500.00", 1, 1.0),
        fig(c.cat.id, 0, 1, "0.00", "0.00", 0, None),
    ]
    assert without(cat, "partners", "last_exchange", "name", "business", "title", "role") \
        == fig(c.cat.id, 1, 0, "0.00", "100.00", 0, 0.0, current=True)
    assert [(p["member_id"], p["given"], p["value_received"]) for p in cat["partners"]] == [
        (c.ben.id, 1, "0.00"), (c.ana.id, 0, "100.00")]
    assert without(dan, "partners", "last_exchange", "name", "business", "title", "role") \
        == fig(c.dan.id, 1, 0, "0.00", "0.00", 0, 0.0, current=False)

    # The contract's invariants hold on what the API wrote.
    assert sum(m["given"] for m in members) == sum(m["received"] for m in members) == 5
    assert sum(float(m["value_given"]) for m in members) == pytest.approx(1850.50)
    assert sum(float(m["value_received"]) for m in members) == pytest.approx(1850.50)


def test_member_id_keeps_one_row_and_the_groups_totals(client, march, as_):
    c = march
    body = get(client, f"{c.group.id}/ledger?{MARCH}&member_id={c.dan.id}",
               as_("cat")).get_json()

    assert body["totals"] == {"referrals": 5, "value": "1850.50"}
    assert [m["member_id"] for m in body["members"]] == [c.dan.id]
    assert [(p["member_id"], p["given"]) for p in body["members"][0]["partners"]] == [
        (c.ana.id, 1)]


def test_a_former_member_without_activity_gets_a_row_of_zeros(client, march, as_):
    c = march
    body = get(client, f"{c.group.id}/ledger?{MARCH}&member_id={c.eve.id}",
               as_("cat")).get_json()

    (eve,) = body["members"]
    assert without(eve, "last_exchange", "name", "business", "title", "role") == fig(
        c.eve.id, 0, 0, "0.00", "0.00", 0, None, current=False, partners=[])
    assert eve["name"] == "Eve Ezra"


@pytest.mark.parametrize("who", ["otto", "lou", "missing"])
def test_member_id_from_outside_the_group_is_404(client, march, as_, who):
    member_id = 999_999 if who == "missing" else getattr(march, who).id
    response = get(client, f"{march.group.id}/ledger?member_id={member_id}", as_("ana"))

    assert_error(response, 404, "not_found")


def test_amounts_follow_the_currencys_minor_unit(client, api_headers):
    group = factories.GroupFactory(currency="JPY", timezone="Asia/Tokyo")
    giver = factories.MembershipFactory(group=group).user
    receiver = factories.MembershipFactory(group=group).user
    passed = factories.referral(group, giver, receiver, status=Status.WON,
                                passed_at=utc(2025, 5, 1, 3))
    factories.closed_business(passed, 125000, closed_on=date(2025, 5, 2))

    body = get(client, f"{group.id}/ledger?start=2025-05-01&end=2025-06-01",
               api_headers(giver)).get_json()

    assert body["currency"] == "JPY"
    assert body["totals"] == {"referrals": 1, "value": "125000"}
    row = next(m for m in body["members"] if m["member_id"] == giver.id)
    assert (row["value_given"], row["value_balance"]) == ("125000", "125000")


@pytest.fixture
def recent(club):
    """Ana gave Ben referrals 3, 20, 100, 200 and 400 days ago (local noon), and one today
    that she withdrew."""
    for days in (3, 20, 100, 200, 400):
        factories.referral(club.group, club.ana, club.ben,
                           passed_at=local_noon(today() - timedelta(days=days)))
    factories.referral(club.group, club.ana, club.ben, status=Status.WITHDRAWN,
                       passed_at=local_noon(today()))
    return club


@pytest.mark.parametrize(("query", "given", "months"), [
    ("period=week", 1, None),
    ("period=month", 2, None),
    ("period=quarter", 2, 3),
    ("period=6m", 3, 6),
    ("", 3, 6),
    ("period=12m", 4, 12),
])
def test_named_periods_roll_up_to_today(client, recent, as_, query, given, months):
    body = get(client, f"{recent.group.id}/ledger?{query}", as_("ben")).get_json()

    end = today() + timedelta(days=1)
    assert body["end"] == end.isoformat()
    start = date.fromisoformat(body["start"])
    if months is None:
        assert (end - start).days == {"period=week": 7, "period=month": 30}[query]
    else:
        assert (start.year * 12 + start.month) + months == end.year * 12 + end.month
    assert body["period"] == (query.removeprefix("period=") or "6m")
    ana = next(m for m in body["members"] if m["member_id"] == recent.ana.id)
    assert (ana["given"], body["totals"]["referrals"]) == (given, given)


def test_start_without_end_runs_through_today(client, recent, as_):
    start = today() - timedelta(days=25)
    body = get(client, f"{recent.group.id}/ledger?start={start}", as_("ben")).get_json()

    assert (body["start"], body["end"]) == (start.isoformat(),
                                            (today() + timedelta(days=1)).isoformat())
    assert body["totals"]["referrals"] == 2


def test_a_ten_year_period_is_allowed(client, club, as_):
    # 2015-01-01 to 2025-01-01 is 3,653 days (three leap days): exactly ten years.
    response = get(client, f"{club.group.id}/ledger?start=2015-01-01&end=2025-01-01",
                   as_("ana"))

    assert response.status_code == 200
    assert response.get_json()["start"] == "2015-01-01"


@pytest.mark.parametrize(("query", "field"), [
    ("period=decade", "period"),
    ("period=all", "period"),
    ("period=since-forever", "period"),
    ("period=week&start=2025-03-01", "period"),
    ("period=week&end=2025-03-01", "period"),
    ("start=2025-13-01", "start"),
    ("start=yesterday", "start"),
    ("start=2025-03-01&end=March", "end"),
    ("end=2025-03-01", "start"),
    ("start=2025-03-10&end=2025-03-01", "end"),
    ("start=2025-03-10&end=2025-03-10", "end"),
    ("start=2015-01-01&end=2025-01-02", "end"),
    ("member_id=abc", "member_id"),
])
def test_ledger_refuses_bad_periods(client, club, as_, query, field):
    response = get(client, f"{club.group.id}/ledger?{query}", as_("ben"))

    assert_error(response, 422, "validation_error", {field})


@pytest.mark.parametrize("path", ["ledger/matrix", "ledger/effectiveness"])
@pytest.mark.parametrize(("query", "field"), [
    ("period=fortnight", "period"),
    ("start=2025-03-01&end=2025-02-01", "end"),
    ("start=01/03/2025", "start"),
])
def test_matrix_and_effectiveness_refuse_bad_periods(client, club, as_, path, query, field):
    response = get(client, f"{club.group.id}/{path}?{query}", as_("ben"))

    assert_error(response, 422, "validation_error", {field})


# GET /groups/{gid}/ledger/matrix


def test_matrix_for_march(client, march, as_):
    c = march
    body = get(client, f"{c.group.id}/ledger/matrix?{MARCH}", as_("cat")).get_json()

    assert set(body) >= {"group_id", "currency", "start", "end", "members", "cells", "totals"}
    assert (body["group_id"], body["currency"]) == (c.group.id, "GBP")
    assert (body["start"], body["end"]) == ("2025-03-01", "2025-04-01")
    assert [(m["member_id"], m["name"]) for m in body["members"]] == [
        (c.ana.id, "Ana Able"), (c.ben.id, "Ben Baker"), (c.cat.id, "Cat Cole"),
        (c.dan.id, "Dan Dale")]
    assert body["cells"] == [
        {"giver_id": c.ana.id, "receiver_id": c.ben.id, "count": 2, "value": "1500.00"},
        {"giver_id": c.ana.id, "receiver_id": c.cat.id, "count": 0, "value": "100.00"},
        {"giver_id": c.ben.id, "receiver_id": c.ana.id, "count": 1, "value": "250.50"},
        {"giver_id": c.cat.id, "receiver_id": c.ben.id, "count": 1, "value": "0.00"},
        {"giver_id": c.dan.id, "receiver_id": c.ana.id, "count": 1, "value": "0.00"},
    ]
    assert body["totals"] == {"referrals": 5, "value": "1850.50"}


def test_matrix_of_a_quiet_period_has_no_cells(client, march, as_):
    body = get(client, f"{march.group.id}/ledger/matrix?start=2024-01-01&end=2024-02-01",
               as_("cat")).get_json()

    assert body["cells"] == []
    assert body["totals"] == {"referrals": 0, "value": "0.00"}
    assert [m["member_id"] for m in body["members"]] == [march.ana.id, march.ben.id,
                                                          march.cat.id]


# GET /groups/{gid}/ledger/effectiveness


def test_effectiveness_of_the_callers_partners(client, march, as_):
    c = march
    body = get(client, f"{c.group.id}/ledger/effectiveness?{MARCH}", as_("ben")).get_json()

    assert (body["member_id"], body["currency"], body["start"]) == (c.ben.id, "GBP",
                                                                    "2025-03-01")
    assert body["items"] == [
        {"member_id": c.ana.id, "name": "Ana Able", "business": "Able Accounts",
         "current": True, "received": 2, "won_received": 1, "conversion_received": 0.5,
         "value_received": "1500.00", "value_per_referral": "750.00", "qualified": 1,
         "lukewarm": 1, "not_a_fit": 0, "rated": 2, "thanked": 1},
        {"member_id": c.cat.id, "name": "Cat Cole", "business": "Cole Coaching",
         "current": True, "received": 1, "won_received": 0, "conversion_received": 0.0,
         "value_received": "0.00", "value_per_referral": "0.00", "qualified": 0,
         "lukewarm": 0, "not_a_fit": 0, "rated": 0, "thanked": 0},
    ]


def test_effectiveness_for_a_member_who_received_nothing(client, march, as_):
    body = get(client, f"{march.group.id}/ledger/effectiveness?{MARCH}",
               as_("cat")).get_json()

    assert body["items"] == []


# GET /groups/{gid}/ledger/series


@pytest.fixture
def series(club):
    """Ana gave Ben a won referral on the last day of last month (£300 closed that day);
    today Ben gave Ana one and Cat gave Ben one; Ana gave Cat one 13 months ago."""
    last_month = calendar_month(today()).start - timedelta(days=1)
    won = factories.referral(club.group, club.ana, club.ben, status=Status.WON,
                             passed_at=local_noon(last_month))
    factories.closed_business(won, 30000, closed_on=last_month)
    factories.referral(club.group, club.ben, club.ana, passed_at=local_noon(today()))
    factories.referral(club.group, club.cat, club.ben, passed_at=local_noon(today()))
    factories.referral(club.group, club.ana, club.cat,
                       passed_at=local_noon(today() - timedelta(days=400)))
    return club


def buckets(body) -> list[tuple]:
    return [(b["given"], b["received"], b["value_given"], b["value_received"])
            for b in body["buckets"]]


ZERO = (0, 0, "0.00", "0.00")


@pytest.mark.parametrize(("query", "who", "last_month", "this_month"), [
    ("", "ana", (1, 0, "300.00", "0.00"), (0, 1, "0.00", "0.00")),
    ("unit=month&scope=member", "ana", (1, 0, "300.00", "0.00"), (0, 1, "0.00", "0.00")),
    ("member_id={ben}", "cat", (0, 1, "0.00", "300.00"), (1, 1, "0.00", "0.00")),
    ("scope=group", "cat", (1, 1, "300.00", "300.00"), (2, 2, "0.00", "0.00")),
])
def test_monthly_series(client, series, as_, query, who, last_month, this_month):
    body = get(client, f"{series.group.id}/ledger/series?{query.format(ben=series.ben.id)}",
               as_(who)).get_json()

    assert body["unit"] == "month"
    assert len(body["buckets"]) == 12
    assert body["buckets"][-1]["start"] == today().replace(day=1).isoformat()
    assert all(a["end"] == b["start"]
               for a, b in zip(body["buckets"], body["buckets"][1:], strict=False))
    assert buckets(body) == [ZERO] * 10 + [last_month, this_month]
    expected_member = None if "group" in query else (
        series.ben.id if "member_id" in query else getattr(series, who).id)
    assert body["member_id"] == expected_member


def test_weekly_series(client, series, as_):
    body = get(client, f"{series.group.id}/ledger/series?unit=week", as_("ana")).get_json()

    assert (body["unit"], body["scope"], len(body["buckets"])) == ("week", "member", 52)
    monday = today() - timedelta(days=today().weekday())
    assert body["buckets"][-1]["start"] == monday.isoformat()
    assert body["buckets"][0]["start"] == (monday - timedelta(weeks=51)).isoformat()
    assert all((date.fromisoformat(b["end"]) - date.fromisoformat(b["start"])).days == 7
               for b in body["buckets"])
    assert buckets(body)[-1][:2] == (0, 1)
    assert sum(b["given"] for b in body["buckets"]) == 1
    assert sum(b["received"] for b in body["buckets"]) == 1
    assert [b["value_given"] for b in body["buckets"] if b["value_given"] != "0.00"] == [
        "300.00"]


@pytest.mark.parametrize(("query", "field"), [
    ("unit=year", "unit"),
    ("scope=me", "scope"),
    ("scope=group&member_id={ben}", "member_id"),
    ("member_id=ben", "member_id"),
])
def test_series_refuses_bad_queries(client, club, as_, query, field):
    response = get(client, f"{club.group.id}/ledger/series?{query.format(ben=club.ben.id)}",
                   as_("ana"))

    assert_error(response, 422, "validation_error", {field})


def test_series_of_someone_outside_the_group_is_404(client, club, as_):
    response = get(client, f"{club.group.id}/ledger/series?member_id={club.otto.id}",
                   as_("ana"))

    assert_error(response, 404, "not_found")


def test_series_of_a_former_member(client, club, as_):
    response = get(client, f"{club.group.id}/ledger/series?member_id={club.eve.id}",
                   as_("ana"))

    assert response.status_code == 200
    assert buckets(response.get_json()) == [ZERO] * 12


# GET /groups/{gid}/ledger/health


@pytest.fixture
def healthy(club):
    """Ten days ago: Ana gave Ben three referrals (one won, £1,000 closed) and Ben gave Ana one
    (won, £500 closed). Ben thanked for two; Ana for none; Cat did nothing."""
    day = today() - timedelta(days=10)
    given = [factories.referral(club.group, club.ana, club.ben, passed_at=local_noon(day))
             for _ in range(3)]
    given[0].status = Status.WON
    db.session.commit()
    factories.closed_business(given[0], 100000, closed_on=day)
    factories.thank_you(given[0])
    factories.thank_you(given[1])
    back = factories.referral(club.group, club.ben, club.ana, status=Status.WON,
                              passed_at=local_noon(day))
    factories.closed_business(back, 50000, closed_on=day)
    return club


def component(member: dict, key: str) -> dict:
    return next(c for c in member["components"] if c["key"] == key)


def test_health_of_every_current_member_by_hand(client, healthy, as_):
    c = healthy
    # Ben logged a one-to-one with Ana last week: it counts for both.
    db.session.add(OneToOne(group_id=c.group.id, logged_by_id=c.ben.id, partner_id=c.ana.id,
                            met_on=today() - timedelta(days=7)))
    db.session.commit()
    body = get(client, f"{c.group.id}/ledger/health", as_("cat")).get_json()

    assert (body["period"], body["end"]) == ("6m", (today() + timedelta(days=1)).isoformat())
    assert [m["member_id"] for m in body["members"]] == [c.ana.id, c.ben.id, c.cat.id]
    ana, ben, cat = body["members"]
    for member in body["members"]:
        assert [(x["key"], x["weight"]) for x in member["components"]] == [
            ("referrals_given", 30), ("thank_yous", 15), ("closed_value", 25),
            ("attendance", 15), ("one_to_ones", 15)]
        assert member["score"] == sum(x["points"] for x in member["components"])

    # Target: one referral a month for six months. Ana 3/6 → 15 points.
    assert without(component(ana, "referrals_given"), "advice") == {
        "key": "referrals_given", "label": "Referrals given", "weight": 30, "unit": "count",
        "figure": 3, "target": 6, "basis": "one a month", "points": 15, "light": "amber"}
    assert component(ana, "referrals_given")["advice"] == \
        "Give 3 more referrals in the next weeks."
    # Ana received one, thanked for none: 0%.
    assert (component(ana, "thank_yous")["figure"], component(ana, "thank_yous")["points"],
            component(ana, "thank_yous")["light"]) == (0, 0, "red")
    assert "1 more referral" in component(ana, "thank_yous")["advice"]
    # Closed value: the median of Ana's £1,000 and Ben's £500 is £750.
    assert without(component(ana, "closed_value"), "advice", "basis", "label") == {
        "key": "closed_value", "weight": 25, "unit": "money", "figure": "1000.00",
        "target": "750.00", "points": 25, "light": "green"}
    # No meeting held: attendance has nothing to measure (its full 15). One one-to-one of
    # six: 15 × 1 // 6 = 2.
    assert without(component(ana, "attendance"), "advice") == {
        "key": "attendance", "label": "Meetings attended", "weight": 15, "unit": "percent",
        "figure": None, "target": 90, "basis": "no meetings held since joining", "points": 15,
        "light": "green"}
    assert without(component(ana, "one_to_ones"), "advice") == {
        "key": "one_to_ones", "label": "One-to-ones", "weight": 15, "unit": "count",
        "figure": 1, "target": 6, "basis": "one a month", "points": 2, "light": "red"}
    assert component(ana, "one_to_ones")["advice"] == (
        "Meet 5 more partners one-to-one (see One-to-ones: partners you haven't met yet).")
    assert (ana["score"], ana["light"]) == (57, "amber")  # 15 + 0 + 25 + 15 + 2

    # Ben: 1/6 → 5; thanked 2 of 3 = 66% of 90% → 11; £500 of £750 → 16; 15; 1/6 → 2.
    assert [(x["figure"], x["target"], x["points"], x["light"]) for x in ben["components"]] \
        == [(1, 6, 5, "red"), (66, 90, 11, "amber"), ("500.00", "750.00", 16, "amber"),
            (None, 90, 15, "green"), (1, 6, 2, "red")]
    assert (ben["score"], ben["light"]) == (49, "amber")

    # Cat: nothing given, nothing received (nothing to thank for counts as met).
    assert [(x["figure"], x["points"], x["light"]) for x in cat["components"]] == [
        (0, 0, "red"), (None, 15, "green"), ("0.00", 0, "red"), (None, 15, "green"),
        (0, 0, "red")]
    assert component(cat, "thank_yous")["advice"] == "Nothing to measure yet."
    assert (cat["score"], cat["light"], cat["light_label"]) == (30, "red", "Red: at risk")


def test_health_follows_the_groups_goal(client, healthy, as_):
    c = healthy
    put = client.put(f"/api/v1/groups/{c.group.id}/goals/group",
                     json={"referrals_given_month": 2}, headers=as_("ana"))
    assert put.status_code == 200, put.get_json()

    body = get(client, f"{c.group.id}/ledger/health?member_id={c.ana.id}",
               as_("ben")).get_json()

    (ana,) = body["members"]
    given = component(ana, "referrals_given")
    assert (given["figure"], given["target"], given["points"]) == (3, 12, 7)  # 30 × 3 // 12
    assert given["basis"] == "the group's goal of 2 a month"


@pytest.mark.parametrize("who", ["eve", "otto", "lou"])
def test_health_of_someone_not_in_the_group_now_is_404(client, club, as_, who):
    response = get(client, f"{club.group.id}/ledger/health?member_id="
                           f"{getattr(club, who).id}", as_("ana"))

    assert_error(response, 404, "not_found")


# Goals


def goals_url(club, which: str = "") -> str:
    return f"/api/v1/groups/{club.group.id}/goals" + (f"/{which}" if which else "")


def goal_rows() -> list[tuple]:
    """(user_id, metric, target) of every goal, the group's (user_id None) first."""
    rows = db.session.execute(sa.select(Goal.user_id, Goal.metric, Goal.target)).all()
    return sorted((tuple(row) for row in rows), key=lambda r: (r[0] or 0, r[1]))


NO_TARGETS = {"referrals_given_month": None, "value_given_quarter": None,
              "value_received_quarter": None, "one_to_ones_month": None,
              "attendance_quarter": None}


def test_goals_start_empty(client, club, as_):
    response = client.get(goals_url(club), headers=as_("ben"))

    assert response.status_code == 200
    body = response.get_json()
    assert (body["group_id"], body["currency"], body["can_set_group"]) == (
        club.group.id, "GBP", False)
    assert body["progress"] == []
    assert body["group"] == body["mine"] == NO_TARGETS
    assert [(m["metric"], m["unit"], m["span"]) for m in body["metrics"]] == [
        ("referrals_given_month", "count", "month"), ("value_given_quarter", "money", "quarter"),
        ("value_received_quarter", "money", "quarter"), ("one_to_ones_month", "count", "month"),
        ("attendance_quarter", "percent", "quarter")]


def test_goals_round_trip_with_progress(client, club, as_):
    passed = factories.referral(club.group, club.ana, club.ben, status=Status.WON,
                                passed_at=local_noon(today()))
    factories.closed_business(passed, 100000, closed_on=today())

    put = client.put(goals_url(club, "mine"), headers=as_("ana"),
                     json={"referrals_given_month": 4, "value_given_quarter": "2,500.50"})

    assert put.status_code == 200, put.get_json()
    assert put.get_json()["mine"] == {**NO_TARGETS, "referrals_given_month": 4,
                                      "value_given_quarter": "2500.50"}
    assert goal_rows() == [(club.ana.id, "referrals_given_month", 4),
                           (club.ana.id, "value_given_quarter", 250050)]

    body = client.get(goals_url(club), headers=as_("ana")).get_json()
    assert body["mine"] == put.get_json()["mine"]
    assert body["group"] == NO_TARGETS
    assert body["can_set_group"] is True
    month, quarter = calendar_month(today()), calendar_quarter(today())
    given, value = body["progress"]
    assert without(given, "expected_now", "on_track") == {
        "metric": "referrals_given_month", "label": "Referrals given per month",
        "unit": "count", "scope": "personal", "target": 4, "group_target": None, "actual": 1,
        "remaining": 3, "percent": 25, "met": False, "start": month.start.isoformat(),
        "end": month.end.isoformat()}
    assert without(value, "expected_now", "on_track", "label") == {
        "metric": "value_given_quarter", "unit": "money", "scope": "personal",
        "target": "2500.50", "group_target": None, "actual": "1000.00",
        "remaining": "1500.50", "percent": 39, "met": False,
        "start": quarter.start.isoformat(), "end": quarter.end.isoformat()}
    assert isinstance(value["expected_now"], str) and isinstance(given["expected_now"], int)

    cleared = client.put(goals_url(club, "mine"), headers=as_("ana"),
                         json={"value_given_quarter": None})
    assert cleared.get_json()["mine"] == {**NO_TARGETS, "referrals_given_month": 4}
    assert goal_rows() == [(club.ana.id, "referrals_given_month", 4)]


def test_one_to_ones_and_attendance_goals_round_trip_with_progress(client, club, as_):
    # Two one-to-ones this month for Ana, whoever logged them; one for Ben.
    for logged_by, partner in ((club.ana, club.ben), (club.cat, club.ana)):
        db.session.add(OneToOne(group_id=club.group.id, logged_by_id=logged_by.id,
                                partner_id=partner.id, met_on=today()))
    db.session.commit()

    put = client.put(goals_url(club, "group"), headers=as_("ana"),
                     json={"one_to_ones_month": 4, "attendance_quarter": 80})
    assert put.status_code == 200, put.get_json()
    assert put.get_json()["group"] == {**NO_TARGETS, "one_to_ones_month": 4,
                                       "attendance_quarter": 80}

    body = client.get(goals_url(club), headers=as_("ana")).get_json()
    one_to_ones, attendance = body["progress"]
    assert without(one_to_ones, "expected_now", "on_track", "start", "end") == {
        "metric": "one_to_ones_month", "label": "One-to-ones per month", "unit": "count",
        "scope": "group", "target": 4, "group_target": 4, "actual": 2, "remaining": 2,
        "percent": 50, "met": False}
    # No meeting held this quarter since Ana joined: nothing to measure yet, not behind.
    assert without(attendance, "start", "end") == {
        "metric": "attendance_quarter", "label": "Attendance per quarter", "unit": "percent",
        "scope": "group", "target": 80, "group_target": 80, "actual": None, "remaining": 80,
        "percent": 0, "met": False, "on_track": True, "expected_now": 80}
    ben = client.get(goals_url(club), headers=as_("ben")).get_json()["progress"]
    assert ben[0]["actual"] == 1


@pytest.mark.parametrize(("value", "message"), [
    (101, "Enter a share from 1 to 100 (percent)."),
    (0, "Enter a target above zero, or leave it empty for no goal."),
])
def test_an_attendance_goal_is_a_share_of_at_most_100(client, club, as_, value, message):
    response = client.put(goals_url(club, "mine"), headers=as_("ben"),
                          json={"attendance_quarter": value})

    body = assert_error(response, 422, "validation_error", {"attendance_quarter"})
    assert body["fields"]["attendance_quarter"] == [message]
    assert goal_rows() == []


def test_the_groups_goal_reaches_every_member(client, club, as_):
    put = client.put(goals_url(club, "group"), headers=as_("ana"),
                     json={"referrals_given_month": 2, "value_received_quarter": "900"})
    assert put.status_code == 200, put.get_json()
    client.put(goals_url(club, "mine"), headers=as_("ben"), json={"referrals_given_month": 5})

    body = client.get(goals_url(club), headers=as_("ben")).get_json()

    assert body["group"] == {**NO_TARGETS, "referrals_given_month": 2,
                             "value_received_quarter": "900.00"}
    assert body["mine"] == {**NO_TARGETS, "referrals_given_month": 5}
    assert [(p["metric"], p["scope"], p["target"], p["group_target"], p["actual"])
            for p in body["progress"]] == [
        ("referrals_given_month", "personal", 5, 2, 0),
        ("value_received_quarter", "group", "900.00", "900.00", "0.00")]
    assert goal_rows() == [(None, "referrals_given_month", 2),
                           (None, "value_received_quarter", 90000),
                           (club.ben.id, "referrals_given_month", 5)]


def test_only_facilitators_set_the_groups_goals(client, club, as_):
    response = client.put(goals_url(club, "group"), headers=as_("ben"),
                          json={"referrals_given_month": 3})

    assert_error(response, 403, "forbidden")
    assert goal_rows() == []


@pytest.mark.parametrize(("body", "fields"), [
    ({"referrals_given_month": 3, "value_given_quarter": "lots"}, {"value_given_quarter"}),
    ({"referrals_given_month": 0, "value_given_quarter": "100"}, {"referrals_given_month"}),
    ({"referrals_given_month": -2}, {"referrals_given_month"}),
    ({"referrals_given_month": 1001}, {"referrals_given_month"}),
    ({"referrals_given_month": "3"}, {"referrals_given_month"}),
    ({"referrals_given_month": 2.5}, {"referrals_given_month"}),
    ({"referrals_given_month": True}, {"referrals_given_month"}),
    ({"value_given_quarter": 100}, {"value_given_quarter"}),
    ({"value_given_quarter": "10.005"}, {"value_given_quarter"}),
    ({"value_given_quarter": "-10"}, {"value_given_quarter"}),
    ({"value_given_quarter": ""}, {"value_given_quarter"}),
    ({"value_received_quarter": "200000000"}, {"value_received_quarter"}),
    ({"referrals_given_month": 3, "referrals_taken": 2}, {"referrals_taken"}),
    ({"referrals_given_month": 0, "value_given_quarter": "1,2"},
     {"referrals_given_month", "value_given_quarter"}),
])
def test_a_refused_target_saves_nothing(client, club, as_, body, fields):
    kept = client.put(goals_url(club, "mine"), headers=as_("ben"),
                      json={"referrals_given_month": 7, "value_received_quarter": "50"})
    assert kept.status_code == 200

    response = client.put(goals_url(club, "mine"), headers=as_("ben"), json=body)

    assert_error(response, 422, "validation_error", fields)
    assert goal_rows() == [(club.ben.id, "referrals_given_month", 7),
                           (club.ben.id, "value_received_quarter", 5000)]


def test_a_refused_group_target_saves_nothing(client, club, as_):
    response = client.put(goals_url(club, "group"), headers=as_("ana"),
                          json={"referrals_given_month": 4, "value_given_quarter": "0"})

    assert_error(response, 422, "validation_error", {"value_given_quarter"})
    assert goal_rows() == []


def test_an_empty_body_changes_nothing(client, club, as_):
    response = client.put(goals_url(club, "mine"), headers=as_("ben"), json={})

    assert response.status_code == 200
    assert response.get_json()["mine"] == NO_TARGETS
    assert goal_rows() == []


# Authorization, for every endpoint

READS = ["ledger", "ledger/matrix", "ledger/series", "ledger/effectiveness", "ledger/health",
         "goals"]


def call(client, club, path: str, headers: dict | None, gid: int | None = None):
    url = f"/api/v1/groups/{gid or club.group.id}/{path}"
    if path.startswith("goals/"):
        return client.put(url, json={"referrals_given_month": 2}, headers=headers or {})
    return client.get(url, headers=headers or {})


@pytest.mark.parametrize("path", [*READS, "goals/mine", "goals/group"])
def test_every_endpoint_needs_a_token(client, club, path):
    assert_error(call(client, club, path, None), 401, "unauthorized")
    response = call(client, club, path, {"Authorization": "Bearer not-a-token"})
    assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("path", [*READS, "goals/mine", "goals/group"])
@pytest.mark.parametrize("who", ["otto", "lou", "eve", "dan"])
def test_outsiders_and_former_members_get_404(client, club, as_, path, who):
    # Otto leads another group; Lou belongs to none; Eve and Dan left this one.
    assert_error(call(client, club, path, as_(who)), 404, "not_found")
    assert goal_rows() == []


@pytest.mark.parametrize("path", [*READS, "goals/mine"])
def test_an_unknown_group_is_404(client, club, as_, path):
    assert_error(call(client, club, path, as_("ana"), gid=999_999), 404, "not_found")


@pytest.mark.parametrize("path", [*READS, "goals/mine"])
def test_any_member_may_read_and_set_their_own_goals(client, club, as_, path):
    response = call(client, club, path, as_("cat"))

    assert response.status_code == 200, response.get_json()


# Query budget


def add_referrals(club, count: int) -> None:
    """`count` referrals around the group over the last weeks, every third won with business
    closed, every second thanked."""
    people = [club.ana, club.ben, club.cat]
    for n in range(count):
        passed = factories.referral(club.group, people[n % 3], people[(n + 1) % 3],
                                    status=Status.WON if n % 3 == 0 else Status.PASSED,
                                    passed_at=local_noon(today() - timedelta(days=n % 40)))
        if n % 3 == 0:
            factories.closed_business(passed, 1000 * (n + 1),
                                      closed_on=today() - timedelta(days=n % 40))
        if n % 2 == 0:
            factories.thank_you(passed)


def statements_for_ledger(client, club, headers) -> tuple[int, dict]:
    url = f"/api/v1/groups/{club.group.id}/ledger"
    client.get(url, headers=headers)  # warm: the token's first use is recorded once
    db.session.expire_all()
    with counting() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(statements), response.get_json()


def test_the_ledger_costs_the_same_queries_for_3_and_30_referrals(client, club, as_):
    headers = as_("ben")
    add_referrals(club, 3)
    few, body = statements_for_ledger(client, club, headers)
    assert body["totals"]["referrals"] == 3

    add_referrals(club, 27)
    many, body = statements_for_ledger(client, club, headers)
    assert body["totals"]["referrals"] == 30

    assert many == few
    # Token, membership, group, then the ledger's own three aggregates; a few to spare.
    assert few <= 10


# OpenAPI


LEDGER_PATHS = {
    "/api/v1/groups/{gid}/ledger": "get",
    "/api/v1/groups/{gid}/ledger/matrix": "get",
    "/api/v1/groups/{gid}/ledger/series": "get",
    "/api/v1/groups/{gid}/ledger/effectiveness": "get",
    "/api/v1/groups/{gid}/ledger/health": "get",
    "/api/v1/groups/{gid}/goals": "get",
    "/api/v1/groups/{gid}/goals/mine": "put",
    "/api/v1/groups/{gid}/goals/group": "put",
}


def schema_of(spec: dict, ref: dict) -> dict:
    return spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]


def test_openapi_describes_the_ledger_paths(client):
    spec = json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))

    for path, method in LEDGER_PATHS.items():
        operation = spec["paths"][path][method]
        assert any(scheme for scheme in operation["security"]), path
        assert "404" in operation["responses"], path
    ledger = spec["paths"]["/api/v1/groups/{gid}/ledger"]["get"]
    assert {"member_id", "period", "start", "end"} <= {p["name"] for p in ledger["parameters"]}
    out = schema_of(spec, ledger["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(out["properties"]) >= LEDGER_KEYS
    member = schema_of(spec, out["properties"]["members"]["items"])
    assert set(member["properties"]) >= MEMBER_KEYS
    partner = schema_of(spec, member["properties"]["partners"]["items"])
    assert set(partner["properties"]) >= PARTNER_KEYS
    assert set(schema_of(spec, out["properties"]["totals"])["properties"]) == {"referrals",
                                                                               "value"}
    assert "403" in spec["paths"]["/api/v1/groups/{gid}/goals/group"]["put"]["responses"]
    body = spec["paths"]["/api/v1/groups/{gid}/goals/mine"]["put"]["requestBody"]
    targets = schema_of(spec, body["content"]["application/json"]["schema"])
    assert set(targets["properties"]) == set(NO_TARGETS)


# period=since-last-meeting


def test_since_last_meeting_before_any_meeting_is_422_on_period(client, club, as_):
    response = get(client, f"{club.group.id}/ledger?period=since-last-meeting", as_("ben"))
    assert_error(response, 422, "validation_error", {"period"})
    assert response.get_json()["fields"]["period"] == ["The group hasn't held a meeting yet."]


def test_since_last_meeting_runs_from_the_meetings_local_day_through_today(client, club, as_):
    from partnernet.models import Meeting

    now = datetime.now(UTC)
    day = local_today("Europe/London") - timedelta(days=9)
    # A meeting late in the evening in London: the period starts on its local day.
    held = datetime.combine(day, time(23, 30), tzinfo=LONDON).astimezone(UTC)
    db.session.add(Meeting(group_id=club.group.id, kind="extra", starts_at=held,
                           duration_minutes=60))
    # A later meeting still to come doesn't move the start.
    db.session.add(Meeting(group_id=club.group.id, kind="extra",
                           starts_at=now + timedelta(days=3), duration_minutes=60))
    ref = factories.referral
    ref(club.group, club.ana, club.ben, passed_at=local_noon(day - timedelta(days=1)))
    ref(club.group, club.ana, club.ben, passed_at=local_noon(day))
    ref(club.group, club.ben, club.cat, passed_at=local_noon(day + timedelta(days=2)))
    db.session.commit()

    body = get(client, f"{club.group.id}/ledger?period=since-last-meeting", as_("ben")).get_json()

    assert (body["period"], body["start"], body["end"]) == (
        "since-last-meeting", day.isoformat(), (today() + timedelta(days=1)).isoformat())
    assert body["totals"]["referrals"] == 2
    ben = next(m for m in body["members"] if m["member_id"] == club.ben.id)
    assert (ben["given"], ben["received"]) == (1, 1)
    matrix = get(client, f"{club.group.id}/ledger/matrix?period=since-last-meeting",
                 as_("ben")).get_json()
    assert matrix["totals"]["referrals"] == 2 and matrix["start"] == day.isoformat()
