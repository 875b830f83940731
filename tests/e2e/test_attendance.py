"""Attendance in the browser, at phone and desktop sizes.

Tom, who keeps the attendance of Harbour Partners, opens the attendance of the meeting that
starts in ten minutes: he checks Ben in, marks Carla late, records Sam standing in for Dev
(after forgetting the name once), and adds Vera, Maria's guest. Maria, on her phone, checks
herself in with the big button at the bottom of the screen, and Tom's count follows.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from partnernet.extensions import db
from partnernet.models import Meeting, Role
from partnernet.models.base import utcnow
from tests import factories
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

TOM, MARIA = "tom@example.com", "maria@example.com"
OTHERS = ["Ben Okafor", "Carla Mendes", "Dev Patel", "Aisha Rahman", "Lena Novak",
          "Grace Mensah"]
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def harbour(app) -> tuple[int, dict[str, int]]:
    """Eight members and a meeting starting in ten minutes; returns its id and member ids."""
    group = GroupFactory(name="Harbour Partners", timezone="Europe/London")
    tom = MembershipFactory(group=group, role=Role.FACILITATOR, title="Vice-president",
                            user=UserFactory(email=TOM, name="Tom Becker")).user
    maria = MembershipFactory(group=group, user=UserFactory(email=MARIA,
                                                             name="Maria Lopez")).user
    others = [MembershipFactory(group=group, user=UserFactory(name=name)).user
              for name in OTHERS]
    meeting = Meeting(group_id=group.id, kind="extra", occurrence=None,
                      starts_at=utcnow().replace(second=0, microsecond=0)
                      + timedelta(minutes=10), duration_minutes=90)
    db.session.add(meeting)
    db.session.commit()
    return meeting.id, {u.name: u.id for u in (tom, maria, *others)}


def shoot(page: Page, name: str, tmp_path: Path) -> None:
    """A full-page screenshot, where PARTNERNET_SCREENSHOTS says or in the test's folder."""
    folder = Path(os.environ.get("PARTNERNET_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=folder / f"attendance-{name}-{width}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0


def test_a_facilitator_takes_attendance_and_a_member_checks_herself_in(people, harbour,
                                                                       tmp_path):
    mid, ids = harbour
    tom = people.person()
    sign_in(tom, TOM)
    tom.goto(f"/meetings/{mid}/attendance")
    expect(tom.get_by_role("heading", name="Attendance")).to_be_visible()
    count = tom.locator("#attendance-count strong")
    expect(count).to_have_text("0 of 8")

    def row(name: str):
        return tom.locator(f"#member-{ids[name]}")

    row("Ben Okafor").get_by_role("button", name="Present").click()
    expect(row("Ben Okafor").locator(".attendance-status")).to_contain_text("Present · ")
    expect(row("Ben Okafor").get_by_role("button", name="Present")).to_have_attribute(
        "aria-pressed", "true")
    row("Carla Mendes").get_by_role("button", name="Late").click()
    expect(row("Carla Mendes").locator(".attendance-status")).to_contain_text("Late · ")
    expect(count).to_have_text("2 of 8")

    # Dev sends Sam; the name is forgotten the first time.
    dev = row("Dev Patel")
    dev.get_by_text("Substitute…").click()
    dev.get_by_role("button", name="Save").click()
    expect(row("Dev Patel").get_by_role("alert")).to_have_text("Enter the substitute's name.")
    expect(count).to_have_text("2 of 8")
    people.take_refusal(422)
    row("Dev Patel").get_by_label("Who is standing in for Dev Patel?").fill("Sam Stand-in")
    row("Dev Patel").get_by_role("button", name="Save").click()
    expect(row("Dev Patel").locator(".attendance-status")).to_have_text(
        "Substitute: Sam Stand-in")
    expect(count).to_have_text("3 of 8")

    form = tom.locator(".visitor-form")
    form.get_by_label("Name").fill("Vera Visitor")
    form.get_by_label("Business").fill("Visitor Vans")
    form.get_by_label("Email").fill("vera@example.com")
    form.get_by_label("Invited by").select_option(label="Maria Lopez")
    form.get_by_role("button", name="Add the visitor").click()
    expect(tom.locator(".visitor-row")).to_contain_text("Vera Visitor · Visitor Vans")
    expect(tom.locator(".visitor-row")).to_contain_text("Guest of Maria Lopez")
    expect(tom.locator("#attendance-count")).to_contain_text("3 of 8 here, 1 visitor")
    expect(tom.get_by_text("Vera Visitor is on the visitor list.")).to_be_visible()
    shoot(tom, "facilitator", tmp_path)

    maria = people.person()
    sign_in(maria, MARIA)
    maria.goto(f"/meetings/{mid}/attendance")
    button = maria.get_by_role("button", name="Check me in")
    expect(button).to_be_visible()
    # Within thumb reach: at the bottom of the screen as the page opens.
    box = button.bounding_box()
    height = maria.viewport_size["height"]
    assert box["y"] + box["height"] <= height and box["y"] >= height * 0.6
    shoot(maria, "member", tmp_path)
    button.click()
    expect(maria.locator(".checked-in")).to_contain_text("You're checked in at ")
    expect(maria.locator("#attendance-count strong")).to_have_text("4 of 8")
    # Vera is her guest: she sees her email, for the follow-up.
    expect(maria.locator(".visitor-row")).to_contain_text("Guest of you · vera@example.com")
    shoot(maria, "member-checked-in", tmp_path)

    tom.reload()
    expect(count).to_have_text("4 of 8")
    expect(row("Maria Lopez").locator(".attendance-status")).to_contain_text("Present · ")
    assert people.errors == []
