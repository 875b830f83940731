"""The command-line interface: users create, users token, demo."""

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from partnernet.extensions import db
from partnernet.models import ApiToken, Group, Membership, User
from tests.factories import UserFactory


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


# users create


def test_users_create(runner):
    result = runner.invoke(args=["users", "create", "Ada@Example.com", "--name", "Ada Lovelace",
                                 "--password", "difference-engine", "--business",
                                 "Analytical Engines"])

    assert result.exit_code == 0, result.output
    user = user_by_email("ada@example.com")
    assert user is not None
    assert user.name == "Ada Lovelace"
    assert user.active
    assert user.profile.business_name == "Analytical Engines"
    assert check_password_hash(user.password_hash, "difference-engine")
    assert "ada@example.com" in result.output


def test_created_user_can_sign_in(runner, client):
    runner.invoke(args=["users", "create", "ada@example.com", "--name", "Ada Lovelace",
                        "--password", "difference-engine"])

    response = client.post("/login", data={"email": "ada@example.com",
                                           "password": "difference-engine"})

    assert response.status_code in (302, 303)
    assert "/login" not in response.headers["Location"]


def test_users_create_duplicate_email_fails(runner):
    UserFactory(email="ada@example.com", name="First Ada")

    result = runner.invoke(args=["users", "create", "ADA@example.com", "--name", "Second Ada",
                                 "--password", "difference-engine"])

    assert result.exit_code != 0
    assert "already exists" in result.output
    assert count(User) == 1
    assert user_by_email("ada@example.com").name == "First Ada"


def test_users_create_invalid_email_fails(runner):
    result = runner.invoke(args=["users", "create", "not-an-email", "--name", "Ada Lovelace",
                                 "--password", "difference-engine"])

    assert result.exit_code != 0
    assert "not a valid email address" in result.output
    assert "Traceback" not in result.output
    assert count(User) == 0


def test_users_create_short_password_fails(runner):
    result = runner.invoke(args=["users", "create", "ada@example.com", "--name", "Ada Lovelace",
                                 "--password", "short"])

    assert result.exit_code != 0
    assert "at least 8 characters" in result.output
    assert count(User) == 0


def test_users_create_requires_a_name(runner):
    result = runner.invoke(args=["users", "create", "ada@example.com",
                                 "--password", "difference-engine"])

    assert result.exit_code != 0
    assert "--name" in result.output
    assert count(User) == 0


# users token


def test_users_token_prints_only_a_working_token(runner, client):
    UserFactory(email="ada@example.com", name="Ada Lovelace")

    result = runner.invoke(args=["users", "token", "Ada@Example.com"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    token = lines[0]
    assert result.stdout == token + "\n"
    assert token.startswith("pn_") and len(token) > 30
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["email"] == "ada@example.com"


def test_users_token_names_the_token(runner):
    user = UserFactory()

    result = runner.invoke(args=["users", "token", user.email, "--name", "Nightly export"])

    assert result.exit_code == 0
    tokens = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)).all()
    assert [t.name for t in tokens] == ["Nightly export"]


def test_users_token_gives_a_new_token_each_time(runner):
    user = UserFactory()

    first = runner.invoke(args=["users", "token", user.email]).stdout.strip()
    second = runner.invoke(args=["users", "token", user.email]).stdout.strip()

    assert first and second and first != second
    assert count(ApiToken) == 2


def test_users_token_unknown_email_fails(runner):
    UserFactory(email="ada@example.com")

    result = runner.invoke(args=["users", "token", "nobody@example.com"])

    assert result.exit_code != 0
    assert "nobody@example.com" in result.output
    assert result.stdout == ""
    assert count(ApiToken) == 0


# demo

DEMO_LOGINS = ["priya@example.com", "tom@example.com", "maria@example.com",
               "aisha@example.com", "ken@example.com"]


def demo_counts() -> tuple[int, int, int, int]:
    return count(User), count(Group), count(Membership), count(ApiToken)


def current_members(group_name: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership)
        .join(Group, Group.id == Membership.group_id)
        .where(Group.name == group_name, Membership.left_at.is_(None)))


def assert_prints_logins(output: str) -> None:
    for email in DEMO_LOGINS:
        assert email in output
    assert "partnernet-demo" in output


def test_demo_loads_two_groups_and_prints_logins(runner):
    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    names = set(db.session.scalars(sa.select(Group.name)))
    assert names == {"Riverside Partners", "Harbour Business Circle"}
    assert current_members("Riverside Partners") == 25
    assert current_members("Harbour Business Circle") == 3
    assert count(User) == 25
    assert_prints_logins(result.output)


def test_demo_facilitators_and_logins_work(runner, client):
    runner.invoke(args=["demo"])

    response = client.post("/login", data={"email": "priya@example.com",
                                           "password": "partnernet-demo"})
    assert response.status_code in (302, 303)
    assert "/login" not in response.headers["Location"]
    db.session.expire_all()
    riverside = db.session.scalar(sa.select(Group).where(Group.name == "Riverside Partners"))
    roles = {(m.user.email, m.role, m.title) for m in riverside.memberships}
    assert ("priya@example.com", "facilitator", "President") in roles
    assert ("maria@example.com", "member", "") in roles


def test_demo_is_idempotent(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    db.session.expire_all()
    after_first = demo_counts()

    second = runner.invoke(args=["demo"])

    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert demo_counts() == after_first
    assert current_members("Riverside Partners") == 25
    assert_prints_logins(second.output)


def test_demo_if_empty_loads_into_an_empty_database(runner):
    result = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert current_members("Riverside Partners") == 25


def test_demo_if_empty_leaves_a_database_with_users_alone(runner):
    UserFactory(email="owner@example.com")

    result = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert demo_counts() == (1, 0, 0, 0)
    assert "priya@example.com" not in result.output


def test_demo_adds_referral_history_to_a_demo_loaded_before_referrals(runner, monkeypatch):
    from partnernet import demo as demo_data
    from partnernet.models import Notification, Referral

    # A database loaded by an earlier version: the groups and profiles, no referrals.
    with monkeypatch.context() as patch:
        patch.setattr(demo_data, "load_demo_history", lambda: 0)
        assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    assert count(Referral) == 0

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    assert "Added six months of referral history" in result.output
    assert "already loaded" in result.output
    assert_prints_logins(result.output)
    db.session.expire_all()
    referrals, notifications = count(Referral), count(Notification)
    assert referrals > 150 and notifications > referrals

    again = runner.invoke(args=["demo"])

    assert again.exit_code == 0, again.output
    assert "referral history" not in again.output
    db.session.expire_all()
    assert (count(Referral), count(Notification)) == (referrals, notifications)


def test_demo_meetings_six_months_held_and_the_schedule_ahead(runner, client, monkeypatch):
    from partnernet import demo as demo_data
    from partnernet.models import Meeting
    from partnernet.models.base import utcnow

    # A database loaded by an earlier version has no meetings; `demo` adds them once.
    with monkeypatch.context() as patch:
        patch.setattr(demo_data, "load_demo_meetings", lambda: 0)
        assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    assert count(Meeting) == 0

    result = runner.invoke(args=["demo"])

    assert result.exit_code == 0, result.output
    assert "Added six months of meetings" in result.output
    db.session.expire_all()
    riverside = db.session.scalar(sa.select(Group).where(Group.name == "Riverside Partners"))
    now = utcnow()
    rows = db.session.scalars(sa.select(Meeting).where(Meeting.group_id == riverside.id)
                              .order_by(Meeting.starts_at)).all()
    past = [m for m in rows if m.starts_at < now]
    ahead = [m for m in rows if m.starts_at >= now]
    # Weekly on Tuesdays: 25 or 26 held in 26 weeks, one of them cancelled for a holiday.
    assert len(past) in (25, 26)
    assert [m.status for m in past].count("cancelled") == 1
    assert {m.status for m in past} == {"closed", "cancelled"}
    assert all(m.occurrence.weekday() == 1 for m in rows)
    assert len(ahead) in (12, 13) and {m.status for m in ahead} == {"scheduled"}
    harbour = db.session.scalar(sa.select(Group).where(Group.name == "Harbour Business Circle"))
    monthly = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == harbour.id, Meeting.starts_at < now)).all()
    assert len(monthly) in (5, 6, 7) and all(8 <= m.occurrence.day <= 14 for m in monthly)

    # The ledger's "since last meeting" has a meeting to start from.
    client.post("/login", data={"email": "priya@example.com", "password": "partnernet-demo"})
    page = client.get(f"/groups/{riverside.id}/ledger?period=since-last-meeting")
    assert page.status_code == 200
    assert "Since the meeting of" in page.get_data(as_text=True)

    again = runner.invoke(args=["demo"])
    assert "meetings" not in again.output
    db.session.expire_all()
    assert count(Meeting) == len(rows) + len(db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == harbour.id)).all())


def test_demo_runs_its_meetings_and_readies_the_next(runner):
    from partnernet.meetings.agenda import has_own_agenda
    from partnernet.meetings.queries import list_meetings
    from partnernet.models import Attendance, Meeting, OneToOne, RotationEntry, Visitor
    from partnernet.models.base import utcnow

    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    group = db.session.scalar(sa.select(Group).where(Group.name == "Riverside Partners"))
    closed = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.status == "closed")).all()
    assert len(closed) >= 20
    # Every meeting held has attendance for the members who had joined by then, a presenter,
    # and a report sent when it closed.
    for meeting in closed:
        recorded = db.session.scalar(sa.select(sa.func.count(Attendance.id))
                                     .where(Attendance.meeting_id == meeting.id))
        joined = db.session.scalar(sa.select(sa.func.count(Membership.id)).where(
            Membership.group_id == group.id, Membership.left_at.is_(None),
            Membership.joined_at <= meeting.starts_at))
        assert recorded == joined > 0
        assert meeting.presenter_id is not None
        assert meeting.closed_at == meeting.report_sent_at > meeting.started_at
    assert count(Visitor) > 0 and count(OneToOne) > 50
    assert count(RotationEntry) == current_members("Riverside Partners")
    upcoming = [m for m in list_meetings(group_id=group.id, start=utcnow())
                if m.status == "scheduled"]
    assert all(m.presenter_id is not None for m in upcoming)
    assert has_own_agenda(upcoming[0].id)


def test_demo_adds_meeting_runs_to_a_demo_loaded_before_them(runner, monkeypatch):
    from partnernet import demo as demo_data
    from partnernet.models import Attendance

    with monkeypatch.context() as patch:
        patch.setattr(demo_data, "load_meeting_runs", lambda group, facilitator: 0)
        assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    assert count(Attendance) == 0

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Added attendance and visitors at" in result.output
    db.session.expire_all()
    attended = count(Attendance)
    assert attended > 100

    again = runner.invoke(args=["demo"])
    assert "Added attendance" not in again.output
    db.session.expire_all()
    assert count(Attendance) == attended
