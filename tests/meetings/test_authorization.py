"""Who may do what on one meeting (routes taking a meeting id): visitors sign in, anyone not a
current member of its group gets 404 and changes nothing, members and facilitators get what
the table says. The group's own pages are in tests/groups/test_authorization.py.

MEETING_ROUTES lists every `meetings.*` route with a `mid`; a new route fails
`test_every_meeting_route_is_in_the_table` until it is added with each caller's answer.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.run import start_meeting
from partnernet.meetings.services import cancel_meeting
from partnernet.models import AgendaItem, Attendance, Meeting, Role, RotationEntry, Visitor
from partnernet.models.base import utcnow
from tests.factories import MembershipFactory
from tests.groups.helpers import text
from tests.meetings.conftest import MISSING, meeting


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # formatted with mid (the meeting) and uid (the plain member)
    member_status: int  # 403 where only facilitators may
    facilitator_status: int
    data: dict = field(default_factory=dict)  # values formatted with uid
    # Where a facilitator's successful request leads ("" when it does not redirect), with
    # gid and mid formatted in.
    location: str = "/groups/{gid}/meetings"
    # A setup step the route needs before it can succeed ("cancel": a cancelled meeting;
    # "soon": the meeting starts in ten minutes; "running": it has started).
    setup: str = ""


MEETING_ROUTES = {
    "GET edit": Route("GET", "/meetings/{mid}/edit", 403, 200, location=""),
    "POST edit": Route("POST", "/meetings/{mid}/edit", 403, 303,
                       {"starts": "09:00", "ends": "10:00", "day": "{day}"}),
    "POST cancel": Route("POST", "/meetings/{mid}/cancel", 403, 303, {"note": "Snow"}),
    "POST restore": Route("POST", "/meetings/{mid}/restore", 403, 303, setup="cancel"),
    # A meeting's calendar file is every member's.
    "GET download": Route("GET", "/meetings/{mid}.ics", 200, 200, location=""),
    # Run mode is the facilitator's; the tally and the report are every member's.
    "GET run_mode": Route("GET", "/meetings/{mid}/run", 403, 200, location=""),
    "POST start": Route("POST", "/meetings/{mid}/start", 403, 303,
                        location="/meetings/{mid}/run", setup="soon"),
    "POST step": Route("POST", "/meetings/{mid}/step", 403, 303, {"position": "1"},
                       location="/meetings/{mid}/run", setup="running"),
    "POST close": Route("POST", "/meetings/{mid}/close", 403, 303,
                        location="/meetings/{mid}/report", setup="running"),
    "GET tally": Route("GET", "/meetings/{mid}/tally", 200, 200, location=""),
    "GET report": Route("GET", "/meetings/{mid}/report", 200, 200, location=""),
    "GET report_csv": Route("GET", "/meetings/{mid}/report.csv", 200, 200, location=""),
    # A meeting's agenda is every member's to read and its facilitators' to change; a
    # facilitator's new item leads to its place on the page, and an order naming no items is
    # refused (the agenda's own tests in tests/meetings/test_agenda_views.py reorder it).
    "GET meeting_agenda": Route("GET", "/meetings/{mid}/agenda", 200, 200, location=""),
    "POST meeting_agenda": Route("POST", "/meetings/{mid}/agenda", 403, 303,
                                 {"new-title": "Guest speaker", "new-kind": "featured",
                                  "new-minutes": "10", "new-owner_id": "{uid}"}, location=""),
    "POST order_meeting_agenda": Route("POST", "/meetings/{mid}/agenda/order", 403, 422,
                                       location=""),
    # Choosing a meeting's featured presenter by hand (the rotation page is the group's).
    "POST set_presenter": Route("POST", "/meetings/{mid}/presenter", 403, 303,
                                {"presenter_id": "{uid}"}, location="/groups/{gid}/rotation"),
    # Attendance is every member's to read and to check in to (themselves, while check-in is
    # open), its statuses a facilitator's to set; a member adds her own guests. (A visitor is
    # removed at /visitors/<vid>/delete: tests/meetings/test_attendance_views.py.)
    "GET attendance": Route("GET", "/meetings/{mid}/attendance", 200, 200, location=""),
    "POST record_attendance": Route("POST", "/meetings/{mid}/attendance/{uid}", 403, 303,
                                    {"status": "absent"}, location=""),
    "POST check_in": Route("POST", "/meetings/{mid}/check-in", 303, 303,
                           location="/meetings/{mid}/attendance", setup="soon"),
    "POST add_visitor": Route("POST", "/meetings/{mid}/visitors", 303, 303,
                              {"name": "Vera Visitor"},
                              location="/meetings/{mid}/attendance#visitors"),
}


def state(club) -> tuple:
    """Everything a meeting route may change, read fresh."""
    db.session.expire_all()
    ids = sa.select(Meeting.id).where(Meeting.group_id == club.group.id)

    def rows(model, *columns, where):
        return sorted(tuple(r) for r in db.session.execute(sa.select(*columns).where(where)))

    return (
        rows(Meeting, Meeting.id, Meeting.starts_at, Meeting.duration_minutes, Meeting.status,
             Meeting.note, Meeting.version, Meeting.presenter_id, Meeting.current_item,
             Meeting.speaker_index, Meeting.closed_at, where=Meeting.group_id == club.group.id),
        rows(AgendaItem, AgendaItem.id, AgendaItem.meeting_id, AgendaItem.position,
             AgendaItem.title, AgendaItem.minutes, AgendaItem.owner_id,
             where=AgendaItem.group_id == club.group.id),
        rows(Attendance, Attendance.meeting_id, Attendance.user_id, Attendance.status,
             Attendance.substitute_name, where=Attendance.meeting_id.in_(ids)),
        rows(Visitor, Visitor.id, Visitor.name, where=Visitor.meeting_id.in_(ids)),
        rows(RotationEntry, RotationEntry.user_id, RotationEntry.position,
             where=RotationEntry.group_id == club.group.id),
    )


def test_every_meeting_route_is_in_the_table(app):
    in_app = {f"{method} {rule.endpoint.removeprefix('meetings.')}"
              for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("meetings.") and "mid" in rule.arguments
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert in_app == set(MEETING_ROUTES)


def prepare(club, name: str) -> None:
    """What the route needs in place before it can succeed."""
    row = meeting(club.group, club.days[0])
    setup = MEETING_ROUTES[name].setup
    if setup == "cancel":
        cancel_meeting(meeting=row, actor=club.facilitator)
    if setup in ("soon", "running"):
        row.starts_at = utcnow() + timedelta(minutes=10)
    if setup == "running":
        start_meeting(meeting=row, actor=club.facilitator, now=utcnow())
    db.session.commit()


def call(client, club, name: str, mid: int | None = None):
    route = MEETING_ROUTES[name]
    row = meeting(club.group, club.days[0])
    data = {k: v.format(uid=club.member.id, day=club.days[0].isoformat())
            for k, v in route.data.items()}
    return client.open(route.path.format(mid=row.id if mid is None else mid,
                                         uid=club.member.id),
                       method=route.method, data=data)


@pytest.mark.parametrize("name", MEETING_ROUTES)
def test_a_visitor_is_sent_to_sign_in(stored_club, client, name):
    prepare(stored_club, name)
    before = state(stored_club)
    response = call(client, stored_club, name)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    mid = meeting(stored_club.group, stored_club.days[0]).id
    assert parse_qs(location.query)["next"] == [
        MEETING_ROUTES[name].path.format(mid=mid, uid=stored_club.member.id)]
    assert state(stored_club) == before


@pytest.mark.parametrize("name", MEETING_ROUTES)
@pytest.mark.parametrize("who", ["outsider", "former member"])
def test_someone_outside_the_group_sees_nothing(stored_club, client, auth, name, who):
    club = stored_club
    if who == "former member":
        membership = MembershipFactory(group=club.group, role=Role.FACILITATOR)
        membership.left_at = utcnow()
        db.session.commit()
        auth.login(membership.user)
    else:
        auth.login(club.outsider)
    prepare(club, name)
    before = state(club)
    response = call(client, club, name)

    assert response.status_code == 404
    assert "Riverside Partners" not in text(response)
    assert state(club) == before


@pytest.mark.parametrize("name", [n for n, r in MEETING_ROUTES.items() if r.member_status == 403])
def test_a_member_is_forbidden_where_only_facilitators_may(stored_club, client, auth, name):
    auth.login(stored_club.member)
    prepare(stored_club, name)
    before = state(stored_club)
    response = call(client, stored_club, name)

    assert response.status_code == 403
    assert state(stored_club) == before


@pytest.mark.parametrize("name", [n for n, r in MEETING_ROUTES.items() if r.member_status != 403])
def test_a_member_may(stored_club, client, auth, name):
    auth.login(stored_club.member)
    prepare(stored_club, name)
    assert call(client, stored_club, name).status_code == MEETING_ROUTES[name].member_status


@pytest.mark.parametrize("name", MEETING_ROUTES)
def test_a_facilitator_may(stored_club, client, auth, name):
    auth.login(stored_club.facilitator)
    prepare(stored_club, name)
    response = call(client, stored_club, name)
    route = MEETING_ROUTES[name]

    assert response.status_code == route.facilitator_status
    if response.status_code in (302, 303) and route.location:
        mid = meeting(stored_club.group, stored_club.days[0]).id
        assert response.headers["Location"] == route.location.format(
            gid=stored_club.group.id, mid=mid)


@pytest.mark.parametrize("name", MEETING_ROUTES)
@pytest.mark.parametrize("who", ["outsider", "member", "facilitator"])
def test_an_unknown_meeting_is_404_for_everyone_signed_in(stored_club, client, auth, name, who):
    auth.login(getattr(stored_club, who))
    prepare(stored_club, name)
    assert call(client, stored_club, name, mid=MISSING).status_code == 404
