"""Periods: named rolling periods of local dates, and their boundaries as UTC instants."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnernet.periods import NAMED, Period, local_today, named_period

DAY = timedelta(days=1)


# --- named_period ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "start"), [
    ("week", date(2024, 6, 9)),  # 9..15 June: seven days, today included
    ("month", date(2024, 5, 17)),  # thirty days
    ("quarter", date(2024, 3, 16)),
    ("6m", date(2023, 12, 16)),
    ("12m", date(2023, 6, 16)),
])
def test_named_periods_roll_back_from_tomorrow(name, start):
    period = named_period(name, date(2024, 6, 15))
    assert period == Period(start, date(2024, 6, 16), name)
    assert period.label == NAMED[name]


def test_all_time_is_unbounded():
    period = named_period("all", date(2024, 6, 15))
    assert (period.start, period.end, period.label) == (None, None, "All time")
    assert period.utc_bounds("Europe/London") == (None, None)


def test_an_unknown_period_name_is_refused():
    with pytest.raises(ValueError, match="unknown period"):
        named_period("fortnight", date(2024, 6, 15))


def test_an_explicit_period_is_custom():
    assert Period(date(2024, 1, 1), date(2024, 2, 1)).label == "Custom"


@pytest.mark.parametrize(("today", "name", "start"), [
    # 12 months before 29 February 2024 is clamped to 28 February 2023.
    (date(2024, 2, 28), "12m", date(2023, 2, 28)),
    (date(2024, 2, 28), "6m", date(2023, 8, 29)),
    (date(2024, 2, 28), "quarter", date(2023, 11, 29)),
    # From 31 May: February has 29 days in a leap year, 28 otherwise; November has 30.
    (date(2024, 5, 30), "quarter", date(2024, 2, 29)),
    (date(2025, 5, 30), "quarter", date(2025, 2, 28)),
    (date(2024, 5, 30), "6m", date(2023, 11, 30)),
    (date(2024, 5, 30), "12m", date(2023, 5, 31)),
    # Century years: 2000 was a leap year, 2100 will not be.
    (date(2000, 5, 30), "quarter", date(2000, 2, 29)),
    (date(2100, 5, 30), "quarter", date(2100, 2, 28)),
    # From 31 March: September has 30 days; December 31.
    (date(2024, 3, 30), "6m", date(2023, 9, 30)),
    (date(2024, 3, 30), "quarter", date(2023, 12, 31)),
    # New Year's Eve: tomorrow is in the next year.
    (date(2024, 12, 31), "quarter", date(2024, 10, 1)),
    (date(2024, 12, 31), "12m", date(2024, 1, 1)),
    (date(2024, 12, 31), "week", date(2024, 12, 25)),  # 25..31 December
    # Leap day itself: tomorrow is 1 March.
    (date(2024, 2, 29), "12m", date(2023, 3, 1)),
    (date(2024, 2, 29), "month", date(2024, 1, 31)),
])
def test_month_based_periods_clamp_to_the_end_of_shorter_months(today, name, start):
    assert named_period(name, today) == Period(start, today + DAY, name)


@settings(max_examples=200)
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 30)),
       st.sampled_from(["week", "month", "quarter", "6m", "12m"]))
def test_every_named_period_ends_tomorrow_and_contains_today(today, name):
    period = named_period(name, today)
    assert period.end == today + DAY
    assert period.start <= today < period.end
    length = (period.end - period.start).days
    expected = {"week": (7, 7), "month": (30, 30), "quarter": (89, 92), "6m": (181, 184),
                "12m": (365, 366)}[name]
    assert expected[0] <= length <= expected[1]


# --- utc_bounds ------------------------------------------------------------------------------


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("tz", "start", "end"), [
    ("UTC", utc(2024, 6, 1), utc(2024, 7, 1)),
    ("Europe/London", utc(2024, 5, 31, 23), utc(2024, 6, 30, 23)),  # BST, UTC+1
    ("Pacific/Auckland", utc(2024, 5, 31, 12), utc(2024, 6, 30, 12)),  # NZST, UTC+12
    ("Pacific/Kiritimati", utc(2024, 5, 31, 10), utc(2024, 6, 30, 10)),  # UTC+14
    ("Pacific/Honolulu", utc(2024, 6, 1, 10), utc(2024, 7, 1, 10)),  # UTC-10
    ("Asia/Kolkata", utc(2024, 5, 31, 18, 30), utc(2024, 6, 30, 18, 30)),  # UTC+5:30
])
def test_utc_bounds_are_local_midnights(tz, start, end):
    bounds = Period(date(2024, 6, 1), date(2024, 7, 1)).utc_bounds(tz)
    assert bounds == (start, end)
    assert all(b.utcoffset() == timedelta(0) for b in bounds)


def test_utc_bounds_across_the_spring_dst_change_in_new_york():
    # 10 March 2024: clocks go from 02:00 EST to 03:00 EDT, so the day lasts 23 hours.
    start, end = Period(date(2024, 3, 10), date(2024, 3, 11)).utc_bounds("America/New_York")
    assert (start, end) == (utc(2024, 3, 10, 5), utc(2024, 3, 11, 4))
    assert end - start == timedelta(hours=23)

    march = Period(date(2024, 3, 1), date(2024, 4, 1)).utc_bounds("America/New_York")
    assert march == (utc(2024, 3, 1, 5), utc(2024, 4, 1, 4))


def test_utc_bounds_across_the_autumn_dst_change_in_new_york():
    start, end = Period(date(2024, 11, 3), date(2024, 11, 4)).utc_bounds("America/New_York")
    assert (start, end) == (utc(2024, 11, 3, 4), utc(2024, 11, 4, 5))
    assert end - start == timedelta(hours=25)


def test_a_day_whose_midnight_does_not_exist_starts_when_the_clocks_resume():
    # Santiago moved its clocks from 00:00 to 01:00 on 8 September 2024: the day began at
    # 01:00 -03, that is 04:00 UTC, the same instant the previous day ended.
    start, end = Period(date(2024, 9, 7), date(2024, 9, 8)).utc_bounds("America/Santiago")
    assert end == utc(2024, 9, 8, 4)
    assert start == utc(2024, 9, 7, 4)


def test_open_ended_periods_have_open_bounds():
    assert Period(date(2024, 6, 1), None).utc_bounds("Pacific/Auckland") == (
        utc(2024, 5, 31, 12), None)
    assert Period(None, date(2024, 6, 1)).utc_bounds("Pacific/Honolulu") == (
        None, utc(2024, 6, 1, 10))


@pytest.mark.parametrize(("tz", "today"), [
    ("Pacific/Auckland", date(2024, 6, 11)),  # already 11:30 tomorrow
    ("Pacific/Honolulu", date(2024, 6, 10)),  # still 13:30 today
    ("UTC", date(2024, 6, 10)),
])
def test_local_today_near_midnight_utc(tz, today):
    assert local_today(tz, utc(2024, 6, 10, 23, 30)) == today


# --- partition property ----------------------------------------------------------------------

ZONES = st.sampled_from(["UTC", "America/New_York", "America/Santiago", "Pacific/Auckland",
                         "Pacific/Kiritimati", "Pacific/Honolulu", "Asia/Kolkata",
                         "Australia/Lord_Howe", "Europe/London"]) | st.timezone_keys()
DATES = st.dates(min_value=date(1980, 1, 1), max_value=date(2060, 12, 31))
INSTANTS = st.datetimes(min_value=datetime(1979, 12, 1), max_value=datetime(2061, 2, 1),
                        timezones=st.just(UTC))


def contains(bounds, instant) -> bool:
    start, end = bounds
    return (start is None or start <= instant) and (end is None or instant < end)


@settings(max_examples=300)
@given(ZONES, st.one_of(st.none(), DATES), DATES, st.one_of(st.none(), DATES), INSTANTS)
def test_adjacent_periods_partition_their_union(tz, a, b, c, instant):
    if a is not None and a > b:
        a, b = b, a
    if c is not None and c < b:
        b, c = c, b
        if a is not None and a > b:
            a, b = b, a
    whole = Period(a, c).utc_bounds(tz)
    first = Period(a, b).utc_bounds(tz)
    second = Period(b, c).utc_bounds(tz)

    assert first[1] == second[0]
    # Every instant of [a, c) is in exactly one of [a, b) and [b, c); none outside it is.
    assert contains(first, instant) + contains(second, instant) == int(contains(whole, instant))
