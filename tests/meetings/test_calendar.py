"""The meetings in a calendar app: a member's secret feed link and single-meeting .ics files.

Every body is parsed back with the icalendar library; times are checked against the
group's local meeting time worked out here with zoneinfo, not with the schedule's code.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from partnernet.extensions import db
from partnernet.meetings.calendar import build_calendar, create_feed
from partnernet.meetings.queries import MeetingRow
from partnernet.meetings.services import cancel_meeting, ensure_schedule, move_meeting
from partnernet.models import CalendarFeed, Group, Meeting, Membership, User
from partnernet.models.base import utcnow
from partnernet.periods import local_today
from tests.factories import GroupFactory, MembershipFactory
from tests.groups.helpers import text
from tests.ledger.conftest import counting
from tests.meetings.conftest import meeting, midnight

LONDON = ZoneInfo("Europe/London")
FEED_LINK = re.compile(r'value="(http://localhost/calendar/(pncal_[A-Za-z0-9_-]+)\.ics)"')


@dataclass
class Club:
    group: Group
    facilitator: User
    member: User
    outsider: User
    today: date
    days: list[date]  # the next twelve weeks' meeting days, 07:00 London time

    @property
    def schedule(self) -> str:
        return f"/groups/{self.group.id}/meetings"


@pytest.fixture
def club(world) -> Club:
    today = local_today("Europe/London")
    world.group.weekday = (today.weekday() + 3) % 7  # meetings 3, 10, 17… days from today
    world.group.location = "Riverside Hotel; breakfast room"
    ensure_schedule(group=world.group, now=midnight(world.group, today))
    db.session.commit()
    days = [today + timedelta(days=3 + 7 * n) for n in range(12)]
    return Club(world.group, world.facilitator, world.member, world.outsider, today, days)


def at_seven(day: date) -> datetime:
    return datetime.combine(day, time(7), tzinfo=LONDON).astimezone(UTC)


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def subscribe(client, auth, club: Club, user: User) -> tuple[str, str]:
    """Sign in as `user`, make a calendar link, sign out; (the link's path, its token)."""
    auth.login(user)
    response = client.post(f"{club.schedule}/calendar")
    assert response.status_code == 201
    link, token = FEED_LINK.search(text(response)).groups()
    auth.logout()
    return link.removeprefix("http://localhost"), token


# --- Making, replacing and stopping a link ----------------------------------------------------


def test_a_member_gets_a_link_shown_once_and_only_its_hash_is_stored(club, client, auth):
    auth.login(club.member)
    page = text(client.get(club.schedule))
    assert "Get my calendar link" in page and "/calendar/" not in page

    response = client.post(f"{club.schedule}/calendar")

    assert response.status_code == 201
    page = text(response)
    _, token = FEED_LINK.search(page).groups()
    assert f'href="webcal://localhost/calendar/{token}.ics"' in page
    stored = db.session.scalars(sa.select(CalendarFeed)).all()
    assert [(f.user_id, f.group_id, f.token_hash) for f in stored] == [
        (club.member.id, club.group.id, hashlib.sha256(token.encode()).hexdigest())]
    # Afterwards the page says the link exists, without showing it again.
    page = text(client.get(club.schedule))
    assert token not in page
    assert "Your calendar follows this schedule" in page and "Make a new link" in page


def test_a_new_link_replaces_the_old_one(club, client, auth):
    old, _ = subscribe(client, auth, club, club.member)
    new, _ = subscribe(client, auth, club, club.member)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 1


def test_stopping_the_link_makes_it_404(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)
    auth.login(club.member)

    response = client.post(f"{club.schedule}/calendar/stop")

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    page = text(client.get(club.schedule))
    assert "Your calendar link no longer works" in page
    assert "Get my calendar link" in page
    auth.logout()
    assert client.get(link).status_code == 404


def test_a_member_who_left_loses_the_feed(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == club.member.id, Membership.group_id == club.group.id))
    membership.left_at = utcnow()
    db.session.commit()

    assert client.get(link).status_code == 404


@pytest.mark.parametrize("token", ["pncal_nothing", "garbage", "pncal_" + "x" * 200, "%00"])
def test_an_unknown_link_is_404(club, client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


# --- The feed ---------------------------------------------------------------------------------


def test_the_feed_lists_the_schedule_as_valid_icalendar(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)

    response = client.get(link)  # no one signed in: the link is the credential

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    body = response.get_data()
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    cal = Calendar.from_ical(body)
    assert (str(cal["version"]), str(cal["prodid"]), str(cal["method"])) == (
        "2.0", "-//PartnerNet//Meetings//EN", "PUBLISH")
    assert str(cal["x-wr-calname"]) == "Riverside Partners meetings"
    found = events(body)
    ids = [m.id for m in db.session.scalars(
        sa.select(Meeting).where(Meeting.group_id == club.group.id).order_by(Meeting.starts_at))]
    assert [str(e["uid"]) for e in found] == [f"meeting-{i}@localhost" for i in ids]
    assert [e.decoded("dtstart") for e in found] == [at_seven(d) for d in club.days]
    assert [e.decoded("dtend") - e.decoded("dtstart") for e in found] == \
        [timedelta(minutes=90)] * 12
    first = found[0]
    assert str(first["summary"]) == "Riverside Partners meeting"
    assert str(first["location"]) == "Riverside Hotel; breakfast room"
    assert str(first["status"]) == "CONFIRMED" and int(first["sequence"]) == 0
    assert str(first["url"]) == f"http://localhost{club.schedule}"
    assert str(first["description"]) == f"Schedule: http://localhost{club.schedule}"
    feed = db.session.scalar(sa.select(CalendarFeed))
    assert feed.last_used_at is not None


def test_moves_and_cancellations_reach_the_feed_with_a_higher_sequence(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)
    first, second = meeting(club.group, club.days[0]), meeting(club.group, club.days[1])
    cancel_meeting(meeting=first, actor=club.facilitator, note="Venue closed")
    later = datetime.combine(club.days[1], time(9))
    move_meeting(meeting=second, actor=club.facilitator, starts=later,
                 ends=later + timedelta(hours=2), today=club.today, note="Room change")
    db.session.commit()

    found = events(client.get(link).get_data())

    assert (str(found[0]["status"]), int(found[0]["sequence"])) == ("CANCELLED", 1)
    assert str(found[0]["description"]).startswith("Venue closed\n")
    assert (str(found[1]["status"]), int(found[1]["sequence"])) == ("CONFIRMED", 1)
    assert found[1].decoded("dtstart") == \
        datetime.combine(club.days[1], time(9), tzinfo=LONDON).astimezone(UTC)
    assert found[1].decoded("dtend") - found[1].decoded("dtstart") == timedelta(hours=2)


def test_the_feed_holds_recent_meetings_and_fills_the_schedule_ahead(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)
    held = at_seven(club.today - timedelta(days=4))
    db.session.add(Meeting(group_id=club.group.id, kind="extra", starts_at=held,
                           duration_minutes=60))
    db.session.add(Meeting(group_id=club.group.id, kind="extra",
                           starts_at=utcnow() - timedelta(weeks=9), duration_minutes=60))
    db.session.commit()

    found = events(client.get(link).get_data())

    # Eight weeks back: the one four days ago is there, the one nine weeks ago isn't.
    assert found[0].decoded("dtstart") == held
    assert str(found[0]["summary"]) == "Riverside Partners: extra meeting"
    assert len(found) == 13


def test_a_feed_shows_only_its_own_group(club, client, auth):
    other = GroupFactory(name="Other Circle")
    MembershipFactory(group=other, user=club.member)
    ensure_schedule(group=other, now=utcnow())
    db.session.commit()
    ours, _ = subscribe(client, auth, club, club.member)
    theirs = create_feed(group=other, user=club.member)
    db.session.commit()

    our_uids = {str(e["uid"]) for e in events(client.get(ours).get_data())}
    their_cal = Calendar.from_ical(client.get(f"/calendar/{theirs}.ics").get_data())

    assert str(their_cal["x-wr-calname"]) == "Other Circle meetings"
    their_uids = {str(e["uid"]) for e in their_cal.walk("VEVENT")}
    assert their_uids and not our_uids & their_uids


def test_the_feed_costs_the_same_queries_for_more_meetings(club, client, auth):
    link, _ = subscribe(client, auth, club, club.member)
    client.get(link)
    with counting() as few:
        client.get(link)
    for n in range(20):
        db.session.add(Meeting(group_id=club.group.id, kind="extra",
                               starts_at=utcnow() + timedelta(days=n, hours=3),
                               duration_minutes=60))
    db.session.commit()
    with counting() as many:
        response = client.get(link)
    assert len(events(response.get_data())) == 32
    assert len(many) == len(few)


def test_daylight_saving_is_written_as_the_right_utc_instants():
    # London leaves BST on 25 October 2026: 07:00 is 06:00 UTC before, 07:00 UTC after.
    group = Group(name="Riverside Partners", timezone="Europe/London", location="",
                  video_url="https://video.example/riverside")
    rows = [MeetingRow(1, 1, "regular", date(2026, 10, 20),
                       datetime(2026, 10, 20, 6, tzinfo=UTC), 90, "scheduled", False, "", 1),
            MeetingRow(2, 1, "regular", date(2026, 10, 27),
                       datetime(2026, 10, 27, 7, tzinfo=UTC), 90, "scheduled", False, "", 1)]
    body = build_calendar(group, rows, now=datetime(2026, 10, 1, tzinfo=UTC),
                          link="https://partners.example/groups/1/meetings",
                          host="partners.example")

    assert b"DTSTART:20261020T060000Z" in body and b"DTSTART:20261027T070000Z" in body
    found = events(body)
    assert [e.decoded("dtstart").astimezone(LONDON).time() for e in found] == [time(7)] * 2
    assert "LOCATION" not in found[0]  # no location set: none written
    assert str(found[0]["description"]) == (
        "Video: https://video.example/riverside\n"
        "Schedule: https://partners.example/groups/1/meetings")


# --- One meeting as a file --------------------------------------------------------------------


def test_a_member_downloads_one_meeting(club, client, auth):
    row = meeting(club.group, club.days[2])
    auth.login(club.member)

    response = client.get(f"/meetings/{row.id}.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="meeting-{club.days[2].isoformat()}.ics"'
    cal = Calendar.from_ical(response.get_data())
    assert str(cal["x-wr-calname"]) == "Riverside Partners meeting"
    [event] = cal.walk("VEVENT")
    assert (str(event["uid"]), event.decoded("dtstart")) == (
        f"meeting-{row.id}@localhost", at_seven(club.days[2]))


def test_a_meetings_file_is_for_members_only(club, client, auth):
    row = meeting(club.group, club.days[0])
    path = f"/meetings/{row.id}.ics"

    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]

    auth.login(club.outsider)
    response = client.get(path)
    assert response.status_code == 404
    assert b"Riverside" not in response.get_data()
    assert client.get("/meetings/987654.ics").status_code == 404

    auth.login(club.facilitator)
    assert client.get(path).status_code == 200
