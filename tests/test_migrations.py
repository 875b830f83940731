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


def test_closed_business_gets_its_referrals_pair_when_the_columns_arrive(app):
    """The migration that copies group, giver and receiver onto closed business fills them
    from each entry's referral, for entries that existed before it."""
    from tests.factories import GroupFactory, MembershipFactory, closed_business, referral

    groups = [GroupFactory(), GroupFactory()]
    people = [[MembershipFactory(group=group).user for _ in range(2)] for group in groups]
    passed = [referral(groups[0], people[0][0], people[0][1]),
              referral(groups[1], people[1][1], people[1][0])]
    for r in passed:
        closed_business(r, 10_000)
        closed_business(r, 2_500)
    db.session.commit()
    expected = sorted((r.id, r.group_id, r.giver_id, r.receiver_id) for r in passed for _ in "ab")
    db.session.remove()
    head = head_revision()
    pair_query = sa.text("SELECT referral_id, group_id, giver_id, receiver_id "
                         "FROM closed_business ORDER BY referral_id, id")
    try:
        downgrade(revision="ec2f7795c975")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("closed_business")}
        assert {"group_id", "giver_id", "receiver_id"}.isdisjoint(columns)
        upgrade(revision="b3c1d2e4f5a6")
        with db.engine.connect() as conn:
            assert sorted(conn.execute(pair_query).all()) == expected
    finally:
        if head_revision() != head:
            upgrade()
