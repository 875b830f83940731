"""Fixtures: every test that uses `app` runs on SQLite and on PostgreSQL.

PostgreSQL runs when PARTNERNET_TEST_DATABASE_URL is set; browser tests when a
Chromium binary is found. Otherwise those tests are skipped with the reason; with
PARTNERNET_TEST_REQUIRE_ALL=1 (as in CI) a missing one fails instead.
"""

import os
import shutil
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from partnernet import create_app
from partnernet.extensions import db, limiter
from partnernet.models import Base
from tests import factories

# The meeting tests' club (a weekly group with its schedule stored, its first meeting soon),
# for the API tests too.
from tests.meetings.conftest import club, soon, stored_club  # noqa: F401

BACKENDS = ["sqlite", "postgresql"]


def require(reason: str) -> None:
    """Skip with `reason`, or fail when the environment promises everything is present."""
    if os.environ.get("PARTNERNET_TEST_REQUIRE_ALL"):
        pytest.fail(f"required for this run: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str | None:
    candidate = os.environ.get("PARTNERNET_CHROMIUM") or shutil.which("chromium") or \
        "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
    url = os.environ.get("PARTNERNET_TEST_DATABASE_URL")
    if not url:
        require("PostgreSQL tests need PARTNERNET_TEST_DATABASE_URL, e.g. "
                "postgresql+psycopg://postgres@127.0.0.1:5432/partnernet_test")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = worker_database(url, worker) if worker else url
    # Tests commit thousands of times; waiting for each commit to reach the disk is what a
    # crash-safe server does and what a throwaway test database doesn't need (the results
    # are the same, the suite is much faster).
    return sa.make_url(url).update_query_dict(
        {"options": "-c synchronous_commit=off"}).render_as_string(hide_password=False)


@sa.event.listens_for(sa.Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, connection_record) -> None:
    """The SQLite test database needn't survive a power cut either: don't wait for the disk
    on each commit (the PostgreSQL one sets synchronous_commit off for the same reason)."""
    if type(dbapi_connection).__module__.split(".")[0] == "sqlite3":
        dbapi_connection.execute("PRAGMA synchronous = OFF")


def worker_database(url: str, worker: str) -> str:
    """With parallel workers (`make test` runs two), each works in a database of its own,
    created beside the one named: partnernet_test_gw0, partnernet_test_gw1…"""
    base = sa.make_url(url)
    name = f"{base.database}_{worker}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                 {"name": name})
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def reset_schema(app) -> None:
    """Drop whatever a previous run left, then build the schema with the migrations."""
    with app.app_context():
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own application context.

    The `app` fixture keeps an application context open for the whole test, and a
    request reuses an open context of its app: without this, `g` (where Flask-Login
    caches the signed-in user) and the database session would carry over from one
    request to the next, which never happens in production.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "WTF_CSRF_ENABLED": False,
        "MAIL_SERVER": None,
        "BASE_URL": None,
        "SERVER_NAME": None,
    })
    app.test_client_class = IsolatedClient
    reset_schema(app)
    yield app
    with app.app_context():
        db.engine.dispose()


def clean_tables() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(_app):
    """The app, with an application context and empty tables for each test.

    Tests commit for real (the live server for browser tests runs in another
    thread and must see the data); deleting a few small tables afterwards is
    cheaper than rebuilding the schema.
    """
    saved = dict(_app.config)
    with _app.app_context():
        limiter.reset()
        yield _app
        clean_tables()
    _app.config.clear()
    _app.config.update(saved)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf(app):
    """Turn CSRF protection on for this test."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


class Auth:
    """Sign a user in on the test client, either through the form or by setting the session."""

    def __init__(self, client):
        self.client = client

    def login(self, user) -> None:
        with self.client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def login_form(self, email: str, password: str = factories.PASSWORD, remember=False):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def world(app):
    """A group with a facilitator and a member, and an outsider who leads another group."""
    return factories.make_world()


def _buffered(app):
    """The app with each response read whole (and its file closed) before a byte is sent.

    The development server leaves a file response (the favicon, a stylesheet) unclosed when
    the browser hangs up in the middle of it, as a closing browser context does; the
    ResourceWarning that follows would fail whichever test happens to be running.
    """

    def wsgi(environ, start_response):
        chunks = app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        return [body]

    return wsgi


@pytest.fixture(scope="session")
def live_server(_app):
    """The app served over HTTP in a background thread, for the browser."""
    server = make_server("127.0.0.1", 0, _buffered(_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        require("browser tests need Chromium (Debian: apt-get install chromium), "
                "or PARTNERNET_CHROMIUM pointing at a Chromium binary")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        return self.message.get_body(("plain",)).get_content()


@dataclass
class Inbox:
    """Collects every message the test SMTP server accepts."""

    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    """An SMTP server on 127.0.0.1 that the app sends its mail to; yields its inbox."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["MAIL_PORT"] = controller.port
    app.config["MAIL_USE_TLS"] = False
    app.config["MAIL_USE_SSL"] = False
    app.config["MAIL_USERNAME"] = None
    try:
        yield inbox
    finally:
        controller.stop()
