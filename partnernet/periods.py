"""Named periods of local dates in a group's time zone, and their UTC boundaries."""

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
