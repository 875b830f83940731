"""A referral's whole life in the browser: passed from a phone, accepted, closed, thanked.

Maria passes a referral to Ben during the meeting; Ben accepts it and later records
closed business of 1,250.00; Maria sees each step and the value on the timeline; Ben
thanks her, and Maria finds the thank-you among her notifications.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from partnernet.models import Role
from tests import factories
from tests.e2e.conftest import VIEWPORTS
from tests.factories import GroupFactory, IdealClientFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

CRITERIA = ["Owns a commercial building", "Planning work within six months"]


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/groups/\d+"))


def pass_referral_button(page: Page, phone: bool):
    """On a phone the slip waits in the bar at the bottom; on a laptop, in the header."""
    if phone:
        bar = page.locator(".action-bar")
        return bar.get_by_role("link", name="Pass a referral")
    return page.get_by_role("navigation", name="Main").get_by_role("link",
                                                                   name="Pass a referral")


@pytest.fixture
def group(app):
    group = GroupFactory(name="Harbour Partners", timezone="Europe/London", currency="GBP")
    MembershipFactory(group=group, role=Role.FACILITATOR,
                      user=UserFactory(name="Priya Shah", email="priya@example.com"))
    maria = MembershipFactory(group=group, user=UserFactory(name="Maria Lopez",
                                                             email="maria@example.com")).user
    ben = MembershipFactory(group=group, user=UserFactory(name="Ben Okafor",
                                                           email="ben@example.com"),
                            category="Electrician").user
    MembershipFactory(group=group, user=UserFactory(name="Benita Cruz",
                                                     email="benita@example.com"))
    IdealClientFactory(user=ben, title="Commercial landlords", criteria=CRITERIA)
    return group, maria, ben


def test_a_referral_from_slip_to_thank_you(people, viewport, group):
    phone = viewport["width"] < 768
    maria, ben = people.person(), people.person()

    # Maria, in the meeting, passes a referral to Ben.
    sign_in(maria, "maria@example.com")
    button = pass_referral_button(maria, phone)
    expect(button).to_be_visible()
    if phone:  # within thumb reach: the bar sits at the bottom of the screen
        box = button.bounding_box()
        assert box["y"] + box["height"] > viewport["height"] - 80
    button.click()
    expect(maria.get_by_role("heading", name="Pass a referral")).to_be_visible()

    # Three letters find the partner; choosing him loads his criteria.
    maria.get_by_label("Find a partner").fill("oka")
    maria.get_by_role("button", name=re.compile("^Ben Okafor")).click()
    expect(maria.get_by_label("Pass it to")).to_have_value(str(group[2].id))
    criterion = maria.get_by_role("checkbox", name=CRITERIA[0])
    expect(criterion).to_be_visible()

    maria.get_by_label("Prospect's name").fill("Jane Doe")
    maria.get_by_label("Company", exact=True).fill("Doe Properties")
    maria.get_by_label("Phone", exact=True).fill("+44 20 7946 0001")
    criterion.check()
    maria.get_by_role("radio", name="4 of 5: Hot").check()
    maria.get_by_label("The prospect expects the call").check()
    maria.get_by_label("Note for your partner").fill("Refitting two floors this spring.")
    maria.get_by_role("button", name="Pass the referral").click()

    expect(maria.get_by_role("heading", name="Jane Doe", level=1)).to_be_visible()
    expect(maria.get_by_role("status")).to_contain_text("Referral passed to Ben Okafor")
    referral_url = maria.url

    # Ben finds it among the referrals he received and accepts it with a note.
    sign_in(ben, "ben@example.com")
    ben.get_by_role("navigation", name="Harbour Partners").get_by_role(
        "link", name="Referrals").click()
    ben.get_by_role("link", name="Jane Doe").click()
    expect(ben).to_have_url(referral_url)
    expect(ben.get_by_text("+44 20 7946 0001").first).to_be_visible()
    ben.evaluate("window.samePage = true")  # htmx swaps the panel: no page load
    ben.get_by_label("Note (optional)").first.fill("Calling her this afternoon.")
    ben.get_by_role("button", name="Accept", exact=True).click()
    expect(ben.get_by_role("status")).to_contain_text("Moved to “Accepted”")
    expect(ben.locator(".referral-state .badge")).to_contain_text("Accepted")

    # Later, the business closes.
    ben.get_by_label("Amount").fill("1,250.00")
    ben.get_by_role("button", name="Record the business").click()
    expect(ben.get_by_role("status")).to_contain_text("Closed business of £1,250.00 recorded")
    expect(ben.locator(".referral-state .badge")).to_contain_text("Won")
    prompt = ben.locator("#thank-prompt")
    expect(prompt).to_contain_text("Maria Lopez sent you this business")
    assert ben.evaluate("window.samePage") is True

    # Maria sees each step and the value.
    maria.reload()
    expect(maria.locator(".referral-value")).to_have_text(re.compile(r"£1,250\.00"))
    timeline = maria.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Maria Lopez passed the referral to Ben Okafor")
    expect(timeline).to_contain_text("moved it from “Passed” to Accepted")
    expect(timeline).to_contain_text("Calling her this afternoon.")
    expect(timeline).to_contain_text("recorded closed business: £1,250.00, new business")

    # Ben says thank you, straight from the prompt.
    prompt.get_by_role("link", name="Say thank you").click()
    ben.get_by_label("Your thank-you").fill("Thank you, Maria! Jane signed for both floors.")
    ben.get_by_role("button", name="Send the thank-you").click()
    expect(ben.get_by_role("status")).to_contain_text("Your thank-you is sent to Maria Lopez")
    expect(ben.locator("#thank-prompt")).to_have_count(0)

    # Maria is told.
    maria.reload()
    bell = maria.locator("#bell")
    expect(bell).to_contain_text(re.compile(r"\d"))
    bell.click()
    expect(maria.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(maria.get_by_role("link", name=re.compile(
        "Ben Okafor thanked you for Jane Doe: Thank you, Maria!"))).to_be_visible()
    maria.goto(referral_url)
    expect(maria.get_by_role("region", name="Thank-you")).to_contain_text(
        "Jane signed for both floors.")

    assert people.errors == []


@pytest.mark.parametrize("viewport", [VIEWPORTS["phone"]], ids=["phone"])
def test_the_slip_warns_of_a_duplicate_before_sending(people, group):
    grp, maria, ben = group
    factories.referral(grp, maria, ben, prospect_name="Jane Doe")
    page = people.person()
    sign_in(page, "maria@example.com")
    page.goto(f"/groups/{grp.id}/referrals/new?to={ben.id}")

    page.get_by_label("Prospect's name").fill("jane doe")
    warning = page.locator("#duplicate-check")
    expect(warning).to_contain_text("Already passed: Jane Doe went to Ben Okafor")

    page.get_by_role("button", name="Pass the referral").click()
    expect(page.get_by_role("alert")).to_contain_text("Already passed")
    page.get_by_role("button", name="Pass it anyway").click()
    expect(page.get_by_role("heading", name="jane doe", level=1)).to_be_visible()

    assert people.errors == []
