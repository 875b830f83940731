"""The attendance API: the list with its counts, a facilitator setting a status, checking in
(409 the second time), visitors, and who gets 403 and 404.

The cast is tests/meetings/test_attendance.py's: Riverside Partners meets on Tuesday 7 October
2025 at 07:00 in London (06:00 UTC) for 90 minutes; Tom Becker runs it; Maria Lopez, aisha
Rahman and Ben Okafor are members. "Now" is frozen at 06:02 UTC (07:02 in London).
"""

from datetime import UTC, datetime

import pytest

import partnernet.api.attendance as attendance_api
from partnernet.extensions import db
from partnernet.meetings.attendance import add_visitor, check_in
from tests.api.helpers import assert_error
from tests.meetings.test_attendance import Cast, make_cast, records, visitors_stored

NOW = datetime(2025, 10, 7, 6, 2, tzinfo=UTC)
MISSING = 987654
MEMBER_KEYS = {"member_id", "name", "business", "status", "substitute_name", "recorded_at",
               "current"}


@pytest.fixture
def cast(world, monkeypatch) -> Cast:
    monkeypatch.setattr(attendance_api, "utcnow", lambda: NOW)
    return make_cast(world)


@pytest.fixture
def as_(cast, api_headers):
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(cast, who))
        return cache[who]

    return headers


def url(c: Cast, tail: str = "attendance") -> str:
    return f"/api/v1/meetings/{c.meeting.id}/{tail}"


def test_the_attendance_of_a_meeting(client, cast, as_):
    check_in(meeting=cast.meeting, actor=cast.maria, now=NOW)
    guest = add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest",
                        business="Guest Garages", email="gil@example.com")
    walk_in = add_visitor(meeting=cast.meeting, actor=cast.tom, name="Walk-in Wendy",
                          email="wendy@example.com")
    db.session.commit()

    body = client.get(url(cast), headers=as_("maria")).get_json()

    assert body["meeting_id"] == cast.meeting.id
    assert all(set(m) == MEMBER_KEYS for m in body["members"])
    assert [(m["name"], m["status"]) for m in body["members"]] == [
        ("aisha Rahman", None), ("Ben Okafor", None), ("Maria Lopez", "present"),
        ("Tom Becker", None)]
    assert body["members"][2] == {
        "member_id": cast.maria.id, "name": "Maria Lopez", "business": "Lopez Plumbing",
        "status": "present", "substitute_name": "", "recorded_at": "2025-10-07T06:02:00+00:00",
        "current": True}
    # Maria sees her own guest's email, not the facilitator's walk-in's.
    assert body["visitors"] == [
        {"id": guest.id, "name": "Gil Guest", "business": "Guest Garages",
         "email": "gil@example.com", "invited_by_id": cast.maria.id,
         "invited_by_name": "Maria Lopez"},
        {"id": walk_in.id, "name": "Walk-in Wendy", "business": "", "email": None,
         "invited_by_id": None, "invited_by_name": None}]
    assert body["counts"] == {"members": 4, "here": 1, "present": 1, "late": 0,
                              "substitute": 0, "absent": 0, "medical": 0, "not_recorded": 3,
                              "visitors": 2}
    tom = client.get(url(cast), headers=as_("tom")).get_json()
    assert [v["email"] for v in tom["visitors"]] == ["gil@example.com", "wendy@example.com"]


def test_a_facilitator_sets_a_status(client, cast, as_):
    response = client.put(url(cast, f"attendance/{cast.ben.id}"), headers=as_("tom"),
                          json={"status": "substitute", "substitute_name": "Sam Stand-in"})

    assert response.status_code == 200
    assert response.get_json() == {
        "member_id": cast.ben.id, "name": "Ben Okafor", "business": "", "status": "substitute",
        "substitute_name": "Sam Stand-in", "recorded_at": "2025-10-07T06:02:00+00:00",
        "current": True}
    # The same again changes nothing and answers the same.
    again = client.put(url(cast, f"attendance/{cast.ben.id}"), headers=as_("tom"),
                       json={"status": "substitute", "substitute_name": "Sam Stand-in"})
    assert again.status_code == 200 and again.get_json() == response.get_json()
    assert records(cast.meeting) == [(cast.ben.id, "substitute", "Sam Stand-in", NOW,
                                      cast.tom.id)]


@pytest.mark.parametrize(("body", "fields"), [
    ({"status": "substitute"}, {"substitute_name"}),
    ({"status": "present", "substitute_name": "Sam"}, {"substitute_name"}),
    ({"status": "asleep"}, {"status"}),
    ({}, {"status"}),
    ({"status": 3}, {"status"}),
])
def test_a_bad_status_is_422_with_its_field(client, cast, as_, body, fields):
    response = client.put(url(cast, f"attendance/{cast.ben.id}"), headers=as_("tom"),
                          json=body)

    assert_error(response, 422, "validation_error", fields)
    assert records(cast.meeting) == []


def test_attendance_for_a_non_member_is_422(client, cast, as_):
    for member_id in (cast.outsider.id, MISSING):
        response = client.put(url(cast, f"attendance/{member_id}"), headers=as_("tom"),
                              json={"status": "absent"})
        body = assert_error(response, 422, "validation_error", {"member_id"})
        assert body["message"] == ("Attendance is for the group's current members only; add "
                                   "a guest as a visitor.")
    assert records(cast.meeting) == []


def test_a_member_checks_in_and_a_second_time_is_409(client, cast, as_):
    response = client.post(url(cast, "check-in"), headers=as_("maria"), json={})

    assert response.status_code == 200
    assert response.get_json()["status"] == "present"
    again = client.post(url(cast, "check-in"), headers=as_("maria"), json={})
    body = assert_error(again, 409, "conflict", {"member_id"})
    assert body["message"] == "You are already checked in (07:02)."
    by_tom = client.post(url(cast, "check-in"), headers=as_("tom"),
                         json={"member_id": cast.maria.id})
    assert assert_error(by_tom, 409, "conflict")["message"] == \
        "Maria Lopez is already checked in (07:02)."
    assert records(cast.meeting) == [(cast.maria.id, "present", "", NOW, cast.maria.id)]


def test_a_facilitator_checks_in_someone_a_member_may_not(client, cast, as_):
    denied = client.post(url(cast, "check-in"), headers=as_("maria"),
                         json={"member_id": cast.ben.id})
    assert_error(denied, 403, "forbidden")

    response = client.post(url(cast, "check-in"), headers=as_("tom"),
                           json={"member_id": cast.ben.id})
    assert response.status_code == 200
    assert records(cast.meeting) == [(cast.ben.id, "present", "", NOW, cast.tom.id)]


def test_no_check_in_on_a_cancelled_meeting(client, cast, as_):
    cast.meeting.status = "cancelled"
    db.session.commit()

    response = client.post(url(cast, "check-in"), headers=as_("maria"), json={})

    assert_error(response, 422, "validation_error", {"status"})
    assert records(cast.meeting) == []


def test_visitors_are_added_and_removed(client, cast, as_):
    response = client.post(url(cast, "visitors"), headers=as_("tom"), json={
        "name": "Vera Visitor", "business": "Visitor Vans", "email": "Vera@Example.com",
        "invited_by_id": cast.aisha.id})

    assert response.status_code == 201
    vera = response.get_json()
    assert vera == {"id": vera["id"], "name": "Vera Visitor", "business": "Visitor Vans",
                    "email": "vera@example.com", "invited_by_id": cast.aisha.id,
                    "invited_by_name": "aisha Rahman"}
    # aisha is Vera's host, Ben is not.
    assert_error(client.delete(f"/api/v1/visitors/{vera['id']}", headers=as_("ben")), 403,
                 "forbidden")
    assert client.delete(f"/api/v1/visitors/{vera['id']}", headers=as_("aisha")) \
        .status_code == 204
    assert visitors_stored(cast.meeting) == []


@pytest.mark.parametrize(("body", "fields"), [
    ({"name": ""}, {"name"}),
    ({"name": "V" * 121}, {"name"}),
    ({"name": "Vera", "email": "nope"}, {"email"}),
    ({"name": "Vera", "invited_by_id": MISSING}, {"invited_by_id"}),
    ({"business": "No name"}, {"name"}),
])
def test_a_bad_visitor_is_422_with_its_field(client, cast, as_, body, fields):
    response = client.post(url(cast, "visitors"), headers=as_("tom"), json=body)

    assert_error(response, 422, "validation_error", fields)
    assert visitors_stored(cast.meeting) == []


def test_the_same_visitor_email_twice_is_422(client, cast, as_):
    client.post(url(cast, "visitors"), headers=as_("tom"),
                json={"name": "Vera", "email": "vera@example.com"})

    response = client.post(url(cast, "visitors"), headers=as_("maria"),
                           json={"name": "Vera V.", "email": "VERA@example.com"})

    assert_error(response, 422, "validation_error", {"email"})
    assert len(visitors_stored(cast.meeting)) == 1


@pytest.mark.parametrize(("method", "tail", "body"), [
    ("get", "attendance", None),
    ("put", "attendance/{uid}", {"status": "absent"}),
    ("post", "check-in", {}),
    ("post", "visitors", {"name": "Vera"}),
])
def test_outsiders_get_404_and_change_nothing(client, cast, as_, method, tail, body):
    for mid in (cast.meeting.id, MISSING):
        response = getattr(client, method)(
            f"/api/v1/meetings/{mid}/{tail.format(uid=cast.maria.id)}",
            headers=as_("outsider"), json=body)
        assert_error(response, 404, "not_found")
    assert records(cast.meeting) == [] and visitors_stored(cast.meeting) == []


def test_a_member_setting_a_status_gets_403(client, cast, as_):
    response = client.put(url(cast, f"attendance/{cast.maria.id}"), headers=as_("maria"),
                          json={"status": "present"})

    assert_error(response, 403, "forbidden")
    assert records(cast.meeting) == []


def test_an_outsider_cannot_remove_a_visitor(client, cast, as_):
    guest = add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest")
    db.session.commit()

    for vid in (guest.id, MISSING):
        assert_error(client.delete(f"/api/v1/visitors/{vid}", headers=as_("outsider")), 404,
                     "not_found")
    assert len(visitors_stored(cast.meeting)) == 1


def test_the_endpoints_are_described(client, cast):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert {"get"} <= set(paths["/api/v1/meetings/{mid}/attendance"])
    assert {"put"} <= set(paths["/api/v1/meetings/{mid}/attendance/{member_id}"])
    assert {"post"} <= set(paths["/api/v1/meetings/{mid}/check-in"])
    assert {"post"} <= set(paths["/api/v1/meetings/{mid}/visitors"])
    assert {"delete"} <= set(paths["/api/v1/visitors/{vid}"])
