"""Run mode, the live tally, closing and the report through the HTML pages: what the
facilitator sees at each step, a stale page brought up to date, a member's slip arriving in
the tally, the report emailed to every member, the printable report and its CSV, and the
query budgets.

The club's first meeting (tests/meetings/conftest.py) is moved to start ten minutes from now,
so it can be started for real.
"""

import csv
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from partnernet.extensions import db
from partnernet.meetings import run
from partnernet.meetings.attendance import check_in, record_attendance
from partnernet.meetings.services import cancel_meeting
from partnernet.models import Meeting, Referral
from partnernet.models.base import utcnow
from partnernet.models.meetings import MeetingStatus
from tests import factories
from tests.factories import MembershipFactory, fill_profile
from tests.groups.helpers import text
from tests.ledger.conftest import counting, squash
from tests.meetings.conftest import meeting


@pytest.fixture
def running(stored_club, soon) -> Meeting:
    run.start_meeting(meeting=soon, actor=stored_club.facilitator, now=utcnow())
    db.session.commit()
    return soon


def post(client, path: str, data: dict | None = None, **kwargs):
    return client.post(path, data=data or {}, **kwargs)


def stage(page: str) -> str:
    match = re.search(r'<div id="stage".*', page, re.S)
    assert match, "no stage on the page"
    return match.group(0)


def test_before_it_starts_the_facilitator_sees_what_is_ready(stored_club, soon, client, auth):
    auth.login(stored_club.facilitator)
    page = text(client.get(f"/meetings/{soon.id}/run"))

    assert "Ready when you are" in page
    assert "9 agenda items, 90 minutes planned" in page
    assert "Start the meeting" in page
    assert "Open networking" in page


def test_starting_opens_the_first_item_with_its_countdown(stored_club, soon, client, auth):
    auth.login(stored_club.facilitator)
    response = post(client, f"/meetings/{soon.id}/start", {"version": soon.version})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{soon.id}/run"

    page = text(client.get(f"/meetings/{soon.id}/run"))
    assert 'class="run-title">Open networking</h2>' in page
    assert "Item 1 of 9" in page
    assert re.search(r'data-ends-at="[^"]+" class="countdown">15:00<', page)
    assert "Next: Welcome →" in page
    assert "No slips yet" in page
    db.session.refresh(soon)
    assert soon.status == MeetingStatus.RUNNING


def test_a_start_refused_says_why_and_changes_nothing(stored_club, client, auth):
    later = meeting(stored_club.group, stored_club.days[1])
    auth.login(stored_club.facilitator)
    response = post(client, f"/meetings/{later.id}/start")

    assert response.status_code == 422
    assert "can be started from two hours before it begins" in text(response)
    db.session.refresh(later)
    assert later.status == MeetingStatus.SCHEDULED and later.started_at is None


def test_next_item_over_htmx_swaps_the_stage(stored_club, running, client, auth):
    auth.login(stored_club.facilitator)
    response = post(client, f"/meetings/{running.id}/step",
                    {"position": 1, "version": running.version},
                    headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body and body.lstrip().startswith('<div id="stage"')
    assert 'class="run-title">Welcome</h2>' in body
    assert "HX-Request" in response.headers["Vary"]


def test_a_stale_page_is_brought_up_to_date_instead_of_applied(stored_club, running, client,
                                                               auth):
    auth.login(stored_club.facilitator)
    old = running.version
    post(client, f"/meetings/{running.id}/step", {"position": 2, "version": old})
    # The same laptop's older tab, or a second screen, still shows item 1 and presses "next".
    response = post(client, f"/meetings/{running.id}/step", {"position": 1, "version": old},
                    headers={"HX-Request": "true"})

    assert response.status_code == 409
    body = text(response)
    assert "moved on from another screen" in body
    assert 'class="run-title">Education moment</h2>' in body
    db.session.refresh(running)
    assert running.current_item == 2


def test_the_tally_tells_an_old_screen_to_refresh(stored_club, running, client, auth):
    auth.login(stored_club.facilitator)
    fresh = client.get(f"/meetings/{running.id}/tally?version={running.version}",
                       headers={"HX-Request": "true"})
    stale = client.get(f"/meetings/{running.id}/tally?version={running.version - 1}",
                       headers={"HX-Request": "true"})

    assert "HX-Trigger" not in fresh.headers
    assert stale.headers["HX-Trigger"] == "run-stale"
    assert text(fresh).lstrip().startswith('<section id="tally"')


def test_a_slip_passed_from_a_phone_arrives_in_the_tally(stored_club, running, client, auth):
    club = stored_club
    auth.login(club.member)
    page = text(client.get(f"/groups/{club.group.id}/referrals/new"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    response = post(client, f"/groups/{club.group.id}/referrals/new", {
        "receiver_id": club.facilitator.id, "prospect_name": "Secret Prospect",
        "temperature": "4", "kind": "outside", "relationship": "client",
        "csrf_token": token.group(1) if token else ""})
    assert response.status_code == 303
    assert db.session.query(Referral).one().meeting_id == running.id

    auth.login(club.facilitator)
    tally = text(client.get(f"/meetings/{running.id}/tally?version={running.version}",
                            headers={"HX-Request": "true"}))
    assert re.search(r'data-tally="referrals">1<', tally)
    assert f"<strong>{club.member.name}</strong> → <strong>{club.facilitator.name}</strong>" \
        in tally
    assert "Secret Prospect" not in tally


def test_the_sixty_second_round_shows_each_member_present(stored_club, running, client, auth):
    club = stored_club
    fill_profile(club.member, business_name="Lopez Plumbing")
    check_in(meeting=running, actor=club.member, now=utcnow())
    record_attendance(meeting=running, actor=club.facilitator, member_id=club.facilitator.id,
                      status="substitute", substitute_name="Sam Stand-in")
    db.session.commit()
    auth.login(club.facilitator)
    post(client, f"/meetings/{running.id}/step", {"position": 3})
    page = text(client.get(f"/meetings/{running.id}/run"))
    assert "2 members present, 60 seconds each." in page

    post(client, f"/meetings/{running.id}/step", {"speaker": 0})
    page = squash(stage(text(client.get(f"/meetings/{running.id}/run"))))
    assert f"Speaker 1 of 2 {club.member.name} · Lopez Plumbing" in page
    assert f"Up next: {club.facilitator.name}" in page
    post(client, f"/meetings/{running.id}/step", {"speaker": 1})
    page = squash(stage(text(client.get(f"/meetings/{running.id}/run"))))
    assert "substitute: Sam Stand-in" in page
    assert "End the round" in page


def test_closing_sends_the_report_to_every_member(stored_club, running, client, auth, smtp):
    club = stored_club
    third = MembershipFactory(group=club.group, user__name="Tess Third").user
    factories.referral(club.group, club.member, third, meeting_id=running.id,
                       prospect_name="Hidden Prospect")
    auth.login(club.facilitator)
    response = post(client, f"/meetings/{running.id}/close", {"version": running.version})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{running.id}/report"
    assert sorted(m.rcpt_tos[0] for m in smtp.messages) == sorted(
        u.email for u in (club.facilitator, club.member, third))
    mail = smtp.messages[0]
    assert mail.message["Subject"].startswith("Riverside Partners: the report of ")
    assert f"- {club.member.name} → Tess Third (at the meeting)" in mail.body
    assert "Hidden Prospect" not in mail.body
    assert f"/meetings/{running.id}/report" in mail.body
    db.session.refresh(running)
    assert running.status == MeetingStatus.CLOSED and running.report_sent_at is not None
    assert "report is on its way to all 3 members" in text(client.get(response.headers["Location"]))


def test_run_mode_of_a_closed_meeting_opens_its_report(stored_club, running, client, auth):
    run.close_meeting(meeting=running, actor=stored_club.facilitator, now=utcnow())
    db.session.commit()
    auth.login(stored_club.facilitator)
    response = client.get(f"/meetings/{running.id}/run")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{running.id}/report"
    # A second screen refreshing its stage is sent to the report as a whole page, not given
    # the report inside its stage.
    response = client.get(f"/meetings/{running.id}/run", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["HX-Redirect"] == f"/meetings/{running.id}/report"


# --- The report -------------------------------------------------------------------------------


def closed_with_history(club, row: Meeting):
    """The meeting run and closed, with a slip at it, one before it, closed business and a
    thank-you since the previous meeting, and attendance."""
    third = MembershipFactory(group=club.group, user__name="Tess Third").user
    start = utcnow()
    run.start_meeting(meeting=row, actor=club.facilitator, now=start)
    before = factories.referral(club.group, third, club.member,
                                passed_at=start - timedelta(days=2), prospect_name="Old Lead")
    factories.referral(club.group, club.member, third, meeting_id=row.id,
                       prospect_name="Round Lead")
    entry = factories.closed_business(before, 125_000)
    entry.created_at = start - timedelta(days=1)
    factories.thank_you(before, "Thanks!").created_at = start - timedelta(hours=20)
    check_in(meeting=row, actor=club.member, now=start)
    run.close_meeting(meeting=row, actor=club.facilitator, now=start + timedelta(minutes=90))
    db.session.commit()
    return third


def test_the_report_shows_the_meeting_and_the_days_before_it(stored_club, soon, client, auth):
    club = stored_club
    closed_with_history(club, soon)
    auth.login(club.member)
    page = squash(text(client.get(f"/meetings/{soon.id}/report")))

    assert "1 / 3 Members attended" in page
    assert "2 Referrals (1 at the meeting)" in page
    assert "£1,250.00 Closed business" in page
    assert f"{club.member.name} Tess Third Outside" in page
    assert f"Tess Third {club.member.name} Outside" in page
    assert "Old Lead" not in page and "Round Lead" not in page
    assert f"{club.member.name} thanked Tess Third" in page
    # Each member's ledger: Tess gave one (Old Lead) and received one (Round Lead), and
    # £1,250.00 closed on what she gave.
    assert "Tess Third 1 1 £1,250.00 £0.00" in page
    day = soon.starts_at.astimezone(ZoneInfo("Europe/London")).date()
    assert f"from {format_date(day - timedelta(days=7), 'd MMMM', locale='en')} through" in page
    assert "Next meeting" in page


def test_the_report_csv_has_a_row_per_member(stored_club, soon, client, auth):
    club = stored_club
    closed_with_history(club, soon)
    auth.login(club.member)
    response = client.get(f"/meetings/{soon.id}/report.csv")

    assert response.mimetype == "text/csv"
    assert "attachment; filename=\"report-" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_name = {r["member"]: r for r in rows}
    assert len(rows) == 3
    assert by_name[club.member.name]["attendance"] == "present"
    assert by_name["Tess Third"]["given"] == "1"
    assert by_name["Tess Third"]["value_given"] == "1250.00"
    assert by_name["Tess Third"]["currency"] == "GBP"


def test_a_cancelled_meeting_has_no_report(stored_club, client, auth):
    row = meeting(stored_club.group, stored_club.days[1])
    cancel_meeting(meeting=row, actor=stored_club.facilitator)
    db.session.commit()
    auth.login(stored_club.member)
    assert client.get(f"/meetings/{row.id}/report").status_code == 404
    assert client.get(f"/meetings/{row.id}/report.csv").status_code == 404


def test_the_report_and_run_mode_have_a_query_budget(stored_club, running, client, auth):
    club = stored_club
    auth.login(club.facilitator)

    def counts() -> tuple[int, int, int]:
        result = []
        for path in (f"/meetings/{running.id}/run", f"/meetings/{running.id}/report",
                     f"/meetings/{running.id}/tally"):
            with counting() as queries:
                assert client.get(path).status_code == 200
            result.append(len(queries))
        return tuple(result)

    few = counts()
    for _ in range(30):
        MembershipFactory(group=club.group)
        factories.referral(club.group, club.member, club.facilitator, meeting_id=running.id)
    many = counts()
    assert few == many
    assert max(many) <= 30
