"""Migrations build exactly the models' schema, both ways; the app never builds it itself."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from partnernet import create_app
from partnernet.extensions import db
from partnernet.models import Base

APP_TABLES = {"users", "profiles", "api_tokens", "password_resets", "groups", "memberships",
              "invitations"}


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


def head_revision() -> str:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_the_models_know_every_table():
    # An empty metadata would make the schema comparison below pass without checking anything.
    assert set(Base.metadata.tables) >= APP_TABLES


def test_migrations_go_down_and_up_and_match_the_models(app):
    db.session.remove()
    head = head_revision()
    assert head is not None
    try:
        downgrade(revision="base")
        assert table_names() & set(Base.metadata.tables) == set()
        assert head_revision() is None
        with db.engine.connect() as conn:
            missing = compare_metadata(MigrationContext.configure(conn), db.metadata)
        # The comparison sees a missing schema, so an empty diff below means something.
        assert {d[1].name for d in missing if d[0] == "add_table"} == set(Base.metadata.tables)

        upgrade()
        assert table_names() >= set(Base.metadata.tables)
        assert head_revision() == head

        downgrade(revision="base")
        assert table_names() & set(Base.metadata.tables) == set()

        upgrade()
        assert head_revision() == head
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        with db.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                assert conn.scalar(sa.select(sa.func.count()).select_from(table)) == 0
    finally:
        # The rest of the suite shares this database: always leave it at head.
        if head_revision() != head:
            upgrade()


def test_app_never_creates_its_schema(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
    })
    try:
        response = app.test_client().get("/")
        assert response.status_code == 200
        with app.app_context():
            assert sa.inspect(db.engine).get_table_names() == []
    finally:
        with app.app_context():
            db.engine.dispose()
