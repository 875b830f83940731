"""partnernet.security: tokens, `next` targets and the headers and markup every page gets."""

import re
from html.parser import HTMLParser

import pytest
from werkzeug.wrappers import Response

from partnernet.security import hash_token, new_token, safe_next, set_security_headers
from tests.factories import UserFactory

# safe_next -----------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/",
    "/groups/1",
    "/account",
    "/groups/12/ledger?period=month&member_id=3",
    "/groups/1#referrals",
    "/profiles/zoë",
])
def test_safe_next_keeps_paths_on_this_site(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [
    None,
    "",
    "//evil.com",
    "///evil.com",
    "//evil.com/groups/1",
    "/\tevil.com",
    "/\t/evil.com",
    "/\\evil.com",
    "/\\/evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\nevil.com",
    "/\r\n/evil.com",
    "/\x00/evil.com",
    "/\x0b/evil.com",
    "http:evil.com",
    "http://evil.com",
    "https://evil.com",
    "https://evil.com/groups/1",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "groups/1",
    "evil.com",
    " /groups/1",
    " //evil.com",
])
def test_safe_next_refuses_anything_else(target):
    assert safe_next(target) is None


# Tokens --------------------------------------------------------------------------------------

def test_hash_token_is_hex_sha256():
    assert hash_token("abc") == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hash_token("abc") == hash_token("abc")
    assert hash_token("abd") != hash_token("abc")


def test_new_tokens_are_random_url_safe_and_prefixed():
    first, second = new_token("pn_"), new_token("pn_")
    assert first != second
    assert first.startswith("pn_")
    assert re.fullmatch(r"pn_[A-Za-z0-9_-]{43}", first)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", new_token())


# Headers -------------------------------------------------------------------------------------

def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_secure_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = csp_directives(csp)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(("path", "status"), [
    ("/", 200), ("/login", 200), ("/signup", 200), ("/reset", 200), ("/no-such-page", 404),
])
def test_pages_send_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert_secure_headers(response)


def test_failed_form_and_signed_in_pages_send_the_security_headers(client, auth):
    assert_secure_headers(client.post("/login", data={}))
    auth.login(UserFactory())
    assert_secure_headers(client.get("/account"))


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_in_production():
    response = set_security_headers(Response("x"), production=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in set_security_headers(
        Response("x"), production=False).headers


def test_a_view_can_set_its_own_header():
    response = Response("x", headers={"X-Frame-Options": "SAMEORIGIN"})
    assert set_security_headers(response, production=False).headers["X-Frame-Options"] == \
        "SAMEORIGIN"


# Markup: nothing the CSP would have to block ---------------------------------------------------

class ScriptAudit(HTMLParser):
    """Collects inline scripts and event-handler attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self._in_script = False
        self.inline_code: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        self.handlers += [(tag, name) for name, _ in attrs if name.lower().startswith("on")]
        self.handlers += [(tag, name) for name, value in attrs
                          if name in {"href", "src", "action", "formaction"}
                          and (value or "").strip().lower().startswith("javascript:")]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_code.append(data.strip())


def audit(page: str) -> ScriptAudit:
    parser = ScriptAudit()
    parser.feed(page)
    parser.close()
    return parser


def assert_no_inline_script(page: str) -> None:
    result = audit(page)
    assert result.scripts, "every page loads its scripts from files"
    assert all(script.get("src", "").startswith("/") for script in result.scripts), \
        result.scripts
    assert result.inline_code == []
    assert result.handlers == []


def test_the_audit_catches_inline_scripts_and_handlers():
    inline = audit('<script src="/a.js"></script><script>alert(1)</script>')
    assert inline.inline_code == ["alert(1)"]
    assert {} in inline.scripts
    handler = audit('<button onclick="go()">Go</button><a href="javascript:go()">x</a>')
    assert handler.handlers == [("button", "onclick"), ("a", "href")]


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/reset", "/no-such-page"])
def test_public_pages_have_no_inline_script(client, path):
    assert_no_inline_script(client.get(path).get_data(as_text=True))


def test_signed_in_pages_have_no_inline_script(client, auth, world):
    auth.login(world.facilitator)
    for path in ("/account", f"/groups/{world.group.id}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_inline_script(response.get_data(as_text=True))


def test_welcome_page_and_new_token_page_have_no_inline_script(client, auth):
    auth.login(UserFactory())
    response = client.get("/", follow_redirects=True)
    assert "Welcome" in response.get_data(as_text=True)
    assert_no_inline_script(response.get_data(as_text=True))

    response = client.post("/account/tokens", data={"token-name": "Sync"})
    assert response.status_code == 201
    assert_no_inline_script(response.get_data(as_text=True))
