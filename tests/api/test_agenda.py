"""The agenda API: the group's agenda and a meeting's, adding, changing, removing and
reordering items, who may do what, and what is refused (with nothing saved).

Riverside Partners (the `world` fixture) has a facilitator and a member; its meetings last 90
minutes. The outsider leads another group.
"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.agenda import DEFAULT_AGENDA, ensure_meeting_agenda, list_agenda
from partnernet.models import AgendaItem, Meeting
from partnernet.models.meetings import MeetingStatus
from tests.api.helpers import assert_error
from tests.factories import MembershipFactory

MISSING = 987654
ITEM_KEYS = {"id", "position", "title", "kind", "minutes", "owner_id", "owner_name"}
LIST_KEYS = {"group_id", "meeting_id", "own_copy", "total_minutes", "duration_minutes",
             "items"}


@pytest.fixture
def as_(world, api_headers):
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(world, who))
        return cache[who]

    return headers


@pytest.fixture
def a_meeting(world) -> Meeting:
    row = Meeting(group_id=world.group.id, kind="extra", occurrence=None,
                  starts_at=datetime.now(UTC) + timedelta(days=3), duration_minutes=60)
    db.session.add(row)
    db.session.commit()
    return row


def stored(group_id: int) -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.position, AgendaItem.title,
                  AgendaItem.kind, AgendaItem.minutes, AgendaItem.owner_id)
        .where(AgendaItem.group_id == group_id).order_by(AgendaItem.id)).all()


def test_reading_the_groups_agenda_seeds_the_usual_meeting(world, client, as_):
    response = client.get(f"/api/v1/groups/{world.group.id}/agenda", headers=as_("member"))

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == LIST_KEYS
    assert (body["group_id"], body["meeting_id"], body["own_copy"]) == \
        (world.group.id, None, True)
    assert (body["total_minutes"], body["duration_minutes"]) == (90, 90)
    assert all(set(item) == ITEM_KEYS for item in body["items"])
    assert [(i["position"], i["title"], i["kind"], i["minutes"], i["owner_id"],
             i["owner_name"]) for i in body["items"]] == \
        [(n, t, k, m, None, None) for n, (t, k, m) in enumerate(DEFAULT_AGENDA)]
    assert len(stored(world.group.id)) == 9


def test_a_facilitator_adds_changes_and_removes_an_item(world, client, as_):
    gid = world.group.id
    client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member"))

    response = client.post(f"/api/v1/groups/{gid}/agenda/items", headers=as_("facilitator"),
                           json={"title": "Guest speaker", "kind": "featured", "minutes": 12,
                                 "owner_id": world.member.id})
    assert response.status_code == 201
    item = response.get_json()
    assert item == {"id": item["id"], "position": 9, "title": "Guest speaker",
                    "kind": "featured", "minutes": 12, "owner_id": world.member.id,
                    "owner_name": world.member.name}

    response = client.patch(f"/api/v1/agenda-items/{item['id']}", headers=as_("facilitator"),
                            json={"minutes": 8, "owner_id": None})
    assert response.status_code == 200
    assert response.get_json() == {**item, "minutes": 8, "owner_id": None, "owner_name": None}

    body = client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member")).get_json()
    assert body["total_minutes"] == 98

    response = client.delete(f"/api/v1/agenda-items/{item['id']}", headers=as_("facilitator"))
    assert response.status_code == 204
    assert len(stored(gid)) == 9


def test_reordering_the_groups_agenda(world, client, as_):
    gid = world.group.id
    ids = [i["id"] for i in client.get(f"/api/v1/groups/{gid}/agenda",
                                       headers=as_("facilitator")).get_json()["items"]]
    wanted = ids[::-1]

    response = client.put(f"/api/v1/groups/{gid}/agenda/order", headers=as_("facilitator"),
                          json={"item_ids": wanted})

    assert response.status_code == 200
    assert [i["id"] for i in response.get_json()["items"]] == wanted
    assert [i["position"] for i in response.get_json()["items"]] == list(range(9))


@pytest.mark.parametrize(("body", "fields"), [
    ({"title": "", "minutes": 5}, {"title"}),
    ({"title": "x" * 121, "minutes": 5}, {"title"}),
    ({"title": "Guest", "minutes": 0}, {"minutes"}),
    ({"title": "Guest", "minutes": 241}, {"minutes"}),
    ({"title": "Guest", "minutes": "10"}, {"minutes"}),
    ({"title": "Guest", "minutes": 2.5}, {"minutes"}),
    ({"title": "Guest"}, {"minutes"}),
    ({"title": "Guest", "minutes": 5, "kind": "party"}, {"kind"}),
    ({"title": "Guest", "minutes": 5, "owner_id": MISSING}, {"owner_id"}),
    ({"title": "Guest", "minutes": 5, "owner_id": 2**63}, {"owner_id"}),
])
def test_bad_items_are_refused_with_their_fields(world, client, as_, body, fields):
    gid = world.group.id
    client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member"))
    before = stored(gid)

    response = client.post(f"/api/v1/groups/{gid}/agenda/items", headers=as_("facilitator"),
                           json=body)

    assert_error(response, 422, "validation_error", fields)
    assert stored(gid) == before


def test_an_owner_from_another_group_is_refused(world, client, as_):
    response = client.post(f"/api/v1/groups/{world.group.id}/agenda/items",
                           headers=as_("facilitator"),
                           json={"title": "Guest", "minutes": 5, "owner_id": world.outsider.id})
    body = assert_error(response, 422, "validation_error", {"owner_id"})
    assert body["fields"]["owner_id"] == ["Choose a current member of the group, or nobody."]


@pytest.mark.parametrize("ids", [
    lambda ids: ids[:-1], lambda ids: [*ids, ids[0]], lambda ids: [MISSING, *ids[1:]],
    lambda ids: [],
])
def test_a_reorder_must_name_exactly_the_current_items(world, client, as_, ids):
    gid = world.group.id
    current = [i["id"] for i in client.get(f"/api/v1/groups/{gid}/agenda",
                                           headers=as_("member")).get_json()["items"]]
    before = stored(gid)
    response = client.put(f"/api/v1/groups/{gid}/agenda/order", headers=as_("facilitator"),
                          json={"item_ids": ids(current)})
    assert_error(response, 422, "validation_error", {"item_ids"})
    assert stored(gid) == before


def test_members_may_read_but_not_write(world, client, as_, a_meeting):
    gid = world.group.id
    items = client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member")).get_json()["items"]
    before = stored(gid)
    member = as_("member")
    for response in (
        client.post(f"/api/v1/groups/{gid}/agenda/items", headers=member,
                    json={"title": "X", "minutes": 5}),
        client.post(f"/api/v1/meetings/{a_meeting.id}/agenda/items", headers=member,
                    json={"title": "X", "minutes": 5}),
        client.patch(f"/api/v1/agenda-items/{items[0]['id']}", headers=member,
                     json={"minutes": 3}),
        client.delete(f"/api/v1/agenda-items/{items[0]['id']}", headers=member),
        client.put(f"/api/v1/groups/{gid}/agenda/order", headers=member,
                   json={"item_ids": [i["id"] for i in items][::-1]}),
        client.put(f"/api/v1/meetings/{a_meeting.id}/agenda/order", headers=member,
                   json={"item_ids": [i["id"] for i in items][::-1]}),
    ):
        assert_error(response, 403, "forbidden")
    assert stored(gid) == before


def test_outsiders_see_nothing(world, client, as_, a_meeting):
    gid = world.group.id
    items = client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member")).get_json()["items"]
    before = stored(gid)
    outsider = as_("outsider")
    iid = items[0]["id"]
    for response in (
        client.get(f"/api/v1/groups/{gid}/agenda", headers=outsider),
        client.get(f"/api/v1/meetings/{a_meeting.id}/agenda", headers=outsider),
        client.post(f"/api/v1/groups/{gid}/agenda/items", headers=outsider,
                    json={"title": "X", "minutes": 5}),
        client.post(f"/api/v1/meetings/{a_meeting.id}/agenda/items", headers=outsider,
                    json={"title": "X", "minutes": 5}),
        client.patch(f"/api/v1/agenda-items/{iid}", headers=outsider, json={"minutes": 3}),
        client.delete(f"/api/v1/agenda-items/{iid}", headers=outsider),
        client.put(f"/api/v1/groups/{gid}/agenda/order", headers=outsider,
                   json={"item_ids": [i["id"] for i in items]}),
        client.patch(f"/api/v1/agenda-items/{MISSING}", headers=as_("facilitator"),
                     json={"minutes": 3}),
        client.patch(f"/api/v1/agenda-items/{2**40}", headers=as_("facilitator"),
                     json={"minutes": 3}),
    ):
        body = assert_error(response, 404, "not_found")
        assert "Riverside" not in body["message"]
    assert stored(gid) == before


def test_a_meeting_follows_the_groups_agenda_until_it_has_its_own(world, client, as_,
                                                                  a_meeting):
    gid, mid = world.group.id, a_meeting.id
    template = client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member")).get_json()

    # A member reads the group's items; nothing is copied.
    body = client.get(f"/api/v1/meetings/{mid}/agenda", headers=as_("member")).get_json()
    assert (body["meeting_id"], body["own_copy"], body["duration_minutes"]) == (mid, False, 60)
    assert body["items"] == template["items"]
    assert body["total_minutes"] == 90  # 30 minutes over the meeting's 60
    assert len(stored(gid)) == 9

    # A facilitator reading it gets the meeting's own copy, to change alone.
    body = client.get(f"/api/v1/meetings/{mid}/agenda", headers=as_("facilitator")).get_json()
    assert body["own_copy"] is True
    assert not {i["id"] for i in body["items"]} & {i["id"] for i in template["items"]}
    first = body["items"][0]["id"]
    client.patch(f"/api/v1/agenda-items/{first}", headers=as_("facilitator"),
                 json={"minutes": 5})
    response = client.post(f"/api/v1/meetings/{mid}/agenda/items", headers=as_("facilitator"),
                           json={"title": "Birthday", "kind": "other", "minutes": 2})
    assert response.status_code == 201
    mine = client.get(f"/api/v1/meetings/{mid}/agenda", headers=as_("member")).get_json()
    assert mine["total_minutes"] == 90 - 10 + 2
    assert mine["items"][-1]["title"] == "Birthday"
    again = client.get(f"/api/v1/groups/{gid}/agenda", headers=as_("member")).get_json()
    assert again == template


def test_ordering_a_meeting_without_a_copy_names_the_groups_items(world, client, as_,
                                                                  a_meeting):
    gid, mid = world.group.id, a_meeting.id
    ids = [i["id"] for i in client.get(f"/api/v1/meetings/{mid}/agenda",
                                       headers=as_("member")).get_json()["items"]]
    response = client.put(f"/api/v1/meetings/{mid}/agenda/order", headers=as_("facilitator"),
                          json={"item_ids": [ids[1], ids[0], *ids[2:]]})
    assert response.status_code == 200
    body = response.get_json()
    assert body["own_copy"] is True
    assert [i["title"] for i in body["items"]][:2] == ["Welcome", "Open networking"]
    assert [r.title for r in list_agenda(group_id=gid)][:2] == ["Open networking", "Welcome"]


def test_a_closed_meetings_agenda_is_refused_with_its_reason(world, client, as_, a_meeting):
    copy = ensure_meeting_agenda(meeting=a_meeting)
    a_meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    before = stored(world.group.id)
    response = client.patch(f"/api/v1/agenda-items/{copy[0].id}", headers=as_("facilitator"),
                            json={"minutes": 3})
    body = assert_error(response, 422, "validation_error", {"status"})
    assert body["message"] == "This meeting is closed: its agenda stays as it was run."
    # A facilitator reading it copies nothing more.
    body = client.get(f"/api/v1/meetings/{a_meeting.id}/agenda",
                      headers=as_("facilitator")).get_json()
    assert [i["id"] for i in body["items"]] == [r.id for r in copy]
    assert stored(world.group.id) == before


def test_a_former_member_sees_nothing(world, client, as_, api_headers):
    former = MembershipFactory(group=world.group, role="facilitator")
    headers = api_headers(former.user)
    former.left_at = datetime.now(UTC)
    db.session.commit()
    response = client.get(f"/api/v1/groups/{world.group.id}/agenda", headers=headers)
    assert_error(response, 404, "not_found")
