"""Named periods of local dates in a group's time zone, and their UTC boundaries."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

NAMED = {
    "week": "Last 7 days",
    "month": "Last 30 days",
    "quarter": "Last 3 months",
    "6m": "Last 6 months",
    "12m": "Last 12 months",
    "all": "All time",
}


@dataclass(frozen=True)
class Period:
    """[start, end) as local dates; None means unbounded."""

    start: date | None
    end: date | None
    name: str = "custom"

    def utc_bounds(self, tz: str) -> tuple[datetime | None, datetime | None]:
        """The period's boundaries as UTC instants (local midnight in `tz`)."""
        zone = ZoneInfo(tz)

        def at_midnight(d: date | None) -> datetime | None:
            if d is None:
                return None
            return datetime.combine(d, time(0), tzinfo=zone).astimezone(UTC)

        return at_midnight(self.start), at_midnight(self.end)

    @property
    def label(self) -> str:
        return NAMED.get(self.name, "Custom")


def local_today(tz: str, now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(ZoneInfo(tz)).date()


def _months_back(d: date, months: int) -> date:
    month = d.month - months
    year = d.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(d.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                      31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return date(year, month, day)


def named_period(name: str, today: date) -> Period:
    """A rolling period ending tomorrow (so today is included)."""
    end = today + timedelta(days=1)
    if name == "week":
        return Period(end - timedelta(days=7), end, name)
    if name == "month":
        return Period(end - timedelta(days=30), end, name)
    if name == "quarter":
        return Period(_months_back(end, 3), end, name)
    if name == "6m":
        return Period(_months_back(end, 6), end, name)
    if name == "12m":
        return Period(_months_back(end, 12), end, name)
    if name == "all":
        return Period(None, None, name)
    raise ValueError(f"unknown period {name!r}")


# The ledger's periods, in the order a picker shows them ("since last meeting" joins with
# meetings). "all" is left out: ledgers are bounded, at most MAX_SPAN_DAYS long.
LEDGER_PERIODS = ("week", "month", "quarter", "6m", "12m")
MAX_SPAN_DAYS = 3653  # ten years, leap days included


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PeriodError(ValueError):
    """A period that can't be used; `field` names the input at fault."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


# Dates outside these are typing mistakes, and the extremes can't be turned into instants.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def _as_date(value: date | str | None, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    if not _ISO_DAY.match(text):
        raise PeriodError(f"“{text[:20]}” is not a date; use YYYY-MM-DD.", field)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(f"“{text[:20]}” is not a date; use YYYY-MM-DD.", field) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise PeriodError(f"Choose a date between {EARLIEST_DAY.year} and {LATEST_DAY.year}.",
                          field)
    return day


def parse_period(*, today: date, period: str | None = None, start: date | str | None = None,
                 end: date | str | None = None, names=LEDGER_PERIODS,
                 default: str = "6m") -> Period:
    """A named period, or an explicit [start, end) of local dates; refuses what makes no sense.

    `end` is exclusive, as in the ledger contract; without it the period runs through today.
    """
    start, end = _as_date(start, "start"), _as_date(end, "end")
    if period and (start or end):
        raise PeriodError("Choose a named period or dates, not both.", "period")
    if start is None and end is None:
        name = period or default
        if name not in names:
            raise PeriodError(f"Unknown period “{name[:20]}”; use one of {', '.join(names)}, "
                              "or start and end dates.", "period")
        return named_period(name, today)
    if start is None:
        raise PeriodError("Enter the first day of the period.", "start")
    # Without an end the period runs through today, and a fault lies with the start.
    at_fault = "end" if end else "start"
    end = end or today + timedelta(days=1)
    if end <= start:
        raise PeriodError("The period must end after it starts." if at_fault == "end"
                          else "The period can't start after today.", at_fault)
    if (end - start).days > MAX_SPAN_DAYS:
        raise PeriodError("A period can be at most ten years long.", at_fault)
    return Period(start, end)


def calendar_month(today: date) -> Period:
    """The calendar month holding `today`."""
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return Period(start, end, "calendar-month")


def calendar_quarter(today: date) -> Period:
    """The calendar quarter holding `today`."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
    return Period(start, end, "calendar-quarter")
