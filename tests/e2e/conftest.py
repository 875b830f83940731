"""Browser fixtures: one browser context per person, at phone or desktop size.

Every page opened through `people` reports its console errors and uncaught
exceptions; a Content-Security-Policy violation (an inline script or style)
is a console error, so a journey that ends with `people.errors == []` also
shows the pages need nothing the policy forbids.
"""

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page

VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}


class People:
    """Opens a separate browser context for each person and collects errors from their pages."""

    def __init__(self, browser: Browser, base_url: str, viewport: dict):
        self.browser = browser
        self.base_url = base_url
        self.viewport = viewport
        self.errors: list[str] = []
        self._contexts: list[BrowserContext] = []

    def person(self, viewport: dict | None = None) -> Page:
        """A new person at the same screen size (or `viewport`): their own cookies, their own
        page."""
        context = self.browser.new_context(viewport=viewport or self.viewport,
                                           base_url=self.base_url)
        self._contexts.append(context)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(f"console error on {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error on {page.url}: {exc}"))
        return page

    def take_refusal(self, status: int) -> None:
        """A form answered with an error status on purpose: Chromium reports that response as
        a console error, so take that one report (and fail on anything else)."""
        assert len(self.errors) == 1, self.errors
        assert re.search(rf"Failed to load resource: the server responded with a status of "
                         rf"{status}\b", self.errors[0]), self.errors
        self.errors.clear()

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> dict:
    """The screen size; tests that need only one parametrize `viewport` themselves."""
    return VIEWPORTS[request.param]


@pytest.fixture
def people(browser: Browser, live_server: str, app, viewport: dict):
    """Browser contexts on the live server; `app` empties the tables after the test."""
    crowd = People(browser, live_server, viewport)
    yield crowd
    crowd.close()
