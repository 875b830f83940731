"""The health score: each component's figure, target, points and advice, worked out by hand.

Weights: referrals given 30, thank-yous 15, closed value 25, meetings attended 15 and
one-to-ones 15; points are the weight times figure / target, rounded down and capped at the
weight. (Before attendance and one-to-ones joined the score they were 40, 20 and 40: the
expected points below are worked out again for the new weights.)

Most cases score a hand-made ledger with hand-made activity (NO_ACTIVITY: no meetings held,
so attendance is "nothing to measure" and earns its 15 points, and no one-to-ones, 0 of 15).
"""

from datetime import UTC, date, datetime

import pytest

from partnernet.ledger.health import COMPONENTS, compute_health
from partnernet.ledger.queries import Activity, Ledger, MemberLedger, compute_ledger
from partnernet.models.referrals import Status
from partnernet.periods import Period, named_period
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    closed_business,
    referral,
    thank_you,
)

SIX_MONTHS = Period(date(2023, 12, 16), date(2024, 6, 16), "6m")
NO_ACTIVITY: dict[int, Activity] = {}


def ledger_of(*members: MemberLedger, currency: str = "GBP") -> Ledger:
    return Ledger(1, currency, SIX_MONTHS, members, 0, 0)


def person(member_id: int, **figures) -> MemberLedger:
    return MemberLedger(member_id=member_id, name=f"Member {member_id}", **figures)


def parts(health) -> dict[str, tuple]:
    """key → (figure, target, points, light)."""
    return {c.component.key: (c.figure, c.target, c.points, c.light)
            for c in health.components}


def component(health, key: str):
    return next(c for c in health.components if c.component.key == key)


def test_components_and_weights():
    assert [(c.key, c.weight, c.unit) for c in COMPONENTS] == [
        ("referrals_given", 30, "count"), ("thank_yous", 15, "percent"),
        ("closed_value", 25, "money"), ("attendance", 15, "percent"),
        ("one_to_ones", 15, "count")]
    assert sum(c.weight for c in COMPONENTS) == 100


# --- Referrals given --------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "points", "light"), [
    (0, 0, "red"),
    (1, 5, "red"),  # 30 × 1/6
    (2, 10, "red"),  # 2 is less than half of 6
    (3, 15, "amber"),  # half
    (5, 25, "amber"),
    (6, 30, "green"),
    (11, 30, "green"),  # capped
])
def test_default_target_is_one_referral_a_month(given, points, light):
    health = compute_health(ledger=ledger_of(person(1, given=given)), goals={},
                            activity=NO_ACTIVITY)[1]
    score = component(health, "referrals_given")
    assert (score.figure, score.target, score.points, score.light) == (given, 6, points, light)
    assert score.basis == "one a month"


def test_advice_names_how_many_more_referrals():
    health = compute_health(ledger=ledger_of(person(1, given=3), person(2, given=5),
                                             person(3, given=6)), goals={}, activity=NO_ACTIVITY)
    assert component(health[1], "referrals_given").advice == \
        "Give 3 more referrals in the next weeks."
    assert component(health[2], "referrals_given").advice == \
        "Give 1 more referral in the next weeks."
    assert component(health[3], "referrals_given").advice == "Green. Keep it up."
    assert component(health[2], "referrals_given").shortfall == 1


def test_a_group_goal_sets_the_referrals_target():
    goals = {"referrals_given_month": {"group": 2}}
    health = compute_health(ledger=ledger_of(person(1, given=6), person(2, given=12)),
                            goals=goals, activity=NO_ACTIVITY)
    first = component(health[1], "referrals_given")
    assert (first.target, first.points, first.light) == (12, 15, "amber")
    assert first.basis == "the group's goal of 2 a month"
    assert first.advice == "Give 6 more referrals in the next weeks."
    assert component(health[2], "referrals_given").points == 30


# --- Thank-yous -------------------------------------------------------------------------------


def test_nothing_received_earns_the_full_thanks_points():
    score = component(compute_health(ledger=ledger_of(person(1)), goals={},
                                     activity=NO_ACTIVITY)[1], "thank_yous")
    assert (score.figure, score.target, score.points, score.light) == (None, 90, 15, "green")
    assert score.basis == "no referrals received to thank for"
    assert score.advice == "Nothing to measure yet."
    assert score.shortfall == 0


@pytest.mark.parametrize(("received", "thanked", "percent", "points", "light", "more"), [
    (10, 9, 90, 15, "green", 0),
    (10, 10, 100, 15, "green", 0),
    (10, 7, 70, 11, "amber", 2),  # 15 × 70/90 = 11.7; 9 of 10 is the target
    (3, 2, 66, 11, "amber", 1),  # 2/3 = 66%; 15 × 66/90 = 11; 3 of 3 is the target
    (11, 10, 90, 15, "green", 0),  # 90.9%, rounded down to 90
    (31, 27, 87, 14, "amber", 1),  # 87.1%; 15 × 87/90 = 14.5; 28 of 31 is the target
    (4, 1, 25, 4, "red", 3),  # 15 × 25/90 = 4.2
    (5, 0, 0, 0, "red", 5),
])
def test_thanks_percentage(received, thanked, percent, points, light, more):
    member = person(1, received=received, thanked_received=thanked)
    score = component(compute_health(ledger=ledger_of(member), goals={},
                                     activity=NO_ACTIVITY)[1], "thank_yous")
    assert (score.figure, score.target, score.points, score.light) == (percent, 90, points,
                                                                      light)
    assert score.basis == "90% of the referrals you received"
    if more:
        noun = "referral" if more == 1 else "referrals"
        assert score.advice == (f"Thank the givers of {more} more {noun} you received "
                                "(see Thanks owed).")
    else:
        assert score.advice == "Green. Keep it up."


# --- Closed value -----------------------------------------------------------------------------


def test_closed_value_against_the_median_of_members_with_some():
    ledger = ledger_of(
        person(1, value_given=100_000),
        person(2, value_given=300_000),
        person(3, value_given=0),
        person(4, value_given=200_000),
        # A former member's value neither sets the median nor gets a score.
        MemberLedger(member_id=5, name="Former", value_given=900_000, current=False),
    )
    health = compute_health(ledger=ledger, goals={}, activity=NO_ACTIVITY)
    assert set(health) == {1, 2, 3, 4}
    scores = {uid: component(h, "closed_value") for uid, h in health.items()}
    # The median of 100,000, 200,000 and 300,000 (member 3 has none: left out).
    assert {uid: (s.figure, s.target, s.points, s.light) for uid, s in scores.items()} == {
        1: (100_000, 200_000, 12, "amber"),  # 25 × 1/2 = 12.5
        2: (300_000, 200_000, 25, "green"),
        3: (0, 200_000, 0, "red"),
        4: (200_000, 200_000, 25, "green"),
    }
    assert scores[1].basis == "the median of members whose referrals closed business"
    assert scores[3].advice == (
        "Referrals you give need to bring partners £2,000.00 more business: pass qualified "
        "leads, and ask partners how they went.")
    assert scores[1].shortfall == 100_000
    assert "£1,000.00 more business" in scores[1].advice


def test_median_of_an_even_number_of_members():
    ledger = ledger_of(person(1, value_given=100_000), person(2, value_given=250_000),
                       person(3))
    scores = {uid: component(h, "closed_value")
              for uid, h in compute_health(ledger=ledger, goals={}, activity=NO_ACTIVITY).items()}
    assert scores[3].target == 175_000  # (100,000 + 250,000) / 2
    assert scores[1].points == 14  # 25 × 100,000 / 175,000 = 14.3


def test_when_nobody_closed_business_any_is_the_target():
    scores = {uid: component(h, "closed_value") for uid, h in
              compute_health(ledger=ledger_of(person(1), person(2)), goals={},
                             activity=NO_ACTIVITY).items()}
    assert (scores[1].figure, scores[1].target, scores[1].points, scores[1].light) == (
        0, 1, 0, "red")
    assert scores[1].basis == "any closed business"
    assert "£0.01 more business" in scores[1].advice


def test_a_group_goal_sets_the_value_target_for_six_months():
    goals = {"value_given_quarter": {"group": 150_000}}
    ledger = ledger_of(person(1, value_given=150_000), person(2, value_given=900_000),
                       currency="EUR")
    health = compute_health(ledger=ledger, goals=goals, activity=NO_ACTIVITY)
    first = component(health[1], "closed_value")
    assert (first.target, first.points, first.light) == (300_000, 12, "amber")
    assert first.basis == "the group's goal of €1,500.00 a quarter"
    assert "€1,500.00 more business" in first.advice
    assert component(health[2], "closed_value").points == 25


def test_personal_goals_do_not_change_the_score():
    goals = {"referrals_given_month": {"personal": 5}, "value_given_quarter": {"personal": 1}}
    health = compute_health(ledger=ledger_of(person(1, given=3, value_given=10)), goals=goals,
                            activity=NO_ACTIVITY)
    assert parts(health[1])["referrals_given"] == (3, 6, 15, "amber")
    assert parts(health[1])["closed_value"] == (10, 10, 25, "green")  # its own median


# --- The whole score --------------------------------------------------------------------------

# Value target 300,000 from a group goal of 150,000 a quarter: 120,000 earns 10 points.
# Nothing received to thank for (15) and no meetings held (15) in every case.
GOALS = {"value_given_quarter": {"group": 150_000}}


@pytest.mark.parametrize(("given", "value", "one_to_ones", "score", "light"), [
    (6, 120_000, 0, 70, "green"),  # 30 + 15 + 10 + 15 + 0
    (6, 119_999, 0, 69, "amber"),  # 30 + 15 + 9 + 15 + 0
    (0, 120_000, 0, 40, "amber"),  # 0 + 15 + 10 + 15 + 0
    (0, 119_999, 0, 39, "red"),
    (0, 0, 2, 35, "red"),  # 0 + 15 + 0 + 15 + 15 × 2/6
    (6, 300_000, 6, 100, "green"),
    (0, 0, 0, 30, "red"),  # thanks and attendance alone
])
def test_score_and_light_thresholds(given, value, one_to_ones, score, light):
    health = compute_health(ledger=ledger_of(person(1, given=given, value_given=value)),
                            goals=GOALS, activity={1: Activity(one_to_ones=one_to_ones)})[1]
    assert health.score == score
    assert health.light == light
    assert health.light_label == {"green": "Green: healthy", "amber": "Amber: needs attention",
                                  "red": "Red: at risk"}[light]


def test_health_from_a_real_ledger(app):
    group = GroupFactory(timezone="America/Chicago", currency="USD")
    ann = MembershipFactory(group=group, user__name="Ann").user
    bob = MembershipFactory(group=group, user__name="Bob").user
    MembershipFactory(group=group, user__name="Gone",
                      left_at=datetime(2024, 1, 1, tzinfo=UTC))
    at = datetime(2024, 5, 1, 15, tzinfo=UTC)
    for _ in range(4):
        referral(group, ann, bob, passed_at=at)
    referral(group, ann, bob, status=Status.WITHDRAWN, passed_at=at)
    referral(group, ann, bob, passed_at=datetime(2023, 11, 1, 15, tzinfo=UTC))  # too old
    won = referral(group, ann, bob, status=Status.WON, passed_at=at)
    closed_business(won, 80_000, closed_on=date(2024, 5, 10))
    received = [referral(group, bob, ann, passed_at=at) for _ in range(3)]
    thank_you(received[0])
    thank_you(received[1])

    period = named_period("6m", date(2024, 6, 15))
    health = compute_health(ledger=compute_ledger(group=group, period=period), goals={})
    assert set(health) == {ann.id, bob.id}  # the former member has no score
    # No meetings held: attendance has nothing to measure; no one-to-ones logged.
    assert parts(health[ann.id]) == {
        "referrals_given": (5, 6, 25, "amber"),
        "thank_yous": (66, 90, 11, "amber"),  # 2 of 3
        "closed_value": (80_000, 80_000, 25, "green"),  # the only one with any: the median
        "attendance": (None, 90, 15, "green"),
        "one_to_ones": (0, 6, 0, "red"),
    }
    assert health[ann.id].score == 76
    assert parts(health[bob.id]) == {
        "referrals_given": (3, 6, 15, "amber"),
        "thank_yous": (0, 90, 0, "red"),  # received 5, thanked none
        "closed_value": (0, 80_000, 0, "red"),
        "attendance": (None, 90, 15, "green"),
        "one_to_ones": (0, 6, 0, "red"),
    }
    assert (health[bob.id].score, health[bob.id].light) == (30, "red")
    assert component(health[bob.id], "thank_yous").advice == (
        "Thank the givers of 5 more referrals you received (see Thanks owed).")
    assert "$800.00 more business" in component(health[bob.id], "closed_value").advice
