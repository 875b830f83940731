"""The dashboard after sign-in: what waits for me, news of what I gave, thanks I owe, and
one-tap Accept; who may see it, and its query budget."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Membership, Referral, ReferralEvent
from partnernet.models.base import utcnow
from partnernet.periods import local_today
from partnernet.referrals.services import (
    change_status,
    rate_quality,
    record_closed_business,
    thank,
)
from tests.groups.helpers import text
from tests.notifications.helpers import make_people, notifications_of, pass_to, words

HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(app):
    return make_people()


def dashboard(client, people) -> str:
    response = client.get(f"/groups/{people.group.id}/dashboard")
    assert response.status_code == 200
    return text(response)


def section(page: str, section_id: str) -> str:
    return re.search(rf'<section id="{section_id}".*?</section>', page, re.S).group(0)


def fresh(referral_id: int) -> Referral:
    db.session.expire_all()
    return db.session.get(Referral, referral_id)


def accept(client, people, referral, version=None, headers=None):
    return client.post(f"/dashboard/accept/{referral.id}",
                       data={"version": str(version or referral.version)}, headers=headers)


# What the receiver sees


def test_receiver_sees_new_referrals_first_with_accept(client, auth, people):
    working = pass_to(people, name="Working Prospect", passed_at=utcnow() - timedelta(days=5))
    change_status(referral=working, actor=people.receiver, status="accepted")
    db.session.commit()
    new = pass_to(people, name="Jane Doe", company="Doe Dental")
    auth.login(people.receiver)

    waiting = section(dashboard(client, people), "needs-action")

    assert waiting.index("Jane Doe") < waiting.index("Working Prospect")
    assert "Doe Dental" in waiting
    assert "From Gina Giver" in waiting
    assert ">New<" in waiting
    form = re.search(rf'<form[^>]*action="/dashboard/accept/{new.id}".*?</form>', waiting,
                     re.S).group(0)
    assert 'method="post"' in form and "hx-post=" in form
    assert f'name="version" value="{new.version}"' in form
    assert ">Accept</button>" in form
    # Already accepted: no Accept, a link to update it instead.
    assert f"/dashboard/accept/{working.id}" not in waiting
    assert f'href="/referrals/{working.id}"' in waiting
    assert "Update" in waiting


def test_receiver_does_not_see_closed_or_others_referrals(client, auth, people):
    declined = pass_to(people, name="Declined Prospect")
    change_status(referral=declined, actor=people.receiver, status="declined",
                  reason="Outside my area.")
    pass_to(people, receiver=people.member, name="Not Mine")
    db.session.commit()
    auth.login(people.receiver)

    waiting = section(dashboard(client, people), "needs-action")

    assert "Declined Prospect" not in waiting
    assert "Not Mine" not in waiting
    assert "Nothing waiting. Pass a referral to a partner." in waiting


def test_giver_sees_the_latest_moves_of_referrals_they_gave(client, auth, people):
    referral = pass_to(people, name="Jane Doe", passed_at=utcnow() - timedelta(days=4))
    change_status(referral=referral, actor=people.receiver, status="accepted",
                  note="Calling her this afternoon.")
    rate_quality(referral=referral, actor=people.receiver, quality="qualified")
    record_closed_business(referral=referral, actor=people.receiver, amount="1250.00",
                           kind="new", closed_on=local_today(people.group.timezone))
    thank(referral=referral, actor=people.receiver, message="Thank you, Gina!",
          gift="Lunch on me")
    db.session.commit()
    auth.login(people.giver)

    news = words(section(dashboard(client, people), "moves"))

    assert "Rafael Receiver moved Jane Doe to Accepted" in news
    assert "“Calling her this afternoon.”" in news
    assert "Rafael Receiver rated Jane Doe qualified" in news
    assert "Rafael Receiver marked Jane Doe as Won" in news
    assert "Rafael Receiver recorded $1,250.00 of new business with Jane Doe" in news
    assert "Rafael Receiver thanked you for Jane Doe (and sent Lunch on me)" in news
    # Newest first.
    assert news.index("thanked you") < news.index("recorded $1,250.00") < news.index("moved")


def test_moves_do_not_repeat_my_own_actions_or_others_referrals(client, auth, people):
    mine = pass_to(people, name="Jane Doe")
    change_status(referral=mine, actor=people.giver, status="withdrawn", note="Wrong partner.")
    other = pass_to(people, giver=people.member, name="Mo's Prospect")
    change_status(referral=other, actor=people.receiver, status="accepted")
    db.session.commit()
    auth.login(people.giver)

    news = section(dashboard(client, people), "moves")

    assert "Jane Doe" not in news and "Mo" not in news
    assert "No news yet." in words(news)


def test_thanks_owed_lists_unthanked_referrals_oldest_first(client, auth, people):
    older = pass_to(people, name="Older Prospect", passed_at=utcnow() - timedelta(days=9))
    pass_to(people, name="Newer Prospect", passed_at=utcnow() - timedelta(days=2))
    done = pass_to(people, name="Thanked Prospect", passed_at=utcnow() - timedelta(days=5))
    thank(referral=done, actor=people.receiver, message="Thanks!")
    db.session.commit()
    auth.login(people.receiver)

    page = dashboard(client, people)
    owed = section(page, "thanks-owed")

    assert words(owed).startswith("Thanks owed 2")
    assert owed.index("Older Prospect") < owed.index("Newer Prospect")
    assert "Thanked Prospect" not in owed
    assert f'href="/referrals/{older.id}#thank"' in owed
    assert "Thank Gina Giver for" in words(owed)
    assert re.search(r'<span class="stat-value">2</span> <span class="stat-label">thanks owed',
                     page)


def test_thanks_owed_shows_five_and_links_to_the_rest(client, auth, people):
    for n in range(7):
        pass_to(people, name=f"Prospect {n}", passed_at=utcnow() - timedelta(days=10 - n))
    auth.login(people.receiver)

    owed = section(dashboard(client, people), "thanks-owed")

    assert owed.count('class="referral-item"') == 5
    assert "And 2 more." in words(owed)


def test_counts_of_given_and_received(client, auth, people):
    pass_to(people, name="One")
    pass_to(people, name="Two")
    withdrawn = pass_to(people, name="Three")
    change_status(referral=withdrawn, actor=people.giver, status="withdrawn")
    pass_to(people, giver=people.receiver, receiver=people.giver, name="Back")
    db.session.commit()
    auth.login(people.giver)

    stats = re.search(r'<ul class="stats".*?</ul>', dashboard(client, people), re.S).group(0)

    assert "2 given" in words(stats)  # a withdrawn referral doesn't count
    assert "1 received" in words(stats)
    assert "1 unread" in words(stats)


def test_pass_a_referral_is_one_tap_away(app, client, auth, people):
    auth.login(people.member)

    page = dashboard(client, people)

    if "referrals.new" in app.view_functions:
        assert f'href="/groups/{people.group.id}/referrals/new"' in section(page, "needs-action")
    assert "Nothing waiting. Pass a referral to a partner." in page
    assert "No news yet." in words(page)
    assert "You're up to date" in words(page)


def test_home_opens_the_dashboard_and_the_subnav_marks_it(client, auth, people):
    auth.login(people.member)

    response = client.get("/")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/groups/{people.group.id}/dashboard"
    page = dashboard(client, people)
    assert (f'<a href="/groups/{people.group.id}/dashboard" aria-current="page">Home</a>'
            in page)


# Accept


def test_accept_from_the_dashboard(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)

    response = accept(client, people, referral)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{people.group.id}/dashboard"
    assert fresh(referral.id).status == "accepted"
    event = db.session.scalars(sa.select(ReferralEvent).where(
        ReferralEvent.referral_id == referral.id).order_by(ReferralEvent.id.desc())).first()
    assert (event.kind, event.from_status, event.to_status, event.actor_id) == (
        "status", "passed", "accepted", people.receiver.id)
    assert [n.kind for n in notifications_of(people.giver)] == ["status_changed"]
    page = dashboard(client, people)
    assert "You accepted Jane Doe. Gina Giver can see it" in words(page)
    assert f"/dashboard/accept/{referral.id}" not in page


def test_accept_with_htmx_swaps_the_list(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)

    response = accept(client, people, referral, headers=HTMX)

    assert response.status_code == 200
    fragment = text(response)
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="needs-action"')
    assert "You accepted Jane Doe." in words(fragment)
    assert "Accepted" in fragment
    assert "HX-Request" in response.headers["Vary"]
    assert fresh(referral.id).status == "accepted"


def test_accept_on_a_stale_page_changes_nothing_and_says_why(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    stale = referral.version
    change_status(referral=referral, actor=people.giver, status="withdrawn",
                  note="Wrong partner.")
    db.session.commit()
    auth.login(people.receiver)

    response = accept(client, people, referral, version=stale, headers=HTMX)

    assert response.status_code == 409
    assert "changed since you opened it" in words(text(response))
    assert fresh(referral.id).status == "withdrawn"
    assert "Jane Doe" not in section(text(response), "needs-action").split("</p>", 1)[1]

    response = accept(client, people, referral, version=stale)
    assert response.status_code == 303
    assert "changed since you opened it" in words(dashboard(client, people))
    assert fresh(referral.id).status == "withdrawn"


def test_accepting_twice_is_refused_politely(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)
    accept(client, people, referral)

    response = accept(client, people, fresh(referral.id), headers=HTMX)

    assert response.status_code == 409
    assert "already “Accepted”" in words(text(response))


@pytest.mark.parametrize("who", ["giver", "member", "outsider"])
def test_only_the_receiver_can_accept(client, auth, people, who):
    referral = pass_to(people, name="Jane Doe")
    auth.login(getattr(people, who))

    response = accept(client, people, referral)

    assert response.status_code == 404
    assert fresh(referral.id).status == "passed"


def test_a_receiver_who_left_the_group_cannot_accept(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.group_id == people.group.id, Membership.user_id == people.receiver.id))
    membership.left_at = utcnow()
    db.session.commit()
    auth.login(people.receiver)

    assert accept(client, people, referral).status_code == 404
    assert fresh(referral.id).status == "passed"


def test_accept_needs_sign_in(client, people):
    referral = pass_to(people, name="Jane Doe")

    response = accept(client, people, referral)

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert fresh(referral.id).status == "passed"


def test_accept_an_unknown_referral_is_not_found(client, auth, people):
    auth.login(people.receiver)
    assert client.post("/dashboard/accept/999999", data={"version": "1"}).status_code == 404


def test_accept_needs_the_csrf_token(csrf, client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)

    assert accept(client, people, referral).status_code == 400
    assert fresh(referral.id).status == "passed"


# Who may see it


def test_outsider_gets_404_and_anonymous_is_sent_to_sign_in(client, auth, people):
    response = client.get(f"/groups/{people.group.id}/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]

    auth.login(people.outsider)
    assert client.get(f"/groups/{people.group.id}/dashboard").status_code == 404
    assert client.get("/groups/999999/dashboard").status_code == 404


def test_prospect_phone_shows_only_to_the_receiver_once_accepted(client, auth, people):
    referral = pass_to(people, name="Jane Doe")
    change_status(referral=referral, actor=people.receiver, status="accepted")
    db.session.commit()
    auth.login(people.receiver)

    assert 'href="tel:+15550102233"' in dashboard(client, people)
    auth.login(people.giver)
    assert "555 010 2233" not in dashboard(client, people)


# Query budget


@contextmanager
def counting():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def grow(people, size: int) -> None:
    """Bring both directions to `size` referrals each, in every state the dashboard shows."""
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Referral).where(
        Referral.receiver_id == people.receiver.id))
    for n in range(have, size):
        received = pass_to(people, name=f"Prospect {n}", company=f"Company {n}",
                           passed_at=utcnow() - timedelta(days=3, minutes=n))
        given = pass_to(people, giver=people.receiver, receiver=people.giver,
                        name=f"Given {n}", passed_at=utcnow() - timedelta(days=3, minutes=n))
        if n % 2:
            change_status(referral=received, actor=people.receiver, status="accepted",
                          note=f"Note {n}")
            change_status(referral=given, actor=people.giver, status="accepted")
        if n % 3 == 0:
            record_closed_business(referral=given, actor=people.giver, amount="100.00",
                                   kind="new", closed_on=local_today(people.group.timezone))
            thank(referral=given, actor=people.giver, message="Thanks!")
    db.session.commit()


def cost(client, people) -> list[str]:
    db.session.expire_all()
    path = f"/groups/{people.group.id}/dashboard"
    client.get(path)  # warm up: template compilation is not what we measure
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


def test_dashboard_costs_the_same_for_3_and_40_referrals(client, auth, people):
    auth.login(people.receiver)

    grow(people, 3)
    small = cost(client, people)
    grow(people, 40)
    large = cost(client, people)

    assert len(small) == len(large), "\n".join(large)
    assert len(large) <= 10
    page = dashboard(client, people)
    assert "10+" in section(page, "needs-action")  # capped, with a link to the full list
    assert section(page, "moves").count('class="move"') == 8
