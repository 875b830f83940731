"""The ledger's "since last meeting" period: it starts on the local date of the last meeting
held (not cancelled, already started), and says so when there has been none.

The meetings are stored directly: they stand for a schedule kept by the meeting services."""

import re
from datetime import timedelta

import pytest
from babel.dates import format_date

from partnernet.extensions import db
from partnernet.meetings.schedule import local_start
from partnernet.models import Meeting
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from partnernet.periods import local_today
from tests.factories import GroupFactory, MembershipFactory, closed_business, referral
from tests.ledger.conftest import element, squash, text

PERIOD = "period=since-last-meeting"


@pytest.fixture
def pair(app):
    """Ann and Ben of a London group; their referrals around a meeting held ten days ago."""
    group = GroupFactory(name="Riverside Partners", timezone="Europe/London", currency="GBP")
    ann = MembershipFactory(group=group, user__name="Ann Archer").user
    ben = MembershipFactory(group=group, user__name="Ben Baker", role="facilitator").user
    today = local_today(group.timezone)
    held = today - timedelta(days=10)
    start = local_start(group, held)  # 07:00 local
    # Before the meeting's day: counted nowhere since it.
    early = referral(group, ann, ben, status=Status.WON, passed_at=start - timedelta(days=3))
    closed_business(early, 125000, closed_on=held - timedelta(days=2))
    referral(group, ann, ben, passed_at=start - timedelta(days=1))
    # On the meeting's day, an hour before it: the period takes whole local days.
    referral(group, ann, ben, passed_at=start - timedelta(hours=1))
    # Yesterday, and won today.
    late = referral(group, ben, ann, status=Status.WON, passed_at=utcnow() - timedelta(days=1))
    closed_business(late, 30000, closed_on=today)
    return group, ann, ben, held


def meeting_at(group, starts_at, status="scheduled", kind="extra") -> None:
    db.session.add(Meeting(group_id=group.id, kind=kind, starts_at=starts_at, status=status,
                           occurrence=starts_at.date() if kind == "regular" else None))
    db.session.commit()


def stats(page: str) -> list[str]:
    block = element(page, r'<ul class="stats stats-ledger')
    return [squash(item) for item in re.findall(r"<li\b.*?</li>", block, re.S)]


def chip(page: str) -> str | None:
    found = re.search(r'<a class="chip" href="[^"]*period=since-last-meeting"[^>]*>[^<]*</a>',
                      page)
    return found.group(0) if found else None


def test_the_ledger_since_the_last_meeting(pair, client, auth):
    group, ann, _, held = pair
    today = local_today(group.timezone)
    meeting_at(group, local_start(group, held), kind="regular")
    # Neither a cancelled meeting since, nor one still to come, moves the start.
    meeting_at(group, local_start(group, today - timedelta(days=3)), status="cancelled")
    meeting_at(group, utcnow() + timedelta(hours=2))
    auth.login(ann)

    response = client.get(f"/groups/{group.id}/ledger?{PERIOD}")

    assert response.status_code == 200
    page = text(response)
    title = squash(element(page, r'<h2 class="period-title">')).removesuffix(" CSV")
    assert title == f"Since the meeting of {format_date(held, 'd MMM y', locale='en')}"
    assert stats(page) == [
        "1 given", "1 received", "0 balance", "0% of what you gave was won",
        "£0.00 business your referrals brought partners",
        "£300.00 business you closed from theirs",
    ]
    assert 'aria-current="true"' in chip(page)
    assert chip(page).endswith(">Since last meeting</a>")
    assert f'/groups/{group.id}/ledger.csv?{PERIOD}' in page
    assert 'id="period-error"' not in page


def test_the_latest_meeting_held_wins_extra_ones_included(pair, client, auth):
    group, ann, _, held = pair
    meeting_at(group, local_start(group, held - timedelta(days=30)), kind="regular")
    # An extra meeting counts as a meeting held: yesterday's leaves only Ben's referral.
    yesterday = local_today(group.timezone) - timedelta(days=1)
    meeting_at(group, local_start(group, yesterday) - timedelta(hours=6))
    auth.login(ann)

    page = text(client.get(f"/groups/{group.id}/ledger?{PERIOD}"))

    assert stats(page)[:2] == ["0 given", "1 received"]


def test_before_any_meeting_the_period_is_explained(pair, client, auth):
    group, ann, _, _ = pair
    # Only meetings that do not count: one cancelled, one still to come.
    meeting_at(group, utcnow() - timedelta(days=2), status="cancelled")
    meeting_at(group, utcnow() + timedelta(days=2))
    auth.login(ann)

    response = client.get(f"/groups/{group.id}/ledger?{PERIOD}")

    # A link from before (or typed by hand) shows the default period and says why.
    assert response.status_code == 400
    page = text(response)
    error = squash(re.search(r'<p class="error period-error" id="period-error"[^>]*>(.*?)</p>',
                             page, re.S).group(1))
    assert error == "The group hasn't held a meeting yet. Showing last 6 months instead."
    assert squash(element(page, r'<h2 class="period-title">')) == "Last 6 months CSV"
    # The chip itself is offered only once the group has held a meeting.
    assert chip(page) is None
    assert stats(page)[:2] == ["3 given", "1 received"]


def test_the_csv_since_the_last_meeting(pair, client, auth):
    group, ann, _, held = pair
    meeting_at(group, local_start(group, held), kind="regular")
    auth.login(ann)

    response = client.get(f"/groups/{group.id}/ledger.csv?{PERIOD}")

    assert response.status_code == 200
    assert held.isoformat() in text(response)
    assert client.get(f"/groups/{group.id}/ledger.csv?{PERIOD}&from=garbage").status_code == 400
