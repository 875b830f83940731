"""The speaker rotation in the browser, at phone and desktop sizes.

Priya, who runs Harbour Partners, sets the rotation up with one button (everyone, by name),
finds that Ben can't make his date, and swaps him with Carla's meeting. Maria, a member, opens
the rotation from the meetings page and reads who presents in the next six weeks, her own turn
marked, and the presenter on each row of the schedule.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from partnernet.extensions import db
from partnernet.models import Role
from partnernet.periods import local_today
from tests import factories
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

PRIYA, MARIA = "priya@example.com", "maria@example.com"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def harbour(app) -> int:
    """Four members; the group meets weekly, three days from today first."""
    group = GroupFactory(name="Harbour Partners", timezone="Europe/London")
    group.weekday = (local_today(group.timezone) + timedelta(days=3)).weekday()
    MembershipFactory(group=group, role=Role.FACILITATOR,
                      user=UserFactory(email=PRIYA, name="Priya Shah"))
    MembershipFactory(group=group, user=UserFactory(email=MARIA, name="Maria Lopez"))
    for name in ("Ben Okafor", "Carla Mendes"):
        MembershipFactory(group=group, user=UserFactory(name=name))
    db.session.commit()
    return group.id


def featured(page: Page) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip()
            for t in page.locator("#presenters .presenter-name").all_inner_texts()]


def test_a_facilitator_swaps_two_presenters_and_a_member_sees_six_weeks(people, harbour,
                                                                       tmp_path):
    priya = people.person()
    sign_in(priya, PRIYA)
    priya.goto(f"/groups/{harbour}/meetings")
    priya.get_by_role("link", name="Speaker rotation").click()
    expect(priya.get_by_role("heading", name="Speaker rotation")).to_be_visible()
    expect(priya.get_by_text("No one is in the rotation yet.")).to_be_visible()

    priya.get_by_role("button", name="Add everyone not in it (4)").click()
    expect(priya.get_by_text("Every member is in the rotation now.")).to_be_visible()
    assert featured(priya) == ["Featured: Ben Okafor", "Featured: Carla Mendes",
                               "Featured: Maria Lopez", "Featured: Priya Shah You",
                               "Featured: Ben Okafor", "Featured: Carla Mendes"]

    # Ben can't make the first meeting: he swaps with Carla's.
    first, second = (priya.locator("#swap select").nth(n) for n in (0, 1))
    first.select_option(index=1)
    second.select_option(index=2)
    priya.get_by_role("button", name="Swap them").click()
    expect(priya.get_by_text("The two meetings swapped presenters.")).to_be_visible()
    assert featured(priya)[:2] == ["Featured: Carla Mendes", "Featured: Ben Okafor"]
    priya.screenshot(path=tmp_path / "rotation-facilitator.png",
                     full_page=True)
    assert priya.evaluate("document.documentElement.scrollWidth - "
                          "document.documentElement.clientWidth") <= 0

    maria = people.person()
    sign_in(maria, MARIA)
    maria.goto(f"/groups/{harbour}/meetings")
    expect(maria.locator(".meeting-presenter").first).to_have_text("Featured: Carla Mendes")
    maria.get_by_role("link", name="Speaker rotation").click()
    assert featured(maria) == ["Featured: Carla Mendes", "Featured: Ben Okafor",
                               "Featured: Maria Lopez You", "Featured: Priya Shah",
                               "Featured: Ben Okafor", "Featured: Carla Mendes"]
    expect(maria.get_by_role("button", name="Swap them")).to_have_count(0)
    expect(maria.get_by_text("Change…")).to_have_count(0)
    maria.screenshot(path=tmp_path / "rotation-member.png",
                     full_page=True)
    assert maria.evaluate("document.documentElement.scrollWidth - "
                          "document.documentElement.clientWidth") <= 0
    assert people.errors == []
