"""A member says whom to send them; a partner finds them by search and by describing a lead."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from partnernet.extensions import db
from partnernet.models import Profile, Role
from partnernet.profiles import services
from tests import factories

pytestmark = pytest.mark.e2e

GROUP = "Northside Partners"
BUSINESS = {
    "Category": "Commercial law",
    "Talkable difference": "I quote a fixed fee before I start, so owners sign knowing the cost.",
    "Specific ask": "This month I'd like to meet a commercial property broker whose clients "
                    "sign shop leases.",
    "Website": "moreaulegal.example.com",
    "Phone": "+1 555 010 7788",
}
# "franchisee" appears in the ideal client's trigger events and nowhere else in the group.
IDEAL_CLIENT = {
    "Who they are": "Owner about to sign a lease or a big contract",
    "Industries": "Restaurants, clinics, retail",
    "Trigger events and pain points": "A franchisee has been handed a ten-year lease with a "
                                      "personal guarantee and is about to sign it.",
}
CRITERIA = [
    "Signing a lease or contract in the next 60 days",
    "Deal worth $50K or more",
    "Expects my call",
]
LEAD = "franchisee about to sign a restaurant lease with a personal guarantee"


@dataclass
class Partners:
    lawyer: dict
    partner: dict
    realtor: str


@pytest.fixture
def partners(app) -> Partners:
    """A lawyer with only a business name, the partner who looks for her, and a realtor
    whose ideal client shares a few of the lead's words (so the ranking has a rival)."""
    group = factories.GroupFactory(name=GROUP)
    lawyer = factories.UserFactory(name="Ines Moreau", email="ines@example.com",
                                   profile=Profile(business_name="Moreau Legal"))
    partner = factories.UserFactory(name="Ben Okoro", email="ben@example.com")
    realtor = factories.UserFactory(name="Clara Reyes", email="clara@example.com")
    factories.MembershipFactory(group=group, user=lawyer)
    factories.MembershipFactory(group=group, user=partner, role=Role.FACILITATOR)
    factories.MembershipFactory(group=group, user=realtor)
    services.update_profile(user=realtor, data=services.ProfileData(
        business_name="Reyes Realty", category="Commercial real estate"))
    services.add_ideal_client(user=realtor, data=services.IdealClientData(
        title="Retailer or restaurant opening a second site",
        industries="Restaurants, shops, gyms",
        triggers="Their lease ends within a year and they need more floor space.",
        criteria=("Needs 1,500 sq ft or more", "Can move within six months")))
    db.session.commit()
    return Partners(
        lawyer={"name": lawyer.name, "email": lawyer.email},
        partner={"name": partner.name, "email": partner.email},
        realtor=realtor.name,
    )


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(group_nav(page)).to_be_visible()


def group_nav(page: Page) -> Locator:
    """The group's own navigation: members, the lead router and the rest."""
    return page.get_by_role("navigation", name=GROUP)


def fits_the_screen(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def completeness(page: Page) -> int:
    heading = page.get_by_role("heading", name=re.compile(r"^Profile \d+% complete$"))
    expect(heading).to_be_visible()
    return int(re.search(r"\d+", heading.inner_text()).group())


def still_missing(page: Page) -> Locator:
    return page.get_by_text(re.compile(r"^Still missing:"))


def member_cards(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^Members")).get_by_role("listitem")


def check_length_counter(page: Page, field: Locator) -> None:
    """The counter sits under the field, is read with it, and follows each keystroke."""
    limit = int(field.get_attribute("maxlength"))
    counter = page.locator(".field").filter(has=field).locator(".char-count")
    expect(counter).to_be_visible()
    expect(counter).to_have_text(f"0 / {limit} characters")
    expect(field).to_have_accessible_description(re.compile(rf"0 / {limit} characters"))
    field.press_sequentially("This month")
    expect(counter).to_have_text(f"10 / {limit} characters")
    expect(counter).not_to_have_class(re.compile(r"near-limit"))
    field.fill("x" * (limit - 5))
    expect(counter).to_have_text(f"{limit - 5} / {limit} characters")
    expect(counter).to_have_class(re.compile(r"near-limit"))
    field.fill("")
    expect(counter).to_have_text(f"0 / {limit} characters")


def test_member_describes_their_ideal_client_and_a_partner_finds_them(people, partners):
    lawyer_info, partner_info = partners.lawyer, partners.partner

    # The lawyer signs in and opens her profile from the account menu.
    lawyer = people.person()
    sign_in(lawyer, lawyer_info["email"])
    lawyer.get_by_text(f"Account menu for {lawyer_info['name']}").click()
    lawyer.get_by_role("link", name="Your profile").click()
    expect(lawyer.get_by_role("heading", name="Your profile", level=1)).to_be_visible()
    assert fits_the_screen(lawyer)

    # Only the business name so far: the meter is low and says what is missing.
    start = completeness(lawyer)
    expect(still_missing(lawyer)).to_contain_text("your business category")
    expect(still_missing(lawyer)).to_contain_text("an ideal-client profile")

    # Long text fields count their characters as she types.
    check_length_counter(lawyer, lawyer.get_by_label("Specific ask"))

    for label, value in BUSINESS.items():
        lawyer.get_by_label(label, exact=True).fill(value)
    lawyer.get_by_role("button", name="Save profile").click()
    expect(lawyer.get_by_role("status")).to_contain_text("Your profile is saved.")
    expect(lawyer.get_by_label("Website", exact=True)).to_have_value(
        "https://moreaulegal.example.com")

    after_business = completeness(lawyer)
    assert after_business > start
    expect(still_missing(lawyer)).not_to_contain_text("category")
    expect(still_missing(lawyer)).to_contain_text("an ideal-client profile")
    expect(still_missing(lawyer)).to_contain_text("referral criteria")

    # Her first ideal client, with three referral criteria, one per line.
    ideal_clients = lawyer.get_by_role("region", name=re.compile(r"^Ideal clients"))
    expect(ideal_clients).to_contain_text("No ideal client yet")
    ideal_clients.get_by_role("link", name="Add an ideal client").click()
    expect(lawyer.get_by_role("heading", name="New ideal client")).to_be_visible()
    for label, value in IDEAL_CLIENT.items():
        lawyer.get_by_label(label, exact=True).fill(value)
    # Criteria are limited line by line: the counter names a line that is too long.
    criteria_field = lawyer.get_by_label("Referral criteria")
    criteria_count = lawyer.locator(".field").filter(has=criteria_field).locator(".char-count")
    criteria_field.fill(f"{CRITERIA[0]}\n{'x' * 130}")
    expect(criteria_count).to_have_text(re.compile(r"^Line 2 is 130 / 120"))
    expect(criteria_count).to_have_class(re.compile(r"near-limit"))
    criteria_field.fill("\n".join(CRITERIA))
    expect(criteria_count).to_contain_text("3 / 10 lines")
    assert fits_the_screen(lawyer)
    lawyer.get_by_role("button", name="Save", exact=True).click()

    expect(lawyer.get_by_role("status")).to_contain_text("Your ideal client is saved.")
    expect(ideal_clients.get_by_role("heading", name=IDEAL_CLIENT["Who they are"])) \
        .to_be_visible()
    expect(ideal_clients.get_by_role("listitem")).to_have_text(CRITERIA)
    assert completeness(lawyer) > after_business
    expect(still_missing(lawyer)).to_have_text("Still missing: a short bio, a photo.")

    # Her partner searches the directory for a word only her trigger events contain:
    # the cards filter as he types, in place, and the address follows the search.
    partner = people.person()
    sign_in(partner, partner_info["email"])
    group_nav(partner).get_by_role("link", name="Members").click()
    expect(partner.get_by_role("heading", name=GROUP, level=1)).to_be_visible()
    cards = member_cards(partner)
    expect(cards).to_have_count(3)
    partner.evaluate("window.sameDocument = true")
    partner.get_by_label("Search members").press_sequentially("franchis", delay=40)
    expect(cards).to_have_count(1)
    expect(cards).to_contain_text(lawyer_info["name"])
    expect(partner.get_by_text("1 of 3 members match.")).to_be_visible()
    expect(partner).to_have_url(re.compile(r"[?&]q=franchis"))
    assert partner.evaluate("window.sameDocument") is True

    # Her page shows the ideal client and what makes a qualified referral.
    cards.get_by_role("link", name=lawyer_info["name"], exact=True).click()
    expect(partner.get_by_role("heading", name=lawyer_info["name"], level=1)).to_be_visible()
    assert fits_the_screen(partner)
    expect(partner.get_by_text(BUSINESS["Talkable difference"])).to_be_visible()
    expect(partner.get_by_role("heading", name=IDEAL_CLIENT["Who they are"])).to_be_visible()
    expect(partner.get_by_text(IDEAL_CLIENT["Trigger events and pain points"])).to_be_visible()
    expect(partner.get_by_role("list", name="A qualified referral").get_by_role("listitem")) \
        .to_have_text(CRITERIA)
    expect(partner.get_by_role("link", name=re.compile("moreaulegal.example.com"))) \
        .to_have_attribute("href", "https://moreaulegal.example.com")

    # The lead router: he describes a lead in plain words and she comes first, ahead of the
    # realtor who shares some of the words, with the reasons highlighted.
    group_nav(partner).get_by_role("link", name="Find a partner").click()
    expect(partner.get_by_role("heading", name="Who should get this lead?")).to_be_visible()
    partner.evaluate("window.sameDocument = true")
    partner.get_by_label("The lead").press_sequentially(LEAD, delay=10)
    results = partner.get_by_role("article")
    expect(results).to_have_count(2)
    best = results.first
    expect(best.get_by_role("heading", level=3)).to_have_text(lawyer_info["name"])
    expect(results.nth(1).get_by_role("heading", level=3)).to_have_text(partners.realtor)
    assert partner.evaluate("window.sameDocument") is True
    assert fits_the_screen(partner)

    for word in ("franchisee", "lease", "Restaurants"):
        expect(best.locator("mark").filter(has_text=re.compile(rf"^{word}$")).first) \
            .to_be_visible()
    expect(best).to_contain_text(IDEAL_CLIENT["Who they are"])

    criteria = best.get_by_role("list", name=re.compile(r"^Their referral criteria"))
    expect(criteria.get_by_role("listitem")).to_have_count(3)
    applies = criteria.get_by_role("listitem").filter(has_text="Seems to apply:")
    expect(applies).to_have_count(1)
    expect(applies).to_contain_text(CRITERIA[0])
    expect(criteria.get_by_role("listitem").filter(has_text="Check:")).to_have_count(2)
    tick = applies.evaluate("li => getComputedStyle(li, '::before').content")
    assert tick == '"✓"'
    expect(best).to_contain_text("1 of 3 seem to apply")

    assert people.errors == []
