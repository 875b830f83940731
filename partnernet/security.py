"""Tokens, redirect targets and response headers."""

import hashlib
import secrets
from urllib.parse import urlsplit

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def new_token(prefix: str = "") -> str:
    """A random URL-safe secret, optionally prefixed so it is recognisable when leaked."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256 is enough for 256-bit random secrets."""
    return hashlib.sha256(raw.encode()).hexdigest()


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, otherwise None.

    Browsers treat backslashes as slashes and drop tabs and newlines, so
    `/\\evil.com` and `/\\t/evil.com` lead off-site; refuse anything that is not a
    plain absolute path.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch in target for ch in "\\\t\r\n") or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def set_security_headers(response, *, production: bool):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if production:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
