"""GET/POST /api/v1/groups and GET /api/v1/groups/{gid}."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Membership, Role
from tests.api.helpers import assert_error
from tests.factories import GroupFactory, MembershipFactory, UserFactory

NEW_GROUP = {
    "name": "Harbour Circle",
    "cadence": "weekly",
    "weekday": 2,
    "meeting_time": "07:00",
    "timezone": "Europe/Paris",
    "currency": "EUR",
}


def group_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Group))


def world_group_json(world, role: str) -> dict:
    return {
        "id": world.group.id, "name": "Riverside Partners", "cadence": "weekly",
        "weekday": 1, "nth_weekday": None, "meeting_time": "07:00", "duration_minutes": 90,
        "timezone": "Europe/London", "currency": "GBP", "location": "", "video_url": "",
        "member_count": 2, "role": role,
    }


# GET /groups


def test_list_groups_shows_only_the_callers_groups(client, world, api_headers):
    response = client.get("/api/v1/groups", headers=api_headers(world.member))

    assert response.status_code == 200
    assert response.get_json() == {"items": [world_group_json(world, "member")]}


def test_list_groups_for_a_facilitator_and_for_an_outsider(client, world, api_headers):
    items = client.get("/api/v1/groups", headers=api_headers(world.facilitator)).get_json()
    assert items == {"items": [world_group_json(world, "facilitator")]}

    items = client.get("/api/v1/groups", headers=api_headers(world.outsider)).get_json()["items"]
    assert [(g["id"], g["name"], g["role"]) for g in items] == [
        (world.other_group.id, "Other Group", "facilitator")]


def test_list_groups_leaves_out_groups_the_caller_left(client, world, api_headers):
    former = GroupFactory(name="Former Circle")
    MembershipFactory(group=former, user=world.member, left_at=datetime(2025, 2, 1, tzinfo=UTC))
    both = GroupFactory(name="Another Circle")
    MembershipFactory(group=both, user=world.member)

    items = client.get("/api/v1/groups", headers=api_headers(world.member)).get_json()["items"]

    assert sorted(g["id"] for g in items) == sorted([world.group.id, both.id])


def test_list_groups_empty(client, app, api_headers):
    response = client.get("/api/v1/groups", headers=api_headers(UserFactory()))
    assert response.status_code == 200
    assert response.get_json() == {"items": []}


# POST /groups


def test_create_group_makes_the_caller_its_facilitator(client, app, api_headers):
    creator = UserFactory()

    response = client.post("/api/v1/groups", json=NEW_GROUP, headers=api_headers(creator))

    assert response.status_code == 201
    body = response.get_json()
    gid = body.pop("id")
    assert isinstance(gid, int)
    assert body == {
        "name": "Harbour Circle", "cadence": "weekly", "weekday": 2, "nth_weekday": None,
        "meeting_time": "07:00", "duration_minutes": 90, "timezone": "Europe/Paris",
        "currency": "EUR", "location": "", "video_url": "", "member_count": 1,
        "role": "facilitator",
    }
    memberships = db.session.scalars(sa.select(Membership).where(Membership.group_id == gid))
    assert [(m.user_id, m.role, m.left_at) for m in memberships] == [
        (creator.id, Role.FACILITATOR, None)]

    detail = client.get(f"/api/v1/groups/{gid}", headers=api_headers(creator))
    assert detail.status_code == 200
    assert detail.get_json()["role"] == "facilitator"


def test_create_monthly_group_with_all_settings(client, app, api_headers):
    data = {**NEW_GROUP, "cadence": "monthly", "nth_weekday": -1, "meeting_time": "12:30",
            "duration_minutes": 75, "currency": "usd", "location": "Harbour Hotel",
            "video_url": "https://meet.example.com/harbour"}

    response = client.post("/api/v1/groups", json=data, headers=api_headers(UserFactory()))

    assert response.status_code == 201
    body = response.get_json()
    assert (body["cadence"], body["nth_weekday"], body["meeting_time"],
            body["duration_minutes"], body["currency"], body["location"],
            body["video_url"]) == ("monthly", -1, "12:30", 75, "USD", "Harbour Hotel",
                                   "https://meet.example.com/harbour")


def test_created_group_is_listed_for_its_creator_only(client, world, api_headers):
    response = client.post("/api/v1/groups", json=NEW_GROUP,
                           headers=api_headers(world.member))
    gid = response.get_json()["id"]

    mine = client.get("/api/v1/groups", headers=api_headers(world.member)).get_json()["items"]
    theirs = client.get("/api/v1/groups",
                        headers=api_headers(world.outsider)).get_json()["items"]
    assert gid in {g["id"] for g in mine}
    assert gid not in {g["id"] for g in theirs}


@pytest.mark.parametrize(("change", "field"), [
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"name": "x" * 500}, "name"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"currency": "XYZ"}, "currency"),
    ({"cadence": "daily"}, "cadence"),
    ({"weekday": 9}, "weekday"),
    ({"meeting_time": "25:00"}, "meeting_time"),
    ({"colour": "blue"}, "colour"),
], ids=["missing-name", "empty-name", "long-name", "timezone", "currency", "cadence",
        "weekday", "time", "unknown-field"])
def test_create_group_rejects_invalid_settings(client, app, api_headers, change, field):
    data = {**NEW_GROUP, **change}
    data = {k: v for k, v in data.items() if v is not None}

    response = client.post("/api/v1/groups", json=data, headers=api_headers(UserFactory()))

    assert_error(response, 422, "validation_error", fields={field})
    assert group_count() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0


def test_create_group_timezone_error_explains_itself(client, app, api_headers):
    data = {**NEW_GROUP, "timezone": "Mars/Olympus"}
    response = client.post("/api/v1/groups", json=data, headers=api_headers(UserFactory()))
    body = assert_error(response, 422, "validation_error", fields={"timezone"})
    assert "time zone" in body["fields"]["timezone"][0]


def test_create_group_with_form_body_is_422(client, app, api_headers):
    response = client.post("/api/v1/groups", data={"name": "Form Group"},
                           headers=api_headers(UserFactory()))

    body = assert_error(response, 422, "validation_error")
    assert {"name", "weekday", "timezone", "currency", "meeting_time"} <= set(body["fields"])
    assert group_count() == 0


def test_create_group_with_text_body_is_422(client, app, api_headers):
    response = client.post("/api/v1/groups", data="Harbour Circle", content_type="text/plain",
                           headers=api_headers(UserFactory()))

    body = assert_error(response, 422, "validation_error")
    assert "name" in body["fields"]
    assert group_count() == 0


@pytest.mark.parametrize("payload", [[NEW_GROUP], "Harbour Circle", 42])
def test_create_group_with_json_that_is_not_an_object_is_422(client, app, api_headers,
                                                              payload):
    response = client.post("/api/v1/groups", json=payload, headers=api_headers(UserFactory()))

    body = assert_error(response, 422, "validation_error")
    assert body["fields"]
    assert group_count() == 0


def test_create_group_with_malformed_json_is_400(client, app, api_headers):
    response = client.post("/api/v1/groups", data='{"name": "Harbour',
                           content_type="application/json", headers=api_headers(UserFactory()))

    assert_error(response, 400, "bad_request", fields=set())
    assert group_count() == 0


def test_group_name_with_markup_is_kept_as_plain_text(client, app, api_headers):
    creator = UserFactory()
    name = '<script>alert("hi")</script> & Partners'

    response = client.post("/api/v1/groups", json={**NEW_GROUP, "name": name},
                           headers=api_headers(creator))

    assert response.status_code == 201
    assert response.mimetype == "application/json"
    assert response.get_json()["name"] == name
    gid = response.get_json()["id"]
    assert db.session.get(Group, gid).name == name
    detail = client.get(f"/api/v1/groups/{gid}", headers=api_headers(creator))
    assert detail.get_json()["name"] == name


# GET /groups/{gid}


def test_member_gets_the_group(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.group.id}", headers=api_headers(world.member))

    assert response.status_code == 200
    assert response.get_json() == world_group_json(world, "member")


def test_member_of_another_group_gets_404(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.group.id}",
                          headers=api_headers(world.outsider))

    assert_error(response, 404, "not_found", fields=set())
    assert b"Riverside Partners" not in response.data


def test_former_member_gets_404(client, world, api_headers):
    leaver = UserFactory()
    MembershipFactory(group=world.group, user=leaver, left_at=datetime(2025, 3, 1, tzinfo=UTC))

    response = client.get(f"/api/v1/groups/{world.group.id}", headers=api_headers(leaver))

    assert_error(response, 404, "not_found")
    assert b"Riverside Partners" not in response.data


def test_nonexistent_group_is_404(client, world, api_headers):
    missing = world.other_group.id + 1000
    response = client.get(f"/api/v1/groups/{missing}", headers=api_headers(world.member))
    assert_error(response, 404, "not_found", fields=set())


def test_non_integer_group_id_is_404(client, world, api_headers):
    response = client.get("/api/v1/groups/riverside", headers=api_headers(world.member))
    assert_error(response, 404, "not_found")
