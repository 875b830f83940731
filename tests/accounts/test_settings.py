"""Account settings: details, password, email and API tokens."""

import logging
import re

import sqlalchemy as sa

from partnernet.accounts import services
from partnernet.extensions import db
from partnernet.models import ApiToken, User
from partnernet.security import hash_token
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a brand new secret"


def field_error(page: str, field_id: str) -> str | None:
    match = re.search(rf'<(\w+)[^>]*\sid="{field_id}-error"[^>]*>(.*?)</\1>', page, re.S)
    return match.group(2).strip() if match else None


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def test_settings_need_a_signed_in_user(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_settings_page(client, auth):
    user = UserFactory(email="ann@example.com", name="Ann Archer")
    auth.login(user)
    response = client.get("/account")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "You sign in with <strong>ann@example.com</strong>" in page
    assert 'value="Ann Archer"' in page
    assert "You have no API tokens." in page


def test_update_details(client, auth):
    user = UserFactory()
    auth.login(user)
    response = client.post("/account", data={"account-name": "Ann Archer",
                                             "account-business_name": "Archer & Co"})
    assert response.status_code == 302
    assert response.location == "/account"
    user = reload(user)
    assert user.name == "Ann Archer"
    assert user.profile.business_name == "Archer & Co"


def test_update_details_with_an_empty_name(client, auth):
    user = UserFactory(name="Ann Archer")
    auth.login(user)
    response = client.post("/account", data={"account-name": "", "account-business_name": "X"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "account-name") == "Enter your name."
    assert reload(user).name == "Ann Archer"


# Password ------------------------------------------------------------------------------------

def test_changing_the_password_signs_out_other_browsers_but_not_this_one(client, auth,
                                                                        other_client):
    user = UserFactory(email="ann@example.com")
    auth.login(user)
    other = other_client
    with other.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert other.get("/account").status_code == 200

    response = client.post("/account/password", data={
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.location == "/account"

    page = client.get("/account")
    assert page.status_code == 200
    assert "Other devices have been signed out." in page.get_data(as_text=True)

    response = other.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login")

    db.session.expire_all()
    assert services.authenticate(email="ann@example.com", password=NEW_PASSWORD) is not None
    assert services.authenticate(email="ann@example.com", password=PASSWORD) is None


def test_changing_the_password_ends_remember_me_cookies(client, auth, other_client):
    user = UserFactory(email="ann@example.com")
    other = other_client
    other.post("/login", data={"email": "ann@example.com", "password": PASSWORD,
                               "remember": "y"})
    other.delete_cookie("session")
    assert other.get("/account").status_code == 200  # signed in by the remember cookie

    auth.login(user)
    client.post("/account/password", data={
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD})

    other.delete_cookie("session")
    response = other.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_changing_the_password_needs_the_current_one(client, auth):
    user = UserFactory()
    auth.login(user)
    stamp = user.auth_stamp
    response = client.post("/account/password", data={
        "password-current_password": "not it", "password-new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password-current_password") == \
        "That is not your current password."
    assert reload(user).auth_stamp == stamp
    assert client.get("/account").status_code == 200


def test_changing_to_a_too_short_password(client, auth):
    user = UserFactory()
    auth.login(user)
    response = client.post("/account/password", data={
        "password-current_password": PASSWORD, "password-new_password": "short"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password-new_password") == \
        "Use 8 to 256 characters."


# Email ---------------------------------------------------------------------------------------

def test_changing_the_email_tells_the_old_address(client, auth, smtp):
    user = UserFactory(email="old@example.com", name="Ann Archer")
    auth.login(user)
    response = client.post("/account/email", data={"email-email": "New@Example.com",
                                                   "email-password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/account"
    assert reload(user).email == "new@example.com"
    assert "You now sign in with new@example.com." in client.get("/account").get_data(
        as_text=True)

    [mail] = smtp.messages
    assert mail.rcpt_tos == ["old@example.com"]
    assert mail.message["Subject"] == "Your PartnerNet email address was changed"
    assert "Hello Ann Archer" in mail.body
    assert "was changed to new@example.com" in mail.body


def test_changing_the_email_without_a_mail_server_logs_the_notice(app, client, auth, caplog):
    assert app.config["MAIL_SERVER"] is None
    user = UserFactory(email="old@example.com")
    auth.login(user)
    with caplog.at_level(logging.WARNING, logger="partnernet.mail"):
        client.post("/account/email", data={"email-email": "new@example.com",
                                            "email-password": PASSWORD})
    [record] = [r for r in caplog.records if r.name == "partnernet.mail"]
    assert "To: old@example.com" in record.getMessage()
    assert "was changed to new@example.com" in record.getMessage()


def test_changing_the_email_with_a_wrong_password(client, auth, smtp):
    user = UserFactory(email="old@example.com")
    auth.login(user)
    response = client.post("/account/email", data={"email-email": "new@example.com",
                                                   "email-password": "wrong"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email-password") == \
        "That is not your current password."
    assert reload(user).email == "old@example.com"
    assert smtp.messages == []


def test_changing_to_a_taken_email(client, auth, smtp):
    UserFactory(email="taken@example.com")
    user = UserFactory(email="old@example.com")
    auth.login(user)
    response = client.post("/account/email", data={"email-email": "taken@example.com",
                                                   "email-password": PASSWORD})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email-email") == \
        "Another account uses this email address."
    assert reload(user).email == "old@example.com"
    assert smtp.messages == []


# API tokens ----------------------------------------------------------------------------------

def _create_token(client, name="Spreadsheet sync"):
    response = client.post("/account/tokens", data={"token-name": name})
    raw = re.search(r'<input[^>]*\sid="new-token"[^>]*\svalue="(pn_[^"]+)"',
                    response.get_data(as_text=True))
    return response, raw.group(1) if raw else None


def test_a_new_token_is_shown_once_then_only_its_prefix(client, auth):
    user = UserFactory()
    auth.login(user)
    response, raw = _create_token(client)
    assert response.status_code == 201
    assert raw is not None
    assert "Copy it now: it won't be shown again." in response.get_data(as_text=True)

    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.user_id == user.id
    assert token.name == "Spreadsheet sync"
    assert token.token_hash == hash_token(raw)

    page = client.get("/account").get_data(as_text=True)
    assert "Spreadsheet sync" in page
    assert f"{raw[:9]}…" in page
    assert raw not in page
    assert raw[:12] not in page


def test_a_new_token_works_on_the_api(client, auth, other_client):
    auth.login(UserFactory(email="ann@example.com"))
    _, raw = _create_token(client)
    api = other_client
    response = api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.get_json()["email"] == "ann@example.com"


def test_a_token_without_a_name_is_refused(client, auth):
    auth.login(UserFactory())
    response, raw = _create_token(client, name="")
    assert response.status_code == 422
    assert raw is None
    assert field_error(response.get_data(as_text=True), "token-name") == \
        "Give the token a name."
    assert db.session.scalars(sa.select(ApiToken)).all() == []


def test_revoking_a_token(client, auth, other_client):
    auth.login(UserFactory())
    _, raw = _create_token(client, name="Old sync")
    token = db.session.scalars(sa.select(ApiToken)).one()

    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert response.location == "/account"
    page = client.get("/account").get_data(as_text=True)
    assert "The token “Old sync” no longer works." in page
    assert "You have no API tokens." in page

    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    api = other_client
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_revoking_another_users_token_answers_404(client, auth):
    owner = UserFactory()
    token, raw = services.create_api_token(user=owner, name="Theirs")
    db.session.commit()
    auth.login(UserFactory())

    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).revoked_at is None
    assert services.user_for_api_token(raw) == owner
    assert client.post("/account/tokens/999999/revoke").status_code == 404


def test_changing_the_password_renews_this_browsers_remember_me_cookie(client):
    UserFactory(email="ann@example.com")
    client.post("/login", data={"email": "ann@example.com", "password": PASSWORD,
                                "remember": "y"})
    client.post("/account/password", data={
        "password-current_password": PASSWORD, "password-new_password": NEW_PASSWORD})

    client.delete_cookie("session")
    assert client.get("/account").status_code == 200  # the renewed cookie still signs in
