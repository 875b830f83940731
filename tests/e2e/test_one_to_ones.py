"""One-to-ones in the browser, at phone and laptop widths: Maria logs one with Ben after a
first try without a partner; it counts for both of them, so Ben sees it too and neither is
listed as "not met" any more; Maria deletes it (after confirming) and Ben is back on her
list."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from partnernet.models import Role
from tests.e2e.test_referrals import sign_in
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def group(app):
    group = GroupFactory(name="Harbour Partners", timezone="UTC", currency="GBP")
    MembershipFactory(group=group, role=Role.FACILITATOR,
                      user=UserFactory(name="Priya Shah", email="priya@example.com"))
    MembershipFactory(group=group, user=UserFactory(name="Maria Lopez",
                                                     email="maria@example.com"))
    MembershipFactory(group=group, user=UserFactory(name="Ben Okafor", email="ben@example.com"))
    return group


def test_a_one_to_one_counts_for_both_partners(people, viewport, group):
    maria, ben = people.person(), people.person()
    sign_in(maria, "maria@example.com")
    maria.goto(f"/groups/{group.id}/one-to-ones")
    not_met = maria.get_by_role("region", name="Partners you haven't met yet")
    expect(not_met).to_contain_text("Ben Okafor")

    # Without a partner: the message is by the field, nothing is logged.
    maria.get_by_role("button", name="Log the one-to-one").click()
    expect(maria.get_by_text("Choose the partner you met.")).to_be_visible()
    expect(maria.get_by_role("region", name="Your one-to-ones")).to_contain_text(
        "No one-to-ones yet")
    people.take_refusal(422)

    maria.get_by_label("Partner", exact=True).select_option(label="Ben Okafor")
    maria.get_by_label("Date", exact=True).fill(date.today().isoformat())
    maria.get_by_label("How", exact=True).select_option(label="Video call")
    maria.get_by_label("Notes", exact=True).fill("Swapped lists of the five firms we want.")
    maria.get_by_role("button", name="Log the one-to-one").click()
    expect(maria.get_by_role("status")).to_contain_text("it counts for both of you")
    mine = maria.get_by_role("region", name="Your one-to-ones")
    expect(mine).to_contain_text("Ben Okafor")
    expect(mine).to_contain_text("Video call")
    expect(maria.get_by_role("region", name="Partners you haven't met yet")).not_to_contain_text(
        "Ben Okafor")

    sign_in(ben, "ben@example.com")
    ben.goto(f"/groups/{group.id}/one-to-ones")
    theirs = ben.get_by_role("region", name="Your one-to-ones")
    expect(theirs).to_contain_text("Maria Lopez")
    expect(theirs).to_contain_text("Logged by Maria Lopez")
    expect(theirs.get_by_role("button", name=re.compile("^Delete"))).to_have_count(0)

    maria.once("dialog", lambda dialog: dialog.accept())
    maria.get_by_role("button", name=re.compile("^Delete your one-to-one with Ben Okafor")).click()
    expect(maria.get_by_role("status")).to_contain_text("The one-to-one is deleted")
    expect(maria.get_by_role("region", name="Partners you haven't met yet")).to_contain_text(
        "Ben Okafor")
    assert maria.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert people.errors == []
