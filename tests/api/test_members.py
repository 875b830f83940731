"""GET /api/v1/groups/{gid}/members."""

from datetime import UTC, datetime

from partnernet.extensions import db
from partnernet.groups.services import leave_group
from partnernet.models import Profile, Role
from tests.api.helpers import assert_error
from tests.factories import GroupFactory, MembershipFactory, UserFactory


def test_members_lists_current_members_only(client, app, api_headers):
    group = GroupFactory(name="Harbour Circle")
    ada = UserFactory(name="Ada Lovelace", profile=Profile(business_name="Analytical Engines"))
    bob = UserFactory(name="Bob Baker", profile=Profile(business_name="Baker Bread"))
    cid = UserFactory(name="Cid Carter", profile=Profile(business_name="Carter Cabs"))
    dee = UserFactory(name="Dee Dawson", profile=None)
    MembershipFactory(group=group, user=ada, role=Role.FACILITATOR, title="President",
                      category="Engineering", joined_at=datetime(2025, 1, 6, 12, tzinfo=UTC))
    MembershipFactory(group=group, user=bob, category="Bakery",
                      joined_at=datetime(2025, 2, 3, 12, tzinfo=UTC))
    MembershipFactory(group=group, user=cid, category="Taxis",
                      joined_at=datetime(2024, 5, 1, 12, tzinfo=UTC),
                      left_at=datetime(2025, 1, 31, 12, tzinfo=UTC))
    MembershipFactory(group=group, user=dee, joined_at=datetime(2025, 3, 10, 12, tzinfo=UTC))
    MembershipFactory(group=GroupFactory(), joined_at=datetime(2025, 1, 1, tzinfo=UTC))

    response = client.get(f"/api/v1/groups/{group.id}/members", headers=api_headers(bob))

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"items"}
    assert sorted(body["items"], key=lambda m: m["member_id"]) == [
        {"member_id": ada.id, "name": "Ada Lovelace", "business": "Analytical Engines",
         "role": "facilitator", "title": "President", "category": "Engineering",
         "joined_on": "2025-01-06"},
        {"member_id": bob.id, "name": "Bob Baker", "business": "Baker Bread",
         "role": "member", "title": "", "category": "Bakery", "joined_on": "2025-02-03"},
        {"member_id": dee.id, "name": "Dee Dawson", "business": "",
         "role": "member", "title": "", "category": "", "joined_on": "2025-03-10"},
    ]


def test_members_never_shows_emails(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.group.id}/members",
                          headers=api_headers(world.member))

    assert response.status_code == 200
    assert world.facilitator.email.encode() not in response.data
    assert world.member.email.encode() not in response.data
    assert {m["member_id"] for m in response.get_json()["items"]} == {
        world.facilitator.id, world.member.id}


def test_member_who_left_is_no_longer_listed(client, world, api_headers):
    leaver = UserFactory()
    membership = MembershipFactory(group=world.group, user=leaver)
    headers = api_headers(world.member)
    url = f"/api/v1/groups/{world.group.id}/members"
    before = client.get(url, headers=headers).get_json()["items"]
    assert leaver.id in {m["member_id"] for m in before}

    leave_group(user=leaver, group=membership.group)
    db.session.commit()

    ids = {m["member_id"] for m in client.get(url, headers=headers).get_json()["items"]}
    assert ids == {world.facilitator.id, world.member.id}


def test_members_of_another_group_is_404(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.group.id}/members",
                          headers=api_headers(world.outsider))

    assert_error(response, 404, "not_found", fields=set())
    assert world.member.name.encode() not in response.data


def test_members_of_nonexistent_group_is_404(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.other_group.id + 1000}/members",
                          headers=api_headers(world.member))
    assert_error(response, 404, "not_found")
