"""Running a meeting and reading its report through the API: start, step, the state with
its tally, close (which emails the report), the report's shape, and who may do what.

The club (tests/meetings/conftest.py) has a facilitator, a member and an outsider leading
another group; its first meeting is moved to start ten minutes from now.
"""

from datetime import timedelta

import pytest

from partnernet.extensions import db
from partnernet.meetings import run
from partnernet.meetings.attendance import check_in
from partnernet.meetings.services import cancel_meeting
from partnernet.models import Meeting
from partnernet.models.base import utcnow
from partnernet.models.meetings import MeetingStatus
from tests import factories
from tests.api.helpers import assert_error
from tests.meetings.conftest import MISSING, meeting

REPORT_KEYS = {"meeting", "final", "currency", "since", "until", "previous_meeting_id",
               "attendance", "visitors", "referrals", "closed_business", "thank_yous",
               "ledger_start", "ledger_end", "ledger", "next_meeting", "presenters"}


@pytest.fixture
def as_(stored_club, api_headers):
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(stored_club, who))
        return cache[who]

    return headers


def test_a_facilitator_runs_a_meeting_start_to_finish(stored_club, soon, client, as_, smtp):
    club = stored_club
    response = client.post(f"/api/v1/meetings/{soon.id}/start", json={"version": soon.version},
                           headers=as_("facilitator"))
    assert response.status_code == 200, response.get_json()
    state = response.get_json()
    assert state["meeting"]["status"] == "running"
    assert state["current_item"]["title"] == "Open networking"
    assert len(state["agenda"]) == 9
    assert state["tally"] == {"referrals": 0, "closed_count": 0, "closed_value": "0.00",
                              "thank_yous": 0, "recent": []}

    check_in(meeting=db.session.get(Meeting, soon.id), actor=club.member, now=utcnow())
    db.session.commit()
    version = state["meeting"]["version"]
    state = client.post(f"/api/v1/meetings/{soon.id}/step",
                        json={"position": 3, "version": version},
                        headers=as_("facilitator")).get_json()
    assert state["current_item"]["kind"] == "presentations"
    state = client.post(f"/api/v1/meetings/{soon.id}/step",
                        json={"speaker": 0, "version": state["meeting"]["version"]},
                        headers=as_("facilitator")).get_json()
    assert state["speaker"] == club.member.name

    # A member passes a slip through the API while it runs: the tally has it.
    slip = client.post(f"/api/v1/groups/{club.group.id}/referrals", headers=as_("member"),
                       json={"receiver_id": club.facilitator.id, "kind": "outside",
                             "relationship": "client", "temperature": 4,
                             "prospect": {"name": "Api Prospect"}})
    assert slip.status_code == 201, slip.get_json()
    assert slip.get_json()["meeting_id"] == soon.id
    state = client.get(f"/api/v1/meetings/{soon.id}/run", headers=as_("member")).get_json()
    assert state["tally"]["referrals"] == 1
    assert state["tally"]["recent"][0]["giver_name"] == club.member.name

    report = client.post(f"/api/v1/meetings/{soon.id}/close",
                         json={"version": state["meeting"]["version"]},
                         headers=as_("facilitator"))
    assert report.status_code == 200
    data = report.get_json()
    assert set(data) == REPORT_KEYS
    assert data["final"] is True and data["meeting"]["status"] == "closed"
    assert [(r["giver_id"], r["receiver_id"], r["at_meeting"]) for r in data["referrals"]] == \
        [(club.member.id, club.facilitator.id, True)]
    assert "prospect" not in data["referrals"][0]
    assert {a["member_id"]: a["status"] for a in data["attendance"]} == \
        {club.member.id: "present", club.facilitator.id: "absent"}  # nobody checked Priya in
    reports = [m for m in smtp.messages if "the report of" in m.message["Subject"]]
    assert sorted(m.rcpt_tos[0] for m in reports) == sorted([club.facilitator.email,
                                                             club.member.email])


def test_the_report_of_a_closed_meeting(stored_club, soon, client, as_):
    club = stored_club
    start = utcnow()
    run.start_meeting(meeting=soon, actor=club.facilitator, now=start)
    gave = factories.referral(club.group, club.facilitator, club.member,
                              passed_at=start - timedelta(days=1))
    factories.closed_business(gave, 125_050).created_at = start - timedelta(hours=2)
    run.close_meeting(meeting=soon, actor=club.facilitator, now=start + timedelta(minutes=90))
    db.session.commit()

    data = client.get(f"/api/v1/meetings/{soon.id}/report", headers=as_("member")).get_json()
    assert data["closed_business"] == [{
        "closed_on": gave.passed_at.date().isoformat(), "giver_name": club.facilitator.name,
        "receiver_name": club.member.name, "amount": "1250.50", "kind": "new"}]
    ledger = {row["member_id"]: row for row in data["ledger"]}
    assert ledger[club.facilitator.id]["given"] == 1
    assert ledger[club.member.id]["value_received"] == "1250.50"
    assert data["next_meeting"]["id"] == meeting(club.group, club.days[1]).id


@pytest.mark.parametrize("path, body", [
    ("start", {}), ("step", {"position": 1}), ("close", {}),
])
def test_a_member_may_not_run_the_meeting(stored_club, soon, client, as_, path, body):
    if path != "start":
        run.start_meeting(meeting=soon, actor=stored_club.facilitator, now=utcnow())
        db.session.commit()
    before = (soon.status, soon.current_item, soon.version)
    response = client.post(f"/api/v1/meetings/{soon.id}/{path}", json=body,
                           headers=as_("member"))
    assert_error(response, 403, "forbidden")
    db.session.refresh(soon)
    assert (soon.status, soon.current_item, soon.version) == before


@pytest.mark.parametrize("method, path", [
    ("get", "run"), ("get", "report"), ("post", "start"), ("post", "step"), ("post", "close"),
])
def test_an_outsider_or_a_missing_meeting_gets_404(stored_club, soon, client, as_, method,
                                                    path):
    for mid, who in ((soon.id, "outsider"), (MISSING, "facilitator")):
        response = client.open(f"/api/v1/meetings/{mid}/{path}", method=method.upper(),
                               json={} if method == "post" else None, headers=as_(who))
        body = assert_error(response, 404, "not_found")
        assert "Riverside" not in body["message"]
    db.session.refresh(soon)
    assert soon.status == MeetingStatus.SCHEDULED


def test_refusals_are_422_and_stale_versions_409(stored_club, soon, client, as_):
    later = meeting(stored_club.group, stored_club.days[1])
    response = client.post(f"/api/v1/meetings/{later.id}/start", json={},
                           headers=as_("facilitator"))
    assert_error(response, 422, "validation_error", {"status"})

    client.post(f"/api/v1/meetings/{soon.id}/start", json={}, headers=as_("facilitator"))
    response = client.post(f"/api/v1/meetings/{soon.id}/step",
                           json={"position": 99}, headers=as_("facilitator"))
    assert_error(response, 422, "validation_error", {"position"})
    response = client.post(f"/api/v1/meetings/{soon.id}/step",
                           json={"position": 1, "version": 1}, headers=as_("facilitator"))
    assert_error(response, 409, "conflict")
    response = client.post(f"/api/v1/meetings/{soon.id}/step",
                           json={"position": "two"}, headers=as_("facilitator"))
    assert_error(response, 422, "validation_error", {"position"})


def test_a_cancelled_meeting_has_no_report(stored_club, client, as_):
    row = meeting(stored_club.group, stored_club.days[2])
    cancel_meeting(meeting=row, actor=stored_club.facilitator)
    db.session.commit()
    response = client.get(f"/api/v1/meetings/{row.id}/report", headers=as_("member"))
    assert_error(response, 404, "not_found")
