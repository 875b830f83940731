"""parse_period (what the ledger page, API and exports accept) and calendar months/quarters."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnernet.periods import (
    LEDGER_PERIODS,
    Period,
    PeriodError,
    calendar_month,
    calendar_quarter,
    named_period,
    parse_period,
)

TODAY = date(2024, 6, 15)
TOMORROW = date(2024, 6, 16)


# --- Accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "start"), [
    ("week", date(2024, 6, 9)),
    ("month", date(2024, 5, 17)),
    ("quarter", date(2024, 3, 16)),
    ("6m", date(2023, 12, 16)),
    ("12m", date(2023, 6, 16)),
])
def test_named_periods(name, start):
    assert parse_period(today=TODAY, period=name) == Period(start, TOMORROW, name)


def test_the_default_is_six_months():
    assert parse_period(today=TODAY) == Period(date(2023, 12, 16), TOMORROW, "6m")
    assert parse_period(today=TODAY, period="", start="", end="  ") == \
        Period(date(2023, 12, 16), TOMORROW, "6m")
    assert parse_period(today=TODAY, default="week") == named_period("week", TODAY)


def test_the_ledger_periods():
    assert LEDGER_PERIODS == ("week", "month", "quarter", "6m", "12m")


def test_other_names_when_the_caller_allows_them():
    assert parse_period(today=TODAY, period="all", names=("all", "6m")) == \
        Period(None, None, "all")


@pytest.mark.parametrize(("start", "end"), [
    ("2024-01-01", "2024-02-01"),
    (" 2024-01-01 ", "2024-02-01\n"),
    (date(2024, 1, 1), date(2024, 2, 1)),
])
def test_start_and_end(start, end):
    period = parse_period(today=TODAY, start=start, end=end)
    assert period == Period(date(2024, 1, 1), date(2024, 2, 1), "custom")


def test_a_single_day():
    assert parse_period(today=TODAY, start="2024-02-29", end="2024-03-01") == \
        Period(date(2024, 2, 29), date(2024, 3, 1))


def test_end_defaults_to_tomorrow():
    assert parse_period(today=TODAY, start="2024-06-01") == Period(date(2024, 6, 1), TOMORROW)
    assert parse_period(today=TODAY, start="2024-06-15", end="") == Period(TODAY, TOMORROW)
    # New Year's Eve: tomorrow is next year.
    assert parse_period(today=date(2024, 12, 31), start="2024-12-01") == \
        Period(date(2024, 12, 1), date(2025, 1, 1))


def test_exactly_the_longest_period():
    # 3,653 days: ten years with three leap days.
    assert parse_period(today=TODAY, start="2020-01-01", end="2030-01-01") == \
        Period(date(2020, 1, 1), date(2030, 1, 1))


# --- Refused, each on the input at fault ------------------------------------------------------


def refused(**kwargs) -> PeriodError:
    with pytest.raises(PeriodError) as caught:
        parse_period(today=TODAY, **kwargs)
    assert caught.value.message == str(caught.value)
    return caught.value


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"start": "2024-03-01", "end": "2024-02-01"}, "end"),  # start after end
    ({"start": "2024-03-01", "end": "2024-03-01"}, "end"),  # empty
    ({"start": date(2024, 3, 1), "end": date(2024, 2, 29)}, "end"),
    ({"start": "2024-13-01", "end": "2024-02-01"}, "start"),
    ({"start": "2024-02-30"}, "start"),
    ({"start": "2024-01-01", "end": "next friday"}, "end"),
    ({"start": "01/02/2024", "end": "2024-03-01"}, "start"),
    ({"start": "2014-01-01", "end": "2024-01-03"}, "end"),  # 3,654 days
    ({"start": "2020-01-01", "end": "2030-01-02"}, "end"),  # 3,654 days
    ({"period": "month", "start": "2024-01-01"}, "period"),
    ({"period": "month", "end": "2024-02-01"}, "period"),
    ({"period": "month", "start": "2024-01-01", "end": "2024-02-01"}, "period"),
    ({"period": "fortnight"}, "period"),
    ({"period": "all"}, "period"),  # not a ledger period
    ({"period": "MONTH"}, "period"),
    ({"end": "2024-02-01"}, "start"),  # an end without a start
    ({"start": "0001-01-01", "end": "0001-02-01"}, "start"),  # before 1900: a typing mistake
    ({"start": "1899-12-31", "end": "1900-02-01"}, "start"),
    ({"start": "2020-01-01", "end": "9999-12-31"}, "end"),  # can't be made an instant
])
def test_refused(kwargs, field):
    assert refused(**kwargs).field == field


def test_messages_say_what_is_wrong():
    assert refused(start="2024-13-01").message == "“2024-13-01” is not a date; use YYYY-MM-DD."
    # Long input is cut to 20 characters in the message.
    long = "x" * 200
    error = refused(start="2024-01-01", end=long)
    assert ("x" * 20) in error.message and ("x" * 21) not in error.message
    assert "fortnight" in refused(period="fortnight").message
    assert "ten years" in refused(start="2000-01-01", end="2024-01-01").message
    assert refused(start="2024-03-01", end="2024-02-01").message == \
        "The period must end after it starts."
    assert refused(start="0001-01-01").message == "Choose a date between 1900 and 9998."


def test_the_earliest_and_latest_days_are_accepted():
    assert parse_period(today=TODAY, start="1900-01-01", end="1900-02-01").start == \
        date(1900, 1, 1)
    assert parse_period(today=date(9998, 6, 1), start="9998-01-01",
                        end="9998-12-31").end == date(9998, 12, 31)


def test_a_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


# --- Calendar months and quarters -------------------------------------------------------------


@pytest.mark.parametrize(("today", "start", "end"), [
    (date(2024, 12, 31), date(2024, 12, 1), date(2025, 1, 1)),
    (date(2024, 12, 1), date(2024, 12, 1), date(2025, 1, 1)),
    (date(2025, 1, 1), date(2025, 1, 1), date(2025, 2, 1)),
    (date(2024, 1, 31), date(2024, 1, 1), date(2024, 2, 1)),
    (date(2024, 2, 29), date(2024, 2, 1), date(2024, 3, 1)),  # leap year: 29 days
    (date(2024, 2, 1), date(2024, 2, 1), date(2024, 3, 1)),
    (date(2023, 2, 28), date(2023, 2, 1), date(2023, 3, 1)),  # 28 days
    (date(2000, 2, 15), date(2000, 2, 1), date(2000, 3, 1)),
    (date(2024, 4, 30), date(2024, 4, 1), date(2024, 5, 1)),
])
def test_calendar_month(today, start, end):
    assert calendar_month(today) == Period(start, end, "calendar-month")


def test_february_lengths():
    assert (calendar_month(date(2024, 2, 10)).end - date(2024, 2, 1)).days == 29
    assert (calendar_month(date(2023, 2, 10)).end - date(2023, 2, 1)).days == 28
    assert (calendar_month(date(2100, 2, 10)).end - date(2100, 2, 1)).days == 28
    assert (calendar_month(date(2000, 2, 10)).end - date(2000, 2, 1)).days == 29


@pytest.mark.parametrize(("today", "start", "end"), [
    (date(2024, 12, 31), date(2024, 10, 1), date(2025, 1, 1)),
    (date(2024, 10, 1), date(2024, 10, 1), date(2025, 1, 1)),
    (date(2025, 1, 1), date(2025, 1, 1), date(2025, 4, 1)),
    (date(2024, 2, 29), date(2024, 1, 1), date(2024, 4, 1)),
    (date(2024, 3, 31), date(2024, 1, 1), date(2024, 4, 1)),
    (date(2024, 4, 1), date(2024, 4, 1), date(2024, 7, 1)),
    (date(2024, 6, 30), date(2024, 4, 1), date(2024, 7, 1)),
    (date(2024, 9, 30), date(2024, 7, 1), date(2024, 10, 1)),
])
def test_calendar_quarter(today, start, end):
    assert calendar_quarter(today) == Period(start, end, "calendar-quarter")


def test_first_quarter_lengths():
    assert (calendar_quarter(date(2024, 2, 29)).end - date(2024, 1, 1)).days == 91
    assert (calendar_quarter(date(2023, 2, 28)).end - date(2023, 1, 1)).days == 90


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
def test_calendar_spans_hold_today_and_tile_the_year(today):
    month = calendar_month(today)
    assert month.start == today.replace(day=1)
    assert month.start <= today < month.end
    assert month.end.day == 1 and (month.end - timedelta(days=1)).month == today.month
    quarter = calendar_quarter(today)
    assert quarter.start <= month.start and month.end <= quarter.end
    assert quarter.start.day == 1 and quarter.start.month in (1, 4, 7, 10)
    assert quarter.end == calendar_quarter(quarter.end).start  # the next quarter follows on
    assert 90 <= (quarter.end - quarter.start).days <= 92
