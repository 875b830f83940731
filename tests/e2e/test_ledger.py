"""The ledger in the browser, in a group of 25: a member reads hers, a facilitator the matrix.

Maria opens her ledger from the group's navigation, reads her totals and whom she owes,
switches periods with the chips and with dates of her own choosing, and reads the chart by
week through its table. Priya, who runs the group, opens the giver × receiver matrix and
focuses on Maria. Maria sets herself a goal and sees her progress on her ledger.

Every date is a local day in the group's time zone, counted back from today, so each
period's figures below are worked out by hand from the table of Maria's referrals.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Locator, Page, expect

from partnernet.extensions import db
from partnernet.ledger.services import set_goal
from partnernet.models import Group, Role, User
from partnernet.models.referrals import Status
from partnernet.periods import local_today
from tests import factories
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

TZ = "Europe/London"
GROUP = "Harbour Partners"
MARIA, PRIYA = "maria@example.com", "priya@example.com"
# The other 23 members: Ben, Carla and Dev exchange referrals with Maria; the rest of the
# group passes referrals among itself, as a real group would.
PARTNERS = ["Ben Okafor", "Carla Mendes", "Dev Patel"]
OTHERS = ["Aisha Rahman", "Tom Becker", "Lena Novak", "James O'Connor", "Sofia Rossi",
          "Daniel Kim", "Grace Mensah", "Oliver Grant", "Hannah Fischer", "Samuel Adeyemi",
          "Chloé Martin", "Raj Kumar", "Emma Lindqvist", "Marco Bianchi", "Nadia Haddad",
          "Lucas Silva", "Yuki Tanaka", "Fatima Zahra", "Peter Walsh", "Isabel Costa"]

# Maria's referrals (giver, receiver, days ago, status, closed business in pence, days ago).
# The periods end tomorrow: last 7 days reaches 6 days back, last 3 months at least 89, last
# 6 months at least 181 and at most 184, last 12 months at least 365.
#
#   day   2  Maria → Ben    won, £12,000.00 closed on day 1
#   day   3  Maria → Ben    withdrawn: never counted
#   day  20  Ben   → Maria
#   day  45  Ben   → Maria  won, £4,750.00 closed on day 40
#   day 100  Carla → Maria
#   day 150  Maria → Dev
#   day 300  Maria → Carla
MARIA_GAVE_DAYS = (2, 150, 300)
# Priya → Ben three times in the last six months (the matrix's known cell), one of them won
# with £24,000.00 of business.


@dataclass
class Harbour:
    group_id: int
    today: date
    members: list[str]  # every member's name, in the matrix's order
    ids: dict[str, int]


def days_ago(today: date, days: int) -> date:
    return today - timedelta(days=days)


def local_noon(day: date) -> datetime:
    """Noon of a local day in the group's time zone, as the UTC instant the database keeps."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(TZ)).astimezone(UTC)


@pytest.fixture
def harbour(app) -> Harbour:
    """A 25-member group with six months of referrals, committed before a browser opens."""
    today = local_today(TZ)
    group = GroupFactory(name=GROUP, timezone=TZ, currency="GBP")
    priya = MembershipFactory(group=group, role=Role.FACILITATOR, title="President",
                              user=UserFactory(name="Priya Shah", email=PRIYA)).user
    maria = MembershipFactory(group=group, user=UserFactory(name="Maria Lopez",
                                                             email=MARIA)).user
    ben, carla, dev = (MembershipFactory(group=group, user=UserFactory(name=name)).user
                       for name in PARTNERS)
    others = [MembershipFactory(group=group, user=UserFactory(name=name)).user
              for name in OTHERS]

    def passed(giver: User, receiver: User, days: int, status: str = Status.PASSED,
               closed: int = 0, closed_days: int = 0):
        row = factories.referral(group, giver, receiver, status=status,
                                 passed_at=local_noon(days_ago(today, days)))
        if closed:
            factories.closed_business(row, closed, closed_on=days_ago(today, closed_days))
        return row

    passed(maria, ben, 2, Status.WON, closed=1_200_000, closed_days=1)
    passed(maria, ben, 3, Status.WITHDRAWN)
    passed(ben, maria, 20)
    passed(ben, maria, 45, Status.WON, closed=475_000, closed_days=40)
    passed(carla, maria, 100)
    passed(maria, dev, 150)
    passed(maria, carla, 300)

    passed(priya, ben, 10)
    passed(priya, ben, 30, Status.WON, closed=2_400_000, closed_days=25)
    passed(priya, ben, 60)
    # The rest of the group: each of the 20 gives to two others, somewhere in six months.
    for i, giver in enumerate(others):
        for step in (3, 7):
            passed(giver, others[(i + step) % len(others)], 5 + (11 * i + step) % 170)

    everyone = [priya, maria, ben, carla, dev, *others]
    return Harbour(group.id, today, sorted((u.name for u in everyone), key=str.casefold),
                   {u.name: u.id for u in everyone})


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/groups/\d+"))


def open_ledger(page: Page) -> None:
    page.get_by_role("navigation", name=GROUP).get_by_role("link", name="Ledger").click()
    expect(page.get_by_role("heading", name="Your ledger", level=1)).to_be_visible()


def totals(page: Page) -> Locator:
    """Given, received, balance, conversion, value given, value received."""
    return page.locator(".stats-ledger .stat-value")


def partner_rows(page: Page) -> Locator:
    return page.locator("table.partner-table tbody tr")


def partner_row(page: Page, name: str) -> Locator:
    return partner_rows(page).filter(has=page.get_by_role("rowheader", name=name))


def short(name: str) -> str:
    """The matrix's short form of a name: first name and initial."""
    first, *rest = name.split()
    return f"{first} {rest[-1][0]}." if rest else name


def day_text(day: date, fmt: str = "d MMM y") -> str:
    return format_date(day, fmt, locale="en")


# Cells whose text runs out of their box: on a phone a table becomes cards of two columns,
# where a long amount would run into the cell beside it.
SPILLING = """table => [...table.querySelectorAll('tbody th, tbody td')]
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.trim())"""
# Chart text cut off at the edges of the drawing.
CLIPPED = """svg => [...svg.querySelectorAll('text')].filter(text => {
    const box = text.getBBox();
    return box.x < 0 || box.x + box.width > svg.viewBox.baseVal.width;
  }).map(text => text.textContent)"""


def take_refusal(people, status: int) -> None:
    """A form answered with an error status on purpose: Chromium reports that response as a
    console error, so take that one report (and fail on anything else)."""
    assert len(people.errors) == 1, people.errors
    assert re.search(rf"Failed to load resource: the server responded with a status of {status}\b",
                     people.errors[0]), people.errors
    people.errors.clear()


def page_overflow(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_member_reads_her_ledger_over_several_periods(people, viewport, harbour):
    today = harbour.today
    page = people.person()
    sign_in(page, MARIA)
    open_ledger(page)
    expect(page).to_have_url(re.compile(rf"/groups/{harbour.group_id}/ledger$"))

    # The last six months, by default: given on days 2 and 150, received on days 20, 45
    # and 100; one of the two she gave was won.
    expect(page.get_by_role("navigation", name="Period").get_by_role(
        "link", name="Last 6 months")).to_have_attribute("aria-current", "true")
    expect(page.get_by_role("list", name="Your totals, last 6 months")).to_be_visible()
    expect(totals(page)).to_have_text(["2", "3", "−1", "50%", "£12,000.00", "£4,750.00"])
    # Most out of balance first; Ben before Carla and Dev on the value between them.
    expect(partner_rows(page).get_by_role("rowheader")).to_have_text(
        [re.compile(f"^{name}") for name in PARTNERS])
    expect(partner_row(page, "Ben Okafor").get_by_role("cell")).to_have_text([
        "Given to 1", "Received from 2", "You owe −1", "Value given £12,000.00",
        "Value received £4,750.00", f"Last {day_text(days_ago(today, 2))}"])
    expect(partner_row(page, "Carla Mendes").get_by_role("cell").nth(2)).to_have_text(
        "You owe −1")
    expect(partner_row(page, "Dev Patel").get_by_role("cell").nth(2)).to_have_text(
        "Owes you +1")
    assert page_overflow(page) <= 0
    assert page.locator("table.partner-table").evaluate(SPILLING) == []

    # The chips swap the figures in place and keep the period in the address.
    page.evaluate("window.samePage = true")
    chips = page.get_by_role("navigation", name="Period")
    chips.get_by_role("link", name="Last 7 days").click()
    expect(page).to_have_url(re.compile(r"[?&]period=week(&|$)"))
    expect(page.get_by_role("list", name="Your totals, last 7 days")).to_be_visible()
    expect(totals(page)).to_have_text(["1", "0", "+1", "100%", "£12,000.00", "£0.00"])
    expect(partner_rows(page)).to_have_count(1)
    expect(partner_row(page, "Ben Okafor").get_by_role("cell").nth(2)).to_have_text(
        "Owes you +1")

    chips.get_by_role("link", name="Last 3 months").click()
    expect(page).to_have_url(re.compile(r"[?&]period=quarter(&|$)"))
    expect(chips.get_by_role("link", name="Last 3 months")).to_have_attribute(
        "aria-current", "true")
    expect(totals(page)).to_have_text(["1", "2", "−1", "100%", "£12,000.00", "£4,750.00"])
    expect(partner_rows(page)).to_have_count(1)
    expect(partner_row(page, "Ben Okafor").get_by_role("cell").nth(2)).to_have_text(
        "You owe −1")

    chips.get_by_role("link", name="Last 12 months").click()
    expect(page).to_have_url(re.compile(r"[?&]period=12m(&|$)"))
    expect(totals(page)).to_have_text(["3", "3", "0", "33%", "£12,000.00", "£4,750.00"])
    expect(partner_row(page, "Carla Mendes").get_by_role("cell").nth(2)).to_have_text("Even")
    assert page.evaluate("window.samePage") is True

    # Dates of her own: days 160 to 95 hold Carla's referral (day 100) and hers to Dev (150).
    start, last = days_ago(today, 160), days_ago(today, 95)
    page.locator("summary", has_text="Choose dates").click()
    page.get_by_label("From", exact=True).fill(start.isoformat())
    page.get_by_label("To (included)").fill(last.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(
        rf"[?&]from={start.isoformat()}&to={last.isoformat()}(&|$)"))
    expect(page.get_by_role("heading", name=f"{day_text(start)} – {day_text(last)}")
           ).to_be_visible()
    expect(totals(page)).to_have_text(["1", "1", "0", "0%", "£0.00", "£0.00"])
    expect(partner_rows(page).get_by_role("rowheader")).to_have_text(
        [re.compile("^Carla Mendes"), re.compile("^Dev Patel")])
    assert page.evaluate("window.samePage") is True

    # The dates the wrong way round: the message stands by the fields, with the default
    # period's figures.
    page.get_by_label("From", exact=True).fill(last.isoformat())
    page.get_by_label("To (included)").fill(start.isoformat())
    page.get_by_role("button", name="Show").click()
    error = page.locator("#period-error")
    expect(error).to_have_text(
        "The period must end after it starts. Showing last 6 months instead.")
    expect(page.get_by_label("To (included)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("To (included)")).to_have_attribute(
        "aria-describedby", "period-error")
    expect(page.locator(".period-form").locator("#period-error")).to_be_visible()
    expect(totals(page)).to_have_text(["2", "3", "−1", "50%", "£12,000.00", "£4,750.00"])
    take_refusal(people, 400)

    assert people.errors == []


def test_member_reads_the_chart_by_month_and_by_week(people, viewport, harbour):
    today = harbour.today
    page = people.person()
    sign_in(page, MARIA)
    open_ledger(page)

    chart = page.get_by_role("img", name=re.compile(
        "^Referrals you gave and received per month"))
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_have_text(
        "Referrals you gave and received per month")
    assert chart.evaluate(CLIPPED) == []
    # Carla's referral is alone in its month (day 100; the nearest others are 50 days off).
    data = page.locator("#chart-table")
    expect(data).to_be_hidden()
    page.locator("summary", has_text="The chart's figures as a table").click()
    expect(data).to_be_visible()
    month = days_ago(today, 100)
    expect(data.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=day_text(month, "MMMM y"), exact=True)
    ).get_by_role("cell")).to_have_text(["0", "1", "£0.00", "£0.00"])
    expect(data.locator("tbody tr")).to_have_count(12)

    page.evaluate("window.samePage = true")
    page.get_by_role("navigation", name="Chart by").get_by_role("link", name="By week").click()
    expect(page).to_have_url(re.compile(r"[?&]unit=week(&|$)"))
    expect(page.get_by_role("heading", name="Given and received, last 12 months by week")
           ).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("^Referrals you gave and received per week"))
    expect(chart).to_be_visible()
    expect(chart.locator("title").first).to_have_text("Referrals you gave and received per week")
    assert chart.evaluate(CLIPPED) == []
    # Her referral to Dev (day 150) is alone in its Monday-to-Sunday week.
    day = days_ago(today, 150)
    monday = day - timedelta(days=day.weekday())
    week = day_text(monday, "d MMM")
    expect(chart.locator("rect.bar-given title", has_text=re.compile(f"^week of {week}:"))
           ).to_have_text(f"week of {week}: 1 given")
    data = page.locator("#chart-table")
    if not data.is_visible():
        page.locator("summary", has_text="The chart's figures as a table").click()
    expect(data.locator("thead")).to_contain_text("Week of")
    expect(data.locator("tbody tr")).to_have_count(52)
    expect(data.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name=day_text(monday), exact=True)
    ).get_by_role("cell")).to_have_text(["1", "0", "£0.00", "£0.00"])
    assert page.evaluate("window.samePage") is True
    assert page_overflow(page) <= 0

    assert people.errors == []


def test_facilitator_reads_the_matrix_of_25_members(people, viewport, harbour):
    phone = viewport["width"] < 768
    page = people.person()
    sign_in(page, PRIYA)
    page.get_by_role("navigation", name=GROUP).get_by_role("link", name="Ledger").click()
    page.get_by_role("navigation", name="Ledger views").get_by_role(
        "link", name="Matrix").click()
    expect(page.get_by_role("heading", name="Who gives to whom", level=1)).to_be_visible()

    matrix = page.locator("table.matrix")
    region = page.get_by_role("region", name=re.compile("^Referrals from each giver"))
    expect(region).to_be_visible()
    givers = matrix.locator("tbody").get_by_role("rowheader")
    expect(givers).to_have_count(25)
    expect(givers).to_have_text([short(name) for name in harbour.members])
    receivers = matrix.locator("thead th.matrix-col[title]")
    expect(receivers).to_have_count(25)
    assert receivers.evaluate_all("ths => ths.map(th => th.title)") == harbour.members
    # Besides the 25 receivers, the corner and the total are the only column headers.
    expect(matrix.locator("thead").get_by_role("columnheader")).to_have_count(27)

    # Priya passed Ben three referrals in the last six months.
    ben = harbour.members.index("Ben Okafor")
    priya_row = matrix.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Priya S.", exact=True))
    expect(priya_row.locator("td").nth(ben)).to_have_text("3")
    expect(priya_row.locator("td.matrix-total")).to_have_text("3")
    expect(priya_row.locator("td").nth(harbour.members.index("Maria Lopez"))).to_have_text("")

    # The page stays within the screen; the matrix scrolls inside its own box, names stuck.
    assert page_overflow(page) <= 0
    room = region.evaluate("el => el.scrollWidth - el.clientWidth")
    if phone:
        assert room > 0
    if room > 0:
        first = givers.first.bounding_box()
        region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        assert region.evaluate("el => el.scrollLeft") > 0
        assert givers.first.bounding_box()["x"] == pytest.approx(first["x"], abs=1)
        total = matrix.locator("thead th.matrix-total").bounding_box()
        box = region.bounding_box()
        assert total["x"] + total["width"] <= box["x"] + box["width"] + 1
        region.evaluate("el => { el.scrollLeft = 0; }")
    else:
        assert matrix.bounding_box()["width"] <= region.bounding_box()["width"]

    # Focusing on Maria lists her partners: counts in the last six months, with the value.
    page.evaluate("window.samePage = true")
    page.get_by_label("Focus on").select_option(label="Maria Lopez")
    expect(page).to_have_url(re.compile(rf"[?&]member={harbour.ids['Maria Lopez']}(&|$)"))
    focus = page.get_by_role("region", name="Maria Lopez", exact=True)
    expect(focus).to_be_visible()
    gave = focus.get_by_role("heading", name="Gave to").locator("xpath=..").get_by_role(
        "listitem")
    got = focus.get_by_role("heading", name="Received from").locator("xpath=..").get_by_role(
        "listitem")
    expect(gave).to_have_text(["Ben Okafor 1 · £12,000.00", "Dev Patel 1"])
    expect(got).to_have_text(["Ben Okafor 2 · £4,750.00", "Carla Mendes 1"])
    expect(page.get_by_label("Focus on")).to_have_value(str(harbour.ids["Maria Lopez"]))

    # Closed business instead of counts: compact amounts, Maria still in focus.
    page.get_by_role("navigation", name="Show").get_by_role(
        "link", name="Closed business").click()
    expect(page).to_have_url(re.compile(r"[?&]by=value(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]member={harbour.ids['Maria Lopez']}(&|$)"))
    expect(page.get_by_role("region", name=re.compile("^Closed business from each giver"))
           ).to_be_visible()
    priya_row = matrix.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Priya S.", exact=True))
    expect(priya_row.locator("td").nth(ben)).to_have_text("£24K")
    expect(priya_row.locator("td.matrix-total")).to_have_text("£24K")
    maria_row = matrix.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Maria L.", exact=True))
    expect(maria_row.locator("td").nth(ben)).to_have_text("£12K")
    expect(page.get_by_role("region", name="Maria Lopez", exact=True)).to_be_visible()
    assert page.evaluate("window.samePage") is True
    assert page_overflow(page) <= 0

    assert people.errors == []


def test_member_sets_a_goal_and_sees_progress_on_her_ledger(people, viewport, harbour):
    today = harbour.today
    priya = db.session.get(User, harbour.ids["Priya Shah"])
    group = db.session.get(Group, harbour.group_id)
    set_goal(group=group, actor=priya, metric="referrals_given_month", target=2, for_group=True)
    db.session.commit()
    # Of the days Maria gave a referral, those in this calendar month.
    this_month = sum(1 for d in MARIA_GAVE_DAYS
                     if days_ago(today, d).replace(day=1) == today.replace(day=1))
    month_end = (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)

    page = people.person()
    sign_in(page, MARIA)
    open_ledger(page)
    goals = page.get_by_role("region", name="Goals", exact=True)
    expect(goals).to_contain_text(f"{this_month} of 2 this month")
    page.get_by_role("navigation", name="Ledger views").get_by_role("link", name="Goals").click()
    expect(page.get_by_role("heading", name="Goals", level=1)).to_be_visible()

    field = page.get_by_role("textbox", name="Referrals given per month")
    field.fill("four")
    page.get_by_role("button", name="Save your goals").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing was saved")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#mine-referrals_given_month-error")).to_have_text(
        "Enter a whole number, or leave it empty for no goal.")
    take_refusal(people, 422)

    field.fill("4")
    page.get_by_role("button", name="Save your goals").click()
    expect(page.get_by_role("status")).to_contain_text("Your goals are saved.")
    progress = page.get_by_role("region", name="This month and quarter")
    expect(progress).to_contain_text(f"{this_month} of 4 this month")
    expect(progress).to_contain_text("Your own goal (the group's is 2).")
    expect(field).to_have_value("4")

    page.get_by_role("navigation", name="Ledger views").get_by_role("link", name="Mine").click()
    goals = page.get_by_role("region", name="Goals", exact=True)
    expect(goals).to_contain_text("Referrals given per month")
    expect(goals).to_contain_text(
        f"{this_month} of 4 this month · {4 - this_month} to go by {day_text(month_end, 'd MMM')}.")
    expect(goals.get_by_role("meter")).to_have_attribute(
        "aria-label", f"Referrals given per month: {100 * this_month // 4}%")

    assert people.errors == []
