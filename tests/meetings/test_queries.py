"""Meeting reads: the schedule in a time window, and the last meeting held."""

from datetime import UTC, date, datetime

from partnernet.extensions import db
from partnernet.meetings.queries import (
    MeetingRow,
    get_last_meeting,
    list_meetings,
    since_last_meeting,
)
from partnernet.models import Meeting
from partnernet.periods import Period
from tests.factories import GroupFactory


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add(group, starts_at: datetime, *, status: str = "scheduled", occurrence: date | None = None,
        minutes: int = 90) -> Meeting:
    row = Meeting(group_id=group.id, kind="regular" if occurrence else "extra",
                  occurrence=occurrence, starts_at=starts_at, duration_minutes=minutes,
                  status=status)
    db.session.add(row)
    db.session.commit()
    return row


def test_list_meetings_in_a_window_by_time(world):
    group = world.group
    late = add(group, utc(2026, 12, 1, 18))
    early = add(group, utc(2026, 12, 1, 7), occurrence=date(2026, 12, 1))
    same_time = add(group, utc(2026, 12, 1, 7), status="cancelled")
    before = add(group, utc(2026, 11, 24, 7), occurrence=date(2026, 11, 24))
    at_end = add(group, utc(2026, 12, 8, 7), occurrence=date(2026, 12, 8))
    add(world.other_group, utc(2026, 12, 1, 8))

    rows = list_meetings(group_id=group.id, start=utc(2026, 12, 1, 7), end=utc(2026, 12, 8, 7))

    # Start included, end excluded, cancelled ones listed, ties by id.
    assert [r.id for r in rows] == [early.id, same_time.id, late.id]
    assert [r.id for r in list_meetings(group_id=group.id)] == \
        [before.id, early.id, same_time.id, late.id, at_end.id]
    assert [r.id for r in list_meetings(group_id=group.id, end=utc(2026, 12, 1, 7))] == \
        [before.id]
    # The latest few, still in order of time.
    assert [r.id for r in list_meetings(group_id=group.id, latest=3)] == \
        [same_time.id, late.id, at_end.id]
    assert [r.id for r in list_meetings(group_id=group.id, end=utc(2026, 12, 8, 7),
                                        latest=2)] == [same_time.id, late.id]


def test_a_row_is_a_plain_value_with_local_times(world):
    add(world.group, utc(2026, 7, 1, 6), occurrence=date(2026, 7, 1), minutes=75)

    (row,) = list_meetings(group_id=world.group.id)

    assert isinstance(row, MeetingRow)
    assert row.ends_at == utc(2026, 7, 1, 7, 15)
    assert row.local_start("Europe/London").isoformat() == "2026-07-01T07:00:00+01:00"
    assert row.local_end("Australia/Sydney").isoformat() == "2026-07-01T17:15:00+10:00"


def test_the_last_meeting_is_the_latest_that_started_and_was_not_cancelled(world):
    group = world.group
    now = utc(2026, 11, 25, 12)
    assert get_last_meeting(group_id=group.id, now=now) is None

    held = add(group, utc(2026, 11, 17, 7), occurrence=date(2026, 11, 17))
    assert get_last_meeting(group_id=group.id, now=now).id == held.id

    add(group, utc(2026, 11, 24, 7), occurrence=date(2026, 11, 24), status="cancelled")
    add(group, utc(2026, 12, 1, 7), occurrence=date(2026, 12, 1))  # not yet
    add(world.other_group, utc(2026, 11, 25, 8))  # another group's
    assert get_last_meeting(group_id=group.id, now=now).id == held.id

    extra = add(group, utc(2026, 11, 25, 12))  # an extra one, starting right now
    assert get_last_meeting(group_id=group.id, now=now).id == extra.id
    closed = add(group, utc(2026, 11, 25, 9), status="closed")
    assert get_last_meeting(group_id=group.id, now=utc(2026, 11, 25, 11)).id == closed.id


def test_since_last_meeting_starts_on_the_meetings_local_date(app):
    # 07:00 on Tuesday 24 November in Sydney (AEDT, +11) is 20:00 UTC on the 23rd.
    group = GroupFactory(timezone="Australia/Sydney")
    add(group, utc(2026, 11, 23, 20), occurrence=date(2026, 11, 24))

    period = since_last_meeting(group=group, now=utc(2026, 11, 27, 1), today=date(2026, 11, 27))

    assert period == Period(date(2026, 11, 24), date(2026, 11, 28), "since-last-meeting")
    assert period.utc_bounds(group.timezone) == (utc(2026, 11, 23, 13), utc(2026, 11, 27, 13))


def test_since_last_meeting_on_the_day_of_the_meeting(world):
    add(world.group, utc(2026, 11, 24, 7), occurrence=date(2026, 11, 24))

    period = since_last_meeting(group=world.group, now=utc(2026, 11, 24, 9),
                                today=date(2026, 11, 24))

    assert (period.start, period.end) == (date(2026, 11, 24), date(2026, 11, 25))


def test_no_period_before_any_meeting(world):
    add(world.group, utc(2026, 12, 1, 7), occurrence=date(2026, 12, 1))
    add(world.group, utc(2026, 11, 24, 7), occurrence=date(2026, 11, 24), status="cancelled")

    assert since_last_meeting(group=world.group, now=utc(2026, 11, 25, 12),
                              today=date(2026, 11, 25)) is None
