"""GET /api/v1/me."""

from datetime import UTC, datetime

from partnernet.models import Profile, Role
from tests.factories import GroupFactory, MembershipFactory, UserFactory


def test_me_returns_the_caller_and_their_current_groups(client, app, api_headers):
    ada = UserFactory(email="ada@example.com", name="Ada Lovelace",
                      profile=Profile(business_name="Analytical Engines Ltd"))
    zeta = GroupFactory(name="Zeta Circle")
    alpha = GroupFactory(name="Alpha Partners")
    gone = GroupFactory(name="Former Group")
    MembershipFactory(group=zeta, user=ada)
    MembershipFactory(group=alpha, user=ada, role=Role.FACILITATOR, title="President")
    MembershipFactory(group=gone, user=ada, left_at=datetime(2025, 1, 1, tzinfo=UTC))
    MembershipFactory(group=GroupFactory(name="Not Hers"))  # someone else's group

    response = client.get("/api/v1/me", headers=api_headers(ada))

    assert response.status_code == 200
    assert response.get_json() == {
        "id": ada.id,
        "email": "ada@example.com",
        "name": "Ada Lovelace",
        "business": "Analytical Engines Ltd",
        "groups": [
            {"id": alpha.id, "name": "Alpha Partners", "role": "facilitator",
             "title": "President"},
            {"id": zeta.id, "name": "Zeta Circle", "role": "member", "title": ""},
        ],
    }


def test_me_without_groups_or_profile(client, app, api_headers):
    bob = UserFactory(email="bob@example.com", name="Bob Baker", profile=None)

    response = client.get("/api/v1/me", headers=api_headers(bob))

    assert response.status_code == 200
    assert response.get_json() == {"id": bob.id, "email": "bob@example.com",
                                   "name": "Bob Baker", "business": "", "groups": []}


def test_me_answers_for_the_token_holder(client, world, api_headers):
    member = client.get("/api/v1/me", headers=api_headers(world.member)).get_json()
    outsider = client.get("/api/v1/me", headers=api_headers(world.outsider)).get_json()

    assert member["id"] == world.member.id
    assert [g["id"] for g in member["groups"]] == [world.group.id]
    assert outsider["id"] == world.outsider.id
    assert [g["id"] for g in outsider["groups"]] == [world.other_group.id]
