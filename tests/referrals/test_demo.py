"""The demo's six months of referral history: every status, believable values and dates,
thanks for most, unread news for the demo logins; loading it twice adds nothing."""

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Group,
    Membership,
    Notification,
    Referral,
    ReferralEvent,
    ThankYou,
    User,
)
from partnernet.models import Testimonial as StoredTestimonial  # pytest would collect Test*
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from tests.groups.helpers import text
from tests.notifications.helpers import words

DEMO_LOGINS = ["maria@example.com", "aisha@example.com", "priya@example.com", "tom@example.com"]


def load(runner) -> str:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def riverside() -> Group:
    return db.session.scalar(sa.select(Group).where(Group.name == "Riverside Partners"))


def user(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def referrals(group: Group) -> list[Referral]:
    return list(db.session.scalars(sa.select(Referral).where(Referral.group_id == group.id)))


def table_counts() -> dict[str, int]:
    return {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Referral, ReferralEvent, ClosedBusiness, ThankYou, StoredTestimonial,
                          Notification)}


def test_demo_history_is_six_months_of_every_kind_of_referral(runner, client):
    output = load(runner)

    group = riverside()
    rows = referrals(group)
    now = utcnow()
    statuses = Counter(r.status for r in rows)
    assert set(statuses) == {s.value for s in Status}, statuses
    assert all(statuses[s] >= 3 for s in Status if s != Status.PASSED), statuses
    assert 150 <= len(rows) <= 320
    assert f"({len(rows) + len(referrals(second_group()))} referrals)" in output

    # Spread over six months, up to the last day or two.
    assert min(r.passed_at for r in rows) < now - timedelta(days=160)
    assert max(r.passed_at for r in rows) > now - timedelta(days=2)
    assert all(r.passed_at < now for r in rows)

    # Everyone was a member when they gave or received.
    joined = {m.user_id: m.joined_at for m in db.session.scalars(
        sa.select(Membership).where(Membership.group_id == group.id))}
    assert all(r.passed_at >= joined[r.giver_id] and r.passed_at >= joined[r.receiver_id]
               for r in rows)

    # Timelines run forward from the passing, never into the future.
    events = db.session.execute(
        sa.select(ReferralEvent.created_at, Referral.passed_at, ReferralEvent.kind)
        .join(Referral).where(Referral.group_id == group.id)).all()
    assert all(passed <= at <= now for at, passed, _ in events)
    kinds = Counter(kind for _, _, kind in events)
    assert {"passed", "status", "closed_business", "quality", "thanked"} <= set(kinds)

    # Closed business: plausible amounts, new and repeat, dated between passing and today.
    tz = ZoneInfo(group.timezone)
    entries = db.session.execute(
        sa.select(ClosedBusiness, Referral.passed_at).join(Referral)
        .where(Referral.group_id == group.id)).all()
    assert Counter(e.kind for e, _ in entries)["repeat"] >= 5
    assert all(5_000 <= e.amount <= 3_000_000 for e, _ in entries)
    assert all(p.astimezone(tz).date() <= e.closed_on <= now.astimezone(tz).date()
               for e, p in entries)
    won = [r for r in rows if r.status == Status.WON]
    assert all(any(e.referral_id == r.id for e, _ in entries) for r in won)
    assert any(sum(e.referral_id == r.id for e, _ in entries) > 1 for r in won)

    # Declined ones say why; most (not all) referrals are thanked; some are rated.
    assert all(r.declined_reason for r in rows if r.status == Status.DECLINED)
    thanked = {t.referral_id for t in db.session.scalars(sa.select(ThankYou))}
    thankable = [r for r in rows if r.status != Status.WITHDRAWN]
    share = sum(r.id in thanked for r in thankable) / len(thankable)
    assert 0.6 < share < 0.97, share
    assert {r.quality for r in rows} >= {"qualified", "lukewarm", "not_a_fit", None}

    # Referrals that came of earlier ones, and a few testimonials.
    by_id = {r.id: r for r in rows}
    sourced = [r for r in rows if r.source_referral_id]
    assert len(sourced) >= 3
    for r in sourced:
        source = by_id[r.source_referral_id]
        assert source.passed_at < r.passed_at and r.giver_id == source.receiver_id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredTestimonial).where(
        StoredTestimonial.group_id == group.id)) >= 4

    # Aisha joined three weeks ago: a few recent referrals. Maria and Tom: many.
    involving = Counter()
    for r in rows:
        involving[r.giver_id] += 1
        involving[r.receiver_id] += 1
    aisha = user("aisha@example.com")
    assert 2 <= involving[aisha.id] <= 8
    assert all(r.passed_at > now - timedelta(weeks=3) for r in rows
               if aisha.id in (r.giver_id, r.receiver_id))
    for email in ("maria@example.com", "tom@example.com"):
        assert involving[user(email).id] >= 30, email

    # The demo logins have a little unread news; old news has been read.
    for email in DEMO_LOGINS:
        unread = db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.user_id == user(email).id, Notification.read_at.is_(None)))
        assert 1 <= unread <= 15, (email, unread)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.read_at.is_(None),
        Notification.created_at < now - timedelta(days=4))) == 0
    assert all(n.created_at <= now for n in db.session.scalars(sa.select(Notification)))

    # Every page a demo login opens first looks alive.
    client.post("/login", data={"email": "maria@example.com", "password": "partnernet-demo"})
    home = client.get("/", follow_redirects=True)
    page = words(text(home))
    assert "Needs your action" in page and "Accept" in page
    assert "Nothing waiting" not in page and "No news yet" not in page
    assert "thanks owed" in page
    notifications = words(text(client.get("/notifications")))
    assert "unread" in notifications and "Nothing yet" not in notifications

    client.post("/logout")
    client.post("/login", data={"email": "aisha@example.com", "password": "partnernet-demo"})
    page = words(text(client.get("/", follow_redirects=True)))
    assert "Freya Lindgren" in page and "Accept" in page  # Priya's new referral for her


def second_group() -> Group:
    return db.session.scalar(sa.select(Group).where(Group.name == "Harbour Business Circle"))


def test_demo_history_is_loaded_once(runner):
    load(runner)
    before = table_counts()
    assert all(before.values()), before

    output = load(runner)

    assert table_counts() == before
    assert "already loaded" in output
    assert "referral history" not in output
