"""The dates a group's cadence produces, and their start as a UTC instant.

Recurrence is computed on local dates with dateutil's rrule, then each date is combined with
the group's local meeting time in its IANA zone: a 7:00 meeting stays at 7:00 local on both
sides of a daylight-saving change (its UTC instant moves by the hour instead).
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

from partnernet.models import Group


def occurrences(group: Group, start: date, end: date) -> list[date]:
    """Local dates of the cadence's meetings in [start, end)."""
    if end <= start:
        return []
    first = datetime.combine(start, datetime.min.time())
    last = datetime.combine(end - timedelta(days=1), datetime.min.time())
    if group.cadence == "monthly":
        rule = rrule(MONTHLY, dtstart=first, until=last,
                     byweekday=weekday(group.weekday, group.nth_weekday or 1))
    else:
        rule = rrule(WEEKLY, dtstart=first, until=last, byweekday=group.weekday)
    return [moment.date() for moment in rule]


def local_start(group: Group, day: date) -> datetime:
    """The UTC instant the group's meeting on local `day` starts."""
    local = datetime.combine(day, group.meeting_time, tzinfo=ZoneInfo(group.timezone))
    return local.astimezone(UTC)
