"""accounts.services: sign-up rules, credentials, reset tokens and API tokens."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from partnernet.accounts import queries, services
from partnernet.accounts.services import AccountError
from partnernet.errors import Conflict
from partnernet.extensions import db
from partnernet.models import ApiToken, PasswordReset, User
from partnernet.models.base import utcnow
from partnernet.security import hash_token
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a brand new secret"


def _create(**overrides) -> User:
    values = {"email": "ann@example.com", "name": "Ann Archer", "password": PASSWORD,
              "business_name": "Archer Accounting"}
    values.update(overrides)
    return services.create_user(**values)


def _user_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


# create_user ---------------------------------------------------------------------------------

def test_create_user_stores_a_lower_cased_email_and_a_hashed_password(app):
    user = _create(email="  Ann@Example.COM ", name="  Ann   Archer ")
    db.session.commit()
    db.session.expire_all()

    stored = db.session.get(User, user.id)
    assert stored.email == "ann@example.com"
    assert stored.name == "Ann Archer"
    assert stored.active is True
    assert stored.profile.business_name == "Archer Accounting"
    assert PASSWORD not in stored.password_hash
    assert check_password_hash(stored.password_hash, PASSWORD)


def test_create_user_refuses_an_email_that_differs_only_in_case(app):
    _create(email="Ann@Example.com")
    db.session.commit()

    with pytest.raises(Conflict) as exc:
        _create(email="ann@example.com", name="Another Ann")
    assert exc.value.field == "email"
    db.session.rollback()
    assert _user_count() == 1


@pytest.mark.parametrize("email", ["", "   ", "not-an-address", "ann@", "ann@@example.com"])
def test_create_user_refuses_a_missing_or_malformed_email(app, email):
    with pytest.raises(AccountError) as exc:
        _create(email=email)
    assert exc.value.field == "email"


@pytest.mark.parametrize("name", ["", "    ", None])
def test_create_user_requires_a_name(app, name):
    with pytest.raises(AccountError) as exc:
        _create(name=name)
    assert exc.value.field == "name"
    assert exc.value.message == "Enter your name."


def test_create_user_name_length_limit(app):
    with pytest.raises(AccountError) as exc:
        _create(name="x" * 121)
    assert exc.value.field == "name"
    assert "120" in exc.value.message

    assert _create(name="x" * 120).name == "x" * 120


def test_create_user_password_length_limits(app):
    with pytest.raises(AccountError) as short:
        _create(password="seven77")
    assert short.value.field == "password"
    with pytest.raises(AccountError) as long:
        _create(password="p" * 257)
    assert long.value.field == "password"

    assert _create(email="eight@example.com", password="eight888").email == "eight@example.com"
    assert _create(email="max@example.com", password="p" * 256).email == "max@example.com"


def test_create_user_business_name_length_limit(app):
    with pytest.raises(AccountError) as exc:
        _create(business_name="b" * 121)
    assert exc.value.field == "business_name"

    assert _create(business_name="").profile.business_name == ""
    assert _create(email="b@example.com", business_name="b" * 120).profile.business_name \
        == "b" * 120


@pytest.mark.parametrize("field", ["name", "business_name"])
@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b", "\x7f"])
def test_create_user_refuses_control_characters(app, field, bad):
    with pytest.raises(AccountError) as exc:
        _create(**{field: f"Ann{bad}Archer"})
    assert exc.value.field == field
    assert exc.value.message.startswith("Use only printable characters")


def test_update_account_and_token_names_refuse_nul(app):
    user = UserFactory(name="Ann Archer")
    with pytest.raises(AccountError) as name:
        services.update_account(user=user, name="Ann\x00", business_name="")
    assert name.value.field == "name"
    with pytest.raises(AccountError) as token:
        services.create_api_token(user=user, name="Sync\x00")
    assert token.value.field == "name"


def test_create_user_turns_tabs_and_newlines_into_spaces(app):
    assert _create(name="Ann\tArcher\r\n").name == "Ann Archer"


def test_create_user_keeps_a_unicode_name(app):
    assert _create(name="Zoë Ñandú 李").name == "Zoë Ñandú 李"


# authenticate --------------------------------------------------------------------------------

def test_authenticate_with_the_right_password_in_any_case(app):
    user = UserFactory(email="bob@example.com")
    assert services.authenticate(email="bob@example.com", password=PASSWORD) == user
    assert services.authenticate(email=" BOB@Example.com ", password=PASSWORD) == user


@pytest.mark.parametrize(("email", "password"), [
    ("bob@example.com", "wrong password"),
    ("bob@example.com", ""),
    ("bob@example.com", PASSWORD.upper()),
    ("nobody@example.com", PASSWORD),
    ("not an email", PASSWORD),
    ("", ""),
])
def test_authenticate_refuses_bad_credentials(app, email, password):
    UserFactory(email="bob@example.com")
    assert services.authenticate(email=email, password=password) is None


def test_authenticate_refuses_an_inactive_user(app):
    UserFactory(email="gone@example.com", active=False)
    assert services.authenticate(email="gone@example.com", password=PASSWORD) is None


# change_password -----------------------------------------------------------------------------

def test_change_password_requires_the_current_password(app):
    user = UserFactory()
    stamp, password_hash = user.auth_stamp, user.password_hash

    with pytest.raises(AccountError) as exc:
        services.change_password(user=user, current_password="not it",
                                 new_password=NEW_PASSWORD)
    assert exc.value.field == "current_password"
    assert user.auth_stamp == stamp
    assert user.password_hash == password_hash


def test_change_password_checks_the_new_password_rules(app):
    user = UserFactory()
    with pytest.raises(AccountError) as exc:
        services.change_password(user=user, current_password=PASSWORD, new_password="short")
    assert exc.value.field == "new_password"


def test_change_password_replaces_the_hash_and_the_auth_stamp(app):
    user = UserFactory()
    old_id = user.get_id()

    services.change_password(user=user, current_password=PASSWORD, new_password=NEW_PASSWORD)
    db.session.commit()

    assert user.get_id() != old_id  # every session keyed on the old id ends
    assert user.get_id() == f"{user.id}:{user.auth_stamp}"
    assert services.authenticate(email=user.email, password=NEW_PASSWORD) == user
    assert services.authenticate(email=user.email, password=PASSWORD) is None


# change_email --------------------------------------------------------------------------------

def test_change_email_returns_the_old_address(app):
    user = UserFactory(email="old@example.com")
    old = services.change_email(user=user, password=PASSWORD, new_email="New@Example.com")
    db.session.commit()
    assert old == "old@example.com"
    assert user.email == "new@example.com"
    assert services.authenticate(email="new@example.com", password=PASSWORD) == user


def test_change_email_requires_the_password(app):
    user = UserFactory(email="old@example.com")
    with pytest.raises(AccountError) as exc:
        services.change_email(user=user, password="wrong", new_email="new@example.com")
    assert exc.value.field == "password"
    assert user.email == "old@example.com"


def test_change_email_refuses_an_address_another_account_uses(app):
    UserFactory(email="taken@example.com")
    user = UserFactory(email="old@example.com")
    with pytest.raises(Conflict) as exc:
        services.change_email(user=user, password=PASSWORD, new_email="TAKEN@example.com")
    assert exc.value.field == "email"
    assert user.email == "old@example.com"


@pytest.mark.parametrize("new_email", ["old@example.com", "OLD@Example.com "])
def test_change_email_refuses_the_same_address(app, new_email):
    user = UserFactory(email="old@example.com")
    with pytest.raises(AccountError) as exc:
        services.change_email(user=user, password=PASSWORD, new_email=new_email)
    assert exc.value.field == "email"
    assert exc.value.message == "That is already your email address."


@pytest.mark.parametrize("new_email", ["", "no-at-sign", "two@@example.com", "a b@example.com"])
def test_change_email_refuses_invalid_syntax(app, new_email):
    user = UserFactory(email="old@example.com")
    with pytest.raises(AccountError) as exc:
        services.change_email(user=user, password=PASSWORD, new_email=new_email)
    assert exc.value.field == "email"
    assert user.email == "old@example.com"


# password reset tokens -----------------------------------------------------------------------

def _request_reset(email: str, ttl=timedelta(hours=2)) -> str:
    found = services.request_password_reset(email=email, ttl=ttl)
    assert found is not None
    db.session.commit()
    return found[1]


def test_reset_token_is_stored_only_as_its_hash(app):
    user = UserFactory(email="ann@example.com")
    found = services.request_password_reset(email="ANN@example.com", ttl=timedelta(hours=2))
    db.session.commit()

    assert found is not None
    assert found[0] == user
    raw = found[1]
    assert len(raw) >= 32
    rows = db.session.execute(sa.select(PasswordReset.__table__)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hash_token(raw)
    assert all(raw not in str(value) for row in rows for value in row.values())


def test_reset_request_for_an_unknown_or_inactive_account_makes_no_token(app):
    UserFactory(email="gone@example.com", active=False)
    ttl = timedelta(hours=2)
    assert services.request_password_reset(email="nobody@example.com", ttl=ttl) is None
    assert services.request_password_reset(email="gone@example.com", ttl=ttl) is None
    assert services.request_password_reset(email="not an email", ttl=ttl) is None
    assert db.session.scalars(sa.select(PasswordReset)).all() == []


def test_reset_password_sets_the_password_and_is_single_use(app):
    user = UserFactory(email="ann@example.com")
    stamp = user.auth_stamp
    raw = _request_reset("ann@example.com")

    assert services.find_password_reset(raw) is not None
    assert services.reset_password(token=raw, new_password=NEW_PASSWORD) == user
    db.session.commit()

    assert user.auth_stamp != stamp
    assert services.authenticate(email="ann@example.com", password=NEW_PASSWORD) == user
    assert services.find_password_reset(raw) is None
    with pytest.raises(AccountError):
        services.reset_password(token=raw, new_password="yet another one")
    db.session.rollback()
    assert services.authenticate(email="ann@example.com", password=NEW_PASSWORD) == user


def test_expired_reset_token_is_refused(app):
    UserFactory(email="ann@example.com")
    raw = _request_reset("ann@example.com", ttl=timedelta(hours=2))
    reset = db.session.scalar(sa.select(PasswordReset))
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert services.find_password_reset(raw) is None
    with pytest.raises(AccountError):
        services.reset_password(token=raw, new_password=NEW_PASSWORD)
    db.session.rollback()
    assert services.authenticate(email="ann@example.com", password=PASSWORD) is not None


def test_unknown_reset_token_is_refused(app):
    UserFactory(email="ann@example.com")
    raw = _request_reset("ann@example.com")
    assert services.find_password_reset(raw + "x") is None
    assert services.find_password_reset("") is None
    # The stored hash is not a token either.
    assert services.find_password_reset(hash_token(raw)) is None


def test_using_a_reset_token_retires_the_users_other_open_tokens(app):
    UserFactory(email="ann@example.com")
    other_user = UserFactory(email="bob@example.com")
    first = _request_reset("ann@example.com")
    second = _request_reset("ann@example.com")
    bobs = _request_reset("bob@example.com")

    services.reset_password(token=second, new_password=NEW_PASSWORD)
    db.session.commit()

    assert services.find_password_reset(first) is None
    used = db.session.scalars(
        sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(first))).one()
    assert used.used_at is not None
    # Someone else's link is untouched.
    assert services.find_password_reset(bobs).user == other_user


# API tokens ----------------------------------------------------------------------------------

def test_api_token_is_stored_hashed_with_a_visible_prefix(app):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="  Spreadsheet   sync ")
    db.session.commit()

    assert raw.startswith("pn_")
    assert len(raw) > 40
    assert token.name == "Spreadsheet sync"
    assert token.token_hash == hash_token(raw)
    assert token.prefix == raw[:9]
    rows = db.session.execute(sa.select(ApiToken.__table__)).mappings().all()
    assert all(raw not in str(value) for row in rows for value in row.values())
    assert [row.prefix for row in queries.list_api_tokens(user.id)] == [raw[:9]]


def test_api_token_names_are_required_and_limited(app):
    user = UserFactory()
    with pytest.raises(AccountError) as empty:
        services.create_api_token(user=user, name="  ")
    assert empty.value.field == "name"
    with pytest.raises(AccountError) as long:
        services.create_api_token(user=user, name="n" * 81)
    assert long.value.field == "name"


def test_api_token_finds_its_user_and_notes_the_use(app):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Sync")
    db.session.commit()
    assert token.last_used_at is None

    before = utcnow()
    assert services.user_for_api_token(raw) == user
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= utcnow()


def test_api_token_use_is_written_at_most_once_a_minute(app):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Sync")
    recent = utcnow() - timedelta(seconds=30)
    token.last_used_at = recent
    db.session.commit()

    services.user_for_api_token(raw)
    assert token.last_used_at == recent

    stale = utcnow() - timedelta(minutes=5)
    token.last_used_at = stale
    services.user_for_api_token(raw)
    assert token.last_used_at > stale


def test_revoked_unknown_or_inactive_tokens_find_no_user(app):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Sync")
    _, kept = services.create_api_token(user=user, name="Kept")
    db.session.commit()

    assert services.user_for_api_token("pn_" + "x" * 43) is None
    assert services.user_for_api_token(raw[3:]) is None  # without the prefix
    assert services.user_for_api_token(token.token_hash) is None
    assert services.user_for_api_token("") is None

    revoked = services.revoke_api_token(user=user, token_id=token.id)
    db.session.commit()
    assert revoked.revoked_at is not None
    assert services.user_for_api_token(raw) is None
    assert services.user_for_api_token(kept) == user
    assert [row.name for row in queries.list_api_tokens(user.id)] == ["Kept"]

    user.active = False
    db.session.commit()
    assert services.user_for_api_token(kept) is None


def test_revoking_is_idempotent_and_limited_to_the_owner(app):
    owner, other = UserFactory(), UserFactory()
    token, raw = services.create_api_token(user=owner, name="Sync")
    db.session.commit()

    with pytest.raises(AccountError):
        services.revoke_api_token(user=other, token_id=token.id)
    with pytest.raises(AccountError):
        services.revoke_api_token(user=owner, token_id=token.id + 1000)
    assert token.revoked_at is None
    assert services.user_for_api_token(raw) == owner

    first = services.revoke_api_token(user=owner, token_id=token.id).revoked_at
    db.session.commit()
    assert services.revoke_api_token(user=owner, token_id=token.id).revoked_at == first
