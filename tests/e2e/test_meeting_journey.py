"""A meeting run start to finish in the browser, at a laptop's and a phone's width.

Priya, the facilitator, edits the meeting's agenda, starts the meeting and takes attendance.
During the referral round Maria, on her phone, passes a referral to Ben; it arrives in the
tally on Priya's screen without a reload. Priya closes the meeting, and the report shows the
referral, the attendance, and that it was passed at the meeting.
"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from partnernet.extensions import db
from partnernet.models import Meeting, MeetingKind, Role
from partnernet.models.base import utcnow
from tests.e2e.conftest import VIEWPORTS
from tests.e2e.test_referrals import pass_referral_button, sign_in
from tests.factories import GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def meeting(app) -> Meeting:
    group = GroupFactory(name="Harbour Partners", timezone="Europe/London", currency="GBP")
    MembershipFactory(group=group, role=Role.FACILITATOR,
                      user=UserFactory(name="Priya Shah", email="priya@example.com"))
    MembershipFactory(group=group, user=UserFactory(name="Maria Lopez",
                                                     email="maria@example.com"))
    MembershipFactory(group=group, user=UserFactory(name="Ben Okafor", email="ben@example.com"))
    row = Meeting(group_id=group.id, kind=MeetingKind.EXTRA,
                  starts_at=utcnow() + timedelta(minutes=10), duration_minutes=90)
    db.session.add(row)
    db.session.commit()
    return row


def current_title(page: Page):
    return page.locator(".run-title")


def test_a_meeting_from_agenda_to_report(people, viewport, meeting):
    priya = people.person()
    mid = meeting.id

    # The agenda: a longer education moment, and visitors introduced before the presentations.
    sign_in(priya, "priya@example.com")
    priya.goto(f"/meetings/{mid}/agenda")
    priya.get_by_text("Edit", exact=True).nth(2).click()
    minutes = priya.locator("details[open]").get_by_label("Minutes")
    minutes.fill("5")
    priya.locator("details[open]").get_by_role("button", name="Save").click()
    expect(priya.locator(".agenda-minutes").nth(2)).to_have_text(re.compile(r"^5\b"))
    priya.get_by_role("button", name="Move “Visitor introductions” up").click()
    titles = priya.locator(".agenda-item-title")
    expect(titles.nth(3)).to_have_text("Visitor introductions")
    expect(titles.nth(4)).to_have_text("Members' 60-second presentations")

    # Run mode: start the meeting.
    priya.goto(f"/meetings/{mid}/run")
    expect(priya.get_by_role("heading", name="Ready when you are")).to_be_visible()
    priya.get_by_role("button", name="Start the meeting").click()
    expect(current_title(priya)).to_have_text("Open networking")
    expect(priya.locator(".countdown")).to_have_text(re.compile(r"^1[45]:\d\d$"))

    # Attendance: Maria is here, Ben is late.
    priya.get_by_role("link", name="Attendance").first.click()
    priya.get_by_role("group", name="Status of Maria Lopez").get_by_role(
        "button", name="Present").click()
    expect(priya.locator("#member-" + str(_member_id(priya, "Maria Lopez")))).to_contain_text(
        "Present")
    priya.get_by_role("group", name="Status of Ben Okafor").get_by_role(
        "button", name="Late").click()
    expect(priya.locator(".attendance-list")).to_contain_text("Late")

    # Back to the meeting, on to the referral round.
    priya.get_by_role("link", name="Back to the meeting").click()
    expect(current_title(priya)).to_have_text("Open networking")
    for title in ("Welcome", "Education moment", "Visitor introductions",
                  "Members' 60-second presentations", "Featured presentation",
                  "Referral and testimonial round"):
        priya.get_by_role("button", name=re.compile(r"^Next: ")).click()
        expect(current_title(priya)).to_have_text(title)
    expect(priya.locator("[data-tally=referrals]")).to_have_text("0")
    priya.evaluate("window.samePage = true")

    # Maria passes a referral from her phone.
    maria = people.person(VIEWPORTS["phone"])
    sign_in(maria, "maria@example.com")
    pass_referral_button(maria, phone=True).click()
    maria.get_by_label("Find a partner").fill("oka")
    maria.get_by_role("button", name=re.compile("^Ben Okafor")).click()
    maria.get_by_label("Prospect's name").fill("Jane Doe")
    maria.get_by_role("button", name="Pass the referral").click()
    expect(maria.get_by_role("status")).to_contain_text("Referral passed to Ben Okafor")

    # It arrives on Priya's screen by itself.
    expect(priya.locator("[data-tally=referrals]")).to_have_text("1", timeout=10_000)
    expect(priya.locator(".run-slips")).to_contain_text("Maria Lopez → Ben Okafor")
    assert priya.evaluate("window.samePage") is True

    # The projector shows the meeting too, in a second window.
    projector = priya.context.new_page()
    projector.goto(f"/meetings/{mid}/run")
    expect(current_title(projector)).to_have_text("Referral and testimonial round")

    # Priya closes the meeting; the report has it all.
    priya.once("dialog", lambda dialog: dialog.accept())
    priya.get_by_role("button", name="Close the meeting and send the report").click()
    expect(priya.get_by_role("heading", name="Meeting report")).to_be_visible()
    expect(priya.get_by_role("status").first).to_contain_text("report is on its way to all 3")
    referrals = priya.get_by_role("region", name="Referrals passed")
    expect(referrals).to_contain_text("Maria Lopez")
    expect(referrals).to_contain_text("Ben Okafor")
    expect(referrals).to_contain_text("at the meeting")
    expect(referrals).not_to_contain_text("Jane Doe")
    attendance = priya.get_by_role("region", name="Attendance")
    expect(attendance).to_contain_text("Present")
    expect(attendance).to_contain_text("Late")
    # The projector notices by itself and shows the report as a page of its own.
    expect(projector).to_have_url(re.compile(rf"/meetings/{mid}/report$"), timeout=10_000)
    expect(projector.get_by_role("heading", name="Meeting report")).to_have_count(1)
    projector.close()

    # Printed, the report is the report: no site header, menus or buttons.
    priya.emulate_media(media="print")
    expect(priya.locator(".site-header")).to_be_hidden()
    expect(priya.get_by_role("link", name="CSV")).to_be_hidden()
    expect(priya.get_by_role("heading", name="Meeting report")).to_be_visible()
    priya.emulate_media(media="screen")
    # Nothing sticks out sideways on a phone.
    assert priya.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    assert people.errors == []


def _member_id(page: Page, name: str) -> int:
    row = page.locator(".attendance-row", has_text=name).first
    return int(row.get_attribute("id").removeprefix("member-"))
