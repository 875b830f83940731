"""The speaker rotation API: reading the order and the next six weeks, replacing the order,
swapping, choosing a presenter, re-dealing; who may, and what is refused (nothing saved).

Riverside Partners (the `club` fixture of tests/meetings) meets weekly, three days from today
first; Ann, Ben and Cat join it.
"""

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.services import cancel_meeting, ensure_schedule
from partnernet.models import Meeting, User
from tests.api.helpers import assert_error
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import Club, club, meeting, midnight, stored_club  # noqa: F401

# `club` and `stored_club`, imported above, are the meetings tests' fixtures, used here too.
MISSING = 987654


@dataclass
class Scene:
    club: Club
    ann: User
    ben: User
    cat: User
    headers: object

    @property
    def url(self) -> str:
        return f"/api/v1/groups/{self.club.group.id}/rotation"

    def presenters(self) -> list[int | None]:
        db.session.expire_all()
        return [meeting(self.club.group, d).presenter_id for d in self.club.days]


@pytest.fixture
def scene(request, api_headers) -> Scene:
    ready: Club = request.getfixturevalue("stored_club")
    group = ready.group
    ann, ben, cat = (MembershipFactory(group=group, user__name=name).user
                     for name in ("Ann Archer", "Ben Baker", "Cat Cooper"))
    db.session.commit()
    cache = {}

    def headers(user):
        if user.id not in cache:
            cache[user.id] = api_headers(user)
        return cache[user.id]

    return Scene(ready, ann, ben, cat, headers)


def put_order(client, scene: Scene, *people: User, who: User | None = None):
    return client.put(scene.url, json={"member_ids": [p.id for p in people]},
                      headers=scene.headers(who or scene.club.facilitator))


def test_a_member_reads_the_order_and_the_next_six_weeks(scene, client):
    assert put_order(client, scene, scene.ann, scene.ben, scene.cat).status_code == 200

    response = client.get(scene.url, headers=scene.headers(scene.club.member))

    assert response.status_code == 200
    body = response.get_json()
    assert body["group_id"] == scene.club.group.id
    assert body["members"] == [
        {"member_id": scene.ann.id, "name": "Ann Archer", "position": 1},
        {"member_id": scene.ben.id, "name": "Ben Baker", "position": 2},
        {"member_id": scene.cat.id, "name": "Cat Cooper", "position": 3}]
    assert [(u["meeting_id"], u["presenter_name"], u["status"]) for u in body["upcoming"]] == [
        (meeting(scene.club.group, scene.club.days[n]).id, name, "scheduled")
        for n, name in enumerate(["Ann Archer", "Ben Baker", "Cat Cooper"] * 2)]
    first = body["upcoming"][0]
    assert set(first) == {"meeting_id", "starts_at", "status", "presenter_id",
                          "presenter_name"}
    assert first["presenter_id"] == scene.ann.id
    assert first["starts_at"] == meeting(scene.club.group,
                                         scene.club.days[0]).starts_at.isoformat()


def test_reading_deals_the_meetings_without_a_presenter(scene, client):
    put_order(client, scene, scene.cat)
    db.session.execute(sa.update(Meeting).values(presenter_id=None))
    db.session.commit()

    client.get(scene.url, headers=scene.headers(scene.club.member))

    assert scene.presenters() == [scene.cat.id] * 12


def test_a_new_order_keeps_the_presenters_already_dealt(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)

    response = put_order(client, scene, scene.cat, scene.ann)

    assert response.status_code == 200
    assert [m["name"] for m in response.get_json()["members"]] == ["Cat Cooper", "Ann Archer"]
    assert scene.presenters() == [scene.ann.id, scene.ben.id, scene.cat.id] * 4


def test_redealing_follows_the_new_order(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    put_order(client, scene, scene.cat, scene.ann)

    response = client.post(scene.url + "/redeal", headers=scene.headers(scene.club.facilitator))

    assert response.status_code == 200
    assert scene.presenters() == [scene.cat.id, scene.ann.id] * 6


@pytest.mark.parametrize("member_ids, message", [
    (["{ann}", "{ann}"], "Each member can be in the rotation only once."),
    (["{outsider}"], "Choose current members of the group."),
    ([MISSING], "Choose current members of the group."),
])
def test_a_bad_order_is_refused_and_nothing_saved(scene, client, member_ids, message):
    put_order(client, scene, scene.ann, scene.ben)
    ids = {"{ann}": scene.ann.id, "{outsider}": scene.club.outsider.id}
    response = client.put(scene.url, json={"member_ids": [ids.get(i, i) for i in member_ids]},
                          headers=scene.headers(scene.club.facilitator))

    body = assert_error(response, 422, "validation_error", {"member_ids"})
    assert body["fields"]["member_ids"] == [message]
    listed = client.get(scene.url, headers=scene.headers(scene.club.member)).get_json()
    assert [m["name"] for m in listed["members"]] == ["Ann Archer", "Ben Baker"]


@pytest.mark.parametrize("payload", [{}, {"member_ids": "1,2"}, {"member_ids": ["<script>"]},
                                     {"member_ids": [1.5]}, {"member_ids": [None]},
                                     {"member_ids": list(range(501))}])
def test_a_malformed_order_is_refused_by_shape(scene, client, payload):
    response = client.put(scene.url, json=payload, headers=scene.headers(scene.club.facilitator))
    assert_error(response, 422, "validation_error", {"member_ids"})


def test_a_member_cannot_change_anything(scene, client):
    put_order(client, scene, scene.ann, scene.ben)
    member = scene.headers(scene.club.member)
    first, second = (meeting(scene.club.group, d).id for d in scene.club.days[:2])
    before = scene.presenters()

    assert_error(put_order(client, scene, scene.cat, who=scene.club.member), 403, "forbidden")
    assert_error(client.post(scene.url + "/redeal", headers=member), 403, "forbidden")
    assert_error(client.post(scene.url + "/swap", json={"first_meeting_id": first,
                                                        "second_meeting_id": second},
                             headers=member), 403, "forbidden")
    assert_error(client.put(f"/api/v1/meetings/{first}/presenter",
                            json={"presenter_id": scene.cat.id}, headers=member),
                 403, "forbidden")
    assert scene.presenters() == before


def test_an_outsider_gets_404_everywhere(scene, client):
    put_order(client, scene, scene.ann, scene.ben)
    outsider = scene.headers(scene.club.outsider)
    first, second = (meeting(scene.club.group, d).id for d in scene.club.days[:2])
    before = scene.presenters()

    for response in (
            client.get(scene.url, headers=outsider),
            client.put(scene.url, json={"member_ids": []}, headers=outsider),
            client.post(scene.url + "/redeal", headers=outsider),
            client.post(scene.url + "/swap", json={"first_meeting_id": first,
                                                   "second_meeting_id": second},
                        headers=outsider),
            client.put(f"/api/v1/meetings/{first}/presenter", json={"presenter_id": None},
                       headers=outsider)):
        assert_error(response, 404, "not_found")
        assert "Ann" not in response.get_data(as_text=True)
    assert scene.presenters() == before


def test_a_facilitator_swaps_two_presenters(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    first, third = (meeting(scene.club.group, scene.club.days[n]).id for n in (0, 2))

    response = client.post(scene.url + "/swap",
                           json={"first_meeting_id": first, "second_meeting_id": third},
                           headers=scene.headers(scene.club.facilitator))

    assert response.status_code == 200
    assert [u["presenter_name"] for u in response.get_json()["upcoming"]][:3] == \
        ["Cat Cooper", "Ben Baker", "Ann Archer"]
    assert scene.presenters()[:4] == [scene.cat.id, scene.ben.id, scene.ann.id, scene.ann.id]


def test_another_groups_meeting_cannot_be_swapped_and_is_never_shown(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    other = GroupFactory(name="Hillside")
    ensure_schedule(group=other, now=midnight(other, scene.club.today))
    theirs = db.session.scalar(sa.select(Meeting).where(Meeting.group_id == other.id).limit(1))
    theirs.presenter_id = scene.club.outsider.id
    theirs_id = theirs.id
    db.session.commit()
    first = meeting(scene.club.group, scene.club.days[0]).id
    before = scene.presenters()

    for payload, field in (({"first_meeting_id": first, "second_meeting_id": theirs_id},
                            "second_meeting_id"),
                           ({"first_meeting_id": theirs_id, "second_meeting_id": first},
                            "first_meeting_id"),
                           ({"first_meeting_id": MISSING, "second_meeting_id": first},
                            "first_meeting_id")):
        response = client.post(scene.url + "/swap", json=payload,
                               headers=scene.headers(scene.club.facilitator))
        body = assert_error(response, 422, "validation_error", {field})
        assert body["fields"][field] == ["Choose a meeting of this group."]
        assert "Hillside" not in response.get_data(as_text=True)

    assert scene.presenters() == before
    db.session.expire_all()
    assert db.session.get(Meeting, theirs_id).presenter_id == scene.club.outsider.id


def test_swapping_a_meeting_with_itself_or_a_cancelled_one_is_refused(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    first, second = (meeting(scene.club.group, d) for d in scene.club.days[:2])
    cancel_meeting(meeting=second, actor=scene.club.facilitator)
    ids = first.id, second.id
    db.session.commit()
    headers = scene.headers(scene.club.facilitator)

    same = client.post(scene.url + "/swap", json={"first_meeting_id": ids[0],
                                                  "second_meeting_id": ids[0]}, headers=headers)
    assert assert_error(same, 422, "validation_error", {"second_meeting_id"})["fields"] == {
        "second_meeting_id": ["Choose two different meetings."]}
    cancelled = client.post(scene.url + "/swap", json={"first_meeting_id": ids[0],
                                                       "second_meeting_id": ids[1]},
                            headers=headers)
    assert_error(cancelled, 422, "validation_error", {"second_meeting_id"})
    assert scene.presenters()[0] == scene.ann.id


def test_a_facilitator_chooses_a_presenter_and_gives_the_meeting_back(scene, client):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    second = meeting(scene.club.group, scene.club.days[1])
    url = f"/api/v1/meetings/{second.id}/presenter"
    headers = scene.headers(scene.club.facilitator)

    response = client.put(url, json={"presenter_id": scene.club.member.id}, headers=headers)

    assert response.status_code == 200
    assert response.get_json() == {
        "meeting_id": second.id, "starts_at": second.starts_at.isoformat(),
        "status": "scheduled", "presenter_id": scene.club.member.id,
        "presenter_name": scene.club.member.name}

    response = client.put(url, json={"presenter_id": None}, headers=headers)
    assert response.get_json()["presenter_id"] == scene.ben.id


@pytest.mark.parametrize("value", ["{outsider}", MISSING, "x", "", 2 ** 70])
def test_only_a_current_member_can_present(scene, client, value):
    put_order(client, scene, scene.ann, scene.ben, scene.cat)
    second = meeting(scene.club.group, scene.club.days[1]).id
    if value == "{outsider}":
        value = scene.club.outsider.id

    response = client.put(f"/api/v1/meetings/{second}/presenter", json={"presenter_id": value},
                          headers=scene.headers(scene.club.facilitator))

    assert_error(response, 422, "validation_error", {"presenter_id"})
    assert scene.presenters()[1] == scene.ben.id


def test_the_endpoints_are_described(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "put"} <= set(paths["/api/v1/groups/{gid}/rotation"])
    assert "post" in paths["/api/v1/groups/{gid}/rotation/swap"]
    assert "post" in paths["/api/v1/groups/{gid}/rotation/redeal"]
    assert "put" in paths["/api/v1/meetings/{mid}/presenter"]
