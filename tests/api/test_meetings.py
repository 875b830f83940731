"""The meetings API: the schedule in a window of local dates, one meeting, and a facilitator's
adding, moving, cancelling and restoring, with who may do what and what is refused.

Riverside Partners (the `world` fixture) meets on Tuesdays at 07:00, Europe/London, for 90
minutes. "Now" is frozen at Wednesday 1 October 2025, 09:00 UTC (10:00 in London), so the
next twelve weeks hold the Tuesdays from 7 October to 23 December 2025, and the clocks go
back on Sunday 26 October: 07:00 local is 06:00 UTC until then, 07:00 UTC after.
"""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

import partnernet.api.meetings as meetings_api
from partnernet.extensions import db
from partnernet.meetings.services import cancel_meeting, ensure_schedule
from partnernet.models import Meeting
from tests.api.helpers import assert_error
from tests.factories import GroupFactory, MembershipFactory
from tests.groups.test_queries import counting
from tests.meetings.conftest import by_occurrence, stored
from tests.meetings.conftest import meeting as meeting_model

NOW = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
TUESDAYS = [date(2025, 10, 7) + timedelta(weeks=n) for n in range(12)]  # to 23 December
MISSING = 987654
ITEM_KEYS = {"id", "group_id", "kind", "occurrence", "starts_at", "ends_at", "local_start",
             "duration_minutes", "status", "moved", "note", "version", "presenter_id",
             "started_at", "closed_at"}


def test_hand_computed_tuesdays():
    assert TUESDAYS[-1] == date(2025, 12, 23)
    assert all(day.weekday() == 1 for day in TUESDAYS)


@pytest.fixture
def frozen(monkeypatch):
    """The API's "now" is NOW."""
    monkeypatch.setattr(meetings_api, "utcnow", lambda: NOW)


@pytest.fixture
def as_(world, api_headers):
    """Authorization headers for a person of the world, by role name."""
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(world, who))
        return cache[who]

    return headers


@pytest.fixture
def scheduled(world, frozen):
    """The world with its next twelve weeks stored, as after anyone's first visit."""
    ensure_schedule(group=world.group, now=NOW)
    db.session.commit()
    return world


def extra(group, starts_at: datetime, minutes: int = 60, **fields) -> Meeting:
    meeting = Meeting(group_id=group.id, kind="extra", starts_at=starts_at,
                      duration_minutes=minutes, **fields)
    db.session.add(meeting)
    db.session.commit()
    return meeting


def listing(client, group, headers, query: str = ""):
    return client.get(f"/api/v1/groups/{group.id}/meetings{query}", headers=headers)


def starts(body: dict) -> list[tuple[str, str]]:
    return [(item["starts_at"], item["local_start"]) for item in body["items"]]


def regular(day: date, utc_hour: int, offset: str) -> tuple[str, str]:
    """(starts_at, local_start) of a 07:00 meeting on a local day whose offset is given."""
    return (f"{day.isoformat()}T{utc_hour:02}:00:00+00:00", f"{day.isoformat()}T07:00:00{offset}")


# --- Listing ----------------------------------------------------------------------------------


def test_the_default_window_stores_and_lists_the_schedule_across_the_clock_change(
        client, world, frozen, as_):
    # 8 weeks back from 1 October is 6 August, local midnight (BST): 5 August 23:00 UTC.
    extra(world.group, datetime(2025, 8, 5, 22, 30, tzinfo=UTC))  # 5 August 23:30 local
    first = extra(world.group, datetime(2025, 8, 5, 23, 30, tzinfo=UTC), 45,
                  note="Summer social")  # 6 August 00:30 local

    response = listing(client, world.group, as_("member"))

    assert response.status_code == 200
    body = response.get_json()
    assert body["group_id"] == world.group.id
    assert body["timezone"] == "Europe/London"
    assert body["items"][0] == {
        "id": first.id, "group_id": world.group.id, "kind": "extra", "occurrence": None,
        "starts_at": "2025-08-05T23:30:00+00:00", "ends_at": "2025-08-06T00:15:00+00:00",
        "local_start": "2025-08-06T00:30:00+01:00", "duration_minutes": 45,
        "status": "scheduled", "moved": False, "note": "Summer social", "version": 1,
        "presenter_id": None, "started_at": None, "closed_at": None}
    # Twelve Tuesdays at 07:00 local: 06:00 UTC in BST, 07:00 UTC once the clocks go back.
    assert starts(body)[1:] == [regular(d, 6, "+01:00") for d in TUESDAYS[:3]] + [
        regular(d, 7, "+00:00") for d in TUESDAYS[3:]]
    item = body["items"][4]
    assert set(item) == ITEM_KEYS
    assert (item["kind"], item["occurrence"], item["ends_at"], item["duration_minutes"],
            item["status"], item["moved"], item["note"], item["version"]) == (
        "regular", "2025-10-28", "2025-10-28T08:30:00+00:00", 90, "scheduled", False, "", 1)
    # The schedule was stored and committed, once.
    assert [m.occurrence for m in stored(world.group) if m.kind == "regular"] == TUESDAYS
    listing(client, world.group, as_("facilitator"))
    assert len(stored(world.group)) == 14


def test_a_chicago_group_meets_at_seven_local_across_the_spring_change(
        client, app, frozen, api_headers):
    # The US clocks go forward on Sunday 8 March 2026: CST (-06:00) before, CDT (-05:00) after.
    group = GroupFactory(name="Lakeside Partners", timezone="America/Chicago", weekday=1)
    member = MembershipFactory(group=group).user
    db.session.commit()
    ensure_schedule(group=group, now=datetime(2026, 2, 25, 12, tzinfo=UTC))
    db.session.commit()

    body = listing(client, group, api_headers(member),
                   "?start=2026-03-01&end=2026-03-18").get_json()

    assert body["timezone"] == "America/Chicago"
    assert starts(body) == [
        ("2026-03-03T13:00:00+00:00", "2026-03-03T07:00:00-06:00"),
        ("2026-03-10T12:00:00+00:00", "2026-03-10T07:00:00-05:00"),
        ("2026-03-17T12:00:00+00:00", "2026-03-17T07:00:00-05:00")]
    assert [i["occurrence"] for i in body["items"]] == ["2026-03-03", "2026-03-10",
                                                        "2026-03-17"]


def test_the_window_is_local_dates_end_exclusive(client, scheduled, as_):
    world = scheduled
    # Each bound is local midnight with its own day's offset: 21 October starts at 20 October
    # 23:00 UTC (BST), 28 October at 28 October 00:00 UTC (GMT).
    extra(world.group, datetime(2025, 10, 20, 22, 30, tzinfo=UTC))  # 20 Oct 23:30 local
    early = extra(world.group, datetime(2025, 10, 20, 23, 30, tzinfo=UTC))  # 21 Oct 00:30
    late = extra(world.group, datetime(2025, 10, 27, 23, 30, tzinfo=UTC))  # 27 Oct 23:30
    extra(world.group, datetime(2025, 10, 28, 0, 30, tzinfo=UTC))  # 28 Oct 00:30 local
    cancel_meeting(meeting=meeting_model(world.group, TUESDAYS[2]), actor=world.facilitator,
                   note="Half term")
    db.session.commit()

    body = listing(client, world.group, as_("member"),
                   "?start=2025-10-21&end=2025-10-28").get_json()

    assert [(i["id"], i["status"], i["note"]) for i in body["items"]] == [
        (early.id, "scheduled", ""),
        (the_meeting(world.group, TUESDAYS[2]).id, "cancelled", "Half term"),
        (late.id, "scheduled", "")]
    # Later than the stored schedule: nothing, and nothing invented.
    body = listing(client, world.group, as_("member"),
                   "?start=2025-12-24&end=2026-06-01").get_json()
    assert body["items"] == []
    assert len(stored(world.group)) == 16


def test_each_bound_defaults_on_its_own(client, scheduled, as_):
    world = scheduled
    old = extra(world.group, datetime(2025, 6, 3, 6, tzinfo=UTC))

    only_start = listing(client, world.group, as_("member"), "?start=2025-06-01").get_json()
    only_end = listing(client, world.group, as_("member"), "?end=2025-10-15").get_json()

    # start alone: through the default end, the last stored Tuesday included.
    assert only_start["items"][0]["id"] == old.id
    assert len(only_start["items"]) == 13
    # end alone: from 8 weeks back (the June meeting is older), the first two Tuesdays.
    assert [i["occurrence"] for i in only_end["items"]] == ["2025-10-07", "2025-10-14"]


@pytest.mark.parametrize(("query", "field"), [
    ("?start=yesterday", "start"),
    ("?end=2025-02-30", "end"),
    ("?start=1899-12-31", "start"),
    ("?start=2025-10-14&end=2025-10-14", "end"),
    ("?start=2025-10-14&end=2025-10-01", "end"),
    ("?start=2026-01-01", "start"),  # after the default end (25 December 2025)
    ("?end=2025-08-06", "end"),  # the default start (6 August) or earlier
    ("?start=2025-01-01&end=2027-01-03", "end"),  # 732 days
    ("?start=2023-12-24", "start"),  # 732 days before the default end
])
def test_a_bad_window_is_422_naming_the_parameter_and_stores_nothing(
        client, world, frozen, as_, query, field):
    response = listing(client, world.group, as_("member"), query)

    assert_error(response, 422, "validation_error", {field})
    assert stored(world.group) == []


def test_a_window_of_two_years_is_accepted(client, world, frozen, as_):
    response = listing(client, world.group, as_("member"), "?start=2025-01-01&end=2027-01-02")

    assert response.status_code == 200
    assert len(response.get_json()["items"]) == 12


def test_the_list_is_for_current_members_only(client, world, frozen, as_, api_headers):
    url = f"/api/v1/groups/{world.group.id}/meetings"
    assert_error(client.get(url), 401, "unauthorized")
    assert_error(client.get(url, headers=as_("outsider")), 404, "not_found")
    assert_error(client.get(f"/api/v1/groups/{MISSING}/meetings", headers=as_("member")),
                 404, "not_found")
    former = MembershipFactory(group=world.group, left_at=NOW - timedelta(days=1)).user
    db.session.commit()
    assert_error(client.get(url, headers=api_headers(former)), 404, "not_found")
    # Nobody's refused visit stored the schedule.
    assert stored(world.group) == []


def statements_for_list(client, group, headers) -> tuple[int, dict]:
    url = f"/api/v1/groups/{group.id}/meetings"
    client.get(url, headers=headers)  # warm: the token's first use is recorded once
    db.session.expire_all()
    with counting() as statements:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(statements), response.get_json()


def test_the_list_costs_the_same_queries_for_12_and_42_meetings(client, scheduled, as_):
    world = scheduled
    few, body = statements_for_list(client, world.group, as_("member"))
    assert len(body["items"]) == 12

    for n in range(30):
        extra(world.group, datetime(2025, 9, 1, 12, tzinfo=UTC) + timedelta(days=n))
    many, body = statements_for_list(client, world.group, as_("member"))
    assert len(body["items"]) == 42

    assert many == few
    # Token, user, membership, group, the stored occurrences, the meetings.
    assert few <= 6


# --- One meeting ------------------------------------------------------------------------------


def test_a_member_reads_one_meeting_as_the_list_shows_it(client, scheduled, as_):
    world = scheduled
    listed = listing(client, world.group, as_("member")).get_json()["items"][3]

    response = client.get(f"/api/v1/meetings/{listed['id']}", headers=as_("member"))

    assert response.status_code == 200
    assert response.get_json() == listed
    assert listed["local_start"] == "2025-10-28T07:00:00+00:00"


def test_one_meeting_is_404_outside_the_group_and_401_anonymously(client, scheduled, as_):
    mid = by_occurrence(scheduled.group)[TUESDAYS[0]].id
    assert_error(client.get(f"/api/v1/meetings/{mid}"), 401, "unauthorized")
    assert_error(client.get(f"/api/v1/meetings/{mid}", headers=as_("outsider")),
                 404, "not_found")
    assert_error(client.get(f"/api/v1/meetings/{MISSING}", headers=as_("member")),
                 404, "not_found")


# --- Adding -----------------------------------------------------------------------------------


def add(client, group, headers, **body):
    return client.post(f"/api/v1/groups/{group.id}/meetings", json=body, headers=headers)


def test_a_facilitator_adds_an_extra_meeting_in_local_time(client, scheduled, as_):
    world = scheduled

    response = add(client, world.group, as_("facilitator"), starts_at_local="2025-10-30T18:00",
                   ends_at_local="2025-10-30T20:30", note="  Autumn   social ")

    assert response.status_code == 201
    item = response.get_json()
    assert item == {
        "id": item["id"], "group_id": world.group.id, "kind": "extra", "occurrence": None,
        "starts_at": "2025-10-30T18:00:00+00:00", "ends_at": "2025-10-30T20:30:00+00:00",
        "local_start": "2025-10-30T18:00:00+00:00", "duration_minutes": 150,
        "status": "scheduled", "moved": False, "note": "Autumn social", "version": 1,
        "presenter_id": None, "started_at": None, "closed_at": None}
    # Before the clocks go back, 18:00 local is 17:00 UTC.
    before = add(client, world.group, as_("facilitator"), starts_at_local="2025-10-20T18:00",
                 ends_at_local="2025-10-20T19:00").get_json()
    assert (before["starts_at"], before["local_start"], before["note"]) == (
        "2025-10-20T17:00:00+00:00", "2025-10-20T18:00:00+01:00", "")
    extras = [m for m in stored(world.group) if m.kind == "extra"]
    assert [(m.id, m.starts_at) for m in extras] == [
        (before["id"], datetime(2025, 10, 20, 17, tzinfo=UTC)),
        (item["id"], datetime(2025, 10, 30, 18, tzinfo=UTC))]


def test_adding_is_for_facilitators_of_the_group(client, scheduled, as_):
    world = scheduled
    before = stored(world.group)
    body = {"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T19:00"}
    url = f"/api/v1/groups/{world.group.id}/meetings"

    assert_error(client.post(url, json=body), 401, "unauthorized")
    assert_error(client.post(url, json=body, headers=as_("outsider")), 404, "not_found")
    assert_error(client.post(url, json=body, headers=as_("member")), 403, "forbidden", set())
    assert stored(world.group) == before


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"starts_at_local", "ends_at_local"}),
    ({"starts_at_local": "2025-10-30 18:00", "ends_at_local": "2025-10-30T19:00"},
     {"starts_at_local"}),
    ({"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T19:00+01:00"},
     {"ends_at_local"}),
    ({"starts_at_local": "1899-12-31T18:00", "ends_at_local": "1899-12-31T19:00"},
     {"starts_at_local", "ends_at_local"}),
    ({"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T18:00"},
     {"ends_at_local"}),  # the service: it must end after it starts
    ({"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T18:10"},
     {"ends_at_local"}),  # under 15 minutes
    ({"starts_at_local": "2025-10-30T08:00", "ends_at_local": "2025-10-30T16:01"},
     {"ends_at_local"}),  # over 8 hours
    ({"starts_at_local": "2027-10-02T18:00", "ends_at_local": "2027-10-02T19:00"},
     {"starts_at_local"}),  # more than two years after 1 October 2025
    ({"starts_at_local": "2024-09-30T18:00", "ends_at_local": "2024-09-30T19:00"},
     {"starts_at_local"}),  # more than a year before 1 October 2025
    ({"starts_at_local": "2026-03-29T01:30", "ends_at_local": "2026-03-29T03:00"},
     {"starts_at_local"}),  # London's clocks skip from 01:00 to 02:00 that night
    ({"starts_at_local": "2026-03-29T00:00", "ends_at_local": "2026-03-29T01:15"},
     {"ends_at_local"}),
    ({"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T19:00",
      "note": "x" * 501}, {"note"}),
    ({"starts_at_local": "2025-10-30T18:00", "ends_at_local": "2025-10-30T19:00",
      "note": "nul\x00"}, {"note"}),
])
def test_an_extra_meeting_typed_wrong_is_422_naming_the_fields(client, scheduled, as_, body,
                                                               fields):
    before = stored(scheduled.group)

    response = add(client, scheduled.group, as_("facilitator"), **body)

    assert_error(response, 422, "validation_error", fields)
    assert stored(scheduled.group) == before


def test_a_facilitators_refused_body_says_why_in_the_services_words(client, scheduled, as_):
    response = add(client, scheduled.group, as_("facilitator"),
                   starts_at_local="2025-10-30T19:00", ends_at_local="2025-10-30T18:00")

    body = assert_error(response, 422, "validation_error", {"ends_at_local"})
    assert body["fields"]["ends_at_local"] == ["The meeting must end after it starts."]
    assert body["message"] == "The meeting must end after it starts."


# --- Moving, cancelling, restoring ------------------------------------------------------------


def the_meeting(group, day: date):
    """The stored regular meeting of `day`, read fresh."""
    return by_occurrence(group)[day]


def patch(client, mid: int, headers, **body):
    return client.patch(f"/api/v1/meetings/{mid}", json=body, headers=headers)


def post(client, mid: int, action: str, headers, **body):
    return client.post(f"/api/v1/meetings/{mid}/{action}", json=body, headers=headers)


def test_a_facilitator_moves_a_meeting_across_the_clock_change(client, scheduled, as_):
    world = scheduled
    meeting = the_meeting(world.group, TUESDAYS[2])  # 21 October, BST

    response = patch(client, meeting.id, as_("facilitator"), starts_at_local="2025-10-29T08:00",
                     ends_at_local="2025-10-29T09:00", note="Room booked", version=1)

    assert response.status_code == 200
    assert response.get_json() == {
        "id": meeting.id, "group_id": world.group.id, "kind": "regular",
        "occurrence": "2025-10-21", "starts_at": "2025-10-29T08:00:00+00:00",
        "ends_at": "2025-10-29T09:00:00+00:00", "local_start": "2025-10-29T08:00:00+00:00",
        "duration_minutes": 60, "status": "scheduled", "moved": True, "note": "Room booked",
        "version": 2, "presenter_id": None, "started_at": None, "closed_at": None}
    after = the_meeting(world.group, TUESDAYS[2])
    assert (after.starts_at, after.duration_minutes, after.moved, after.version) == (
        datetime(2025, 10, 29, 8, tzinfo=UTC), 60, True, 2)
    # Without a note, the note stays; without a version, no check.
    again = patch(client, meeting.id, as_("facilitator"), starts_at_local="2025-10-29T08:30",
                  ends_at_local="2025-10-29T09:30").get_json()
    assert (again["note"], again["version"]) == ("Room booked", 3)


def test_a_facilitator_cancels_and_restores_a_meeting(client, scheduled, as_):
    world = scheduled
    meeting = the_meeting(world.group, TUESDAYS[0])

    cancelled = post(client, meeting.id, "cancel", as_("facilitator"), note="Venue closed",
                     version=1)

    assert cancelled.status_code == 200
    assert {k: cancelled.get_json()[k] for k in ("status", "note", "version", "moved")} == {
        "status": "cancelled", "note": "Venue closed", "version": 2, "moved": False}
    assert the_meeting(world.group, TUESDAYS[0]).status == "cancelled"
    # The others stay.
    assert [m.status for m in stored(world.group)].count("cancelled") == 1

    restored = post(client, meeting.id, "restore", as_("facilitator"), version=2)

    assert restored.status_code == 200
    assert {k: restored.get_json()[k] for k in ("status", "note", "version")} == {
        "status": "scheduled", "note": "", "version": 3}
    assert the_meeting(world.group, TUESDAYS[0]).status == "scheduled"


def test_restoring_needs_no_version_and_cancelling_no_body(client, scheduled, as_):
    meeting = the_meeting(scheduled.group, TUESDAYS[0])

    cancelled = client.post(f"/api/v1/meetings/{meeting.id}/cancel",
                            headers=as_("facilitator"))
    restored = client.post(f"/api/v1/meetings/{meeting.id}/restore", json={},
                           headers=as_("facilitator"))

    assert (cancelled.status_code, cancelled.get_json()["status"]) == (200, "cancelled")
    assert (restored.status_code, restored.get_json()["status"]) == (200, "scheduled")


MOVE = {"starts_at_local": "2025-10-29T08:00", "ends_at_local": "2025-10-29T09:00"}
WRITES = [
    ("patch", "", MOVE),
    ("post", "/cancel", {"note": "Venue closed"}),
    ("post", "/restore", {}),
]


def write(client, method: str, mid: int, suffix: str, body: dict, headers=None):
    return client.open(f"/api/v1/meetings/{mid}{suffix}", method=method.upper(), json=body,
                       headers=headers or {})


@pytest.fixture
def one_cancelled(scheduled):
    """The world with its first Tuesday cancelled (so restoring it is allowed)."""
    cancel_meeting(meeting=meeting_model(scheduled.group, TUESDAYS[0]), actor=scheduled.facilitator)
    db.session.commit()
    return scheduled


def target(world, suffix: str) -> int:
    """A meeting each write may be applied to: the cancelled one to restore, else a
    scheduled one."""
    return the_meeting(world.group, TUESDAYS[0] if suffix == "/restore" else TUESDAYS[1]).id


@pytest.mark.parametrize(("method", "suffix", "body"), WRITES)
def test_writes_are_for_the_groups_facilitators(client, one_cancelled, as_, method, suffix,
                                                body):
    world = one_cancelled
    mid = target(world, suffix)
    before = stored(world.group)

    assert_error(write(client, method, mid, suffix, body), 401, "unauthorized")
    assert_error(write(client, method, mid, suffix, body, as_("outsider")), 404, "not_found")
    assert_error(write(client, method, MISSING, suffix, body, as_("facilitator")),
                 404, "not_found")
    response = write(client, method, mid, suffix, body, as_("member"))
    assert_error(response, 403, "forbidden", set())
    assert stored(world.group) == before

    assert write(client, method, mid, suffix, body, as_("facilitator")).status_code == 200


@pytest.mark.parametrize(("method", "suffix", "body"), WRITES)
def test_a_stale_version_is_409_and_changes_nothing(client, one_cancelled, as_, method, suffix,
                                                    body):
    world = one_cancelled
    mid = target(world, suffix)
    seen = db.session.get(Meeting, mid)
    version = seen.version
    seen.note = "Changed meanwhile"  # someone else's change
    db.session.commit()
    assert seen.version == version + 1
    before = stored(world.group)

    response = write(client, method, mid, suffix, {**body, "version": version},
                     as_("facilitator"))

    assert_error(response, 409, "conflict", {"version"})
    assert stored(world.group) == before


@pytest.mark.parametrize(("method", "suffix", "body", "fields"), [
    ("patch", "", {}, {"starts_at_local", "ends_at_local"}),
    ("patch", "", {**MOVE, "ends_at_local": "2025-10-29T07:00"}, {"ends_at_local"}),
    ("patch", "", {**MOVE, "starts_at_local": "2027-10-29T08:00",
                   "ends_at_local": "2027-10-29T09:00"}, {"starts_at_local"}),
    ("patch", "", {**MOVE, "note": "x" * 501}, {"note"}),
    ("patch", "", {**MOVE, "version": "two"}, {"version"}),
    ("post", "/cancel", {"note": "x" * 501}, {"note"}),
    ("post", "/cancel", {"note": 5}, {"note"}),
    ("post", "/restore", {"version": "x"}, {"version"}),
])
def test_a_write_typed_wrong_is_422_naming_the_fields_and_changes_nothing(
        client, one_cancelled, as_, method, suffix, body, fields):
    world = one_cancelled
    before = stored(world.group)

    response = write(client, method, target(world, suffix), suffix, body, as_("facilitator"))

    assert_error(response, 422, "validation_error", fields)
    assert stored(world.group) == before


@pytest.mark.parametrize(("method", "suffix", "body", "day"), [
    ("patch", "", MOVE, TUESDAYS[0]),  # a cancelled meeting can't be moved
    ("post", "/cancel", {}, TUESDAYS[0]),  # nor cancelled again
    ("post", "/restore", {}, TUESDAYS[1]),  # a scheduled one can't be restored
])
def test_a_write_the_meetings_status_refuses_is_422_on_status(client, one_cancelled, as_,
                                                              method, suffix, body, day):
    world = one_cancelled
    before = stored(world.group)

    response = write(client, method, the_meeting(world.group, day).id, suffix, body,
                     as_("facilitator"))

    assert_error(response, 422, "validation_error", {"status"})
    assert stored(world.group) == before


# --- OpenAPI ----------------------------------------------------------------------------------


MEETING_PATHS = {
    ("/api/v1/groups/{gid}/meetings", "get"): {"404", "422"},
    ("/api/v1/groups/{gid}/meetings", "post"): {"201", "403", "404", "422"},
    ("/api/v1/meetings/{mid}", "get"): {"200", "404"},
    ("/api/v1/meetings/{mid}", "patch"): {"200", "403", "404", "409", "422"},
    ("/api/v1/meetings/{mid}/cancel", "post"): {"200", "403", "404", "409", "422"},
    ("/api/v1/meetings/{mid}/restore", "post"): {"200", "403", "404", "409", "422"},
}


def test_openapi_describes_the_meeting_paths(client):
    spec = json.loads(client.get("/api/v1/openapi.json").get_data(as_text=True))
    schemas = spec["components"]["schemas"]

    for (path, method), codes in MEETING_PATHS.items():
        operation = spec["paths"][path][method]
        assert operation["summary"], path
        assert any(scheme for scheme in operation["security"]), path
        assert codes <= set(operation["responses"]), (path, method)
    listing_op = spec["paths"]["/api/v1/groups/{gid}/meetings"]["get"]
    assert {"start", "end"} <= {p["name"] for p in listing_op["parameters"]}
    out = listing_op["responses"]["200"]["content"]["application/json"]["schema"]
    out = schemas[out["$ref"].rsplit("/", 1)[-1]]
    item = schemas[out["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(item["properties"]) == ITEM_KEYS
    body = spec["paths"]["/api/v1/meetings/{mid}"]["patch"]["requestBody"]
    move = schemas[body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert set(move["properties"]) == {"starts_at_local", "ends_at_local", "note", "version"}
    assert "format" not in move["properties"]["starts_at_local"]
