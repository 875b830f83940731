"""partnernet.config: settings read from PARTNERNET_* environment variables."""

import os
import stat
from datetime import timedelta

import pytest

from partnernet import create_app
from partnernet.config import Config, ConfigError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Start each test from an environment with no PARTNERNET_* settings."""
    for name in list(os.environ):
        if name.startswith("PARTNERNET_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_production_needs_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_ENV", "production")
    with pytest.raises(ConfigError, match="PARTNERNET_SECRET_KEY"):
        Config(tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_an_empty_secret_key(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_ENV", "production")
    clean_env.setenv("PARTNERNET_SECRET_KEY", "")
    with pytest.raises(ConfigError):
        Config(tmp_path)


def test_production_app_does_not_start_without_a_secret_key(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_ENV", "production")
    with pytest.raises(ConfigError):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_production_with_a_secret_key_uses_secure_cookies(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_ENV", "production")
    clean_env.setenv("PARTNERNET_SECRET_KEY", "a-long-production-secret")
    config = Config(tmp_path)

    assert config.PRODUCTION is True
    assert config.SECRET_KEY == "a-long-production-secret"
    assert config.SESSION_COOKIE_SECURE is True
    assert config.REMEMBER_COOKIE_SECURE is True
    assert config.PREFERRED_URL_SCHEME == "https"
    assert not (tmp_path / "secret_key").exists()


def test_cookies_are_http_only_and_same_site_lax_in_every_environment(clean_env, tmp_path):
    development = Config(tmp_path)
    clean_env.setenv("PARTNERNET_ENV", "production")
    clean_env.setenv("PARTNERNET_SECRET_KEY", "a-long-production-secret")
    production = Config(tmp_path)
    for config in (development, production):
        assert config.SESSION_COOKIE_HTTPONLY is True
        assert config.SESSION_COOKIE_SAMESITE == "Lax"
        assert config.REMEMBER_COOKIE_HTTPONLY is True
        assert config.REMEMBER_COOKIE_SAMESITE == "Lax"
        remember_for = config.REMEMBER_COOKIE_DURATION
        assert remember_for == timedelta(days=30)
        assert config.WTF_CSRF_TIME_LIMIT is None


def test_development_cookies_are_not_secure(clean_env, tmp_path):
    config = Config(tmp_path)
    assert config.ENV_NAME == "development"
    assert config.PRODUCTION is False
    assert config.SESSION_COOKIE_SECURE is False
    assert config.REMEMBER_COOKIE_SECURE is False
    assert config.PREFERRED_URL_SCHEME == "http"


def test_secure_cookies_can_be_turned_on_outside_production(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_SECURE_COOKIES", "true")
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE is True
    assert config.REMEMBER_COOKIE_SECURE is True


def test_development_generates_the_secret_key_once(clean_env, tmp_path):
    instance = tmp_path / "instance"  # not there yet
    first = Config(instance)

    key_file = instance / "secret_key"
    assert key_file.is_file()
    assert len(first.SECRET_KEY) >= 32
    assert key_file.read_text().strip() == first.SECRET_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    assert Config(instance).SECRET_KEY == first.SECRET_KEY
    assert Config(tmp_path / "elsewhere").SECRET_KEY != first.SECRET_KEY


def test_secret_key_from_the_environment_wins_in_development(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_SECRET_KEY", "from-the-environment")
    assert Config(tmp_path).SECRET_KEY == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_database_defaults_to_sqlite_in_the_instance_folder(clean_env, tmp_path):
    database = Config(tmp_path).SQLALCHEMY_DATABASE_URI
    assert database == f"sqlite:///{tmp_path}/partnernet.sqlite3"


def test_database_url_from_the_environment(clean_env, tmp_path):
    url = "postgresql+psycopg://partnernet:secret@db.internal:5432/partnernet"
    clean_env.setenv("PARTNERNET_DATABASE_URL", url)
    database = Config(tmp_path).SQLALCHEMY_DATABASE_URI
    assert database == url


def test_rate_limits_live_in_memory_without_redis(clean_env, tmp_path):
    config = Config(tmp_path)
    assert config.REDIS_URL is None
    assert config.RATELIMIT_STORAGE_URI == "memory://"


def test_redis_url_moves_the_rate_limit_counters(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_REDIS_URL", "redis://cache.internal:6379/2")
    config = Config(tmp_path)
    assert config.REDIS_URL == "redis://cache.internal:6379/2"
    assert config.RATELIMIT_STORAGE_URI == "redis://cache.internal:6379/2"


def test_signup_mode(clean_env, tmp_path):
    assert Config(tmp_path).SIGNUP == "open"
    clean_env.setenv("PARTNERNET_SIGNUP", "invite")
    assert Config(tmp_path).SIGNUP == "invite"
    clean_env.setenv("PARTNERNET_SIGNUP", "closed")
    with pytest.raises(ConfigError, match="PARTNERNET_SIGNUP"):
        Config(tmp_path)


def test_numbers_and_flags_from_the_environment(clean_env, tmp_path):
    clean_env.setenv("PARTNERNET_PASSWORD_RESET_HOURS", "6")
    clean_env.setenv("PARTNERNET_MAIL_PORT", "2525")
    clean_env.setenv("PARTNERNET_MAIL_USE_TLS", "yes")
    clean_env.setenv("PARTNERNET_LOGIN_RATE_LIMIT", "5 per minute")
    config = Config(tmp_path)
    reset_ttl = config.PASSWORD_RESET_TTL
    assert reset_ttl == timedelta(hours=6)
    assert config.MAIL_PORT == 2525
    assert config.MAIL_USE_TLS is True
    assert config.MAIL_USE_SSL is False
    assert config.LOGIN_RATE_LIMIT == "5 per minute"


def test_as_dict_holds_only_settings(clean_env, tmp_path):
    settings = Config(tmp_path).as_dict()
    assert settings["SECRET_KEY"]
    assert settings["SIGNUP"] == "open"
    assert all(name.isupper() for name in settings)
