"""A newcomer starts a group and invites a partner, who joins with the link."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

GROUP = "Eastside Referral Circle"
NEWCOMER = {"name": "Nadia Brooks", "business": "Brooks Bookkeeping",
            "email": "nadia@example.com"}
PARTNER = {"name": "Omar Farouk", "business": "Farouk Electrical",
           "email": "omar@example.com"}
PASSWORD = "a long enough password"


def fill_sign_up(page: Page, person: dict) -> None:
    page.get_by_label("Your name").fill(person["name"])
    page.get_by_label("Business name").fill(person["business"])
    page.get_by_label("Email", exact=True).fill(person["email"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)


def roster_entry(page: Page, name: str):
    roster = page.get_by_role("region", name=re.compile(r"^Members"))
    return roster.get_by_role("listitem").filter(has_text=name)


def test_newcomer_starts_a_group_and_a_partner_joins_with_the_link(people):
    newcomer = people.person()

    # Sign up from the home page.
    newcomer.goto("/")
    newcomer.get_by_role("link", name="Create your account").click()
    expect(newcomer.get_by_role("heading", name="Create your account")).to_be_visible()
    fill_sign_up(newcomer, NEWCOMER)
    newcomer.get_by_role("button", name="Create account").click()

    # Not in a group yet: the welcome page offers to start one.
    expect(newcomer.get_by_role("heading", name=f"Welcome, {NEWCOMER['name']}")).to_be_visible()
    newcomer.get_by_role("link", name="Start a new group").click()

    # Say when the group meets; "Week of the month" appears only for monthly groups.
    expect(newcomer.get_by_role("heading", name="Start a group")).to_be_visible()
    newcomer.get_by_label("Group name").fill(GROUP)
    week_of_month = newcomer.get_by_label("Week of the month")
    expect(week_of_month).to_be_hidden()
    newcomer.get_by_label("Meets", exact=True).select_option(label="Once a month")
    expect(week_of_month).to_be_visible()
    week_of_month.select_option(label="Second")
    newcomer.get_by_label("Day", exact=True).select_option(label="Thursday")
    newcomer.get_by_label("Start time").fill("07:30")
    newcomer.get_by_label("Time zone").select_option("Europe/Dublin")
    newcomer.get_by_label("Currency").select_option("EUR")
    newcomer.get_by_role("button", name="Create the group").click()

    # Straight on to inviting partners.
    expect(newcomer).to_have_url(re.compile(r"/groups/\d+/invitations$"))
    group_url = newcomer.url.removesuffix("/invitations")
    expect(newcomer.get_by_role("heading", name=f"Invite partners to {GROUP}")).to_be_visible()
    expect(newcomer.get_by_role("status")).to_contain_text(f"{GROUP} is ready")

    # A link invitation, no email: htmx swaps the panel in place, without a page load.
    newcomer.evaluate("window.sameDocument = true")
    expect(newcomer.get_by_label("Their email (optional)")).to_have_value("")
    newcomer.get_by_role("button", name="Create invitation").click()
    link_field = newcomer.get_by_label("Invitation link")
    expect(link_field).to_have_value(re.compile(r"^http://.+/invite/[\w-]+$"))
    assert newcomer.evaluate("window.sameDocument") is True
    pending = newcomer.get_by_role("region", name="Waiting to be accepted")
    expect(pending.get_by_role("listitem")).to_have_count(1)
    expect(pending).to_contain_text("Link invitation")
    link = link_field.input_value()

    # The newcomer's roster: just them, for now.
    newcomer.get_by_role("link", name="Back to the roster").click()
    expect(newcomer).to_have_url(group_url)
    expect(newcomer.get_by_text("Second Thursday of the month at 07:30 (Europe/Dublin)")) \
        .to_be_visible()
    expect(roster_entry(newcomer, NEWCOMER["name"])).to_be_visible()
    expect(roster_entry(newcomer, PARTNER["name"])).to_have_count(0)

    # The partner, in another browser, opens the link and signs up there.
    partner = people.person()
    partner.goto(link)
    expect(partner.get_by_role("heading", name=f"Join {GROUP}")).to_be_visible()
    expect(partner.get_by_text(f"{NEWCOMER['name']} invites you")).to_be_visible()
    fill_sign_up(partner, PARTNER)
    partner.get_by_role("button", name="Create account and join").click()

    expect(partner).to_have_url(group_url)
    expect(partner.get_by_role("heading", name=GROUP, level=1)).to_be_visible()
    expect(roster_entry(partner, NEWCOMER["name"])).to_contain_text("Facilitator")
    expect(roster_entry(partner, PARTNER["name"])).to_contain_text(PARTNER["business"])

    # The newcomer reloads and sees the partner too.
    newcomer.reload()
    expect(roster_entry(newcomer, PARTNER["name"])).to_contain_text(PARTNER["business"])
    expect(roster_entry(newcomer, NEWCOMER["name"])).to_be_visible()

    assert people.errors == []
