"""POST /api/v1/groups/{gid}/invitations and POST /api/v1/invitations/{token}/accept."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.groups.services import find_invitation
from partnernet.models import Invitation, Membership, Role
from partnernet.models.base import utcnow
from tests import factories
from tests.api.helpers import assert_error
from tests.factories import UserFactory


def invitation_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Invitation))


def member_ids(client, gid: int, headers) -> set[int]:
    response = client.get(f"/api/v1/groups/{gid}/members", headers=headers)
    assert response.status_code == 200
    return {m["member_id"] for m in response.get_json()["items"]}


def invite(client, world, api_headers, **data):
    return client.post(f"/api/v1/groups/{world.group.id}/invitations", json=data,
                       headers=api_headers(world.facilitator))


# Creating invitations


def test_facilitator_creates_an_invitation(client, world, api_headers, app):
    before = utcnow()
    response = invite(client, world, api_headers, email="New.Person@Example.com",
                      role="member")

    assert response.status_code == 201
    body = response.get_json()
    assert {"token", "url", "expires_at", "email", "role"} <= set(body)
    token = body["token"]
    assert isinstance(token, str) and len(token) >= 32
    assert body["url"].endswith(f"/invite/{token}")
    assert body["url"].startswith("http")
    assert body["email"] == "new.person@example.com"
    assert body["role"] == "member"
    expires_at = datetime.fromisoformat(body["expires_at"])
    ttl = app.config["INVITATION_TTL"]
    assert before + ttl - timedelta(seconds=5) <= expires_at <= utcnow() + ttl

    stored = find_invitation(token)
    assert stored is not None
    assert (stored.group_id, stored.email, stored.role, stored.created_by_id) == (
        world.group.id, "new.person@example.com", "member", world.facilitator.id)
    assert stored.token_hash != token  # only the hash is kept


def test_invitation_without_email_is_a_shareable_link(client, world, api_headers):
    response = invite(client, world, api_headers, role="facilitator")

    assert response.status_code == 201
    body = response.get_json()
    assert (body["email"], body["role"]) == ("", "facilitator")
    assert body["url"].endswith(f"/invite/{body['token']}")


def test_each_invitation_has_its_own_token(client, world, api_headers):
    first = invite(client, world, api_headers).get_json()["token"]
    second = invite(client, world, api_headers).get_json()["token"]
    assert first != second
    assert invitation_count() == 2


def test_member_cannot_invite(client, world, api_headers):
    response = client.post(f"/api/v1/groups/{world.group.id}/invitations",
                           json={"email": "new@example.com"}, headers=api_headers(world.member))

    assert_error(response, 403, "forbidden", fields=set())
    assert invitation_count() == 0


def test_outsider_cannot_invite_and_learns_nothing(client, world, api_headers):
    response = client.post(f"/api/v1/groups/{world.group.id}/invitations",
                           json={"email": "new@example.com"},
                           headers=api_headers(world.outsider))

    assert_error(response, 404, "not_found", fields=set())
    assert b"Riverside Partners" not in response.data
    assert invitation_count() == 0


def test_inviting_a_current_member_is_409(client, world, api_headers):
    response = invite(client, world, api_headers, email=world.member.email.upper())

    assert_error(response, 409, "conflict", fields={"email"})
    assert invitation_count() == 0


def test_inviting_a_former_member_is_allowed(client, world, api_headers):
    leaver = UserFactory(email="leaver@example.com")
    factories.MembershipFactory(group=world.group, user=leaver, left_at=utcnow())

    response = invite(client, world, api_headers, email="leaver@example.com")

    assert response.status_code == 201


def test_inviting_an_invalid_email_is_422(client, world, api_headers):
    response = invite(client, world, api_headers, email="not-an-email")

    assert_error(response, 422, "validation_error", fields={"email"})
    assert invitation_count() == 0


def test_inviting_with_an_unknown_role_is_422(client, world, api_headers):
    response = invite(client, world, api_headers, email="new@example.com", role="owner")

    assert_error(response, 422, "validation_error", fields={"role"})
    assert invitation_count() == 0


# Accepting invitations


def test_invitee_accepts_with_their_own_token(client, world, api_headers):
    token = invite(client, world, api_headers, email="newcomer@example.com").get_json()["token"]
    newcomer = UserFactory(email="newcomer@example.com")

    response = client.post(f"/api/v1/invitations/{token}/accept",
                           headers=api_headers(newcomer))

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"group"}
    assert body["group"]["id"] == world.group.id
    assert body["group"]["name"] == "Riverside Partners"
    assert body["group"]["role"] == "member"
    assert body["group"]["member_count"] == 3
    assert member_ids(client, world.group.id, api_headers(world.facilitator)) == {
        world.facilitator.id, world.member.id, newcomer.id}
    groups = client.get("/api/v1/me", headers=api_headers(newcomer)).get_json()["groups"]
    assert [(g["id"], g["role"]) for g in groups] == [(world.group.id, "member")]


def test_accepting_gives_the_invited_role(client, world, api_headers):
    token = invite(client, world, api_headers, role="facilitator").get_json()["token"]
    newcomer = UserFactory()

    response = client.post(f"/api/v1/invitations/{token}/accept",
                           headers=api_headers(newcomer))

    assert response.status_code == 200
    assert response.get_json()["group"]["role"] == "facilitator"
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.group_id == world.group.id, Membership.user_id == newcomer.id))
    assert membership.role == Role.FACILITATOR


def test_reusing_an_invitation_is_409(client, world, api_headers):
    token = invite(client, world, api_headers).get_json()["token"]
    first, second = UserFactory(), UserFactory()
    assert client.post(f"/api/v1/invitations/{token}/accept",
                       headers=api_headers(first)).status_code == 200

    response = client.post(f"/api/v1/invitations/{token}/accept", headers=api_headers(second))

    assert_error(response, 409, "conflict")
    assert second.id not in member_ids(client, world.group.id, api_headers(world.member))
    # The first user trying again is refused too.
    response = client.post(f"/api/v1/invitations/{token}/accept", headers=api_headers(first))
    assert_error(response, 409, "conflict")


def test_garbage_token_is_409(client, world, api_headers):
    newcomer = UserFactory()

    response = client.post("/api/v1/invitations/not-a-real-token/accept",
                           headers=api_headers(newcomer))

    assert_error(response, 409, "conflict")
    assert client.get("/api/v1/me", headers=api_headers(newcomer)).get_json()["groups"] == []


def test_expired_invitation_is_409(client, world, api_headers):
    factories.invitation(world.group, token="expired-invitation-token",
                         created_by=world.facilitator, expires_in=-timedelta(minutes=1))
    newcomer = UserFactory()

    response = client.post("/api/v1/invitations/expired-invitation-token/accept",
                           headers=api_headers(newcomer))

    body = assert_error(response, 409, "conflict")
    assert "expired" in body["message"]
    assert newcomer.id not in member_ids(client, world.group.id, api_headers(world.member))
    assert find_invitation("expired-invitation-token").accepted_at is None


def test_unexpired_invitation_from_the_factory_can_be_accepted(client, world, api_headers):
    factories.invitation(world.group, token="fresh-invitation-token",
                         created_by=world.facilitator)
    newcomer = UserFactory()

    response = client.post("/api/v1/invitations/fresh-invitation-token/accept",
                           headers=api_headers(newcomer))

    assert response.status_code == 200


def test_current_member_accepting_is_409_and_the_token_stays_usable(client, world,
                                                                    api_headers):
    token = invite(client, world, api_headers).get_json()["token"]

    response = client.post(f"/api/v1/invitations/{token}/accept",
                           headers=api_headers(world.member))

    assert_error(response, 409, "conflict")
    assert find_invitation(token).accepted_at is None
    newcomer = UserFactory()
    assert client.post(f"/api/v1/invitations/{token}/accept",
                       headers=api_headers(newcomer)).status_code == 200


def test_accepting_needs_a_token(client, world, api_headers):
    token = invite(client, world, api_headers).get_json()["token"]

    response = client.post(f"/api/v1/invitations/{token}/accept")

    assert_error(response, 401, "unauthorized")
    assert find_invitation(token).accepted_at is None
