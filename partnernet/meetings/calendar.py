"""The group's meetings as iCalendar (RFC 5545): a feed at a member's secret link, and one
meeting as an .ics download.

Times are written in UTC, so no VTIMEZONE is needed and every calendar app places them
right; the app shows them in its owner's zone. A cancelled meeting stays in the feed with
STATUS:CANCELLED and a higher SEQUENCE, so subscribed calendars cross it out rather than
keep a stale copy.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from icalendar import Calendar, Event

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.groups.queries import get_active_membership
from partnernet.meetings.queries import MeetingRow
from partnernet.models import CalendarFeed, Group, Membership, User
from partnernet.models.meetings import MeetingKind, MeetingStatus
from partnernet.security import hash_token, new_token

# The feed holds recent meetings too, so a calendar keeps the ones just held.
FEED_WEEKS_BACK = 8
FEED_PREFIX = "pncal_"  # marks a calendar link, so a leaked one is recognisable


@dataclass(frozen=True)
class FeedOwner:
    feed: CalendarFeed
    membership: Membership


def create_feed(*, group: Group, user: User) -> str:
    """A new secret link for `user`'s calendar; any earlier link of theirs for the group stops
    working. Returns the raw token (only its hash is stored)."""
    if get_active_membership(group.id, user.id) is None:
        raise PermissionDenied("Only the group's members can subscribe to its meetings.")
    raw = new_token(FEED_PREFIX)
    feed = db.session.scalar(sa.select(CalendarFeed).where(
        CalendarFeed.group_id == group.id, CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(group_id=group.id, user_id=user.id)
        db.session.add(feed)
    feed.token_hash = hash_token(raw)
    feed.last_used_at = None
    db.session.flush()
    return raw


def stop_feed(*, group: Group, user: User) -> bool:
    """Delete the user's link for the group; False when there was none."""
    deleted = db.session.execute(sa.delete(CalendarFeed).where(
        CalendarFeed.group_id == group.id, CalendarFeed.user_id == user.id))
    return bool(deleted.rowcount)


def has_feed(*, group_id: int, user_id: int) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed).where(
        CalendarFeed.group_id == group_id, CalendarFeed.user_id == user_id)) > 0


def find_feed(raw: str) -> FeedOwner | None:
    """The feed a secret link names, if its owner is still an active member of the group."""
    if not raw.startswith(FEED_PREFIX) or len(raw) > 100:
        return None
    feed = db.session.scalar(sa.select(CalendarFeed).where(
        CalendarFeed.token_hash == hash_token(raw)))
    if feed is None:
        return None
    membership = get_active_membership(feed.group_id, feed.user_id)
    return FeedOwner(feed, membership) if membership is not None else None


def _event(group: Group, meeting: MeetingRow, *, stamp: datetime, link: str,
           host: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    title = f"{group.name} meeting" if meeting.kind == MeetingKind.REGULAR \
        else f"{group.name}: extra meeting"
    event.add("summary", title)
    if group.location:
        event.add("location", group.location)
    details = [meeting.note] if meeting.note else []
    if group.video_url:
        details.append(f"Video: {group.video_url}")
    details.append(f"Schedule: {link}")
    event.add("description", "\n".join(details))
    event.add("url", link)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Every change to a meeting raises its version; calendars take the higher SEQUENCE.
    event.add("sequence", meeting.version - 1)
    return event


def build_calendar(group: Group, meetings: list[MeetingRow], *, now: datetime, link: str,
                   host: str, name: str | None = None) -> bytes:
    """A VCALENDAR of `meetings`, each a VEVENT linking to the schedule page at `link`."""
    cal = Calendar()
    cal.add("prodid", "-//PartnerNet//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or f"{group.name} meetings")
    # Ask subscribed calendars to look again every few hours.
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        cal.add_component(_event(group, meeting, stamp=now, link=link, host=host))
    return cal.to_ical()
