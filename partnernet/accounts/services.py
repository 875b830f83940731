"""Account writes: sign-up, passwords, email changes, API tokens. Services flush, never commit."""

from datetime import timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from werkzeug.security import check_password_hash, generate_password_hash

from partnernet.errors import Conflict, DomainError
from partnernet.extensions import db
from partnernet.models import ApiToken, PasswordReset, Profile, User
from partnernet.models.accounts import (
    NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    TOKEN_NAME_MAX,
    new_auth_stamp,
)
from partnernet.models.base import utcnow
from partnernet.models.profiles import BUSINESS_MAX
from partnernet.security import hash_token, new_token
from partnernet.text import clean_line

API_TOKEN_PREFIX = "pn_"  # noqa: S105 - a public marker, not a secret
# A hash checked when the email is unknown, so sign-in takes as long either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(DomainError):
    pass


def normalize_email(email: str, field: str = "email") -> str:
    """The canonical (lower-cased) form of an email address, or AccountError."""
    email = (email or "").strip()
    if not email:
        raise AccountError("Enter an email address.", field)
    try:
        result = validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(f"That is not a valid email address: {exc}", field) from exc
    return result.normalized.lower()


def _clean_text(value: str | None, *, field: str, label: str, max_length: int,
                required: bool = True) -> str:
    return clean_line(value, field=field, label=label, max_length=max_length,
                      required=required, error=AccountError)


def check_password_rules(password: str, field: str = "password") -> None:
    if len(password or "") < PASSWORD_MIN:
        raise AccountError(f"Use at least {PASSWORD_MIN} characters for the password.", field)
    if len(password) > PASSWORD_MAX:
        raise AccountError(f"Use at most {PASSWORD_MAX} characters for the password.", field)


def _email_taken(email: str, exclude_user_id: int | None = None) -> bool:
    stmt = sa.select(User.id).where(User.email == email)
    if exclude_user_id is not None:
        stmt = stmt.where(User.id != exclude_user_id)
    return db.session.scalar(stmt) is not None


def create_user(*, email: str, name: str, password: str, business_name: str = "",
                password_hash: str | None = None) -> User:
    """A new active user with an (initially small) business profile. `password_hash`, when
    given, is `password` already hashed: the demo's accounts share one password, and hashing
    it once instead of 25 times saves seconds."""
    email = normalize_email(email)
    name = _clean_text(name, field="name", label="your name", max_length=NAME_MAX)
    business_name = _clean_text(business_name, field="business_name", label="the business name",
                                max_length=BUSINESS_MAX, required=False)
    check_password_rules(password)
    if _email_taken(email):
        raise Conflict("An account with this email already exists. Sign in instead.", "email")
    user = User(email=email, name=name,
                password_hash=password_hash or generate_password_hash(password))
    user.profile = Profile(business_name=business_name)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(*, email: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    return user


def update_account(*, user: User, name: str, business_name: str) -> User:
    """Change the user's display name and business name."""
    user.name = _clean_text(name, field="name", label="your name", max_length=NAME_MAX)
    business_name = _clean_text(business_name, field="business_name", label="the business name",
                                max_length=BUSINESS_MAX, required=False)
    if user.profile is None:
        user.profile = Profile(business_name=business_name)
    else:
        user.profile.business_name = business_name
    db.session.flush()
    return user


def _set_password(user: User, password: str, field: str) -> None:
    check_password_rules(password, field)
    user.password_hash = generate_password_hash(password)
    # A new stamp ends every other session and remember-me cookie.
    user.auth_stamp = new_auth_stamp()


def change_password(*, user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; other sessions end."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise AccountError("That is not your current password.", "current_password")
    _set_password(user, new_password, "new_password")
    db.session.flush()


def change_email(*, user: User, password: str, new_email: str) -> str:
    """Change the sign-in email after checking the password; returns the old address."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError("That is not your current password.", "password")
    email = normalize_email(new_email, "email")
    if email == user.email:
        raise AccountError("That is already your email address.", "email")
    if _email_taken(email, exclude_user_id=user.id):
        raise Conflict("Another account uses this email address.", "email")
    old, user.email = user.email, email
    db.session.flush()
    return old


def request_password_reset(*, email: str, ttl: timedelta) -> tuple[User, str] | None:
    """A new single-use reset token for the account with this email, or None if there is none."""
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email, User.active.is_(True)))
    if user is None:
        return None
    raw = new_token()
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(raw),
                                 expires_at=utcnow() + ttl))
    db.session.flush()
    return user, raw


def find_password_reset(raw: str) -> PasswordReset | None:
    """The unused, unexpired reset for this token, or None."""
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(raw or ""))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


def reset_password(*, token: str, new_password: str) -> User:
    """Set a new password with a reset token; the token and its siblings stop working."""
    reset = find_password_reset(token)
    if reset is None:
        raise AccountError("This reset link has expired or was already used. Ask for a new one.")
    user = reset.user
    _set_password(user, new_password, "password")
    now = utcnow()
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.flush()
    return user


def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token for `user`; the raw token is returned once and never stored."""
    name = _clean_text(name, field="name", label="a name for the token", max_length=TOKEN_NAME_MAX)
    raw = new_token(API_TOKEN_PREFIX)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(raw),
                     prefix=raw[: len(API_TOKEN_PREFIX) + 6])
    db.session.add(token)
    db.session.flush()
    return token, raw


def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise AccountError("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def user_for_api_token(raw: str) -> User | None:
    """The active user holding this unrevoked token, noting when it was last used."""
    if not raw.startswith(API_TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == hash_token(raw),
                                  ApiToken.revoked_at.is_(None))
    )
    if token is None or not token.user.active:
        return None
    now = utcnow()
    # Write at most once a minute so busy clients don't turn every read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
    return token.user
