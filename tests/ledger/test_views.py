"""The ledger pages: figures worked out by hand (see conftest.py), htmx fragments, periods
typed wrong, members who are not there, hostile query strings, and the query budget."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from partnernet.extensions import db
from partnernet.ledger.services import set_goal
from partnernet.models import Attendance, Meeting, Membership, OneToOne, Role
from partnernet.models.base import utcnow
from partnernet.models.meetings import AttendanceStatus
from partnernet.models.referrals import Quality, Status
from partnernet.periods import local_today
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    closed_business,
    referral,
    thank_you,
)
from tests.groups.helpers import field_tag
from tests.ledger.conftest import HTMX, counting, element, squash, table_rows, text

# The pages that take a period, with a piece of each that shows the default period's figures.
PERIOD_PAGES = {
    "mine": ("/ledger", '<span class="stat-value">2</span> <span class="stat-label">given'),
    "effectiveness": ("/ledger/partners", "1 qualified</span>"),
    "group": ("/ledger/group", '<span class="stat-value">6</span> <span class="stat-label">'
                               "referrals passed"),
    "matrix": ("/ledger/matrix", '<td class="matrix-total">6</td>'),
}


def get(client, lg, path: str, headers=None):
    return client.get(lg.base + path, headers=headers)


def page_of(client, lg, path: str) -> str:
    response = get(client, lg, path)
    assert response.status_code == 200, text(response)[:500]
    return text(response)


def today_label(lg, fmt: str = "d MMM y") -> str:
    return format_date(local_today(lg.group.timezone), fmt, locale="en")


def stats(page: str) -> list[str]:
    block = element(page, r'<ul class="stats stats-ledger')
    return [squash(item) for item in re.findall(r"<li\b.*?</li>", block, re.S)]


def period_error(page: str) -> str | None:
    match = re.search(r'<p class="error period-error" id="period-error"[^>]*>(.*?)</p>', page,
                      re.S)
    return squash(match.group(1)) if match else None


def leave(lg, user) -> None:
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.group_id == lg.group.id, Membership.user_id == user.id))
    membership.left_at = utcnow()
    db.session.commit()


def period_title(page: str) -> str:
    return squash(element(page, r'<h2 class="period-title">')).removesuffix(" CSV")


# --- My ledger --------------------------------------------------------------------------------


def test_my_ledger_shows_my_totals_partners_and_whom_i_owe(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger")

    assert "<html" in page
    assert "Riverside Partners" in page
    assert period_title(page) == "Last 6 months"
    # The withdrawn referral to Cat counts nowhere.
    assert stats(page) == [
        "2 given", "3 received", "−1 balance (you received more)",
        "50% of what you gave was won",
        "£1,250.00 business your referrals brought partners",
        "£300.00 business you closed from theirs",
    ]
    last = today_label(lg)
    assert table_rows(element(page, r'<table class="data-table partner-table"')) == [
        ["Cat Cooper | Cat Cooper Ltd", "0", "2", "You owe −2", "£0.00", "£0.00", last],
        ["Ben Baker | Ben Baker Ltd", "2", "1", "Owes you +1", "£1,250.00", "£300.00", last],
    ]
    assert "Dan Dyer" not in element(page, r'<section class="panel" aria-labelledby='
                                           r'"partners-title"')


def test_my_ledger_health_card_and_goals_card(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger")

    card = element(page, r'<section class="panel health-card"')
    assert squash(element(card, r'<p class="health-score"')) == "47 / 100 Amber: needs attention"
    assert [squash(li) for li in re.findall(r"<li>.*?</li>", card, re.S)] == [
        "Referrals given 10/30", "Referrals you thanked for 5/15",
        "Business from your referrals 17/25", "Meetings attended 15/15", "One-to-ones 0/15"]
    assert f'href="{lg.base}/ledger/health/{lg.ann.id}"' in card
    goals = element(page, r'<section class="panel" aria-labelledby="goals-title"')
    assert "No goals yet." in squash(goals)
    assert f'href="{lg.base}/goals"' in goals


def test_my_ledger_chart_and_its_table_by_month(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger")

    assert "<desc id=\"chart-desc\">Given: 2 in all, received: 3, over 12 months." in page
    rows = table_rows(element(page, r'<table class="data-table" id="chart-table"'))
    assert len(rows) == 12
    assert rows[0] == [today_label(lg, "MMMM y"), "2", "3", "£1,250.00", "£300.00"]
    assert all(row[1:] == ["0", "0", "£0.00", "£0.00"] for row in rows[1:])
    # Twelve calendar months: the oldest is eleven months before this one.
    today = local_today(lg.group.timezone)
    months = today.year * 12 + today.month - 1 - 11
    assert rows[-1][0] == format_date(date(months // 12, months % 12 + 1, 1), "MMMM y",
                                      locale="en")


def test_my_ledger_chart_by_week(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger?unit=week")

    today = local_today(lg.group.timezone)
    monday = today - timedelta(days=today.weekday())
    assert "Given: 2 in all, received: 3, over 52 weeks." in page
    table = element(page, r'<table class="data-table" id="chart-table"')
    assert "Week of" in table
    rows = table_rows(table)
    assert len(rows) == 52
    assert rows[0] == [format_date(monday, "d MMM y", locale="en"), "2", "3", "£1,250.00",
                       "£300.00"]
    assert rows[-1][0] == format_date(monday - timedelta(weeks=51), "d MMM y", locale="en")
    # The period picker keeps the unit.
    assert '<input type="hidden" name="unit" value="week">' in page


def test_a_custom_period_counts_referrals_passed_and_business_closed_in_it(lg, client, auth):
    old = referral(lg.group, lg.ann, lg.dan, status=Status.WON,
                   passed_at=datetime(2025, 1, 15, 12, tzinfo=UTC))
    closed_business(old, 9900, closed_on=date(2025, 1, 20))
    auth.login(lg.ann)

    january = page_of(client, lg, "/ledger?from=2025-01-01&to=2025-01-31")
    assert period_title(january) == "1 Jan 2025 – 31 Jan 2025"
    assert stats(january)[:4] == ["1 given", "0 received", "+1 balance",
                                  "100% of what you gave was won"]
    assert table_rows(element(january, r'<table class="data-table partner-table"')) == [
        ["Dan Dyer | Dan Dyer Ltd", "1", "0", "Owes you +1", "£99.00", "£0.00", "15 Jan 2025"]]
    # Both days are included: a one-day period holds that day's referral...
    assert stats(page_of(client, lg, "/ledger?from=2025-01-15&to=2025-01-15"))[0] == "1 given"
    # ...and business counts on the day it closed, not the day its referral was passed.
    later = page_of(client, lg, "/ledger?from=2025-01-16&to=2025-01-31")
    assert stats(later)[:2] == ["0 given", "0 received"]
    assert table_rows(element(later, r'<table class="data-table partner-table"')) == [
        ["Dan Dyer | Dan Dyer Ltd", "0", "0", "Even", "£99.00", "£0.00", "—"]]
    # The last six months leave January 2025 out.
    assert stats(page_of(client, lg, "/ledger"))[0] == "2 given"
    # The typed dates stay in the form, and the CSV link keeps the period.
    assert 'value="2025-01-01"' in field_tag(january, "period-from")
    assert 'value="2025-01-31"' in field_tag(january, "period-to")
    assert f'href="{lg.base}/ledger.csv?from=2025-01-01&amp;to=2025-01-31"' in january


def test_named_periods(lg, client, auth):
    referral(lg.group, lg.dan, lg.ann, passed_at=utcnow() - timedelta(days=20))
    auth.login(lg.ann)

    week = page_of(client, lg, "/ledger?period=week")
    assert period_title(week) == "Last 7 days"
    assert stats(week)[1] == "3 received"
    assert 'aria-current="true">Last 7 days</a>' in week
    month = page_of(client, lg, "/ledger?period=month")
    assert period_title(month) == "Last 30 days"
    assert stats(month)[1] == "4 received"


# --- Partner effectiveness --------------------------------------------------------------------


def test_effectiveness_ranks_partners_who_sent_me_referrals(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/partners")

    assert "Riverside Partners" in page
    assert table_rows(element(page, r'<table class="data-table effectiveness-table"')) == [
        ["Ben Baker | Ben Baker Ltd", "1", "1", "100%", "£300.00", "£300.00", "1 qualified"],
        ["Cat Cooper | Cat Cooper Ltd", "2", "0", "0%", "£0.00", "£0.00",
         "1 lukewarm 1 not a fit"],
    ]
    best = element(page, r'<ol class="best-partners"')
    assert squash(best) == "1 Ben Baker £300.00 of business from 1 referral, 1 won (100%)."
    # Dan sent nothing; the withdrawn referral Ann gave Cat is not Cat's doing.
    assert "Dan Dyer" not in element(page, r'<section class="panel" aria-labelledby="eff-title"')


def test_effectiveness_when_nobody_sent_me_anything(lg, client, auth):
    auth.login(lg.dan)

    page = page_of(client, lg, "/ledger/partners")

    assert "Nobody sent you a referral last 6 months." in squash(page)
    assert "effectiveness-table" not in page
    assert "best-partners" not in page


# --- The group --------------------------------------------------------------------------------


def test_group_ledger_table_with_health(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/group")

    assert "Riverside Partners" in page
    assert stats(page) == ["6 referrals passed", "£3,550.00 closed business", "3 of 4 members gave"]
    table = element(page, r'<table class="data-table member-ledger"')
    assert table_rows(table) == [
        ["Ann Archer You | Ann Archer Ltd", "2", "3", "−1", "£1,250.00", "£300.00", "50%",
         "47 · Amber"],
        ["Ben Baker | Ben Baker Ltd", "2", "2", "0", "£2,300.00", "£1,250.00", "100%",
         "58 · Amber"],
        ["Cat Cooper | Cat Cooper Ltd", "2", "1", "+1", "£0.00", "£2,000.00", "0%", "25 · Red"],
        ["Dan Dyer | Dan Dyer Ltd", "0", "0", "0", "£0.00", "£0.00", "—", "30 · Red"],
    ]
    assert table_rows(table, "tfoot") == [
        ["Group", "6", "6", "0", "£3,550.00", "£3,550.00", "", ""]]
    assert '<tr class="row-me">' in table
    assert f'href="{lg.base}/ledger/health/{lg.dan.id}"' in table


def test_group_totals_by_month(lg, client, auth):
    auth.login(lg.ben)

    page = page_of(client, lg, "/ledger/group")

    months = element(page, r'<section class="panel" aria-labelledby="months-title"')
    rows = table_rows(months)
    assert len(rows) == 12
    assert rows[0] == [today_label(lg, "MMM y"), "6", "£3,550.00"]
    assert all(row[1:] == ["0", "£0.00"] for row in rows[1:])


def test_pairs_not_yet_connected(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/group")

    never = element(page, r'<section class="panel" aria-labelledby="never-title"')
    assert "You have never exchanged a referral with 1 member: Dan Dyer" in squash(never)
    assert "All 3 pairs who have never exchanged a referral" in squash(never)
    assert [squash(li) for li in re.findall(r"<li>.*?</li>",
                                            element(never, r'<ul class="pair-list"'), re.S)] == [
        "Ann Archer · Dan Dyer", "Ben Baker · Dan Dyer", "Cat Cooper · Dan Dyer"]

    # Dan has never exchanged with anyone.
    auth.login(lg.dan)
    never = element(page_of(client, lg, "/ledger/group"),
                    r'<section class="panel" aria-labelledby="never-title"')
    assert ("You have never exchanged a referral with 3 members: Ann Archer Ben Baker "
            "Cat Cooper") in squash(never)


def test_connected_long_ago_is_connected(lg, client, auth):
    referral(lg.group, lg.dan, lg.ann, passed_at=datetime(2019, 5, 1, 9, tzinfo=UTC))
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/group")

    never = squash(element(page, r'<section class="panel" aria-labelledby="never-title"'))
    assert "You have exchanged referrals with every member." in never
    assert "All 2 pairs" in never
    # A referral from 2019 is not in the last six months.
    assert stats(page)[0] == "6 referrals passed"


def test_former_members_appear_only_with_activity_in_the_period(lg, client, auth):
    eve = MembershipFactory(group=lg.group, user__name="Eve Evans").user
    fay = MembershipFactory(group=lg.group, user__name="Fay Foster").user
    referral(lg.group, eve, lg.ben, passed_at=utcnow())
    referral(lg.group, fay, lg.ben, passed_at=datetime(2020, 1, 10, tzinfo=UTC))
    for person in (eve, fay):
        leave(lg, person)
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/group")

    rows = table_rows(element(page, r'<table class="data-table member-ledger"'))
    assert [row[0] for row in rows] == [
        "Ann Archer You | Ann Archer Ltd", "Ben Baker | Ben Baker Ltd",
        "Cat Cooper | Cat Cooper Ltd", "Dan Dyer | Dan Dyer Ltd",
        "Eve Evans Former member | Eve Evans Ltd"]
    assert rows[-1][1:] == ["1", "0", "+1", "£0.00", "£0.00", "0%", "—"]
    assert stats(page) == ["7 referrals passed", "£3,550.00 closed business",
                           "3 of 4 members gave"]
    # Former members are no pair to connect.
    assert "All 3 pairs" in squash(page)


# --- The matrix -------------------------------------------------------------------------------


def matrix_rows(page: str) -> list[list[tuple[str, str]]]:
    """Each row of the matrix body as (class, text) per cell, the row heading first."""
    table = element(page, r'<table class="matrix')
    body = element(table, r"<tbody\b")
    return [[(cls or "", squash(content)) for cls, content in
             re.findall(r'<t[hd]\b(?:[^>]*?class="([^"]*)")?[^>]*>(.*?)</t[hd]>', row, re.S)]
            for row in re.findall(r"<tr\b.*?</tr>", body, re.S)]


def test_matrix_counts(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/matrix")

    assert "Riverside Partners" in page
    header = element(element(page, r'<table class="matrix'), r"<thead\b")
    assert [squash(c) for c in re.findall(r"<span>(.*?)</span>", header)] == [
        "Ann A.", "Ben B.", "Cat C.", "Dan D.", "Total given"]
    self_cell = ("cell-self", "")
    # The busiest cell (2) is heat 5; 1 is ceil(5 × 1/2) = 3.
    assert matrix_rows(page) == [
        [("matrix-row", "Ann A."), self_cell, ("heat-5", "2"), ("heat-0", ""), ("heat-0", ""),
         ("matrix-total", "2")],
        [("matrix-row", "Ben B."), ("heat-3", "1"), self_cell, ("heat-3", "1"), ("heat-0", ""),
         ("matrix-total", "2")],
        [("matrix-row", "Cat C."), ("heat-5", "2"), ("heat-0", ""), self_cell, ("heat-0", ""),
         ("matrix-total", "2")],
        [("matrix-row", "Dan D."), ("heat-0", ""), ("heat-0", ""), ("heat-0", ""), self_cell,
         ("matrix-total", "0")],
    ]
    assert table_rows(element(page, r'<table class="matrix'), "tfoot") == [
        ["Total received", "3", "2", "1", "0", "6"]]


def test_matrix_by_value(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/matrix?by=value")

    # Busiest cell £2,000 (Ben → Cat): £1,250 is ceil(5 × 0.625) = 4, £300 ceil(0.75) = 1.
    rows = matrix_rows(page)
    assert rows[0][2] == ("heat-4", "£1K")
    assert rows[1][1] == ("heat-1", "£300")
    assert rows[1][3] == ("heat-5", "£2K")
    assert [row[-1][1] for row in rows] == ["£1K", "£2K", "£0", "£0"]
    assert table_rows(element(page, r'<table class="matrix'), "tfoot") == [
        ["Total received", "£300", "£1K", "£2K", "£0", "£4K"]]
    assert "Closed business from each giver" in page
    assert f'href="{lg.base}/ledger/matrix.csv?by=value"' in page


def test_matrix_focus_on_a_member(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, f"/ledger/matrix?member={lg.ben.id}")

    focus = element(page, r'<section class="panel focus-panel"')
    assert squash(element(focus, r"<h2\b")) == "Ben Baker"
    assert ("Gave 2 and received 2 last 6 months; brought partners £2,300.00 and closed "
            "£1,250.00.") in squash(focus)
    gave, got = re.findall(r'<ul class="focus-list">.*?</ul>', focus, re.S)
    assert sorted(squash(li) for li in re.findall(r"<li>.*?</li>", gave)) == [
        "Ann Archer 1 · £300.00", "Cat Cooper 1 · £2,000.00"]
    assert [squash(li) for li in re.findall(r"<li>.*?</li>", got)] == [
        "Ann Archer 2 · £1,250.00"]
    assert f'<option value="{lg.ben.id}" selected>Ben Baker</option>' in page
    assert '<table class="matrix matrix-focused">' in page
    assert '<tr class="is-focus">' in page

    # Dan, focused, gave and received nothing.
    dan = squash(element(page_of(client, lg, f"/ledger/matrix?member={lg.dan.id}"),
                         r'<section class="panel focus-panel"'))
    assert dan.count("Nobody in this period.") == 2


@pytest.mark.parametrize("who", ["outsider", "missing", "zero", "negative", "huge"])
def test_matrix_focus_on_someone_not_in_the_ledger_is_404(lg, client, auth, who):
    member = {"outsider": str(lg.outsider.id), "missing": "987654", "zero": "0",
              "negative": "-1", "huge": "9" * 40}[who]
    auth.login(lg.ann)

    response = get(client, lg, f"/ledger/matrix?member={member}")

    assert response.status_code == 404
    assert "Otto Outsider" not in text(response)


def test_matrix_focus_that_is_not_a_number_shows_everyone(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger/matrix?member=ben")

    assert "focus-panel" not in page
    assert len(matrix_rows(page)) == 4


# --- Health -----------------------------------------------------------------------------------


def health_rows(page: str) -> list[list[str]]:
    return table_rows(element(page, r'<table class="data-table health-table"'))


def test_my_health_page_shows_every_component(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, f"/ledger/health/{lg.ann.id}")

    assert "Riverside Partners" in page
    assert "Your health score" in page
    assert squash(element(page, r'<p class="health-score"')) == "47 / 100 Amber: needs attention"
    assert health_rows(page) == [
        ["Referrals given", "30", "2", "6 | one a month", "10 of 30", "Red",
         "Give 4 more referrals in the next weeks."],
        ["Referrals you thanked for", "15", "33%", "90% | 90% of the referrals you received",
         "5 of 15", "Red",
         "Thank the givers of 2 more referrals you received (see Thanks owed)."],
        ["Business from your referrals", "25", "£1,250.00",
         "£1,775.00 | the median of members whose referrals closed business", "17 of 25",
         "Amber", "Referrals you give need to bring partners £525.00 more business: pass "
                  "qualified leads, and ask partners how they went."],
        ["Meetings attended", "15", "—", "90% | no meetings held since joining", "15 of 15",
         "Green", "Nothing to measure yet."],
        ["One-to-ones", "15", "0", "6 | one a month", "0 of 15", "Red",
         "Meet 6 more partners one-to-one (see One-to-ones: partners you haven't met yet)."],
    ]


def test_health_of_another_member(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, f"/ledger/health/{lg.dan.id}")

    assert "Health score of Dan Dyer" in page
    assert squash(element(page, r'<p class="health-score"')) == "30 / 100 Red: at risk"
    assert health_rows(page) == [
        ["Referrals given", "30", "0", "6 | one a month", "0 of 30", "Red",
         "Give 6 more referrals in the next weeks."],
        ["Referrals you thanked for", "15", "—", "90% | no referrals received to thank for",
         "15 of 15", "Green", "Nothing to measure yet."],
        ["Business from your referrals", "25", "£0.00",
         "£1,775.00 | the median of members whose referrals closed business", "0 of 25", "Red",
         "Referrals they give need to bring partners £1,775.00 more business: pass qualified "
         "leads, and ask partners how they went."],
        ["Meetings attended", "15", "—", "90% | no meetings held since joining", "15 of 15",
         "Green", "Nothing to measure yet."],
        ["One-to-ones", "15", "0", "6 | one a month", "0 of 15", "Red",
         "Meet 6 more partners one-to-one (see One-to-ones: partners they haven't met yet)."],
    ]
    ben = page_of(client, lg, f"/ledger/health/{lg.ben.id}")
    assert squash(element(ben, r'<p class="health-score"')) == "58 / 100 Amber: needs attention"


def test_health_of_an_outsider_or_former_member_is_404(lg, client, auth):
    eve = MembershipFactory(group=lg.group, user__name="Eve Evans").user
    referral(lg.group, eve, lg.ann, passed_at=utcnow())
    leave(lg, eve)
    auth.login(lg.ann)

    for uid in (lg.outsider.id, eve.id, 987654):
        response = get(client, lg, f"/ledger/health/{uid}")
        assert response.status_code == 404, uid
        body = text(response)
        assert "Otto Outsider" not in body and "Eve Evans" not in body


def test_health_follows_the_groups_goal(lg, client, auth):
    set_goal(group=lg.group, actor=lg.ben, metric="referrals_given_month", target=2,
             for_group=True)
    set_goal(group=lg.group, actor=lg.ben, metric="value_given_quarter", target=150000,
             for_group=True)
    db.session.commit()
    auth.login(lg.ann)

    page = page_of(client, lg, f"/ledger/health/{lg.ann.id}")

    # 2 a month → 12 in six months: 30 × 2 // 12 = 5. £1,500 a quarter → £3,000 in six
    # months: 25 × 1,250 // 3,000 = 10. Thanks (5), attendance (15, no meetings) and
    # one-to-ones (0) unchanged.
    rows = health_rows(page)
    assert rows[0][2:5] == ["2", "12 | the group's goal of 2 a month", "5 of 30"]
    assert rows[2][2:5] == ["£1,250.00", "£3,000.00 | the group's goal of £1,500.00 a quarter",
                            "10 of 25"]
    assert squash(element(page, r'<p class="health-score"')) == "35 / 100 Red: at risk"


# --- htmx fragments ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PERIOD_PAGES)
def test_htmx_request_gets_the_ledger_body_only(lg, client, auth, name):
    path, marker = PERIOD_PAGES[name]
    auth.login(lg.ann)

    full = get(client, lg, path)
    fragment = get(client, lg, path, headers=HTMX)

    assert fragment.status_code == 200
    body = text(fragment)
    assert "<html" not in body
    assert '<div id="ledger-body"' not in body  # the block inside it, not the container
    assert "ledger-tabs" not in body and "<h1>" not in body
    assert marker in body
    assert 'id="period-from"' in body
    assert "HX-Request" in fragment.headers["Vary"]
    assert "HX-Request" in full.headers["Vary"]
    assert "<html" in text(full)


def test_htmx_fragment_of_a_custom_period(lg, client, auth):
    auth.login(lg.ann)

    response = get(client, lg, "/ledger?from=2025-01-01&to=2025-01-31", headers=HTMX)

    body = text(response)
    assert response.status_code == 200 and "<html" not in body
    assert period_title(body) == "1 Jan 2025 – 31 Jan 2025"
    assert stats(body)[0] == "0 given"


@pytest.mark.parametrize("path", ["/ledger/health/{ann}", "/goals"])
def test_pages_without_a_period_vary_on_htmx_too(lg, client, auth, path):
    auth.login(lg.ann)

    response = get(client, lg, path.format(ann=lg.ann.id), headers=HTMX)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]


# --- Periods typed wrong ----------------------------------------------------------------------

BAD_PERIODS = {
    "impossible month": ("from=2026-13-01", "from",
                         "“2026-13-01” is not a date; use YYYY-MM-DD."),
    "from after to": ("from=2026-03-10&to=2026-03-01", "to",
                      "The period must end after it starts."),
    "eleven years": ("from=2015-01-01&to=2026-01-01", "to",
                     "A period can be at most ten years long."),
    "ten years and a day": ("from=2016-01-01&to=2026-01-01", "to",
                            "A period can be at most ten years long."),
    "unknown name": ("period=fortnight", "from",
                     "Unknown period “fortnight”; use one of week, month, quarter, 6m, 12m, "
                     "or start and end dates."),
    "garbage end": ("to=garbage", "to", "“garbage” is not a date; use YYYY-MM-DD."),
    "end without start": ("to=2026-01-31", "from", "Enter the first day of the period."),
    "end beyond the calendar": ("from=2026-01-01&to=9999-12-31", "to",
                                "“9999-12-31” is not a date; use YYYY-MM-DD."),
    "no meeting yet": ("period=since-last-meeting", "from", "The group hasn't held a meeting yet."),
}


@pytest.mark.parametrize("case", BAD_PERIODS)
@pytest.mark.parametrize("name", PERIOD_PAGES)
def test_a_bad_period_is_400_with_the_message_by_the_field(lg, client, auth, name, case):
    path, marker = PERIOD_PAGES[name]
    query, field, message = BAD_PERIODS[case]
    auth.login(lg.ann)

    response = get(client, lg, f"{path}?{query}")

    assert response.status_code == 400
    page = text(response)
    assert "Riverside Partners" in page
    assert period_error(page) == f"{message} Showing last 6 months instead."
    invalid = field_tag(page, f"period-{field}")
    assert 'aria-invalid="true"' in invalid and 'aria-describedby="period-error"' in invalid
    other = field_tag(page, "period-to" if field == "from" else "period-from")
    assert "aria-invalid" not in other
    # The default period's figures, and the custom dates open to correct them.
    assert period_title(page) == "Last 6 months"
    assert marker in page
    assert '<details class="custom-period" open>' in page


@pytest.mark.parametrize("name", PERIOD_PAGES)
def test_a_bad_period_in_an_htmx_request(lg, client, auth, name):
    path, _ = PERIOD_PAGES[name]
    auth.login(lg.ann)

    response = get(client, lg, f"{path}?from=2026-03-10&to=2026-03-01", headers=HTMX)

    assert response.status_code == 400
    body = text(response)
    assert "<html" not in body
    assert period_error(body) == "The period must end after it starts. Showing last 6 months " \
                                 "instead."
    assert "HX-Request" in response.headers["Vary"]


def test_exactly_ten_years_is_allowed(lg, client, auth):
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger?from=2016-01-01&to=2025-12-31")

    assert period_title(page) == "1 Jan 2016 – 31 Dec 2025"
    assert period_error(page) is None


def test_dates_win_over_a_named_period(lg, client, auth):
    # The form sends the dates; a named period left in the address must not make it fail.
    auth.login(lg.ann)

    page = page_of(client, lg, "/ledger?period=week&from=2025-01-01&to=2025-01-31")

    assert period_title(page) == "1 Jan 2025 – 31 Jan 2025"


# --- Hostile query strings --------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("name", PERIOD_PAGES)
@pytest.mark.parametrize("arg", ["from", "to", "period"])
def test_script_in_a_period_argument_is_escaped(lg, client, auth, name, arg):
    path, _ = PERIOD_PAGES[name]
    auth.login(lg.ann)

    response = client.get(lg.base + path, query_string={arg: SCRIPT})

    assert response.status_code == 400
    page = text(response)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert period_error(page).startswith(("“<script>alert(1)</s", "Unknown period “<script>"))


@pytest.mark.parametrize("name", PERIOD_PAGES)
@pytest.mark.parametrize("query", [
    {"period": "две недели"},
    {"period": "週"},
    {"from": "２０２６-０１-０１"},
    {"from": "2026-01-01", "to": "💥"},
    {"from": "9" * 20000},
    {"to": "2026-01-0" + "1" * 20000},
    {"period": "x" * 20000},
    {"from": "\x00"},
    {"from": "2026-01-01T00:00"},
    {"from": "-2026-01-01"},
])
def test_odd_period_arguments_are_a_400_never_a_500(lg, client, auth, name, query):
    path, marker = PERIOD_PAGES[name]
    auth.login(lg.ann)

    response = client.get(lg.base + path, query_string=query)

    assert response.status_code == 400
    page = text(response)
    message = period_error(page)
    assert message and message.endswith("Showing last 6 months instead.")
    assert len(message) < 200  # the typed text is cut short in the message
    assert marker in page


@pytest.mark.parametrize("name", PERIOD_PAGES)
def test_other_arguments_are_never_echoed_unescaped(lg, client, auth, name):
    path, _ = PERIOD_PAGES[name]
    auth.login(lg.ann)

    response = client.get(lg.base + path, query_string={
        "unit": SCRIPT, "by": SCRIPT, "member": SCRIPT, "period": "week", "x": "é" * 5000})

    assert response.status_code == 200
    page = text(response)
    assert "<script>alert" not in page and "&lt;script&gt;" not in page
    assert "é" * 100 not in page


def test_the_last_days_of_the_calendar_are_no_500(client, auth):
    group = GroupFactory(name="Paris Partners", timezone="Europe/Paris", currency="EUR")
    user = MembershipFactory(group=group, role=Role.FACILITATOR).user
    auth.login(user)

    response = client.get(f"/groups/{group.id}/ledger?from=9999-12-30&to=9999-12-30")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("path", ["/ledger", "/ledger/group", "/ledger/matrix",
                                  "/ledger/partners", "/ledger.csv"])
def test_year_one_east_of_utc_is_no_500(client, auth, path):
    # Local midnight on 1 January of year 1 is before the first UTC instant east of London.
    group = GroupFactory(name="Paris Partners", timezone="Europe/Paris", currency="EUR")
    user = MembershipFactory(group=group, role=Role.FACILITATOR).user
    auth.login(user)

    response = client.get(f"/groups/{group.id}{path}?from=0001-01-01&to=0001-01-01")

    assert response.status_code in (200, 400)


# --- Query budget -----------------------------------------------------------------------------

BUDGET_PATHS = [
    "/ledger", "/ledger?unit=week", "/ledger?from=2025-01-01&to=2026-11-30",
    "/ledger?period=fortnight", "/ledger/partners", "/ledger/group", "/ledger/matrix",
    "/ledger/matrix?by=value&member={ben}", "/ledger/health/{ann}", "/ledger/health/{dan}",
    "/goals", "/ledger.csv", "/ledger/partners.csv", "/ledger/group.csv", "/ledger/matrix.csv",
    "/ledger/series.csv", "/ledger/series.csv?unit=week&scope=group", "/ledger/unconnected.csv",
]


@dataclass
class Budget:
    group: object
    ann: object
    ben: object
    dan: object
    people: list

    @property
    def base(self) -> str:
        return f"/groups/{self.group.id}"


def budget_scene() -> Budget:
    """Four members and three referrals, with goals (so their progress is worked out too)."""
    group = GroupFactory(name="Budget Partners")
    people = [MembershipFactory(group=group, user__name=name,
                                role=Role.FACILITATOR if name == "Ben" else Role.MEMBER).user
              for name in ("Ann", "Ben", "Cat", "Dan")]
    ann, ben, cat, dan = people
    won = referral(group, ann, ben, status=Status.WON, passed_at=utcnow())
    closed_business(won, 50000, closed_on=local_today(group.timezone))
    thank_you(referral(group, ben, ann, quality=Quality.QUALIFIED, passed_at=utcnow()))
    referral(group, cat, ann, passed_at=utcnow())
    set_goal(group=group, actor=ben, metric="referrals_given_month", target=4, for_group=True)
    set_goal(group=group, actor=ann, metric="value_given_quarter", target=100000)
    set_goal(group=group, actor=ann, metric="value_received_quarter", target=100000)
    set_goal(group=group, actor=ben, metric="one_to_ones_month", target=2, for_group=True)
    set_goal(group=group, actor=ann, metric="attendance_quarter", target=80)
    db.session.commit()
    return Budget(group, ann, ben, dan, people)


def grow(scene: Budget, size: int, members: int) -> None:
    """Bring the group to `members` members and `size` referrals among them, in every state,
    with business (some of it deleted), quality ratings and thanks, over the last year."""
    people = scene.people
    people += [MembershipFactory(group=scene.group, user__name=f"Extra Member {n}").user
               for n in range(members - len(people))]
    statuses, qualities = list(Status), [None, *Quality]
    today = local_today(scene.group.timezone)
    for n in range(3, size):
        giver = people[n % len(people)]
        receiver = people[(n * 5 + 1) % len(people)]
        if receiver == giver:
            receiver = people[(n + 1) % len(people)]
        status = statuses[n % len(statuses)]
        row = referral(scene.group, giver, receiver, status=status,
                       quality=qualities[n % len(qualities)],
                       passed_at=utcnow() - timedelta(days=n * 8))
        if status == Status.WON:
            closed_business(row, 1000 * (n + 1), closed_on=today - timedelta(days=n * 8))
            closed_business(row, 500, closed_on=today, deleted=True)
        if n % 3 == 0:
            thank_you(row)
    # Meetings held weekly with everyone's attendance, and one-to-ones: what the health
    # score's attendance and one-to-ones read.
    db.session.execute(sa.update(Membership).where(Membership.group_id == scene.group.id)
                       .values(joined_at=utcnow() - timedelta(days=400)))
    statuses = [s.value for s in AttendanceStatus]
    for week in range(size // 2):
        held = Meeting(group_id=scene.group.id, kind="extra", status="closed",
                       starts_at=utcnow() - timedelta(days=7 * week + 1))
        db.session.add(held)
        db.session.flush()
        for k, person in enumerate(people[week % 3:]):
            status = statuses[(week + k) % len(statuses)]
            db.session.add(Attendance(meeting_id=held.id, user_id=person.id, status=status,
                                      substitute_name="Sam" if status == "substitute" else ""))
        db.session.add(OneToOne(group_id=scene.group.id, logged_by_id=people[week % 5].id,
                                partner_id=people[(week + 1) % 5].id,
                                met_on=today - timedelta(days=week * 4)))
    db.session.commit()


def costs(client, scene: Budget) -> dict[str, int]:
    result = {}
    for raw in BUDGET_PATHS:
        path = scene.base + raw.format(ann=scene.ann.id, ben=scene.ben.id, dan=scene.dan.id)
        db.session.expire_all()
        client.get(path)  # warm up: template compilation is not what is measured
        with counting() as statements:
            response = client.get(path)
        assert response.status_code in (200, 400), path
        result[raw] = len(statements)
    return result


def test_every_ledger_page_costs_the_same_for_3_and_40_referrals(app, client, auth):
    scene = budget_scene()
    auth.login(scene.ann)

    small = costs(client, scene)
    grow(scene, 40, members=12)
    large = costs(client, scene)

    assert small == large
    # And a small number in absolute terms: the heaviest, my ledger, is the session and
    # group, the last meeting, the ledger (3), the 6-month ledger for the health score (3)
    # with its attendance and one-to-ones (2), the chart's series (2), goals and their
    # progress (this month's one-to-ones and this quarter's attendance: 2), notifications for
    # the header.
    assert max(large.values()) <= 26, large
