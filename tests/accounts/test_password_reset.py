"""Password reset by email, end to end through a real SMTP server."""

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import PasswordReset
from partnernet.models.base import utcnow
from tests.factories import PASSWORD, UserFactory

SENT_FLASH = ("If an account uses that address, we have sent it a link to choose a new "
              "password. Check your inbox.")
NEW_PASSWORD = "my fresh new password"
LINK = re.compile(r"http://localhost/reset/[A-Za-z0-9_-]+")


def reset_path(text: str) -> str:
    """The path of the one reset link in an email body or log."""
    [link] = LINK.findall(text)
    return urlsplit(link).path


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def test_reset_request_page(client):
    response = client.get("/reset")
    assert response.status_code == 200
    assert "Send the link" in response.get_data(as_text=True)


def test_password_reset_by_email(app, client, auth, smtp):
    user = UserFactory(email="ann@example.com", name="Ann Archer")

    response = client.post("/reset", data={"email": "Ann@Example.com"})
    assert response.status_code == 302
    assert response.location == "/login"
    assert SENT_FLASH in client.get("/login").get_data(as_text=True)

    [mail] = smtp.messages
    assert mail.rcpt_tos == ["ann@example.com"]
    assert mail.message["To"] == "ann@example.com"
    assert mail.message["Subject"] == "Reset your PartnerNet password"
    assert "Hello Ann Archer" in mail.body
    assert "expires in 2 hours" in mail.body
    path = reset_path(mail.body)
    assert path.startswith("/reset/")
    # Only the hash of the token is kept.
    token = path.removeprefix("/reset/")
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(PasswordReset)
        .where(PasswordReset.token_hash == token)) == 0

    response = client.get(path)
    assert response.status_code == 200
    assert "Choose a new password" in response.get_data(as_text=True)

    response = client.post(path, data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.location == "/"
    db.session.expire_all()
    assert signed_in_user_id(client) == user.get_id()

    auth.logout()
    assert auth.login_form("ann@example.com", PASSWORD).status_code == 422
    response = auth.login_form("ann@example.com", NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == user.get_id()

    # The link worked once.
    auth.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "This link no longer works" in response.get_data(as_text=True)
    response = client.post(path, data={"password": "someone else's password"})
    assert response.status_code == 410
    assert auth.login_form("ann@example.com", NEW_PASSWORD).status_code == 302


def test_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, smtp):
    UserFactory(email="ann@example.com")
    response = client.post("/reset", data={"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.location == "/login"
    assert SENT_FLASH in client.get("/login").get_data(as_text=True)
    assert smtp.messages == []
    assert db.session.scalars(sa.select(PasswordReset)).all() == []


def test_reset_with_a_too_short_password_keeps_the_link_usable(client, smtp):
    UserFactory(email="ann@example.com")
    client.post("/reset", data={"email": "ann@example.com"})
    path = reset_path(smtp.messages[0].body)

    response = client.post(path, data={"password": "short"})
    assert response.status_code == 422
    assert "Use 8 to 256 characters." in response.get_data(as_text=True)
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 302


def test_a_newer_link_retires_the_older_one_once_used(client, smtp):
    UserFactory(email="ann@example.com")
    client.post("/reset", data={"email": "ann@example.com"})
    client.post("/reset", data={"email": "ann@example.com"})
    first, second = (reset_path(mail.body) for mail in smtp.messages)
    assert first != second

    assert client.post(second, data={"password": NEW_PASSWORD}).status_code == 302
    assert client.get(first).status_code == 410


def test_expired_link_answers_410(client, smtp):
    UserFactory(email="ann@example.com")
    client.post("/reset", data={"email": "ann@example.com"})
    path = reset_path(smtp.messages[0].body)
    reset = db.session.scalar(sa.select(PasswordReset))
    reset.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    assert client.get(path).status_code == 410
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 410


def test_made_up_link_answers_410(client):
    assert client.get("/reset/not-a-real-token").status_code == 410


def test_without_a_mail_server_the_message_goes_to_the_log(app, client, caplog):
    assert app.config["MAIL_SERVER"] is None
    UserFactory(email="ann@example.com")

    with caplog.at_level(logging.WARNING, logger="partnernet.mail"):
        response = client.post("/reset", data={"email": "ann@example.com"})
    assert response.status_code == 302

    [record] = [r for r in caplog.records if r.name == "partnernet.mail"]
    text = record.getMessage()
    assert "To: ann@example.com" in text
    assert "Subject: Reset your PartnerNet password" in text
    path = reset_path(text)
    assert client.get(path).status_code == 200


def test_reset_links_use_the_configured_base_url(app, client, smtp):
    app.config["BASE_URL"] = "https://partners.example.org/"
    UserFactory(email="ann@example.com")
    client.post("/reset", data={"email": "ann@example.com"})
    body = smtp.messages[0].body
    assert re.search(r"https://partners\.example\.org/reset/[A-Za-z0-9_-]+", body)
    assert "localhost" not in body


def test_reset_requests_are_rate_limited(app, client, smtp):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    UserFactory(email="ann@example.com")
    for _ in range(2):
        assert client.post("/reset", data={"email": "ann@example.com"}).status_code == 302
    assert client.post("/reset", data={"email": "ann@example.com"}).status_code == 429
    assert len(smtp.messages) == 2
