"""Full-page screenshots of the main pages at phone and desktop widths, for visual review.

Not a test module: run it by hand after a change to templates or styles, then look
at every image.

    .venv/bin/python -m tests.e2e.screenshots            # writes screenshots/*.png
    .venv/bin/python -m tests.e2e.screenshots --out DIR

It serves the app on a throwaway SQLite database loaded with the demo groups and
drives the system Chromium (PARTNERNET_CHROMIUM, or `chromium` on the PATH).
Console errors and page errors (a CSP violation is one) are printed at the end.
"""

import argparse
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from partnernet import create_app
from partnernet import demo as demo_data
from partnernet.extensions import db

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
FACILITATOR = "priya@example.com"
MEMBER = "maria@example.com"
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Controls smaller than `least` px, except links inside running text (WCAG 2.5.8 exempts those).
SMALL_TARGETS = """(least) => {
  const controls = 'a, button, select, textarea, summary, label.checkbox, '
    + 'input:not([type=hidden]):not([type=checkbox])';
  const inText = el => el.tagName === 'A' && el.closest('p, li, .help')
    && !el.matches('.button, .back-link') && !el.closest('.menu-list, .page-foot');
  const describe = el => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" `
    + `${Math.round(el.getBoundingClientRect().height)}px`;
  return [...document.querySelectorAll(controls)]
    .filter(el => el.offsetParent !== null && !el.closest('.skip-link') && !inText(el))
    .filter(el => el.getBoundingClientRect().height < least)
    .map(describe);
}"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    from tests.conftest import chromium_path as find

    path = find()
    if path is None:
        sys.exit("Chromium not found: install it or set PARTNERNET_CHROMIUM.")
    return path


def serve(instance: Path) -> tuple[Callable[[], None], str]:
    """Start the app with the demo data; return a stop function and the base URL."""
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'screens.sqlite3'}",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "screenshots",
        "MAIL_SERVER": None,
        "BASE_URL": None,
        "LOGIN_RATE_LIMIT": "1000 per minute",
    })
    with app.app_context():
        upgrade()
        demo_data.load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)

    return stop, f"http://127.0.0.1:{server.server_port}"


class Camera:
    """Opens browser contexts at one viewport, saves numbered shots and collects errors."""

    def __init__(self, browser: Browser, base: str, out: Path, label: str, viewport: dict):
        self.browser, self.base, self.out = browser, base, out
        self.label, self.viewport = label, viewport
        self.problems: list[str] = []

    def page(self) -> Page:
        page = self.browser.new_context(viewport=self.viewport, base_url=self.base).new_page()
        page.on("pageerror", lambda exc: self.problems.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        return page

    def _console(self, page: Page, msg) -> None:
        # Error pages and invalid forms answer 4xx on purpose; Chromium reports those too.
        if msg.type == "error" and "Failed to load resource" not in msg.text:
            self.problems.append(f"{page.url}: {msg.text}")

    def shot(self, page: Page, name: str) -> None:
        path = self.out / f"{name}-{self.viewport['width']}.png"
        # A page scrolled to an anchor would show its sticky header halfway down the image.
        # (Set through the CSSOM: a stylesheet injected for the shot would break the CSP.)
        page.evaluate("document.querySelector('.site-header').style.position = 'static'")
        page.screenshot(path=str(path), full_page=True)
        page.evaluate("document.querySelector('.site-header').style.position = ''")
        print(f"  {path}")
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            self.problems.append(f"{name}: the page is {overflow}px wider than the viewport")
        # Thumbs on a phone need 44 px; a pointer on a laptop, WCAG's 24 px.
        least = 44 if self.viewport["width"] < 768 else 24
        for target in sorted(set(page.evaluate(SMALL_TARGETS, least))):
            self.problems.append(f"{name}: target under {least}px: {target}")


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(demo_data.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/groups/\d+"))
    # Whatever page signing in lands on, the shots that follow start from the roster.
    gid = re.search(r"/groups/(\d+)", page.url).group(1)
    if not re.search(r"/groups/\d+/?$", page.url):
        page.goto(f"/groups/{gid}")


def capture(cam: Camera) -> None:
    visitor = cam.page()
    visitor.goto("/")
    cam.shot(visitor, "01-home")

    visitor.goto("/login")
    visitor.get_by_label("Email", exact=True).fill(MEMBER)
    visitor.get_by_label("Password", exact=True).fill("not the password")
    visitor.get_by_role("button", name="Sign in").click()
    visitor.get_by_role("alert").wait_for()
    cam.shot(visitor, "02-sign-in-error")

    visitor.goto("/signup")
    cam.shot(visitor, "03-sign-up")

    visitor.get_by_label("Your name").fill("Noor Rahman")
    visitor.get_by_label("Business name").fill("Rahman Bookkeeping")
    visitor.get_by_label("Email", exact=True).fill(f"noor-{cam.label}@example.com")
    visitor.get_by_label("Password", exact=True).fill("a long enough password")
    visitor.get_by_role("button", name="Create account").click()
    visitor.get_by_role("heading", name="Welcome, Noor Rahman").wait_for()
    cam.shot(visitor, "04-welcome")

    visitor.get_by_role("link", name="Start a new group").click()
    visitor.get_by_label("Length (minutes)").fill("5")
    visitor.get_by_role("button", name="Create the group").click()
    visitor.get_by_role("alert").wait_for()
    cam.shot(visitor, "05-create-group-errors")

    leader = cam.page()
    sign_in(leader, FACILITATOR)
    cam.shot(leader, "06-group")
    gid = leader.url.rstrip("/").rsplit("/", 1)[-1]

    leader.get_by_role("link", name="Edit Maria Lopez").click()
    leader.get_by_role("heading", name="Maria Lopez").wait_for()
    cam.shot(leader, "07-member-edit")

    leader.goto(f"/groups/{gid}/invitations")
    leader.get_by_role("button", name="Create invitation").click()
    link = leader.get_by_label("Invitation link")
    link.wait_for()
    cam.shot(leader, "08-invitations")

    invitee = cam.page()
    invitee.goto(link.input_value())
    cam.shot(invitee, "09-invitation-sign-up")

    leader.goto("/account")
    leader.get_by_label("Token name").fill("Spreadsheet sync")
    leader.get_by_role("button", name="Create a token").click()
    leader.get_by_label("New API token").wait_for()
    cam.shot(leader, "10-account-token")

    leader.goto("/groups/999999")
    cam.shot(leader, "11-not-found")

    leader.goto(f"/groups/{gid}/settings")
    cam.shot(leader, "12-group-settings")

    leader.get_by_role("group").first.wait_for()
    leader.locator("summary").first.click()
    cam.shot(leader, "13-group-switcher-open")

    member = cam.page()
    sign_in(member, MEMBER)
    cam.shot(member, "14-group-as-member")

    capture_profiles(cam, visitor, leader, member, gid)
    capture_ledger(cam, leader, member, gid)
    capture_meetings(cam, leader, member, gid)
    capture_meeting_run(cam, leader, member, gid)

    for page in (visitor, leader, invitee, member):
        page.context.close()


def capture_profiles(cam: Camera, newcomer: Page, leader: Page, member: Page, gid: str) -> None:
    """Profiles, the directory, the lead router and contact spheres."""
    # A newcomer's profile: nothing written yet, no ideal client.
    newcomer.goto("/profile")
    cam.shot(newcomer, "15-profile-empty")

    newcomer.locator("input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not an image"}])
    newcomer.get_by_role("button", name="Upload photo").click()
    newcomer.locator("#photo-error").wait_for()
    cam.shot(newcomer, "16-profile-photo-error")

    newcomer.goto("/profile/ideal-clients/new")
    newcomer.get_by_label("Referral criteria").fill("Expects my call\n" + "x" * 130)
    newcomer.get_by_role("button", name="Save").click()
    newcomer.get_by_role("alert").wait_for()
    cam.shot(newcomer, "17-ideal-client-errors")

    # A member with a full profile and ideal clients.
    member.goto("/profile")
    cam.shot(member, "18-profile")

    member.goto(f"/groups/{gid}")
    search = member.get_by_label("Search members")
    search.fill("landlord")
    member.get_by_text("members match").wait_for()
    cam.shot(member, "19-directory-search")

    search.fill("zeppelin")
    member.get_by_text("No member matches").wait_for()
    cam.shot(member, "20-directory-no-result")

    member.goto(f"/groups/{gid}")
    member.get_by_role("link", name="Aisha Okafor").click()
    member.get_by_role("heading", name="Aisha Okafor", level=1).wait_for()
    cam.shot(member, "21-member-page")

    member.goto(f"/groups/{gid}/match")
    member.get_by_label("The lead").fill(
        "dental practice opening a second site, owner worried about cash flow")
    member.get_by_role("button", name="Find partners").click()
    member.locator(".match").first.wait_for()
    cam.shot(member, "22-lead-router")

    member.get_by_label("The lead").fill("zeppelin hangar")
    member.get_by_role("button", name="Find partners").click()
    member.get_by_text("No partner's profile").wait_for()
    cam.shot(member, "23-lead-router-no-result")

    leader.goto(f"/groups/{gid}/spheres")
    cam.shot(leader, "24-spheres")

    leader.get_by_role("link", name="Edit Property").click()
    leader.get_by_role("heading", name="Property").wait_for()
    cam.shot(leader, "25-sphere-members")


def capture_ledger(cam: Camera, leader: Page, member: Page, gid: str) -> None:
    """The ledger pages: a member's own, her partners, the group, the matrix, health, goals."""
    member.goto(f"/groups/{gid}/ledger")
    member.get_by_role("heading", name="Your ledger").wait_for()
    cam.shot(member, "26-ledger-mine")

    member.goto(f"/groups/{gid}/ledger?unit=week&period=quarter")
    member.locator("summary", has_text="The chart's figures as a table").click()
    cam.shot(member, "27-ledger-by-week")

    member.goto(f"/groups/{gid}/ledger?from=2026-03-31&to=2026-01-01")
    member.locator("#period-error").wait_for()
    cam.shot(member, "28-ledger-period-error")

    member.goto(f"/groups/{gid}/ledger/partners")
    member.get_by_role("heading", name="Partner effectiveness").wait_for()
    cam.shot(member, "29-ledger-partners")

    member.goto(f"/groups/{gid}/ledger")
    member.get_by_role("link", name="How it is worked out").click()
    member.get_by_role("heading", name="Your health score", level=1).wait_for()
    cam.shot(member, "30-ledger-health")

    member.goto(f"/groups/{gid}/goals")
    member.get_by_role("heading", name="Goals", level=1).wait_for()
    cam.shot(member, "31-goals")

    leader.goto(f"/groups/{gid}/ledger/group")
    leader.get_by_role("heading", name="Group ledger").wait_for()
    cam.shot(leader, "32-ledger-group")

    leader.goto(f"/groups/{gid}/ledger/matrix")
    leader.locator("table.matrix").wait_for()
    cam.shot(leader, "33-ledger-matrix")

    leader.get_by_role("rowheader", name="Maria L.").get_by_role("link").click()
    leader.get_by_role("heading", name="Maria Lopez", level=2).wait_for()
    cam.shot(leader, "34-ledger-matrix-focus")

    leader.goto(f"{leader.url}&by=value")
    leader.get_by_role("heading", name="Maria Lopez", level=2).wait_for()
    cam.shot(leader, "35-ledger-matrix-value")

    leader.goto(f"/groups/{gid}/goals")
    leader.get_by_role("heading", name="Goals", level=1).wait_for()
    cam.shot(leader, "36-goals-facilitator")


def capture_meetings(cam: Camera, leader: Page, member: Page, gid: str) -> None:
    """The meeting schedule as a facilitator and a member sees it, and moving a meeting."""
    leader.goto(f"/groups/{gid}/meetings")
    leader.get_by_role("heading", name="Meetings", level=1).wait_for()
    cam.shot(leader, "37-meetings-facilitator")

    leader.get_by_role("link", name="Move").first.click()
    leader.get_by_role("heading", level=1).wait_for()
    cam.shot(leader, "38-meeting-move")

    member.goto(f"/groups/{gid}/meetings")
    member.get_by_role("heading", name="Meetings", level=1).wait_for()
    cam.shot(member, "39-meetings-member")

    # At the second width the member already has a link: making a new one shows it too.
    link_button = re.compile("Get my calendar link|Make a new link")
    member.get_by_role("button", name=link_button).click()
    member.get_by_label("Your calendar link").wait_for()
    cam.shot(member, "40-meetings-calendar-link")

    member.goto(f"/groups/{gid}/one-to-ones")
    member.get_by_role("button", name="Log the one-to-one").click()
    member.locator(".field-invalid").first.wait_for()
    cam.shot(member, "41-one-to-ones-errors")
    member.get_by_label("Partner", exact=True).select_option(index=1)
    member.get_by_label("Date", exact=True).fill(date.today().isoformat())
    member.get_by_label("Notes", exact=True).fill(
        "Coffee at the market; wants introductions to facilities managers.")
    member.get_by_role("button", name="Log the one-to-one").click()
    member.get_by_role("heading", name="One-to-ones", level=1).wait_for()
    cam.shot(member, "42-one-to-ones")


def capture_meeting_run(cam: Camera, leader: Page, member: Page, gid: str) -> None:
    """A meeting run from the app: an extra one added to start in ten minutes, started,
    attendance taken, the 60-second round, a slip in the tally, closed, its report."""
    starts = datetime.now(ZoneInfo("America/Chicago")) + timedelta(minutes=10)
    leader.goto(f"/groups/{gid}/meetings")
    leader.get_by_label("Date", exact=True).fill(starts.date().isoformat())
    leader.get_by_label("Starts", exact=True).fill(starts.strftime("%H:%M"))
    leader.get_by_label("Ends", exact=True).fill(
        (starts + timedelta(minutes=90)).strftime("%H:%M"))
    leader.get_by_label("Note", exact=True).fill("Screenshot run")
    leader.get_by_role("button", name="Add the meeting").click()
    leader.get_by_role("link", name=re.compile("^Run the meeting")).last.click()
    leader.get_by_role("heading", name="Ready when you are").wait_for()
    cam.shot(leader, "50-run-ready")
    leader.get_by_role("button", name="Start the meeting").click()
    leader.locator(".run-title").wait_for()
    cam.shot(leader, "51-run-first-item")

    leader.get_by_role("link", name="Attendance").first.click()
    for name in ("Maria Lopez", "Tom Becker", "Aisha Okafor"):
        group = leader.get_by_role("group", name=f"Status of {name}")
        if group.count():
            group.get_by_role("button", name="Present").click()
            leader.wait_for_timeout(150)
    cam.shot(leader, "52-attendance-facilitator")
    member.goto(leader.url)
    member.get_by_role("heading", name="Attendance").wait_for()
    cam.shot(member, "53-attendance-member")

    leader.go_back()
    leader.reload()
    for _ in range(3):
        leader.get_by_role("button", name=re.compile("^Next: ")).click()
        leader.wait_for_timeout(300)
    leader.get_by_role("button", name="Start the 60-second round").click()
    leader.locator(".run-speaker").wait_for()
    cam.shot(leader, "54-run-presentations")

    member.goto(f"/groups/{gid}/referrals/new")
    member.get_by_label("Find a partner").fill("tom")
    member.get_by_role("button", name=re.compile("^Tom")).first.click()
    member.get_by_label("Prospect's name").fill(f"Jane Doe ({cam.label})")
    member.get_by_role("button", name="Pass the referral").click()
    member.get_by_role("heading", name=re.compile("^Jane Doe"), level=1).wait_for()
    leader.locator("[data-tally=referrals]", has_text="1").wait_for(timeout=10_000)
    cam.shot(leader, "55-run-tally")

    leader.once("dialog", lambda dialog: dialog.accept())
    leader.get_by_role("button", name="Close the meeting and send the report").click()
    leader.get_by_role("heading", name="Meeting report").wait_for()
    cam.shot(leader, "56-report")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        stop, base = serve(Path(tmp))
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
                for label, viewport in VIEWPORTS.items():
                    print(f"{label} ({viewport['width']}×{viewport['height']}):")
                    cam = Camera(browser, base, out, label, viewport)
                    capture(cam)
                    problems += cam.problems
                browser.close()
        finally:
            stop()
    for problem in problems:
        print(f"console: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
