"""Configuration, read from the environment (variables prefixed PARTNERNET_)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(f"PARTNERNET_{name}")
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


# The documented shape of every API error, for the OpenAPI description.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string", "description": "A stable code, e.g. validation_error"},
        "message": {"type": "string", "description": "What went wrong, in plain words"},
        "fields": {"type": "object", "description": "Field name → list of messages",
                   "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["error", "message", "fields"],
}


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def secret_key_for(instance_path: Path, *, production: bool) -> str:
    """The secret key from the environment, or one generated once into the instance folder."""
    key = _env("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("PARTNERNET_SECRET_KEY must be set when PARTNERNET_ENV=production.")
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Written once with owner-only permissions; later starts reuse it so sessions survive.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


class Config:
    """Settings shared by every environment; values come from PARTNERNET_* variables."""

    def __init__(self, instance_path: Path):
        self.ENV_NAME = _env("ENV", "development")
        production = self.ENV_NAME == "production"
        self.PRODUCTION = production
        self.SECRET_KEY = secret_key_for(instance_path, production=production)

        self.SQLALCHEMY_DATABASE_URI = _env(
            "DATABASE_URL", f"sqlite:///{instance_path / 'partnernet.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

        # Where links in emails point; defaults to the request's own host.
        self.BASE_URL = _env("BASE_URL")

        # Accounts: "open" lets anyone sign up, "invite" only people holding an invitation.
        self.SIGNUP = _env("SIGNUP", "open")
        if self.SIGNUP not in {"open", "invite"}:
            raise ConfigError("PARTNERNET_SIGNUP must be 'open' or 'invite'.")
        self.PASSWORD_RESET_TTL = timedelta(hours=_env_int("PASSWORD_RESET_HOURS", 2))
        self.INVITATION_TTL = timedelta(days=_env_int("INVITATION_DAYS", 14))

        # Mail: SMTP when a server is configured, otherwise messages go to the log.
        self.MAIL_SERVER = _env("MAIL_SERVER")
        self.MAIL_PORT = _env_int("MAIL_PORT", 25)
        self.MAIL_USERNAME = _env("MAIL_USERNAME")
        self.MAIL_PASSWORD = _env("MAIL_PASSWORD")
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
        self.MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
        self.MAIL_SENDER = _env("MAIL_SENDER", "PartnerNet <no-reply@localhost>")

        # Redis is optional: rate-limit counters live there when it is configured.
        self.REDIS_URL = _env("REDIS_URL")
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.RATELIMIT_HEADERS_ENABLED = True
        self.LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")

        # Cookies: HttpOnly and SameSite=Lax always, Secure in production.
        secure = _env_bool("SECURE_COOKIES", production)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_NAME = "remember_token"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = secure
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.PERMANENT_SESSION_LIFETIME = timedelta(days=30)
        self.PREFERRED_URL_SCHEME = "https" if secure else "http"

        # CSRF tokens live as long as the session: a page left open all meeting still posts.
        self.WTF_CSRF_TIME_LIMIT = None
        self.WTF_CSRF_SSL_STRICT = True

        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        self.PROXY_COUNT = _env_int("PROXY_COUNT", 0)
        # Profile photos (re-encoded JPEGs); any directory the app can write to.
        self.PHOTOS_DIR = _env("PHOTOS_DIR", str(instance_path / "photos"))
        self.MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_BYTES", 16 * 1024 * 1024)
        self.ASSETS_DIR = Path(_env("ASSETS_DIR", str(PROJECT_ROOT / "node_modules")))

        # OpenAPI (apiflask): validation errors are 422, the spec lives under /api/v1.
        self.VALIDATION_ERROR_STATUS_CODE = 422
        self.AUTO_SERVERS = False
        self.HTTP_ERROR_SCHEMA = self.VALIDATION_ERROR_SCHEMA = ERROR_SCHEMA
        self.INFO = {
            "description": "PartnerNet JSON API. Authenticate with `Authorization: Bearer TOKEN`; "
            "create tokens in your account settings or with `flask users token`."
        }

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if k.isupper()}
