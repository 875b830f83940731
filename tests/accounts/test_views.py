"""Sign-up, sign-in and sign-out pages: validation, cookies, `next`, rate limiting, CSRF."""

import html
import json
import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from partnernet.extensions import db
from partnernet.models import User
from tests.factories import PASSWORD, UserFactory

VALID_SIGNUP = {"name": "Ann Archer", "business_name": "Archer Accounting",
                "email": "Ann@Example.com", "password": "a long enough secret"}
LOGIN_FAILED = "That email and password don&#39;t match an account."


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to a field, or None."""
    match = re.search(rf'<(\w+)[^>]*\sid="{field_id}-error"[^>]*>(.*?)</\1>', page, re.S)
    return match.group(2).strip() if match else None


def users() -> list[User]:
    db.session.expire_all()
    return db.session.scalars(sa.select(User)).all()


def signed_in_user_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


def set_cookies(response) -> dict[str, list[str]]:
    """Set-Cookie headers by cookie name, each as its list of attributes."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name_value, *attributes = [part.strip() for part in header.split(";")]
        cookies[name_value.split("=", 1)[0]] = attributes
    return cookies


# Sign-up -------------------------------------------------------------------------------------

def test_signup_page(client):
    response = client.get("/signup")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Create your account" in page
    assert 'name="password"' in page


def test_signup_creates_the_account_and_signs_in(client):
    response = client.post("/signup", data=VALID_SIGNUP)
    assert response.status_code == 302
    assert response.location == "/"

    [user] = users()
    assert user.email == "ann@example.com"
    assert user.name == "Ann Archer"
    assert user.profile.business_name == "Archer Accounting"
    assert check_password_hash(user.password_hash, "a long enough secret")
    assert signed_in_user_id(client) == user.get_id()

    page = client.get("/").get_data(as_text=True)
    assert "Welcome to PartnerNet, Ann Archer." in page
    assert "Welcome, Ann Archer" in page


def test_signup_when_joining_is_by_invitation(app, client):
    app.config["SIGNUP"] = "invite"

    response = client.get("/signup")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Joining is by invitation" in page
    assert "Ask your group" in page
    assert 'name="password"' not in page

    response = client.post("/signup", data=VALID_SIGNUP)
    assert response.status_code == 403
    assert users() == []
    assert signed_in_user_id(client) is None
    # The home page stops offering sign-up as well.
    assert 'href="/signup"' not in client.get("/").get_data(as_text=True)


def test_empty_signup_shows_a_message_next_to_each_required_field(client):
    response = client.post("/signup", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "name") == "Enter your name."
    assert field_error(page, "email") == "Enter your email address."
    assert field_error(page, "password") == "Choose a password."
    assert field_error(page, "business_name") is None
    name_input = re.search(r'<input[^>]*\sid="name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in name_input
    assert users() == []
    assert signed_in_user_id(client) is None


def test_signup_with_a_500_character_name(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": "N" * 500})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "name") == "Field cannot be longer than 120 characters."
    assert field_error(page, "email") is None
    assert users() == []


def test_signup_with_a_short_password(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "password": "short"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == \
        "Use 8 to 256 characters."
    assert users() == []


def test_signup_with_a_taken_email_shows_the_service_error_on_the_email_field(client):
    UserFactory(email="ann@example.com")
    response = client.post("/signup", data={**VALID_SIGNUP, "email": "ANN@example.com"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email") == \
        "An account with this email already exists. Sign in instead."
    assert len(users()) == 1
    assert signed_in_user_id(client) is None


def test_signup_with_an_invalid_email(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "email": "ann@@example"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "email").startswith(
        "That is not a valid email address")
    assert users() == []


SCRIPT_NAME = "<script>alert(1)</script>"
ESCAPED_SCRIPT_NAME = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markup_in_a_name_is_escaped_when_the_form_is_shown_again(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": SCRIPT_NAME, "password": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'value="{ESCAPED_SCRIPT_NAME}"' in page
    assert "<script>alert" not in page
    assert users() == []


def test_markup_in_a_name_is_stored_as_text_and_escaped_on_every_page(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": SCRIPT_NAME})
    assert response.status_code == 302
    [user] = users()
    assert user.name == SCRIPT_NAME

    for path in ("/", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert ESCAPED_SCRIPT_NAME in page, path
        assert "<script>alert" not in page, path


def test_signup_with_a_nul_in_the_name_is_refused_on_every_database(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": "Ann\x00Archer"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "name") == \
        "Use only printable characters for your name."
    assert users() == []


UNICODE_NAME = "Zoë Ñandú 李"


def test_signup_with_a_unicode_name(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": UNICODE_NAME})
    assert response.status_code == 302
    [user] = users()
    assert user.name == UNICODE_NAME
    assert f"Welcome, {UNICODE_NAME}" in client.get("/").get_data(as_text=True)


def test_a_unicode_name_survives_a_failed_signup(client):
    response = client.post("/signup", data={**VALID_SIGNUP, "name": UNICODE_NAME,
                                            "email": "not-an-address"})
    assert response.status_code == 422
    assert response.content_type == "text/html; charset=utf-8"
    assert f'value="{UNICODE_NAME}"' in response.get_data(as_text=True)
    assert users() == []


def test_signed_in_user_visiting_signup_goes_home(client, auth):
    auth.login(UserFactory())
    response = client.get("/signup")
    assert response.status_code == 302
    assert response.location == "/"


# Sign-in and sign-out ------------------------------------------------------------------------

def test_login_page(client):
    response = client.get("/login")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="email"' in page
    assert 'name="remember"' in page


def test_login_with_the_right_password(client, auth):
    user = UserFactory(email="ann@example.com")
    response = auth.login_form("ANN@example.com")
    assert response.status_code == 302
    assert response.location == "/"
    assert signed_in_user_id(client) == user.get_id()
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize(("email", "password"), [
    ("ann@example.com", "not my password"),
    ("nobody@example.com", PASSWORD),
])
def test_login_with_wrong_credentials(client, auth, email, password):
    UserFactory(email="ann@example.com")
    response = auth.login_form(email, password)
    assert response.status_code == 422
    assert LOGIN_FAILED in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None
    assert set_cookies(response).get("remember_token") is None
    assert client.get("/account").status_code == 302


def test_login_of_an_inactive_user_is_refused(client, auth):
    UserFactory(email="gone@example.com", active=False)
    response = auth.login_form("gone@example.com")
    assert response.status_code == 422
    assert LOGIN_FAILED in response.get_data(as_text=True)
    assert signed_in_user_id(client) is None


def test_login_with_empty_fields(client):
    response = client.post("/login", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "email") == "Enter your email address."
    assert field_error(page, "password") == "Enter your password."


def test_logout_needs_a_post(client, auth):
    user = UserFactory()
    auth.login(user)

    assert client.get("/logout").status_code == 405
    assert signed_in_user_id(client) == user.get_id()

    response = auth.logout()
    assert response.status_code == 302
    assert response.location == "/login"
    assert signed_in_user_id(client) is None
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_session_cookie_is_http_only_and_same_site_lax(client, auth):
    UserFactory(email="ann@example.com")
    response = auth.login_form("ann@example.com")
    cookies = set_cookies(response)
    assert "session" in cookies
    assert "HttpOnly" in cookies["session"]
    assert "SameSite=Lax" in cookies["session"]
    assert "remember_token" not in cookies
    assert client.get_cookie("remember_token") is None


def test_remember_me_sets_an_http_only_same_site_lax_cookie(client, auth):
    user = UserFactory(email="ann@example.com")
    response = auth.login_form("ann@example.com", remember=True)
    assert response.status_code == 302
    cookies = set_cookies(response)
    assert "HttpOnly" in cookies["remember_token"]
    assert "SameSite=Lax" in cookies["remember_token"]
    assert any(attr.startswith("Expires=") for attr in cookies["remember_token"])

    # The remember cookie alone signs the browser back in.
    client.delete_cookie("session")
    assert signed_in_user_id(client) is None
    response = client.get("/account")
    assert response.status_code == 200
    assert user.email in response.get_data(as_text=True)


# `next` after sign-in ------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/groups/1", "/account", "/groups/7?period=month"])
def test_login_follows_a_same_site_next(client, auth, target):
    UserFactory(email="ann@example.com")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == target


OFF_SITE = ["//evil.com", "/\tevil.com", "/\\evil.com", "http:evil.com", "https://evil.com",
            "javascript:alert(1)", "///evil.com", "/\t/evil.com", "\\\\evil.com", " //evil.com"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_ignores_an_off_site_next(client, auth, target):
    UserFactory(email="ann@example.com")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/"
    assert signed_in_user_id(client) is not None


@pytest.mark.parametrize("target", ["//evil.com", "/\\evil.com"])
def test_signed_in_visit_to_login_ignores_an_off_site_next(client, auth, target):
    auth.login(UserFactory())
    response = client.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert response.location == "/"


def test_signup_follows_only_a_same_site_next(client, other_client):
    response = client.post("/signup", query_string={"next": "/groups/1"}, data=VALID_SIGNUP)
    assert response.location == "/groups/1"
    response = other_client.post("/signup", query_string={"next": "//evil.com"},
                                data={**VALID_SIGNUP, "email": "bob@example.com"})
    assert response.status_code == 302
    assert response.location == "/"


def test_login_required_page_sends_next_and_comes_back(client, auth):
    UserFactory(email="ann@example.com")
    response = client.get("/account")
    assert response.status_code == 302
    assert response.location == "/login?next=%2Faccount"
    response = client.post(response.location,
                           data={"email": "ann@example.com", "password": PASSWORD})
    assert response.location == "/account"


# Rate limiting -------------------------------------------------------------------------------

def test_fourth_login_attempt_in_a_minute_is_refused(app, client, auth):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    UserFactory(email="ann@example.com")

    for _ in range(3):
        assert auth.login_form("ann@example.com", "wrong password").status_code == 422
    response = auth.login_form("ann@example.com")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page
    assert "Please wait a minute and try again." in page
    assert "Retry-After" in response.headers
    # Even the right password did not sign in, and reading the page is not limited.
    assert signed_in_user_id(client) is None
    assert client.get("/login").status_code == 200


# CSRF ----------------------------------------------------------------------------------------

def test_csrf_tokens_do_not_expire_with_time(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_login_post_without_a_csrf_token_is_refused(csrf, client):
    UserFactory(email="ann@example.com")
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This form has expired" in page
    assert signed_in_user_id(client) is None


def test_login_post_with_a_wrong_csrf_token_is_refused(csrf, client):
    UserFactory(email="ann@example.com")
    client.get("/login")
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400
    assert signed_in_user_id(client) is None


def test_login_post_with_the_forms_csrf_token(csrf, client):
    user = UserFactory(email="ann@example.com")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    assert signed_in_user_id(client) == user.get_id()


def _htmx_csrf_token(page: str) -> str:
    attribute = re.search(r"<body[^>]*\shx-headers='([^']*)'", page).group(1)
    return json.loads(html.unescape(attribute))["X-CSRFToken"]


def test_login_post_with_the_htmx_csrf_header(csrf, client):
    user = UserFactory(email="ann@example.com")
    token = _htmx_csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": "ann@example.com", "password": PASSWORD},
                           headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302
    assert signed_in_user_id(client) == user.get_id()


def test_logout_with_the_htmx_csrf_header(csrf, client, auth):
    auth.login(UserFactory())
    assert client.post("/logout").status_code == 400
    assert signed_in_user_id(client) is not None

    token = _htmx_csrf_token(client.get("/account").get_data(as_text=True))
    response = client.post("/logout", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert signed_in_user_id(client) is None
