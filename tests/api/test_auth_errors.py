"""Bearer-token authentication and the JSON error shape of /api/v1."""

import pytest

from partnernet.accounts.services import create_api_token, revoke_api_token
from partnernet.extensions import db
from tests.api.helpers import assert_error
from tests.factories import UserFactory


def assert_unauthorized(response) -> None:
    body = assert_error(response, 401, "unauthorized")
    assert body["fields"] == {}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_authenticates(client, api_headers):
    user = UserFactory(email="ada@example.com")
    response = client.get("/api/v1/me", headers=api_headers(user))
    assert response.status_code == 200
    assert response.get_json()["email"] == "ada@example.com"


def test_no_authorization_header_is_401(client, app):
    assert_unauthorized(client.get("/api/v1/me"))


@pytest.mark.parametrize("value", [
    "Bearer",
    "Bearer ",
    "Token pn_abc",
    "Basic YWRhQGV4YW1wbGUuY29tOnNlY3JldA==",
    "pn_abc",
])
def test_malformed_authorization_header_is_401(client, app, value):
    assert_unauthorized(client.get("/api/v1/me", headers={"Authorization": value}))


def test_unknown_token_is_401(client, app):
    UserFactory()
    headers = {"Authorization": "Bearer pn_thisTokenWasNeverIssued0000000000000000000"}
    assert_unauthorized(client.get("/api/v1/me", headers=headers))


def test_right_token_with_wrong_scheme_is_401(client, app):
    user = UserFactory()
    _, raw = create_api_token(user=user, name="Scripts")
    db.session.commit()
    assert_unauthorized(client.get("/api/v1/me", headers={"Authorization": f"Token {raw}"}))


def test_revoked_token_is_401(client, app):
    user = UserFactory()
    token, raw = create_api_token(user=user, name="Scripts")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    revoke_api_token(user=user, token_id=token.id)
    db.session.commit()
    assert_unauthorized(client.get("/api/v1/me", headers=headers))


def test_revoking_one_token_leaves_the_others_working(client, app):
    user = UserFactory()
    first, first_raw = create_api_token(user=user, name="Laptop")
    _, second_raw = create_api_token(user=user, name="Server")
    revoke_api_token(user=user, token_id=first.id)
    db.session.commit()
    assert_unauthorized(client.get("/api/v1/me",
                                   headers={"Authorization": f"Bearer {first_raw}"}))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {second_raw}"})
    assert response.status_code == 200


def test_token_of_inactive_user_is_401(client, app):
    user = UserFactory()
    _, raw = create_api_token(user=user, name="Scripts")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    user.active = False
    db.session.commit()
    assert_unauthorized(client.get("/api/v1/me", headers=headers))


def test_every_endpoint_requires_a_token(client, world):
    gid = world.group.id
    calls = [
        ("get", "/api/v1/groups"),
        ("post", "/api/v1/groups"),
        ("get", f"/api/v1/groups/{gid}"),
        ("get", f"/api/v1/groups/{gid}/members"),
        ("post", f"/api/v1/groups/{gid}/invitations"),
        ("post", "/api/v1/invitations/some-token/accept"),
    ]
    for method, path in calls:
        assert_unauthorized(getattr(client, method)(path, json={}))


def test_session_cookie_does_not_authenticate_api_calls(client, auth, world):
    auth.login(world.member)
    # The browser session is valid for the HTML pages...
    assert client.get(f"/groups/{world.group.id}").status_code == 200
    # ...but the API only accepts bearer tokens.
    assert_unauthorized(client.get("/api/v1/me"))
    assert_unauthorized(client.get(f"/api/v1/groups/{world.group.id}"))
    assert_unauthorized(client.post("/api/v1/groups", json={
        "name": "Cookie Group", "weekday": 1, "meeting_time": "07:00",
        "timezone": "Europe/London", "currency": "GBP"}))


def test_unknown_api_path_is_json_404(client, app, api_headers):
    user = UserFactory()
    for headers in ({}, api_headers(user)):
        body = assert_error(client.get("/api/v1/no-such-thing", headers=headers), 404,
                            "not_found")
        assert body["fields"] == {}


def test_wrong_method_is_json_405(client, app, api_headers):
    user = UserFactory()
    response = client.delete("/api/v1/me", headers=api_headers(user))
    body = assert_error(response, 405, "method_not_allowed")
    assert body["fields"] == {}
    assert "GET" in response.headers["Allow"]

    response = client.put("/api/v1/groups", headers=api_headers(user), json={})
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
