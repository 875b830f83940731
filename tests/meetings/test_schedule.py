"""The cadence's local dates and their UTC start, checked against dates worked out by hand.

These are pure functions of a group's settings: no database, so they run once, not per
backend. Calendars used (2026): 1 March is a Sunday, 1 January a Thursday.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from partnernet.meetings.schedule import local_start, occurrences
from partnernet.models import Group

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def weekly(weekday: int, **fields) -> Group:
    return Group(cadence="weekly", weekday=weekday, meeting_time=fields.pop("at", time(7, 0)),
                 timezone=fields.pop("timezone", "Europe/London"), **fields)


def monthly(nth: int | None, weekday: int, **fields) -> Group:
    return Group(cadence="monthly", weekday=weekday, nth_weekday=nth,
                 meeting_time=fields.pop("at", time(7, 0)),
                 timezone=fields.pop("timezone", "Europe/London"), **fields)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- Weekly -----------------------------------------------------------------------------------


def test_weekly_tuesdays_in_march():
    assert occurrences(weekly(TUE), date(2026, 3, 1), date(2026, 4, 1)) == [
        date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24),
        date(2026, 3, 31)]


def test_weekly_start_is_included_and_end_excluded():
    group = weekly(TUE)
    # 3 and 31 March are Tuesdays.
    assert occurrences(group, date(2026, 3, 3), date(2026, 3, 31)) == [
        date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24)]
    assert occurrences(group, date(2026, 3, 3), date(2026, 3, 4)) == [date(2026, 3, 3)]
    assert occurrences(group, date(2026, 3, 4), date(2026, 3, 10)) == []
    assert occurrences(group, date(2026, 3, 4), date(2026, 3, 11)) == [date(2026, 3, 10)]


def test_an_empty_or_reversed_range_has_no_meetings():
    group = weekly(TUE)
    assert occurrences(group, date(2026, 3, 3), date(2026, 3, 3)) == []
    assert occurrences(group, date(2026, 3, 10), date(2026, 3, 3)) == []


def test_weekly_on_sunday_and_monday_and_across_a_new_year():
    assert occurrences(weekly(SUN), date(2026, 12, 20), date(2027, 1, 11)) == [
        date(2026, 12, 20), date(2026, 12, 27), date(2027, 1, 3), date(2027, 1, 10)]
    assert occurrences(weekly(MON), date(2026, 12, 20), date(2027, 1, 11)) == [
        date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)]


def test_weekly_across_february_of_a_leap_year():
    # 2028 is a leap year; 29 February 2028 is a Tuesday.
    assert occurrences(weekly(TUE), date(2028, 2, 20), date(2028, 3, 10)) == [
        date(2028, 2, 22), date(2028, 2, 29), date(2028, 3, 7)]


def test_the_dates_are_local_dates_whatever_the_zone():
    # Recurrence is on local dates: a group far east of UTC still meets on its own Tuesday.
    assert occurrences(weekly(TUE, timezone="Pacific/Kiritimati"), date(2026, 3, 1),
                       date(2026, 3, 15)) == [date(2026, 3, 3), date(2026, 3, 10)]


# --- Monthly ----------------------------------------------------------------------------------


def test_monthly_first_monday():
    assert occurrences(monthly(1, MON), date(2026, 1, 1), date(2026, 7, 1)) == [
        date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 6),
        date(2026, 5, 4), date(2026, 6, 1)]


def test_monthly_third_wednesday():
    assert occurrences(monthly(3, WED), date(2026, 1, 1), date(2026, 5, 1)) == [
        date(2026, 1, 21), date(2026, 2, 18), date(2026, 3, 18), date(2026, 4, 15)]


def test_monthly_fourth_thursday_and_the_last_friday():
    assert occurrences(monthly(4, THU), date(2026, 10, 1), date(2027, 1, 1)) == [
        date(2026, 10, 22), date(2026, 11, 26), date(2026, 12, 24)]
    # The last Friday: the fifth in January and May, the fourth in the other months.
    assert occurrences(monthly(-1, FRI), date(2026, 1, 1), date(2026, 7, 1)) == [
        date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24),
        date(2026, 5, 29), date(2026, 6, 26)]


def test_monthly_without_nth_means_the_first():
    assert occurrences(monthly(None, MON), date(2026, 1, 1), date(2026, 3, 1)) == [
        date(2026, 1, 5), date(2026, 2, 2)]


def test_a_fifth_weekday_is_skipped_in_months_without_one():
    # Groups cannot store a fifth weekday (the database allows 1 to 4 and -1, "last"); if
    # one were asked for, rrule skips the months that have no fifth Friday rather than
    # moving the meeting to another day: in 2026, January, May, July and October have one.
    assert occurrences(monthly(5, FRI), date(2026, 1, 1), date(2027, 1, 1)) == [
        date(2026, 1, 30), date(2026, 5, 29), date(2026, 7, 31), date(2026, 10, 30)]


def test_monthly_start_and_end_edges():
    group = monthly(1, MON)
    # Starting the day after a first Monday skips that month.
    assert occurrences(group, date(2026, 2, 3), date(2026, 4, 7)) == [
        date(2026, 3, 2), date(2026, 4, 6)]
    # The end is exclusive: 6 April is left out when the range ends on it.
    assert occurrences(group, date(2026, 2, 2), date(2026, 4, 6)) == [
        date(2026, 2, 2), date(2026, 3, 2)]
    assert occurrences(group, date(2026, 2, 3), date(2026, 3, 2)) == []


def test_monthly_in_february_of_a_leap_year():
    # February 2028 has five Tuesdays (1, 8, 15, 22, 29): the last one is the 29th.
    assert occurrences(monthly(-1, TUE), date(2028, 1, 1), date(2028, 4, 1)) == [
        date(2028, 1, 25), date(2028, 2, 29), date(2028, 3, 28)]


# --- Local start, and daylight saving ---------------------------------------------------------

# (zone, local day, UTC start of a 07:00 meeting). Each zone is shown on both sides of a
# change of offset: the meeting stays at 07:00 local and its UTC instant moves.
SEVEN_AM = [
    # Chicago: CST (−6) until Sunday 8 March 2026 02:00, CDT (−5) until 1 November 02:00.
    ("America/Chicago", date(2026, 3, 7), utc(2026, 3, 7, 13)),
    ("America/Chicago", date(2026, 3, 8), utc(2026, 3, 8, 12)),
    ("America/Chicago", date(2026, 3, 9), utc(2026, 3, 9, 12)),
    ("America/Chicago", date(2026, 10, 31), utc(2026, 10, 31, 12)),
    ("America/Chicago", date(2026, 11, 1), utc(2026, 11, 1, 13)),
    ("America/Chicago", date(2026, 11, 2), utc(2026, 11, 2, 13)),
    # London: GMT until 29 March 2026, BST (+1) until 25 October.
    ("Europe/London", date(2026, 3, 28), utc(2026, 3, 28, 7)),
    ("Europe/London", date(2026, 3, 29), utc(2026, 3, 29, 6)),
    ("Europe/London", date(2026, 10, 24), utc(2026, 10, 24, 6)),
    ("Europe/London", date(2026, 10, 25), utc(2026, 10, 25, 7)),
    # Sydney, southern hemisphere: AEDT (+11) until 5 April 2026, AEST (+10) until
    # 4 October. 07:00 local is the previous day in UTC.
    ("Australia/Sydney", date(2026, 4, 4), utc(2026, 4, 3, 20)),
    ("Australia/Sydney", date(2026, 4, 5), utc(2026, 4, 4, 21)),
    ("Australia/Sydney", date(2026, 10, 3), utc(2026, 10, 2, 21)),
    ("Australia/Sydney", date(2026, 10, 4), utc(2026, 10, 3, 20)),
    # Kiritimati, +14 all year: no change, and the UTC date is always the day before.
    ("Pacific/Kiritimati", date(2026, 1, 1), utc(2025, 12, 31, 17)),
    ("Pacific/Kiritimati", date(2026, 3, 8), utc(2026, 3, 7, 17)),
    ("Pacific/Kiritimati", date(2026, 7, 1), utc(2026, 6, 30, 17)),
]


@pytest.mark.parametrize(("zone", "day", "expected"), SEVEN_AM,
                         ids=[f"{z}-{d}" for z, d, _ in SEVEN_AM])
def test_a_seven_oclock_meeting_stays_at_seven_local(zone, day, expected):
    group = weekly(day.weekday(), timezone=zone)

    start = local_start(group, day)

    assert start == expected
    assert start.tzinfo is UTC
    assert start.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == \
        datetime.combine(day, time(7, 0))


def test_weekly_meetings_across_the_chicago_changes():
    group = weekly(SUN, timezone="America/Chicago")
    days = occurrences(group, date(2026, 3, 1), date(2026, 3, 16))
    assert [local_start(group, d) for d in days] == [
        utc(2026, 3, 1, 13), utc(2026, 3, 8, 12), utc(2026, 3, 15, 12)]
    days = occurrences(group, date(2026, 10, 25), date(2026, 11, 9))
    assert [local_start(group, d) for d in days] == [
        utc(2026, 10, 25, 12), utc(2026, 11, 1, 13), utc(2026, 11, 8, 13)]


def test_a_time_that_does_not_exist_on_the_change_day_moves_forward():
    # 02:30 does not exist in Chicago on 8 March 2026 (clocks jump from 02:00 to 03:00): it
    # is read with the offset before the change, which is 03:30 CDT.
    group = weekly(SUN, timezone="America/Chicago", at=time(2, 30))
    assert local_start(group, date(2026, 3, 8)) == utc(2026, 3, 8, 8, 30)


def test_a_time_that_happens_twice_on_the_change_day_is_the_first_one():
    # 01:30 happens twice in Chicago on 1 November 2026: the first, still CDT (−5).
    group = weekly(SUN, timezone="America/Chicago", at=time(1, 30))
    assert local_start(group, date(2026, 11, 1)) == utc(2026, 11, 1, 6, 30)
