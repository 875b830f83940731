"""Goals: who may set which (set_goal), and progress against them (list_goal_progress)."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.ledger.queries import GOALS, list_goal_progress, list_goals
from partnernet.ledger.services import GoalError, set_goal
from partnernet.models import Goal, Role
from partnernet.models.referrals import Status
from partnernet.periods import Period
from tests.factories import GroupFactory, MembershipFactory, closed_business, referral

COUNT = "referrals_given_month"
VALUE = "value_given_quarter"
RECEIVED = "value_received_quarter"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def goal_rows(group) -> list[tuple]:
    return db.session.execute(
        sa.select(Goal.metric, Goal.user_id, Goal.target, Goal.set_by_id)
        .where(Goal.group_id == group.id).order_by(Goal.metric, Goal.user_id.nulls_first())).all()


# --- set_goal ---------------------------------------------------------------------------------


def test_a_member_sets_their_own_goal(world):
    goal = set_goal(group=world.group, actor=world.member, metric=COUNT, target=5)
    assert (goal.group_id, goal.user_id, goal.metric, goal.target, goal.set_by_id) == (
        world.group.id, world.member.id, COUNT, 5, world.member.id)
    assert list_goals(group_id=world.group.id, user_id=world.member.id) == {
        COUNT: {"personal": 5}}
    # Nobody else sees it as theirs.
    assert list_goals(group_id=world.group.id, user_id=world.facilitator.id) == {}


def test_a_facilitator_sets_the_groups_goal(world):
    goal = set_goal(group=world.group, actor=world.facilitator, metric=VALUE,
                    target=250_000, for_group=True)
    assert (goal.user_id, goal.target, goal.set_by_id) == (None, 250_000, world.facilitator.id)
    for user in (world.member, world.facilitator):
        assert list_goals(group_id=world.group.id, user_id=user.id) == {
            VALUE: {"group": 250_000}}
    assert list_goals(group_id=world.other_group.id, user_id=world.outsider.id) == {}


def test_a_facilitators_own_goal_is_not_the_groups(world):
    set_goal(group=world.group, actor=world.facilitator, metric=COUNT, target=3,
             for_group=True)
    set_goal(group=world.group, actor=world.facilitator, metric=COUNT, target=7)
    assert goal_rows(world.group) == [(COUNT, None, 3, world.facilitator.id),
                                      (COUNT, world.facilitator.id, 7, world.facilitator.id)]
    assert list_goals(group_id=world.group.id, user_id=world.facilitator.id) == {
        COUNT: {"group": 3, "personal": 7}}
    assert list_goals(group_id=world.group.id, user_id=world.member.id) == {
        COUNT: {"group": 3}}


def test_a_member_may_not_set_the_groups_goal(world):
    with pytest.raises(PermissionDenied):
        set_goal(group=world.group, actor=world.member, metric=COUNT, target=4, for_group=True)
    assert goal_rows(world.group) == []


def test_an_outsider_may_set_no_goal(world):
    for for_group in (False, True):
        with pytest.raises(PermissionDenied):
            set_goal(group=world.group, actor=world.outsider, metric=COUNT, target=4,
                     for_group=for_group)
    assert goal_rows(world.group) == []


def test_a_former_member_may_set_no_goal(app):
    group = GroupFactory()
    gone = MembershipFactory(group=group, role=Role.FACILITATOR, left_at=utc(2024, 1, 1)).user
    for for_group in (False, True):
        with pytest.raises(PermissionDenied):
            set_goal(group=group, actor=gone, metric=COUNT, target=4, for_group=for_group)
    assert goal_rows(group) == []


def test_an_unknown_metric_is_refused(world):
    with pytest.raises(GoalError) as caught:
        set_goal(group=world.group, actor=world.member, metric="meetings_per_week", target=4)
    assert caught.value.field == "metric"
    assert goal_rows(world.group) == []


@pytest.mark.parametrize(("metric", "currency", "target"), [
    (COUNT, "GBP", 0),
    (COUNT, "GBP", -3),
    (COUNT, "GBP", 1001),  # at most 1,000 referrals a month
    (VALUE, "GBP", 0),
    (VALUE, "GBP", -100),
    (VALUE, "GBP", 10_000_000_001),  # 100 million pounds and a penny
    (RECEIVED, "JPY", 100_000_001),  # yen have no minor unit: 100 million yen and one
])
def test_an_impossible_target_is_refused_on_the_metric(app, metric, currency, target):
    group = GroupFactory(currency=currency)
    facilitator = MembershipFactory(group=group, role=Role.FACILITATOR).user
    for for_group in (False, True):
        with pytest.raises(GoalError) as caught:
            set_goal(group=group, actor=facilitator, metric=metric, target=target,
                     for_group=for_group)
        assert caught.value.field == metric
    assert goal_rows(group) == []


@pytest.mark.parametrize(("metric", "currency", "target"), [
    (COUNT, "GBP", 1),
    (COUNT, "GBP", 1000),
    (VALUE, "GBP", 10_000_000_000),  # exactly 100 million pounds
    (RECEIVED, "JPY", 100_000_000),
])
def test_targets_up_to_the_ceiling_are_accepted(app, metric, currency, target):
    group = GroupFactory(currency=currency)
    facilitator = MembershipFactory(group=group, role=Role.FACILITATOR).user
    set_goal(group=group, actor=facilitator, metric=metric, target=target, for_group=True)
    db.session.commit()
    assert goal_rows(group) == [(metric, None, target, facilitator.id)]


def test_none_clears_a_goal(world):
    set_goal(group=world.group, actor=world.member, metric=COUNT, target=5)
    set_goal(group=world.group, actor=world.facilitator, metric=COUNT, target=4,
             for_group=True)
    assert set_goal(group=world.group, actor=world.member, metric=COUNT, target=None) is None
    assert goal_rows(world.group) == [(COUNT, None, 4, world.facilitator.id)]
    assert set_goal(group=world.group, actor=world.facilitator, metric=COUNT, target=None,
                    for_group=True) is None
    assert goal_rows(world.group) == []
    # Clearing what isn't set is harmless.
    assert set_goal(group=world.group, actor=world.member, metric=VALUE, target=None) is None


def test_updating_a_personal_goal_replaces_it(world):
    first = set_goal(group=world.group, actor=world.member, metric=COUNT, target=5)
    db.session.commit()
    second = set_goal(group=world.group, actor=world.member, metric=COUNT, target=8)
    db.session.commit()
    assert second.id == first.id
    assert goal_rows(world.group) == [(COUNT, world.member.id, 8, world.member.id)]


def test_updating_the_groups_goal_replaces_it(app):
    group = GroupFactory()
    anna = MembershipFactory(group=group, role=Role.FACILITATOR).user
    bram = MembershipFactory(group=group, role=Role.FACILITATOR).user
    set_goal(group=group, actor=anna, metric=VALUE, target=100_000, for_group=True)
    db.session.commit()
    set_goal(group=group, actor=bram, metric=VALUE, target=150_000, for_group=True)
    db.session.commit()
    set_goal(group=group, actor=anna, metric=VALUE, target=120_000, for_group=True)
    db.session.commit()
    assert goal_rows(group) == [(VALUE, None, 120_000, anna.id)]


def test_the_database_keeps_a_single_group_goal_per_metric(app):
    # NULL user_id is distinct in a unique constraint: the partial index is what refuses this.
    group = GroupFactory()
    db.session.add(Goal(group_id=group.id, user_id=None, metric=COUNT, target=3))
    db.session.commit()
    db.session.add(Goal(group_id=group.id, user_id=None, metric=COUNT, target=4))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert goal_rows(group) == [(COUNT, None, 3, None)]


# --- list_goal_progress -----------------------------------------------------------------------

# 20 February 2024: day 20 of a 29-day February, day 51 of a 91-day first quarter.
TODAY = date(2024, 2, 20)


@pytest.fixture
def team(app):
    group = GroupFactory(timezone="Europe/London", currency="GBP")
    lead = MembershipFactory(group=group, role=Role.FACILITATOR, user__name="Lea Lead").user
    mia = MembershipFactory(group=group, user__name="Mia Member").user
    ned = MembershipFactory(group=group, user__name="Ned Newer").user

    # Mia gives two counted referrals in February, one withdrawn, one in January.
    referral(group, mia, ned, passed_at=utc(2024, 2, 2, 9))
    referral(group, mia, lead, status=Status.LOST, passed_at=utc(2024, 2, 19, 23, 59))
    referral(group, mia, ned, status=Status.WITHDRAWN, passed_at=utc(2024, 2, 10, 9))
    january = referral(group, mia, lead, status=Status.WON, passed_at=utc(2024, 1, 31, 23))
    # Business on Mia's referrals: 600.00 and 700.00 in the quarter; before and after, not.
    closed_business(january, 60_000, closed_on=date(2024, 1, 15))
    closed_business(january, 70_000, closed_on=date(2024, 2, 14), kind="repeat")
    closed_business(january, 5_000, closed_on=date(2023, 12, 31))
    closed_business(january, 9_000, closed_on=date(2024, 4, 1))
    # Ned's referral to Mia: 400.00 Mia received.
    from_ned = referral(group, ned, mia, status=Status.WON, passed_at=utc(2024, 2, 1, 9))
    closed_business(from_ned, 40_000, closed_on=date(2024, 2, 5))

    set_goal(group=group, actor=lead, metric=COUNT, target=4, for_group=True)
    set_goal(group=group, actor=lead, metric=VALUE, target=100_000, for_group=True)
    set_goal(group=group, actor=mia, metric=COUNT, target=6)
    db.session.commit()
    return group, lead, mia, ned


def test_progress_personal_overrides_group(team):
    group, _, mia, _ = team
    progress = list_goal_progress(group=group, member_id=mia.id, today=TODAY)
    assert [p.definition for p in progress] == [GOALS[COUNT], GOALS[VALUE]]

    count = progress[0]
    assert (count.target, count.scope, count.group_target, count.actual) == (6, "personal", 4, 2)
    assert count.period == Period(date(2024, 2, 1), date(2024, 3, 1), "calendar-month")
    assert count.expected_now == 5  # 6 × 20 / 29 = 4.14, rounded up
    assert (count.percent, count.met, count.on_track, count.remaining) == (33, False, False, 4)

    value = progress[1]
    assert (value.target, value.scope, value.group_target, value.actual) == (
        100_000, "group", 100_000, 130_000)
    assert value.period == Period(date(2024, 1, 1), date(2024, 4, 1), "calendar-quarter")
    assert value.expected_now == 56_044  # 100,000 × 51 / 91 = 56,043.96, rounded up
    assert (value.percent, value.met, value.on_track, value.remaining) == (100, True, True, 0)


def test_progress_against_the_groups_goals(team):
    group, lead, _, ned = team
    progress = list_goal_progress(group=group, member_id=ned.id, today=TODAY)
    count, value = progress
    assert (count.target, count.scope, count.group_target, count.actual) == (4, "group", 4, 1)
    assert count.expected_now == 3  # 4 × 20 / 29 = 2.76
    assert (count.percent, count.met, count.on_track, count.remaining) == (25, False, False, 3)
    assert (value.actual, value.percent, value.met, value.on_track) == (40_000, 40, False, False)

    count, value = list_goal_progress(group=group, member_id=lead.id, today=TODAY)
    assert (count.actual, count.percent, value.actual, value.percent) == (0, 0, 0, 0)


def test_progress_on_the_last_day_expects_the_whole_target(team):
    group, _, mia, _ = team
    count, value = list_goal_progress(group=group, member_id=mia.id, today=date(2024, 2, 29))
    assert count.expected_now == 6
    assert value.period.start == date(2024, 1, 1)
    assert value.expected_now == 65_935  # 100,000 × 60 / 91 = 65,934.07, up
    # First day of the next quarter: a new quarter, nothing closed in it yet but the 1 April
    # entry; a new month where Mia has given nothing.
    count, value = list_goal_progress(group=group, member_id=mia.id, today=date(2024, 4, 1))
    assert count.period == Period(date(2024, 4, 1), date(2024, 5, 1), "calendar-month")
    assert (count.actual, count.expected_now) == (0, 1)  # 6 × 1 / 30 = 0.2, up
    assert (value.actual, value.expected_now) == (9_000, 1_099)  # 100,000 / 91 = 1,098.9
    assert value.on_track


def test_on_track_when_exactly_at_pace(app):
    group = GroupFactory(timezone="UTC")
    lead = MembershipFactory(group=group, role=Role.FACILITATOR).user
    other = MembershipFactory(group=group).user
    set_goal(group=group, actor=lead, metric=COUNT, target=30)
    db.session.commit()
    for day in range(1, 11):
        referral(group, lead, other, passed_at=utc(2024, 6, day, 12))
    (progress,) = list_goal_progress(group=group, member_id=lead.id, today=date(2024, 6, 10))
    assert (progress.actual, progress.expected_now) == (10, 10)  # 30 × 10 / 30
    assert progress.on_track and not progress.met
    assert progress.group_target is None
    assert progress.scope == "personal"


def test_progress_of_a_received_value_goal_in_a_far_time_zone(app):
    # In Kiritimati (UTC+14) the quarter's business counts by its local closed-on date.
    group = GroupFactory(timezone="Pacific/Kiritimati", currency="USD")
    lead = MembershipFactory(group=group, role=Role.FACILITATOR).user
    giver = MembershipFactory(group=group).user
    row = referral(group, giver, lead, status=Status.WON, passed_at=utc(2024, 3, 31, 9))
    closed_business(row, 12_345, closed_on=date(2024, 3, 31))  # last quarter
    closed_business(row, 50_000, closed_on=date(2024, 4, 1))
    set_goal(group=group, actor=lead, metric=RECEIVED, target=200_000, for_group=True)
    db.session.commit()
    (progress,) = list_goal_progress(group=group, member_id=lead.id, today=date(2024, 4, 1))
    assert progress.definition == GOALS[RECEIVED]
    assert (progress.actual, progress.percent, progress.scope) == (50_000, 25, "group")


def test_no_goals_no_progress(world):
    assert list_goal_progress(group=world.group, member_id=world.member.id, today=TODAY) == []
