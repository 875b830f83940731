"""Meetings attended and one-to-ones in the health score, worked out by hand: first the two
components on figures given directly, then the figures as the database yields them.

Weights: meetings attended 15, one-to-ones 15 (of 100). Attendance is green at 90% of the
meetings held (or the group's attendance goal), one-to-ones at one a month over six months
(or the group's goal a month × 6); points are the weight × figure / target, rounded down.
"""

from datetime import UTC, date, datetime

import pytest

from partnernet.extensions import db
from partnernet.ledger.health import compute_health
from partnernet.ledger.queries import Activity, Ledger, MemberLedger, compute_activity
from partnernet.models import Attendance, Meeting, OneToOne
from partnernet.periods import Period
from tests.factories import GroupFactory, MembershipFactory

SIX_MONTHS = Period(date(2023, 12, 16), date(2024, 6, 16), "6m")


def scored(activity: Activity, goals: dict | None = None):
    ledger = Ledger(1, "GBP", SIX_MONTHS, (MemberLedger(member_id=1, name="Ann"),), 0, 0)
    health = compute_health(ledger=ledger, goals=goals or {}, activity={1: activity})[1]
    return {c.component.key: c for c in health.components}


def summary(score) -> tuple:
    return score.figure, score.target, score.points, score.light


# --- Meetings attended ---------------------------------------------------------------------


def test_no_meeting_held_is_nothing_to_measure():
    score = scored(Activity())["attendance"]
    assert summary(score) == (None, 90, 15, "green")
    assert score.basis == "no meetings held since joining"
    assert score.advice == "Nothing to measure yet."


@pytest.mark.parametrize(("meetings", "attended", "figure", "points", "light", "more"), [
    (10, 9, 90, 15, "green", 0),
    (10, 10, 100, 15, "green", 0),
    # 15 × 70 / 90 = 11.7; (7 + k) / (10 + k) ≥ 90% from k = 20.
    (10, 7, 70, 11, "amber", 20),
    # 2 of 3 = 66%: 15 × 66 / 90 = 11; (2 + k) / (3 + k) ≥ 90% from k = 7.
    (3, 2, 66, 11, "amber", 7),
    # 25%: 15 × 25 / 90 = 4.2; (1 + k) / (4 + k) ≥ 90% from k = 26.
    (4, 1, 25, 4, "red", 26),
    (1, 0, 0, 0, "red", 9),  # k / (1 + k) ≥ 90% from k = 9
    (23, 20, 86, 14, "amber", 7),  # 20/23 = 86.96%, rounded down; 15 × 86 / 90 = 14.3
])
def test_attendance_share_points_and_what_turns_it_green(meetings, attended, figure, points,
                                                         light, more):
    score = scored(Activity(meetings=meetings, attended=attended))["attendance"]
    assert summary(score) == (figure, 90, points, light)
    assert score.basis == "90% of the meetings held"
    if more:
        noun = "meeting" if more == 1 else "meetings"
        assert score.advice == (f"Come to the next {more} {noun}, or send a substitute when "
                                "you can't.")
    else:
        assert score.advice == "Green. Keep it up."


def test_medical_absences_are_left_out_and_the_basis_says_so():
    # 8 meetings counted (2 more were medical absences), 7 attended: 87%.
    score = scored(Activity(meetings=8, attended=7, excused=2))["attendance"]
    assert summary(score) == (87, 90, 14, "amber")
    assert score.basis == "90% of the meetings held (medical absences left out)"
    assert score.advice == ("Come to the next 2 meetings, or send a substitute when you "
                            "can't.")  # 9/10 = 90%


def test_the_groups_attendance_goal_sets_the_target():
    goals = {"attendance_quarter": {"group": 75}}
    score = scored(Activity(meetings=4, attended=3), goals)["attendance"]
    assert summary(score) == (75, 75, 15, "green")
    assert score.basis == "the group's goal of 75% of meetings"
    score = scored(Activity(meetings=4, attended=2), goals)["attendance"]
    # 15 × 50 / 75 = 10; (2 + k) / (4 + k) ≥ 75% from k = 4.
    assert summary(score) == (50, 75, 10, "amber")
    assert score.advice == "Come to the next 4 meetings, or send a substitute when you can't."


def test_a_goal_of_every_meeting_asks_for_every_meeting():
    score = scored(Activity(meetings=10, attended=9),
                   {"attendance_quarter": {"group": 100}})["attendance"]
    assert summary(score) == (90, 100, 13, "amber")  # 15 × 90 / 100 = 13.5
    assert score.advice == "Come to every meeting, or send a substitute when you can't."


# --- One-to-ones ---------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "points", "light", "advice"), [
    (0, 0, "red", "Meet 6 more partners one-to-one"),
    (1, 2, "red", "Meet 5 more partners one-to-one"),  # 15 × 1/6 = 2.5
    (3, 7, "amber", "Meet 3 more partners one-to-one"),  # 7.5
    (5, 12, "amber", "Meet 1 more partner one-to-one"),  # 12.5
    (6, 15, "green", ""),
    (14, 15, "green", ""),  # capped
])
def test_one_to_ones_one_a_month(count, points, light, advice):
    score = scored(Activity(one_to_ones=count))["one_to_ones"]
    assert summary(score) == (count, 6, points, light)
    assert score.basis == "one a month"
    assert score.advice == (f"{advice} (see One-to-ones: partners you haven't met yet)."
                            if advice else "Green. Keep it up.")


def test_the_groups_one_to_ones_goal_sets_the_target():
    score = scored(Activity(one_to_ones=6), {"one_to_ones_month": {"group": 2}})["one_to_ones"]
    assert summary(score) == (6, 12, 7, "amber")  # 15 × 6 / 12 = 7.5
    assert score.basis == "the group's goal of 2 a month"


def test_personal_goals_do_not_change_the_score():
    parts = scored(Activity(meetings=10, attended=5, one_to_ones=3),
                   {"one_to_ones_month": {"personal": 1}, "attendance_quarter": {"personal": 50}})
    assert summary(parts["attendance"]) == (50, 90, 8, "amber")  # 15 × 50 / 90 = 8.3
    assert summary(parts["one_to_ones"]) == (3, 6, 7, "amber")


# --- From the database ---------------------------------------------------------------------

# Europe/London in spring 2024: BST, an hour ahead of UTC. The window is the six months
# ending 16 June 2024 (exclusive): from 16 December 2023, 00:00 local (= UTC, GMT then).


def at(day: int, month: int = 5, year: int = 2024) -> datetime:
    return datetime(year, month, day, 6, tzinfo=UTC)  # 07:00 in London


def test_attendance_and_one_to_ones_as_stored(app):
    group = GroupFactory(timezone="Europe/London")
    ann = MembershipFactory(group=group, user__name="Ann", joined_at=at(1, 1)).user
    ben = MembershipFactory(group=group, user__name="Ben", joined_at=at(1, 5)).user
    cat = MembershipFactory(group=group, user__name="Cat", joined_at=at(1, 1)).user
    gone = MembershipFactory(group=group, user__name="Gone", joined_at=at(1, 1),
                             left_at=at(20, 5)).user
    other = GroupFactory()
    otto = MembershipFactory(group=other, joined_at=at(1, 1)).user

    def meeting(when: datetime, status: str = "closed", started: bool = False,
                in_group=group) -> Meeting:
        row = Meeting(group_id=in_group.id, kind="extra", starts_at=when, status=status,
                      started_at=when if started else None)
        db.session.add(row)
        db.session.flush()
        return row

    def mark(row: Meeting, user, status: str) -> None:
        db.session.add(Attendance(meeting_id=row.id, user_id=user.id, status=status,
                                  substitute_name="Sam Sub" if status == "substitute" else ""))

    # Counted: closed ones, and one started and still running.
    april2, april9, april16 = meeting(at(2, 4)), meeting(at(9, 4)), meeting(at(16, 4))
    may7, may14 = meeting(at(7)), meeting(at(14))
    running = meeting(at(11, 6), status="running", started=True)
    # Not counted: cancelled (even if started), never started, before the window, after it.
    meeting(at(21, 5), status="cancelled", started=True)
    meeting(at(28, 5), status="scheduled")
    old = meeting(at(1, 12, 2023))
    meeting(at(20, 6), started=True)
    theirs = meeting(at(7), in_group=other)
    mark(theirs, otto, "present")
    # Ann: present, late, substitute (attended), absent, medical, nothing recorded.
    mark(april2, ann, "present")
    mark(april9, ann, "late")
    mark(april16, ann, "substitute")
    mark(may7, ann, "absent")
    mark(may14, ann, "medical")
    mark(old, ann, "present")
    # Ben joined on 1 May: only May's meetings and the running one are his; one medical.
    mark(april2, ben, "present")
    mark(may7, ben, "present")
    mark(may14, ben, "medical")
    mark(running, ben, "present")
    # Cat was at every one.
    for row in (april2, april9, april16, may7, may14, running):
        mark(row, cat, "present")

    def one(by, partner, day: date, in_group=group) -> None:
        db.session.add(OneToOne(group_id=in_group.id, logged_by_id=by.id, partner_id=partner.id,
                                met_on=day))

    one(ann, ben, date(2024, 5, 2))
    one(cat, ann, date(2024, 6, 15))  # the window's last day
    one(ann, cat, date(2023, 12, 16))  # its first day
    one(ann, ben, date(2023, 12, 15))  # before it
    one(ben, cat, date(2024, 6, 16))  # after it
    one(ann, gone, date(2024, 3, 1))
    one(otto, otto, date(2024, 3, 1), in_group=other)
    db.session.commit()

    activity = compute_activity(group=group, period=SIX_MONTHS)

    # Ann: six meetings since January in the window; medical (14 May) left out: 3 of 5.
    assert activity[ann.id] == Activity(meetings=5, attended=3, excused=1, one_to_ones=4)
    assert activity[ann.id].attendance == 60
    # Ben: 7 May, 14 May (medical), the running one: 2 of 2; one one-to-one in the window.
    assert activity[ben.id] == Activity(meetings=2, attended=2, excused=1, one_to_ones=1)
    assert activity[cat.id] == Activity(meetings=6, attended=6, excused=0, one_to_ones=2)
    # The former member attends nothing any more; their one-to-one stays theirs.
    assert activity[gone.id] == Activity(one_to_ones=1)
    assert otto.id not in activity
    assert compute_activity(group=group, period=SIX_MONTHS, member_id=ben.id) == \
        {ben.id: activity[ben.id]}
    # Nothing held in a window without meetings: no attendance, one-to-ones still counted.
    march = compute_activity(group=group, period=Period(date(2024, 3, 1), date(2024, 4, 1)))
    assert march[ann.id] == Activity(one_to_ones=1)
    assert march[ann.id].attendance is None
