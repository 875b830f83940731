"""The one-to-ones API: my one-to-ones and the partners I haven't met, logging one, deleting
it, and what is refused.

Riverside Partners (the `world` fixture) has a facilitator and a member; Ana joins it. "Now" is
frozen at Wednesday 1 October 2025, 09:00 UTC (10:00 in London), so "today" is 1 October.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

import partnernet.api.meetings as meetings_api
from partnernet.extensions import db
from partnernet.meetings.one_to_ones import log_one_to_one
from partnernet.models import OneToOne
from tests.api.helpers import assert_error
from tests.factories import MembershipFactory, UserFactory

NOW = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
TODAY = date(2025, 10, 1)
MISSING = 987654
ITEM_KEYS = {"id", "partner_id", "partner_name", "logged_by_id", "met_on", "kind", "notes"}


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(meetings_api, "utcnow", lambda: NOW)


@pytest.fixture
def ana(world):
    return MembershipFactory(group=world.group, user=UserFactory(name="Ana Archer")).user


@pytest.fixture
def as_(world, ana, api_headers):
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(ana if who == "ana" else getattr(world, who))
        return cache[who]

    return headers


def url(world) -> str:
    return f"/api/v1/groups/{world.group.id}/one-to-ones"


def stored() -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(OneToOne.logged_by_id, OneToOne.partner_id, OneToOne.met_on, OneToOne.kind,
                  OneToOne.notes).order_by(OneToOne.id)).all()


def body(partner_id: int | None, **changes) -> dict:
    return {"partner_id": partner_id, "met_on": "2025-09-30", "kind": "video",
            "notes": "Coffee.\nTalked referrals.", **changes}


def test_a_member_logs_a_one_to_one(client, world, ana, frozen, as_):
    response = client.post(url(world), json=body(ana.id), headers=as_("member"))

    assert response.status_code == 201
    item = response.get_json()
    assert set(item) == ITEM_KEYS
    assert item == {"id": item["id"], "partner_id": ana.id, "partner_name": "Ana Archer",
                    "logged_by_id": world.member.id, "met_on": "2025-09-30", "kind": "video",
                    "notes": "Coffee.\nTalked referrals."}
    assert stored() == [(world.member.id, ana.id, date(2025, 9, 30), "video",
                         "Coffee.\nTalked referrals.")]


def test_the_list_holds_both_directions_and_who_is_not_met(client, world, ana, frozen, as_):
    world.member.name, world.facilitator.name = "Mo Member", "Fay Facilitator"
    db.session.commit()
    log_one_to_one(group=world.group, actor=ana, partner_id=world.member.id,
                   met_on=date(2025, 9, 20), kind="phone", notes="", today=TODAY)
    db.session.commit()

    response = client.get(url(world), headers=as_("member"))

    assert response.status_code == 200
    data = response.get_json()
    assert [(i["partner_id"], i["partner_name"], i["logged_by_id"], i["met_on"], i["kind"])
            for i in data["items"]] == [(ana.id, "Ana Archer", ana.id, "2025-09-20", "phone")]
    assert data["not_met"] == [{"member_id": world.facilitator.id, "name": "Fay Facilitator"}]
    # Ana sees the same one-to-one, with the member as her partner.
    theirs = client.get(url(world), headers=as_("ana")).get_json()
    assert [i["partner_id"] for i in theirs["items"]] == [world.member.id]
    assert [p["name"] for p in theirs["not_met"]] == ["Fay Facilitator"]


@pytest.mark.parametrize("changes, field", [
    ({"partner_id": "Ana"}, "partner_id"),
    ({"met_on": "30/09/2025"}, "met_on"),
    ({"met_on": "2025-10-02"}, "met_on"),  # tomorrow in London
    ({"met_on": "2024-09-30"}, "met_on"),  # over a year ago
    ({"kind": "fax"}, "kind"),
    ({"notes": "x" * 2001}, "notes"),
])
def test_a_bad_one_to_one_is_422_naming_the_field_and_saves_nothing(
        client, world, ana, frozen, as_, changes, field):
    response = client.post(url(world), json=body(ana.id) | changes, headers=as_("member"))

    assert_error(response, 422, "validation_error", {field})
    assert stored() == []


@pytest.mark.parametrize("partner", ["myself", "outsider", "former member", "nobody"])
def test_the_partner_must_be_another_current_member(client, world, frozen, as_, partner):
    former = MembershipFactory(group=world.group, left_at=NOW - timedelta(days=1)).user
    db.session.commit()
    partner_id = {"myself": world.member.id, "outsider": world.outsider.id,
                  "former member": former.id, "nobody": MISSING}[partner]

    response = client.post(url(world), json=body(partner_id), headers=as_("member"))

    assert_error(response, 422, "validation_error", {"partner_id"})
    assert stored() == []


def test_the_list_and_logging_are_for_current_members_only(client, world, ana, frozen, as_):
    assert_error(client.get(url(world)), 401, "unauthorized")
    assert_error(client.get(url(world), headers=as_("outsider")), 404, "not_found")
    assert_error(client.get(f"/api/v1/groups/{MISSING}/one-to-ones", headers=as_("member")),
                 404, "not_found")
    assert_error(client.post(url(world), json=body(ana.id), headers=as_("outsider")), 404,
                 "not_found")
    assert stored() == []


def test_the_member_who_logged_it_deletes_it(client, world, ana, frozen, as_):
    entry = log_one_to_one(group=world.group, actor=world.member, partner_id=ana.id,
                           met_on=TODAY, kind="phone", notes="", today=TODAY)
    db.session.commit()
    path = f"/api/v1/one-to-ones/{entry.id}"

    assert_error(client.delete(path, headers=as_("ana")), 403, "forbidden", set())
    assert_error(client.delete(path, headers=as_("facilitator")), 403, "forbidden", set())
    assert_error(client.delete(path, headers=as_("outsider")), 404, "not_found")
    assert len(stored()) == 1

    response = client.delete(path, headers=as_("member"))

    assert response.status_code == 204
    assert response.get_data() == b""
    assert stored() == []
    assert_error(client.delete(path, headers=as_("member")), 404, "not_found")


def test_the_spec_documents_the_one_to_one_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert set(paths["/api/v1/groups/{gid}/one-to-ones"]["post"]["responses"]) >= {
        "201", "404", "422"}
    assert set(paths["/api/v1/one-to-ones/{oid}"]["delete"]["responses"]) >= {
        "204", "403", "404"}
