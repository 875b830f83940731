"""Meeting services: the stored schedule, a change of cadence, and a facilitator's moves,
cancellations, restorations and extra meetings, with the rules that refuse them.

Riverside Partners (the `world` fixture) meets on Tuesdays at 07:00, Europe/London, for 90
minutes. "Today" is passed explicitly: Wednesday 25 November 2026 unless a test says otherwise,
so its next twelve weeks hold the Tuesdays from 1 December 2026 to 16 February 2027, all in
GMT (07:00 local is 07:00 UTC).
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.groups.services import GroupSettings, update_group
from partnernet.meetings.services import (
    MeetingError,
    add_meeting,
    apply_cadence,
    cancel_meeting,
    ensure_schedule,
    move_meeting,
    restore_meeting,
)
from partnernet.models import Meeting
from partnernet.models.base import utcnow
from partnernet.periods import local_today
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import by_occurrence, meeting, midnight, stored

TODAY = date(2026, 11, 25)  # a Wednesday
TUESDAYS = [date(2026, 12, 1) + timedelta(weeks=n) for n in range(12)]  # to 16 Feb 2027


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(*args) -> datetime:
    """A naive local date and time, as a form gives it."""
    return datetime(*args)


@pytest.fixture
def scheduled(world):
    """The world, with the next twelve weeks stored."""
    ensure_schedule(group=world.group, now=midnight(world.group, TODAY))
    db.session.commit()
    return world


def test_hand_computed_tuesdays():
    assert TUESDAYS[-1] == date(2027, 2, 16)
    assert all(day.weekday() == 1 for day in TUESDAYS)


# --- ensure_schedule --------------------------------------------------------------------------


def test_a_meeting_that_would_have_started_before_now_is_not_invented(world):
    # A group set up at 20:00 on a Tuesday didn't meet at 07:00 that morning.
    assert ensure_schedule(group=world.group, now=utc(2026, 11, 24, 20)) == 12
    assert [m.occurrence for m in stored(world.group)] == TUESDAYS
    # At 06:59 that morning's meeting is still to come.
    assert ensure_schedule(group=world.group, now=utc(2026, 11, 24, 6, 59)) == 1
    assert stored(world.group)[0].occurrence == date(2026, 11, 24)


def test_a_new_time_on_a_meeting_day_leaves_that_mornings_meeting_alone(world):
    tuesday = date(2026, 11, 24)
    ensure_schedule(group=world.group, now=midnight(world.group, tuesday))
    db.session.commit()
    held = by_occurrence(world.group)[tuesday]
    world.group.meeting_time = time(19, 0)

    apply_cadence(group=world.group, now=utc(2026, 11, 24, 12))  # after the 07:00 meeting
    db.session.commit()

    rows = by_occurrence(world.group)
    assert rows[tuesday] == held
    assert [rows[day].starts_at for day in TUESDAYS] == \
        [utc(d.year, d.month, d.day, 19) for d in TUESDAYS]


def test_a_new_time_already_past_today_drops_the_meeting_rather_than_backdating_it(world):
    tuesday = date(2026, 11, 24)
    ensure_schedule(group=world.group, now=midnight(world.group, tuesday))
    db.session.commit()
    world.group.meeting_time = time(5, 0)

    apply_cadence(group=world.group, now=utc(2026, 11, 24, 6))  # before 07:00, after 05:00
    db.session.commit()

    rows = by_occurrence(world.group)
    assert sorted(rows) == TUESDAYS
    assert rows[TUESDAYS[0]].starts_at == utc(2026, 12, 1, 5)


def test_ensure_schedule_stores_the_next_twelve_weeks(world):
    added = ensure_schedule(group=world.group, now=midnight(world.group, TODAY))
    db.session.commit()

    assert added == 12
    rows = stored(world.group)
    assert [m.occurrence for m in rows] == TUESDAYS
    assert [m.starts_at for m in rows] == [utc(d.year, d.month, d.day, 7) for d in TUESDAYS]
    assert {(m.kind, m.status, m.duration_minutes, m.moved, m.note, m.version)
            for m in rows} == {("regular", "scheduled", 90, False, "", 1)}


def test_on_a_meeting_day_today_and_the_day_twelve_weeks_ahead_are_both_included(world):
    tuesday = date(2026, 11, 24)

    assert ensure_schedule(group=world.group, now=midnight(world.group, tuesday)) == 13

    assert [m.occurrence for m in stored(world.group)] == [tuesday, *TUESDAYS]
    assert tuesday + timedelta(weeks=12) == TUESDAYS[-1]


def test_ensure_schedule_is_idempotent(world):
    ensure_schedule(group=world.group, now=midnight(world.group, TODAY))
    db.session.commit()
    before = stored(world.group)

    assert ensure_schedule(group=world.group, now=midnight(world.group, TODAY)) == 0
    db.session.commit()
    assert stored(world.group) == before

    # A week later, only the one new Tuesday at the far end is added.
    next_week = midnight(world.group, TODAY + timedelta(weeks=1))
    assert ensure_schedule(group=world.group, now=next_week) == 1
    db.session.commit()
    assert [m.occurrence for m in stored(world.group)] == [*TUESDAYS, date(2027, 2, 23)]


def test_ensure_schedule_never_invents_past_meetings(world):
    # Nobody looked at the schedule for a month: the Tuesdays in between stay unstored.
    ensure_schedule(group=world.group, now=midnight(world.group, TODAY))
    later = TODAY + timedelta(weeks=4)
    ensure_schedule(group=world.group, now=midnight(world.group, later))
    db.session.commit()

    days = [m.occurrence for m in stored(world.group)]
    assert days == [*TUESDAYS, *(TUESDAYS[-1] + timedelta(weeks=n) for n in range(1, 5))]

    other = GroupFactory(weekday=1)
    ensure_schedule(group=other, now=midnight(other, later))
    assert min(m.occurrence for m in stored(other)) == date(2026, 12, 29)
    assert all(m.occurrence >= later for m in stored(other))


def test_ensure_schedule_keeps_cancelled_and_moved_occurrences(scheduled):
    group = scheduled.group
    cancel_meeting(meeting=meeting(group, TUESDAYS[0]), actor=scheduled.facilitator,
                   note="Venue closed")
    move_meeting(meeting=meeting(group, TUESDAYS[1]), actor=scheduled.facilitator,
                 starts=local(2026, 12, 10, 18), ends=local(2026, 12, 10, 19, 30), today=TODAY)
    db.session.commit()
    before = stored(group)

    assert ensure_schedule(group=group, now=midnight(group, TODAY)) == 0
    db.session.commit()

    assert stored(group) == before
    rows = by_occurrence(group)
    assert rows[TUESDAYS[0]].status == "cancelled"
    assert rows[TUESDAYS[1]].starts_at == utc(2026, 12, 10, 18)
    assert len(rows) == 12


def test_ensure_schedule_follows_daylight_saving(world):
    # BST starts on 28 March 2027: a 07:00 meeting is at 06:00 UTC from then on.
    ensure_schedule(group=world.group, now=midnight(world.group, date(2027, 3, 10)), weeks=3)

    assert [(m.occurrence, m.starts_at) for m in stored(world.group)] == [
        (date(2027, 3, 16), utc(2027, 3, 16, 7)),
        (date(2027, 3, 23), utc(2027, 3, 23, 7)),
        (date(2027, 3, 30), utc(2027, 3, 30, 6)),
    ]


def test_ensure_schedule_for_a_monthly_group(app):
    group = GroupFactory(cadence="monthly", weekday=4, nth_weekday=-1, meeting_time=time(12, 0),
                         timezone="America/Chicago", duration_minutes=60)

    assert ensure_schedule(group=group, now=midnight(group, TODAY)) == 3

    # The last Fridays of November (27), December (25) and January (29); the last Friday of
    # February 2027 (the 26th) is beyond 12 weeks. Noon CST is 18:00 UTC.
    assert [(m.occurrence, m.starts_at, m.duration_minutes) for m in stored(group)] == [
        (date(2026, 11, 27), utc(2026, 11, 27, 18), 60),
        (date(2026, 12, 25), utc(2026, 12, 25, 18), 60),
        (date(2027, 1, 29), utc(2027, 1, 29, 18), 60),
    ]


def test_ensure_schedule_leaves_other_groups_alone(scheduled):
    other = scheduled.other_group
    assert ensure_schedule(group=other, now=midnight(other, TODAY)) == 12
    db.session.commit()
    assert len(stored(scheduled.group)) == 12
    assert len(stored(other)) == 12


# --- apply_cadence ----------------------------------------------------------------------------


@pytest.fixture
def touched(world):
    """The schedule from Tuesday 24 November (so that day is stored, and in the past once
    "today" is the 25th), with the 8 December meeting moved and the 15th cancelled."""
    group = world.group
    ensure_schedule(group=group, now=midnight(group, date(2026, 11, 24)))
    move_meeting(meeting=meeting(group, date(2026, 12, 8)), actor=world.facilitator,
                 starts=local(2026, 12, 9, 10), ends=local(2026, 12, 9, 11), today=TODAY,
                 note="Wednesday this once")
    cancel_meeting(meeting=meeting(group, date(2026, 12, 15)), actor=world.facilitator,
                   note="Holiday")
    extra = add_meeting(group=group, actor=world.facilitator, starts=local(2026, 12, 18, 18),
                        ends=local(2026, 12, 18, 21), today=TODAY, note="Christmas social")
    db.session.commit()
    world.extra_id = extra.id
    return world


def test_a_new_weekday_replaces_the_untouched_future_meetings(touched):
    group = touched.group
    before = by_occurrence(group)
    group.weekday, group.meeting_time, group.duration_minutes = 3, time(8, 0), 60

    apply_cadence(group=group, now=midnight(group, TODAY))
    db.session.commit()

    rows = by_occurrence(group)
    thursdays = [date(2026, 11, 26) + timedelta(weeks=n) for n in range(12)]  # to 11 Feb
    assert sorted(rows) == sorted([date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 15),
                                   *thursdays])
    for day in thursdays:
        assert (rows[day].starts_at, rows[day].duration_minutes, rows[day].status,
                rows[day].moved) == (utc(day.year, day.month, day.day, 8), 60, "scheduled",
                                     False)
    # Yesterday's meeting is history; the moved and the cancelled ones stay as they were.
    assert rows[date(2026, 11, 24)] == before[date(2026, 11, 24)]
    assert rows[date(2026, 12, 8)] == before[date(2026, 12, 8)]
    assert rows[date(2026, 12, 15)] == before[date(2026, 12, 15)]
    # The untouched future Tuesdays are gone.
    assert not {d for d in before if d.weekday() == 1 and d > date(2026, 12, 15)} & set(rows)
    # The extra meeting stays.
    extras = [m for m in stored(group) if m.kind == "extra"]
    assert [(m.id, m.starts_at, m.duration_minutes) for m in extras] == [
        (touched.extra_id, utc(2026, 12, 18, 18), 180)]


def test_a_new_time_moves_the_untouched_future_meetings_in_place(touched):
    group = touched.group
    before = by_occurrence(group)
    group.meeting_time, group.duration_minutes = time(7, 30), 120

    apply_cadence(group=group, now=midnight(group, TODAY))
    db.session.commit()

    rows = by_occurrence(group)
    assert sorted(rows) == sorted(before)  # the same occurrences...
    for day, row in rows.items():
        if day in (date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 15)):
            assert row == before[day]
        else:  # ...the same rows, at the new time and length
            assert row.id == before[day].id
            assert (row.starts_at, row.duration_minutes) == \
                (utc(day.year, day.month, day.day, 7, 30), 120)
    # The cancelled 15 December is not brought back at the new time.
    assert rows[date(2026, 12, 15)].status == "cancelled"
    assert rows[date(2026, 12, 15)].starts_at == utc(2026, 12, 15, 7)


def test_a_new_time_zone_keeps_the_local_time(touched):
    group = touched.group
    group.timezone = "America/Chicago"  # 07:00 CST is 13:00 UTC

    apply_cadence(group=group, now=midnight(group, TODAY))
    db.session.commit()

    rows = by_occurrence(group)
    assert rows[date(2026, 12, 1)].starts_at == utc(2026, 12, 1, 13)
    assert rows[date(2026, 12, 8)].starts_at == utc(2026, 12, 9, 10)  # moved: kept


def test_changing_to_monthly(touched):
    group = touched.group
    group.cadence, group.nth_weekday, group.weekday = "monthly", 1, 0  # first Monday

    apply_cadence(group=group, now=midnight(group, TODAY))
    db.session.commit()

    assert sorted(by_occurrence(group)) == [
        date(2026, 11, 24), date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 15),
        date(2027, 1, 4), date(2027, 2, 1)]


def test_a_cadence_change_leaves_running_and_closed_meetings(world):
    group = world.group
    ensure_schedule(group=group, now=midnight(group, TODAY))
    meeting(group, TUESDAYS[0]).status = "running"
    meeting(group, TUESDAYS[1]).status = "closed"
    db.session.commit()
    group.weekday = 3

    apply_cadence(group=group, now=midnight(group, TODAY))
    db.session.commit()

    rows = by_occurrence(group)
    assert (rows[TUESDAYS[0]].status, rows[TUESDAYS[1]].status) == ("running", "closed")
    assert TUESDAYS[2] not in rows


def test_changing_the_cadence_in_the_settings_updates_the_schedule(world):
    group = world.group
    today = local_today(group.timezone)  # update_group works from the real date
    ensure_schedule(group=group, now=midnight(group, today))
    db.session.commit()
    before = stored(group)
    settings = GroupSettings(name="Renamed Partners", cadence="weekly", weekday=1,
                             meeting_time=time(7, 0), timezone=group.timezone,
                             currency=group.currency)

    update_group(actor=world.facilitator, group=group, settings=settings)
    db.session.commit()
    assert stored(group) == before  # only the name changed: the schedule is left alone

    update_group(actor=world.facilitator, group=group, settings=replace(settings, weekday=4))
    db.session.commit()

    fridays = [today + timedelta(days=n) for n in range(85)
               if (today + timedelta(days=n)).weekday() == 4]
    assert [m.occurrence for m in stored(group)] == fridays


# --- move_meeting -----------------------------------------------------------------------------


def test_move_a_meeting(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])

    moved = move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2026, 12, 2, 18),
                         ends=local(2026, 12, 2, 19, 15), today=TODAY, note="  Room  change ",
                         version=1)
    db.session.commit()

    assert moved is row
    rows = by_occurrence(scheduled.group)
    after = rows[TUESDAYS[0]]
    assert (after.starts_at, after.duration_minutes, after.moved, after.note, after.status,
            after.version) == (utc(2026, 12, 2, 18), 75, True, "Room change", "scheduled", 2)
    assert all(not rows[d].moved for d in TUESDAYS[1:])


def test_a_move_is_read_in_the_groups_time_zone(world):
    group = world.group
    group.timezone = "Australia/Sydney"
    ensure_schedule(group=group, now=midnight(group, TODAY))
    db.session.commit()

    # 07:00 on 3 April 2027 in Sydney is still AEDT (+11); on the 4th, AEST (+10).
    move_meeting(meeting=meeting(group, TUESDAYS[0]), actor=world.facilitator,
                 starts=local(2027, 4, 4, 7), ends=local(2027, 4, 4, 8), today=TODAY)
    db.session.commit()

    assert by_occurrence(group)[TUESDAYS[0]].starts_at == utc(2027, 4, 3, 21)


def test_the_note_is_kept_when_none_is_given(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])
    move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2026, 12, 1, 8),
                 ends=local(2026, 12, 1, 9), today=TODAY, note="Later start")
    move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2026, 12, 1, 9),
                 ends=local(2026, 12, 1, 10), today=TODAY)
    db.session.commit()

    assert by_occurrence(scheduled.group)[TUESDAYS[0]].note == "Later start"


# (starts, ends, today, field, message)
BAD_MOVES = {
    "ends before it starts": (local(2026, 12, 1, 9), local(2026, 12, 1, 8), TODAY, "ends_at",
                              "The meeting must end after it starts."),
    "ends as it starts": (local(2026, 12, 1, 9), local(2026, 12, 1, 9), TODAY, "ends_at",
                          "The meeting must end after it starts."),
    "fourteen minutes": (local(2026, 12, 1, 9), local(2026, 12, 1, 9, 14), TODAY, "ends_at",
                         "A meeting lasts at least 15 minutes."),
    "eight hours and a minute": (local(2026, 12, 1, 9), local(2026, 12, 1, 17, 1), TODAY,
                                 "ends_at", "A meeting lasts at most 8 hours."),
    "two years and a day ahead": (local(2028, 11, 26, 9), local(2028, 11, 26, 10), TODAY,
                                  "starts_at",
                                  "That is more than two years ahead; check the date."),
    "a year and a day ago": (local(2025, 11, 24, 9), local(2025, 11, 24, 10), TODAY,
                             "starts_at", "That is more than a year ago; check the date."),
    # London's clocks go from 01:00 to 02:00 on 29 March 2026: 01:30 never happens.
    "a start the clock skips": (local(2026, 3, 29, 1, 30), local(2026, 3, 29, 3), TODAY,
                                "start_time", "01:30 doesn't exist on 29 March: the clocks go "
                                             "forward then. Choose another time."),
    "an end the clock skips": (local(2026, 3, 29, 0, 30), local(2026, 3, 29, 1, 45), TODAY,
                               "end_time", "01:45 doesn't exist on 29 March: the clocks go "
                                          "forward then. Choose another time."),
}


@pytest.mark.parametrize(("starts", "ends", "minutes"), [
    # London, 29 March 2026: 01:00 GMT becomes 02:00 BST, so 00:30–03:00 is 90 real minutes.
    (local(2026, 3, 29, 0, 30), local(2026, 3, 29, 3), 90),
    # 25 October 2026: 02:00 BST becomes 01:00 GMT, so 00:30–03:00 is 210 real minutes.
    (local(2026, 10, 25, 0, 30), local(2026, 10, 25, 3), 210),
    (local(2026, 12, 1, 18), local(2026, 12, 1, 19, 30), 90),
])
def test_a_meetings_length_is_real_time_across_a_clock_change(scheduled, starts, ends, minutes):
    extra = add_meeting(group=scheduled.group, actor=scheduled.facilitator, starts=starts,
                        ends=ends, today=TODAY)
    db.session.commit()
    zone = ZoneInfo("Europe/London")
    assert extra.duration_minutes == minutes
    assert extra.starts_at == starts.replace(tzinfo=zone).astimezone(UTC)
    assert (extra.starts_at + timedelta(minutes=minutes)).astimezone(zone).replace(
        tzinfo=None) == ends


@pytest.mark.parametrize("case", BAD_MOVES)
def test_a_bad_move_is_refused_with_its_field_and_changes_nothing(scheduled, case):
    starts, ends, today, field, message = BAD_MOVES[case]
    before = stored(scheduled.group)
    row = meeting(scheduled.group, TUESDAYS[0])

    with pytest.raises(MeetingError) as caught:
        move_meeting(meeting=row, actor=scheduled.facilitator, starts=starts, ends=ends,
                     today=today, note="Should not stick", version=1)

    assert (caught.value.field, caught.value.message) == (field, message)
    # Nothing was changed, not even in the session (a caller that commits saves nothing).
    assert (row.starts_at, row.duration_minutes, row.moved, row.note) == \
        (utc(2026, 12, 1, 7), 90, False, "")
    db.session.commit()
    assert stored(scheduled.group) == before


def test_a_bad_note_is_refused_and_the_time_is_not_half_changed(scheduled):
    before = stored(scheduled.group)
    row = meeting(scheduled.group, TUESDAYS[0])

    for note, message in [("x" * 501, "Use at most 500 characters for Note."),
                          ("bell\x07", "Use only printable characters for Note.")]:
        with pytest.raises(MeetingError) as caught:
            move_meeting(meeting=row, actor=scheduled.facilitator,
                         starts=local(2026, 12, 2, 18), ends=local(2026, 12, 2, 19),
                         today=TODAY, note=note)
        assert (caught.value.field, caught.value.message) == ("note", message)
        assert (row.starts_at, row.moved) == (utc(2026, 12, 1, 7), False)

    db.session.commit()
    assert stored(scheduled.group) == before


@pytest.mark.parametrize(("ends", "minutes"), [(local(2026, 12, 1, 9, 15), 15),
                                               (local(2026, 12, 1, 17), 480)])
def test_the_shortest_and_longest_meetings_are_allowed(scheduled, ends, minutes):
    move_meeting(meeting=meeting(scheduled.group, TUESDAYS[0]), actor=scheduled.facilitator,
                 starts=local(2026, 12, 1, 9), ends=ends, today=TODAY)
    db.session.commit()
    assert by_occurrence(scheduled.group)[TUESDAYS[0]].duration_minutes == minutes


def test_exactly_two_years_ahead_is_allowed(scheduled):
    move_meeting(meeting=meeting(scheduled.group, TUESDAYS[0]), actor=scheduled.facilitator,
                 starts=local(2028, 11, 25, 9), ends=local(2028, 11, 25, 10), today=TODAY)
    db.session.commit()
    assert by_occurrence(scheduled.group)[TUESDAYS[0]].starts_at == utc(2028, 11, 25, 9)


def test_two_years_ahead_of_a_leap_day(scheduled):
    # 29 February 2028 plus two years has no 29 February: the limit is 28 February 2030.
    row = meeting(scheduled.group, TUESDAYS[0])
    leap_day = date(2028, 2, 29)
    move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2030, 2, 28, 9),
                 ends=local(2030, 2, 28, 10), today=leap_day)
    with pytest.raises(MeetingError) as caught:
        move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2030, 3, 1, 9),
                     ends=local(2030, 3, 1, 10), today=leap_day)
    assert caught.value.field == "starts_at"


def test_a_meeting_can_be_moved_into_the_past(scheduled):
    # There is no rule against it: a facilitator may record that last week's meeting was
    # really held on the Wednesday.
    move_meeting(meeting=meeting(scheduled.group, TUESDAYS[0]), actor=scheduled.facilitator,
                 starts=local(2026, 11, 18, 7), ends=local(2026, 11, 18, 8), today=TODAY)
    db.session.commit()
    assert by_occurrence(scheduled.group)[TUESDAYS[0]].starts_at == utc(2026, 11, 18, 7)


def test_only_a_scheduled_meeting_can_be_moved(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])
    cancel_meeting(meeting=row, actor=scheduled.facilitator)
    db.session.commit()

    with pytest.raises(MeetingError) as caught:
        move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2026, 12, 2, 7),
                     ends=local(2026, 12, 2, 8), today=TODAY)
    assert (caught.value.field, caught.value.message) == (
        "status", "Only a scheduled meeting can be moved.")


# --- Cancel and restore -----------------------------------------------------------------------


def test_cancel_and_restore(scheduled):
    row = meeting(scheduled.group, TUESDAYS[2])

    cancel_meeting(meeting=row, actor=scheduled.facilitator, note="Bank holiday", version=1)
    db.session.commit()
    after = by_occurrence(scheduled.group)
    assert (after[TUESDAYS[2]].status, after[TUESDAYS[2]].note, after[TUESDAYS[2]].version) == \
        ("cancelled", "Bank holiday", 2)
    assert all(after[d].status == "scheduled" for d in TUESDAYS if d != TUESDAYS[2])

    restore_meeting(meeting=row, actor=scheduled.facilitator, version=2)
    db.session.commit()
    back = by_occurrence(scheduled.group)[TUESDAYS[2]]
    assert (back.status, back.starts_at, back.version) == ("scheduled", utc(2026, 12, 15, 7), 3)
    assert back.note == ""  # "Bank holiday" no longer applies


def test_cancel_twice_or_restore_a_scheduled_meeting_is_refused(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])
    with pytest.raises(MeetingError) as caught:
        restore_meeting(meeting=row, actor=scheduled.facilitator)
    assert (caught.value.field, caught.value.message) == (
        "status", "Only a cancelled meeting can be restored.")

    cancel_meeting(meeting=row, actor=scheduled.facilitator)
    db.session.commit()
    with pytest.raises(MeetingError) as caught:
        cancel_meeting(meeting=row, actor=scheduled.facilitator)
    assert (caught.value.field, caught.value.message) == (
        "status", "Only a scheduled meeting can be cancelled.")


def test_a_cancellation_with_a_bad_reason_cancels_nothing(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])

    with pytest.raises(MeetingError) as caught:
        cancel_meeting(meeting=row, actor=scheduled.facilitator, note="x" * 501)

    assert caught.value.field == "note"
    assert row.status == "scheduled"
    db.session.commit()
    assert by_occurrence(scheduled.group)[TUESDAYS[0]].status == "scheduled"


# --- Extra meetings ---------------------------------------------------------------------------


def test_add_an_extra_meeting(scheduled):
    extra = add_meeting(group=scheduled.group, actor=scheduled.facilitator,
                        starts=local(2026, 12, 18, 18), ends=local(2026, 12, 18, 21, 30),
                        today=TODAY, note="Christmas social")
    db.session.commit()

    rows = [m for m in stored(scheduled.group) if m.kind == "extra"]
    assert [(m.id, m.occurrence, m.starts_at, m.duration_minutes, m.status, m.moved, m.note)
            for m in rows] == [(extra.id, None, utc(2026, 12, 18, 18), 210, "scheduled", False,
                                "Christmas social")]
    # The cadence does not count it, so it generates nothing and removes nothing.
    assert ensure_schedule(group=scheduled.group, now=midnight(scheduled.group, TODAY)) == 0
    assert len(stored(scheduled.group)) == 13


def test_two_extra_meetings_on_the_same_day(scheduled):
    # Extra meetings have no occurrence, and NULLs never collide in the unique constraint.
    for hour in (12, 18):
        add_meeting(group=scheduled.group, actor=scheduled.facilitator,
                    starts=local(2026, 12, 1, hour), ends=local(2026, 12, 1, hour + 1),
                    today=TODAY)
    db.session.commit()
    assert len([m for m in stored(scheduled.group) if m.kind == "extra"]) == 2


@pytest.mark.parametrize("case", BAD_MOVES)
def test_a_bad_extra_meeting_is_refused(scheduled, case):
    starts, ends, today, field, message = BAD_MOVES[case]

    with pytest.raises(MeetingError) as caught:
        add_meeting(group=scheduled.group, actor=scheduled.facilitator, starts=starts, ends=ends,
                    today=today)

    assert (caught.value.field, caught.value.message) == (field, message)
    db.session.commit()
    assert len(stored(scheduled.group)) == 12


def test_an_extra_meeting_with_a_bad_note_is_refused(scheduled):
    with pytest.raises(MeetingError) as caught:
        add_meeting(group=scheduled.group, actor=scheduled.facilitator,
                    starts=local(2026, 12, 1, 18), ends=local(2026, 12, 1, 19), today=TODAY,
                    note="x" * 501)
    assert caught.value.field == "note"
    db.session.commit()
    assert len(stored(scheduled.group)) == 12


# --- Versions ---------------------------------------------------------------------------------


def test_a_stale_version_is_a_conflict_and_changes_nothing(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])
    cancel_meeting(meeting=row, actor=scheduled.facilitator)
    restore_meeting(meeting=row, actor=scheduled.facilitator)
    db.session.commit()
    before = stored(scheduled.group)
    assert row.version == 3

    attempts = [
        lambda: move_meeting(meeting=row, actor=scheduled.facilitator,
                             starts=local(2026, 12, 2, 7), ends=local(2026, 12, 2, 8),
                             today=TODAY, version=1),
        lambda: cancel_meeting(meeting=row, actor=scheduled.facilitator, version=2),
        lambda: restore_meeting(meeting=row, actor=scheduled.facilitator, version=2),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict) as caught:
            attempt()
        assert caught.value.field == "version"

    db.session.commit()
    assert stored(scheduled.group) == before


def test_a_change_made_meanwhile_by_someone_else_is_a_conflict(scheduled):
    row = meeting(scheduled.group, TUESDAYS[0])
    assert row.version == 1
    # Another request cancels it between this one's read and its write.
    db.session.connection().execute(
        sa.text("UPDATE meetings SET status = 'cancelled', version = version + 1 "
                "WHERE id = :id"), {"id": row.id})

    with pytest.raises(Conflict) as caught:
        move_meeting(meeting=row, actor=scheduled.facilitator, starts=local(2026, 12, 2, 7),
                     ends=local(2026, 12, 2, 8), today=TODAY)

    assert caught.value.field == "version"
    db.session.rollback()


# --- Who may ----------------------------------------------------------------------------------


def changes(world, row):
    return {
        "move": lambda actor: move_meeting(meeting=row, actor=actor,
                                           starts=local(2026, 12, 2, 7),
                                           ends=local(2026, 12, 2, 8), today=TODAY),
        "cancel": lambda actor: cancel_meeting(meeting=row, actor=actor),
        "restore": lambda actor: restore_meeting(meeting=row, actor=actor),
        "add": lambda actor: add_meeting(group=world.group, actor=actor,
                                         starts=local(2026, 12, 2, 7),
                                         ends=local(2026, 12, 2, 8), today=TODAY),
    }


@pytest.mark.parametrize("action", ["move", "cancel", "restore", "add"])
@pytest.mark.parametrize("who", ["member", "outsider", "former facilitator"])
def test_only_the_groups_facilitators_change_the_schedule(scheduled, action, who):
    row = meeting(scheduled.group, TUESDAYS[0])
    if action == "restore":
        cancel_meeting(meeting=row, actor=scheduled.facilitator)
        db.session.commit()
    if who == "former facilitator":
        former = MembershipFactory(group=scheduled.group, role="facilitator")
        former.left_at = utcnow()
        db.session.commit()
        actor = former.user
    else:
        actor = getattr(scheduled, who)
    before = stored(scheduled.group)

    with pytest.raises(PermissionDenied):
        changes(scheduled, row)[action](actor)

    db.session.commit()
    assert stored(scheduled.group) == before


def test_a_second_facilitator_may(scheduled):
    second = MembershipFactory(group=scheduled.group, role="facilitator").user
    cancel_meeting(meeting=meeting(scheduled.group, TUESDAYS[0]), actor=second)
    db.session.commit()
    assert by_occurrence(scheduled.group)[TUESDAYS[0]].status == "cancelled"


def test_the_database_refuses_what_the_services_never_write(scheduled):
    # Check constraints back the rules: a regular meeting has an occurrence, an extra one none;
    # one regular meeting per occurrence; 15 to 480 minutes.
    bad = [
        dict(kind="regular", occurrence=None),
        dict(kind="extra", occurrence=date(2027, 6, 1)),
        dict(kind="regular", occurrence=TUESDAYS[0]),
        dict(kind="extra", occurrence=None, duration_minutes=14),
        dict(kind="extra", occurrence=None, duration_minutes=481),
        dict(kind="extra", occurrence=None, status="postponed"),
    ]
    for fields in bad:
        db.session.add(Meeting(group_id=scheduled.group.id, starts_at=utc(2027, 6, 1, 7),
                               **fields))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()
    assert len(stored(scheduled.group)) == 12
