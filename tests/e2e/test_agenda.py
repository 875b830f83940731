"""The agenda in the browser, at phone and laptop widths: Priya, who runs the group, opens the
group's agenda from the schedule, moves an item with the Up and Down buttons (focus stays on
the button she pressed, and the move is announced), drags another into place, and changes an
item's minutes until the agenda runs over, which the page says in words.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnernet.meetings.agenda import list_agenda
from partnernet.models import Role
from tests.e2e.test_referrals import sign_in
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def group(app):
    group = GroupFactory(name="Harbour Partners", timezone="Europe/London", currency="GBP")
    MembershipFactory(group=group, role=Role.FACILITATOR, title="President",
                      user=UserFactory(name="Priya Shah", email="priya@example.com"))
    MembershipFactory(group=group, user=UserFactory(name="Maria Lopez",
                                                     email="maria@example.com"))
    return group


def titles(page: Page) -> list[str]:
    return page.locator(".agenda-item-title").all_inner_texts()


def row(page: Page, title: str):
    """The agenda item titled `title` (every item's editor lists the kinds, whose names
    repeat some titles, so match the title itself)."""
    return page.locator("li.agenda-item", has=page.locator(
        ".agenda-item-title", has_text=re.compile(rf"^{re.escape(title)}$")))


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    """A full-page screenshot, where PARTNERNET_SCREENSHOTS says or in the test's folder."""
    folder = Path(os.environ.get("PARTNERNET_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=folder / f"agenda-{name}-{width}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0


def test_a_facilitator_reorders_and_edits_the_agenda(people, group, tmp_path):
    priya = people.person()
    sign_in(priya, "priya@example.com")
    priya.goto(f"/groups/{group.id}/meetings")
    priya.locator(".page-head").get_by_role("link", name="Agenda").click()
    expect(priya.get_by_role("heading", name="The group's agenda")).to_be_visible()
    expect(priya.locator(".agenda-total")).to_contain_text(
        "The items add up to 90 minutes: a meeting's full 90.")
    shoot(priya, "facilitator", tmp_path)

    # The keyboard's way: Up moves Welcome first; focus stays on a button of the same item.
    up = priya.get_by_role("button", name="Move “Welcome” up")
    up.focus()
    priya.keyboard.press("Enter")
    expect(priya.locator("#agenda-status")).to_have_text("Moved “Welcome” up: now 1 of 9.")
    assert titles(priya)[:2] == ["Welcome", "Open networking"]
    # Now first, its Up button is disabled, so focus went to its Down button.
    expect(priya.get_by_role("button", name="Move “Welcome” down")).to_be_focused()
    priya.keyboard.press("Enter")
    expect(priya.locator("#agenda-status")).to_have_text("Moved “Welcome” down: now 2 of 9.")
    assert titles(priya)[:2] == ["Open networking", "Welcome"]
    expect(priya.get_by_role("button", name="Move “Welcome” down")).to_be_focused()

    # Drag and drop: the education moment goes above the open networking.
    handle = row(priya, "Education moment").locator(
        ".agenda-handle")
    target = priya.locator("li.agenda-item").first
    # Both in view, clear of the sticky header and of the phone's bar at the bottom.
    priya.locator(".agenda-total").evaluate(
        "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 120)")
    handle.drag_to(target, target_position={"x": 40, "y": 10})
    expect(priya.locator("#agenda-status")).to_have_text("The agenda is in its new order.")
    assert titles(priya)[:3] == ["Education moment", "Open networking", "Welcome"]
    assert [r.title for r in list_agenda(group_id=group.id)][:3] == \
        ["Education moment", "Open networking", "Welcome"]

    # Changing the minutes: the total follows, and the page says it runs over.
    item = row(priya, "Featured presentation")
    item.locator("summary", has_text="Edit").click()
    minutes = item.get_by_label("Minutes")
    minutes.fill("0")
    item.get_by_role("button", name="Save").click()
    expect(row(priya, "Featured presentation").locator(
        ".error")).to_have_text("An item takes at least 1 minute.")
    people.errors.clear()  # Chromium reports the refusal's 422 on the console
    item = row(priya, "Featured presentation")
    item.get_by_label("Minutes").fill("25")
    item.get_by_role("button", name="Save").click()
    expect(priya.locator("#agenda-status")).to_have_text("“Featured presentation” is saved.")
    expect(priya.locator(".agenda-total")).to_contain_text(
        "The items add up to 105 minutes, but a meeting lasts 90: 15 minutes over.")
    expect(row(priya, "Featured presentation").locator(
        ".agenda-minutes")).to_have_text(re.compile(r"25\s*min"))
    expect(row(priya, "Featured presentation").locator("summary")).to_be_focused()
    shoot(priya, "over", tmp_path)
    assert people.errors == []


def test_a_member_reads_the_agenda(people, group, tmp_path):
    maria = people.person()
    sign_in(maria, "maria@example.com")
    maria.goto(f"/groups/{group.id}/agenda")
    expect(maria.locator("li.agenda-item")).to_have_count(9)
    expect(maria.get_by_role("button", name=re.compile("Move|Edit|Remove"))).to_have_count(0)
    shoot(maria, "member", tmp_path)
    assert people.errors == []
