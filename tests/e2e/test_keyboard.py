"""Pages work from the keyboard: the skip link comes first, fields follow in reading order."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import VIEWPORTS

pytestmark = pytest.mark.e2e


def leave_page_backwards(page: Page) -> None:
    """Shift+Tab until focus leaves the document for the browser's own controls."""
    for _ in range(20):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement === document.body"):
            return
    raise AssertionError("Shift+Tab never left the page")


@pytest.mark.parametrize("viewport", [VIEWPORTS["desktop"]], ids=["desktop"])
def test_sign_in_page_in_tab_order(people):
    page = people.person()
    page.goto("/login")
    skip = page.get_by_role("link", name="Skip to content")
    email = page.get_by_label("Email", exact=True)
    sign_in = page.get_by_role("button", name="Sign in")
    expect(email).to_be_focused()  # autofocus: signing in is all there is to do here

    # Coming into the page from the browser's controls, the skip link is the first stop.
    leave_page_backwards(page)
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until focused, then shown

    # Tabbing on through the header reaches the form's controls in reading order.
    for _ in range(10):
        page.keyboard.press("Tab")
        if email.evaluate("el => el === document.activeElement"):
            break
    expect(email).to_be_focused()
    for control in (page.get_by_label("Password", exact=True),
                    page.get_by_role("checkbox", name="Keep me signed in on this device"),
                    sign_in):
        page.keyboard.press("Tab")
        expect(control).to_be_focused()

    # The skip link jumps past the header: the next Tab lands on the email field.
    leave_page_backwards(page)
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(email).to_be_focused()

    assert people.errors == []
