"""Helpers for the meeting tests: the stored schedule, read back plainly, and a CSRF token.

The `world` fixture (tests/conftest.py) gives Riverside Partners, which meets weekly on
Tuesdays at 07:00 in Europe/London for 90 minutes, a facilitator, a member, and an outsider
who leads another group.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.services import ensure_schedule
from partnernet.models import Group, Meeting, User
from partnernet.models.base import utcnow
from partnernet.periods import local_today

MISSING = 987654


@dataclass(frozen=True)
class Stored:
    """A meeting as the database holds it, for comparing whole schedules."""

    id: int
    kind: str
    occurrence: date | None
    starts_at: datetime
    duration_minutes: int
    status: str
    moved: bool
    note: str
    version: int


def stored(group: Group) -> list[Stored]:
    """The group's meetings, read fresh from the database, by start."""
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Meeting).where(Meeting.group_id == group.id)
                              .order_by(Meeting.starts_at, Meeting.id))
    return [Stored(m.id, m.kind, m.occurrence, m.starts_at, m.duration_minutes, m.status,
                   m.moved, m.note, m.version) for m in rows]


def by_occurrence(group: Group) -> dict[date, Stored]:
    return {m.occurrence: m for m in stored(group) if m.occurrence is not None}


def meeting(group: Group, day: date) -> Meeting:
    """The stored regular meeting of the cadence's `day`."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.group_id == group.id,
                                                      Meeting.occurrence == day))


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on the page, whatever the order of its attributes."""
    tag = re.search(r'<input\b[^>]*\bname="(?:[\w-]+-)?csrf_token"[^>]*>', page)
    assert tag, "no CSRF token on the page"
    return re.search(r'\bvalue="([^"]+)"', tag.group(0)).group(1)


def midnight(group: Group, day: date) -> datetime:
    """The first instant of a local day in the group's time zone: "now" for a schedule that
    should hold every meeting of that day."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(group.timezone)).astimezone(UTC)


@dataclass
class Club:
    group: Group
    facilitator: User
    member: User
    outsider: User
    today: date
    days: list[date]  # the next twelve weeks' meeting days

    @property
    def schedule(self) -> str:
        return f"/groups/{self.group.id}/meetings"


@pytest.fixture
def club(world) -> Club:
    today = local_today(world.group.timezone)
    world.group.weekday = (today.weekday() + 3) % 7
    db.session.commit()
    days = [today + timedelta(days=3 + 7 * n) for n in range(12)]
    return Club(world.group, world.facilitator, world.member, world.outsider, today, days)


@pytest.fixture
def stored_club(club) -> Club:
    """The club with its schedule stored, as after anyone's first visit."""
    ensure_schedule(group=club.group, now=midnight(club.group, club.today))
    db.session.commit()
    return club


@pytest.fixture
def soon(stored_club) -> Meeting:
    """The club's first meeting, moved to start ten minutes from now so it can be run."""
    row = meeting(stored_club.group, stored_club.days[0])
    row.starts_at = utcnow() + timedelta(minutes=10)
    db.session.commit()
    return row
