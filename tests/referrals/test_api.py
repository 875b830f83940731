"""The referral API: pass, list, detail, pipeline, notes, closed business, quality, thanks."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Membership,
    Notification,
    Referral,
    ReferralEvent,
    Role,
    ThankYou,
)
from partnernet.models.referrals import Status
from partnernet.periods import local_today
from tests import factories
from tests.api import conftest as api_fixtures
from tests.api.helpers import assert_error

api_headers = api_fixtures.api_headers  # the API tests' fixture, used here too

DOCUMENTED = {"id", "group_id", "giver_id", "receiver_id", "kind", "relationship",
              "temperature", "status", "version", "passed_at", "source_referral_id",
              "prospect", "closed_value", "thanked"}

SLIP = {
    "kind": "outside", "relationship": "client", "temperature": 4,
    "prospect": {"name": "Dana Prospect", "company": "Harbour Dental",
                 "email": "dana@harbour.example", "phone": "+44 20 7946 0000"},
    "note": "Expanding to a second surgery.", "expects_call": True,
}


@pytest.fixture
def cast(app):
    cast = factories.make_referral_cast()
    cast.facilitator = factories.MembershipFactory(
        group=cast.group, role=Role.FACILITATOR, user__name="Fay Facilitator").user
    return cast


@pytest.fixture
def as_(api_headers, cast):
    """Headers for a member of the cast by role name."""
    cache: dict[str, dict] = {}

    def headers(who: str) -> dict:
        if who not in cache:
            cache[who] = api_headers(getattr(cast, who))
        return cache[who]

    return headers


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def slip(cast, **changes) -> dict:
    return {**SLIP, "receiver_id": cast.receiver.id, **changes}


def pass_one(client, cast, as_, **changes) -> dict:
    response = client.post(f"/api/v1/groups/{cast.group.id}/referrals",
                           json=slip(cast, **changes), headers=as_("giver"))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


# POST /groups/{gid}/referrals


def test_pass_a_referral(client, cast, as_):
    body = pass_one(client, cast, as_)

    assert set(body) >= DOCUMENTED
    assert body["group_id"] == cast.group.id
    assert (body["giver_id"], body["receiver_id"]) == (cast.giver.id, cast.receiver.id)
    assert (body["giver_name"], body["receiver_name"]) == ("Gina Giver", "Rafael Receiver")
    assert (body["kind"], body["relationship"], body["temperature"]) == ("outside", "client", 4)
    assert body["status"] == "passed" and body["version"] == 1
    assert body["prospect"] == {"name": "Dana Prospect", "company": "Harbour Dental",
                                "email": "dana@harbour.example", "phone": "+44 20 7946 0000"}
    assert (body["closed_value"], body["currency"], body["thanked"]) == ("0.00", "GBP", False)
    assert body["source_referral_id"] is None
    assert body["expects_call"] is True
    assert body["note"] == "Expanding to a second surgery."
    assert [e["kind"] for e in body["events"]] == ["passed"]
    assert datetime.fromisoformat(body["passed_at"]).tzinfo is not None

    stored = db.session.get(Referral, body["id"])
    assert stored.prospect_email == "dana@harbour.example"
    assert db.session.scalar(sa.select(Notification.user_id)) == cast.receiver.id


def test_pass_with_criteria_and_a_source(client, cast, as_):
    factories.IdealClientFactory(user=cast.receiver, criteria=["Owner-managed", "Two sites"])
    first = pass_one(client, cast, as_)
    body = pass_one(client, cast, as_, criteria_met=["Two sites"],
                    source_referral_id=first["id"],
                    prospect={"name": "Ed Next", "company": "", "email": "", "phone": ""})

    assert body["criteria_met"] == ["Two sites"]
    assert body["source_referral_id"] == first["id"]
    assert body["prospect"] == {"name": "Ed Next", "company": "", "email": "", "phone": ""}


@pytest.mark.parametrize(("changes", "field"), [
    ({"receiver_id": "outsider"}, "receiver_id"),
    ({"receiver_id": "giver"}, "receiver_id"),
    ({"receiver_id": 999_999}, "receiver_id"),
    ({"kind": "sideways"}, "kind"),
    ({"relationship": "cousin"}, "relationship"),
    ({"temperature": 9}, "temperature"),
    ({"prospect": {"name": ""}}, "prospect.name"),
    ({"prospect": {"company": "No name"}}, "prospect.name"),
    ({"prospect": {"name": "   "}}, "prospect.name"),
    ({"prospect": {"name": "Dana", "email": "not-an-email"}}, "prospect.email"),
    ({"prospect": {"name": "Dana", "phone": "call me maybe"}}, "prospect.phone"),
    ({"criteria_met": ["Not one of theirs"]}, "criteria_met"),
    ({"source_referral_id": 999_999}, "source_referral_id"),
    ({"note": "x" * 2001}, "note"),
])
def test_pass_refuses_bad_slips_and_saves_nothing(client, cast, as_, changes, field):
    if changes.get("receiver_id") in ("outsider", "giver"):
        changes = {"receiver_id": getattr(cast, changes["receiver_id"]).id}

    response = client.post(f"/api/v1/groups/{cast.group.id}/referrals",
                           json=slip(cast, **changes), headers=as_("giver"))

    assert_error(response, 422, "validation_error", {field})
    assert count(Referral) == count(ReferralEvent) == count(Notification) == 0


def test_pass_needs_a_body_with_a_receiver_and_a_prospect(client, cast, as_):
    response = client.post(f"/api/v1/groups/{cast.group.id}/referrals", json={},
                           headers=as_("giver"))

    assert_error(response, 422, "validation_error", {"receiver_id", "prospect"})


def test_an_outsider_cannot_pass_a_referral_in_the_group(client, cast, as_):
    response = client.post(f"/api/v1/groups/{cast.group.id}/referrals", json=slip(cast),
                           headers=as_("outsider"))

    assert_error(response, 404, "not_found")
    assert count(Referral) == 0


def test_the_api_needs_a_token(client, cast):
    response = client.get(f"/api/v1/groups/{cast.group.id}/referrals")

    assert_error(response, 401, "unauthorized")


# GET /groups/{gid}/referrals


def test_list_given_and_received_with_counts(client, cast, as_):
    mine = factories.referral(cast.group, cast.giver, cast.receiver, status=Status.ACCEPTED,
                              prospect_name="Older", prospect_email="o@example.com",
                              passed_at=datetime.now(UTC) - timedelta(days=3))
    newer = factories.referral(cast.group, cast.giver, cast.member, prospect_name="Newer")
    back = factories.referral(cast.group, cast.receiver, cast.giver, status=Status.WON,
                              prospect_name="Returned")
    factories.closed_business(back, 125_000)

    given = client.get(f"/api/v1/groups/{cast.group.id}/referrals?role=given",
                       headers=as_("giver")).get_json()
    received = client.get(f"/api/v1/groups/{cast.group.id}/referrals?role=received",
                          headers=as_("giver")).get_json()

    assert [r["id"] for r in given["items"]] == [newer.id, mine.id]
    assert given["items"][1]["prospect"]["email"] == "o@example.com"
    assert given["counts"]["passed"] == 1 and given["counts"]["accepted"] == 1
    assert set(given["counts"]) == {s.value for s in Status}
    assert sum(given["counts"].values()) == 2
    assert [r["id"] for r in received["items"]] == [back.id]
    assert received["items"][0]["closed_value"] == "1250.00"
    assert received["items"][0]["currency"] == "GBP"
    assert set(received["items"][0]) >= DOCUMENTED


def test_list_filters_by_status_but_counts_every_status(client, cast, as_):
    factories.referral(cast.group, cast.giver, cast.receiver, status=Status.ACCEPTED)
    factories.referral(cast.group, cast.giver, cast.receiver, status=Status.LOST)
    factories.referral(cast.group, cast.giver, cast.receiver)

    body = client.get(f"/api/v1/groups/{cast.group.id}/referrals?role=given&status=lost",
                      headers=as_("giver")).get_json()
    open_ = client.get(f"/api/v1/groups/{cast.group.id}/referrals?role=given&status=open",
                       headers=as_("giver")).get_json()

    assert [r["status"] for r in body["items"]] == ["lost"]
    assert (body["counts"]["passed"], body["counts"]["accepted"], body["counts"]["lost"]) == \
        (1, 1, 1)
    assert sorted(r["status"] for r in open_["items"]) == ["accepted", "passed"]


def test_list_by_period_uses_the_groups_local_dates(client, as_, api_headers):
    cast = factories.make_referral_cast(timezone="Pacific/Auckland", currency="NZD")
    # 11:30 UTC on 31 March is 00:30 on 1 April in Auckland (NZDT, UTC+13).
    april = factories.referral(cast.group, cast.giver, cast.receiver, prospect_name="April",
                               passed_at=datetime(2025, 3, 31, 11, 30, tzinfo=UTC))
    factories.referral(cast.group, cast.giver, cast.receiver, prospect_name="March",
                       passed_at=datetime(2025, 3, 31, 10, 30, tzinfo=UTC))

    response = client.get(f"/api/v1/groups/{cast.group.id}/referrals"
                          "?start=2025-04-01&end=2025-05-01", headers=api_headers(cast.giver))

    assert [r["id"] for r in response.get_json()["items"]] == [april.id]
    assert response.get_json()["items"][0]["currency"] == "NZD"


def test_list_named_period(client, cast, as_):
    recent = factories.referral(cast.group, cast.giver, cast.receiver)
    factories.referral(cast.group, cast.giver, cast.receiver,
                       passed_at=datetime.now(UTC) - timedelta(days=40))

    week = client.get(f"/api/v1/groups/{cast.group.id}/referrals?period=week",
                      headers=as_("giver")).get_json()
    every = client.get(f"/api/v1/groups/{cast.group.id}/referrals?period=all",
                       headers=as_("giver")).get_json()

    assert [r["id"] for r in week["items"]] == [recent.id]
    assert len(every["items"]) == 2


@pytest.mark.parametrize(("query", "field"), [
    ("role=sideways", "role"), ("status=pending", "status"), ("period=fortnight", "period"),
    ("start=2025-13-01", "start"), ("start=2025-05-01&end=2025-04-01", "end"),
    ("period=week&start=2025-04-01", "period"),
])
def test_list_refuses_bad_filters(client, cast, as_, query, field):
    response = client.get(f"/api/v1/groups/{cast.group.id}/referrals?{query}",
                          headers=as_("giver"))

    assert_error(response, 422, "validation_error", {field})


def test_list_is_404_for_an_outsider(client, cast, as_):
    factories.referral(cast.group, cast.giver, cast.receiver)

    response = client.get(f"/api/v1/groups/{cast.group.id}/referrals", headers=as_("outsider"))

    assert_error(response, 404, "not_found")


# GET /referrals/{rid}


def test_detail_has_the_timeline_closed_business_and_thanks(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]
    client.post(f"/api/v1/referrals/{rid}/status", json={"status": "accepted"},
                headers=as_("receiver"))
    client.post(f"/api/v1/referrals/{rid}/closed-business",
                json={"amount": "1250.00", "closed_on": local_today("Europe/London").isoformat(),
                      "note": "First job"}, headers=as_("receiver"))
    client.post(f"/api/v1/referrals/{rid}/thanks", json={"message": "Thank you, Gina!",
                                                         "gift": "Coffee"},
                headers=as_("receiver"))

    body = client.get(f"/api/v1/referrals/{rid}", headers=as_("giver")).get_json()

    assert body["status"] == "won"
    assert body["closed_value"] == body["chain_value"] == "1250.00"
    assert body["thanked"] is True
    assert body["thank_you"] == {"referral_id": rid, "message": "Thank you, Gina!",
                                 "gift": "Coffee"}
    assert [e["kind"] for e in body["events"]] == ["passed", "status", "status",
                                                   "closed_business", "thanked"]
    closed = body["events"][3]
    assert closed["data"]["amount"] == "1250.00" and closed["actor_name"] == "Rafael Receiver"
    [entry] = body["closed_business"]
    assert entry | {"id": 0} == {"id": 0, "referral_id": rid, "amount": "1250.00",
                                 "currency": "GBP", "kind": "new", "deleted": False,
                                 "closed_on": local_today("Europe/London").isoformat(),
                                 "note": "First job"}
    assert body["moves"] == []  # the giver can't withdraw a won referral


def test_detail_for_another_member_and_for_an_outsider(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    seen = client.get(f"/api/v1/referrals/{rid}", headers=as_("member"))
    hidden = client.get(f"/api/v1/referrals/{rid}", headers=as_("outsider"))
    missing = client.get("/api/v1/referrals/999999", headers=as_("member"))

    assert seen.status_code == 200
    assert seen.get_json()["moves"] == []
    assert_error(hidden, 404, "not_found")
    assert_error(missing, 404, "not_found")


def test_a_former_member_no_longer_sees_the_groups_referrals(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == cast.member.id))
    membership.left_at = datetime.now(UTC)
    db.session.commit()

    assert_error(client.get(f"/api/v1/referrals/{rid}", headers=as_("member")), 404,
                 "not_found")


# POST /referrals/{rid}/status


def test_the_receiver_moves_it_along_and_the_giver_sees_each_step(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    accepted = client.post(f"/api/v1/referrals/{rid}/status",
                           json={"status": "accepted", "note": "Calling today", "version": 1},
                           headers=as_("receiver"))

    assert accepted.status_code == 200
    body = accepted.get_json()
    assert (body["status"], body["version"]) == ("accepted", 2)
    giver_view = client.get(f"/api/v1/referrals/{rid}", headers=as_("giver")).get_json()
    step = giver_view["events"][-1]
    assert (step["from_status"], step["to_status"], step["note"]) == \
        ("passed", "accepted", "Calling today")


def test_a_stale_version_is_a_conflict_and_changes_nothing(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]
    client.post(f"/api/v1/referrals/{rid}/status", json={"status": "accepted", "version": 1},
                headers=as_("receiver"))

    response = client.post(f"/api/v1/referrals/{rid}/status",
                           json={"status": "withdrawn", "version": 1}, headers=as_("giver"))

    assert_error(response, 409, "conflict", {"version"})
    db.session.expire_all()
    referral = db.session.get(Referral, rid)
    assert (referral.status, referral.version) == ("accepted", 2)


def test_declining_needs_a_reason(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    refused = client.post(f"/api/v1/referrals/{rid}/status", json={"status": "declined"},
                          headers=as_("receiver"))
    declined = client.post(f"/api/v1/referrals/{rid}/status",
                           json={"status": "declined", "reason": "Outside my area"},
                           headers=as_("receiver"))

    assert_error(refused, 422, "validation_error", {"reason"})
    assert declined.status_code == 200
    assert declined.get_json()["declined_reason"] == "Outside my area"


@pytest.mark.parametrize(("who", "status", "code"), [
    ("member", "accepted", 403),       # not a party
    ("facilitator", "accepted", 403),  # facilitators don't work other people's referrals
    ("giver", "accepted", 422),        # the giver can only withdraw
    ("receiver", "won", 422),          # not from passed
    ("receiver", "nonsense", 422),
    ("outsider", "accepted", 404),
])
def test_status_changes_follow_the_rules(client, cast, as_, who, status, code):
    rid = pass_one(client, cast, as_)["id"]

    response = client.post(f"/api/v1/referrals/{rid}/status", json={"status": status},
                           headers=as_(who))

    assert_error(response, code, {403: "forbidden", 404: "not_found",
                                  422: "validation_error"}[code])
    db.session.expire_all()
    assert db.session.get(Referral, rid).status == "passed"
    assert count(ReferralEvent) == 1


# POST /referrals/{rid}/notes


def test_notes(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    added = client.post(f"/api/v1/referrals/{rid}/notes", json={"note": "Left a voicemail"},
                        headers=as_("receiver"))
    empty = client.post(f"/api/v1/referrals/{rid}/notes", json={"note": ""},
                        headers=as_("receiver"))
    stranger = client.post(f"/api/v1/referrals/{rid}/notes", json={"note": "Hi"},
                           headers=as_("member"))

    assert added.status_code == 201
    assert added.get_json() | {"id": 0, "created_at": ""} == {
        "id": 0, "created_at": "", "kind": "note", "actor_name": "Rafael Receiver",
        "from_status": None, "to_status": None, "note": "Left a voicemail", "data": {}}
    assert_error(empty, 422, "validation_error", {"note"})
    assert_error(stranger, 403, "forbidden")
    assert count(ReferralEvent) == 2


# Closed business


def closed(client, as_, rid, who="receiver", **body):
    payload = {"amount": "1250.00", "kind": "new",
               "closed_on": local_today("Europe/London").isoformat(), **body}
    return client.post(f"/api/v1/referrals/{rid}/closed-business", json=payload,
                       headers=as_(who))


def test_record_closed_business(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    response = closed(client, as_, rid, amount="1,250.5", kind="repeat")

    assert response.status_code == 201
    body = response.get_json()
    assert (body["amount"], body["currency"], body["kind"]) == ("1250.50", "GBP", "repeat")
    referral = client.get(f"/api/v1/referrals/{rid}", headers=as_("giver")).get_json()
    assert (referral["status"], referral["closed_value"]) == ("won", "1250.50")


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "-5"}, "amount"),
    ({"amount": "0"}, "amount"),
    ({"amount": "100000000.01"}, "amount"),
    ({"amount": "12.345"}, "amount"),
    ({"amount": "lots"}, "amount"),
    ({"amount": 1250.5}, "amount"),
    ({"kind": "recurring"}, "kind"),
    ({"closed_on": "31/03/2025"}, "closed_on"),
    ({"closed_on": "2999-01-01"}, "closed_on"),
    ({"closed_on": "2000-01-01"}, "closed_on"),  # before the referral was passed
])
def test_closed_business_refuses_bad_values(client, cast, as_, body, field):
    rid = pass_one(client, cast, as_)["id"]

    response = closed(client, as_, rid, **body)

    assert_error(response, 422, "validation_error", {field})
    assert count(ClosedBusiness) == 0
    db.session.expire_all()
    assert db.session.get(Referral, rid).status == "passed"


def test_only_the_receiver_records_closed_business(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    assert_error(closed(client, as_, rid, who="giver"), 403, "forbidden")
    assert_error(closed(client, as_, rid, who="facilitator"), 403, "forbidden")
    assert_error(closed(client, as_, rid, who="outsider"), 404, "not_found")
    assert count(ClosedBusiness) == 0


def test_closed_business_with_a_stale_version(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]
    client.post(f"/api/v1/referrals/{rid}/status", json={"status": "accepted"},
                headers=as_("receiver"))

    assert_error(closed(client, as_, rid, version=1), 409, "conflict", {"version"})
    assert count(ClosedBusiness) == 0


def test_correct_and_delete_closed_business(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]
    cid = closed(client, as_, rid).get_json()["id"]
    today = local_today("Europe/London").isoformat()

    by_giver = client.put(f"/api/v1/closed-business/{cid}",
                          json={"amount": "1.00", "closed_on": today}, headers=as_("giver"))
    by_outsider = client.put(f"/api/v1/closed-business/{cid}",
                             json={"amount": "1.00", "closed_on": today},
                             headers=as_("outsider"))
    invalid = client.put(f"/api/v1/closed-business/{cid}",
                         json={"amount": "-1", "closed_on": today}, headers=as_("receiver"))
    corrected = client.put(f"/api/v1/closed-business/{cid}",
                           json={"amount": "1500", "kind": "repeat", "closed_on": today,
                                 "note": "Two invoices"}, headers=as_("receiver"))

    assert_error(by_giver, 403, "forbidden")
    assert_error(by_outsider, 404, "not_found")
    assert_error(invalid, 422, "validation_error", {"amount"})
    assert corrected.status_code == 200
    assert (corrected.get_json()["amount"], corrected.get_json()["kind"]) == ("1500.00",
                                                                              "repeat")

    assert_error(client.delete(f"/api/v1/closed-business/{cid}", headers=as_("giver")), 403,
                 "forbidden")
    deleted = client.delete(f"/api/v1/closed-business/{cid}", headers=as_("receiver"))
    assert deleted.status_code == 204
    assert_error(client.delete("/api/v1/closed-business/999999", headers=as_("receiver")), 404,
                 "not_found")

    body = client.get(f"/api/v1/referrals/{rid}", headers=as_("giver")).get_json()
    assert body["closed_value"] == "0.00"
    assert body["closed_business"][0]["deleted"] is True
    changed = next(e for e in body["events"] if e["kind"] == "closed_business_changed")
    assert changed["data"]["before"]["amount"] == "1250.00"
    assert changed["data"]["after"]["amount"] == "1500.00"


# Quality and thanks


def test_quality(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    rated = client.post(f"/api/v1/referrals/{rid}/quality", json={"quality": "qualified"},
                        headers=as_("receiver"))
    by_giver = client.post(f"/api/v1/referrals/{rid}/quality", json={"quality": "lukewarm"},
                           headers=as_("giver"))
    unknown = client.post(f"/api/v1/referrals/{rid}/quality", json={"quality": "great"},
                          headers=as_("receiver"))

    assert rated.status_code == 200 and rated.get_json()["quality"] == "qualified"
    assert_error(by_giver, 403, "forbidden")
    assert_error(unknown, 422, "validation_error", {"quality"})


def test_thanks(client, cast, as_):
    rid = pass_one(client, cast, as_)["id"]

    by_giver = client.post(f"/api/v1/referrals/{rid}/thanks", json={"message": "Me?"},
                           headers=as_("giver"))
    empty = client.post(f"/api/v1/referrals/{rid}/thanks", json={"message": ""},
                        headers=as_("receiver"))
    thanked = client.post(f"/api/v1/referrals/{rid}/thanks",
                          json={"message": "Thank you!", "gift": "Lunch"},
                          headers=as_("receiver"))
    again = client.post(f"/api/v1/referrals/{rid}/thanks", json={"message": "Again"},
                        headers=as_("receiver"))

    assert_error(by_giver, 403, "forbidden")
    assert_error(empty, 422, "validation_error", {"message"})
    assert thanked.status_code == 201
    assert thanked.get_json() == {"referral_id": rid, "message": "Thank you!", "gift": "Lunch"}
    assert_error(again, 409, "conflict")
    assert count(ThankYou) == 1


# The OpenAPI description


def test_the_openapi_document_describes_every_referral_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]

    expected = {
        "/api/v1/groups/{gid}/referrals": {"get", "post"},
        "/api/v1/referrals/{rid}": {"get"},
        "/api/v1/referrals/{rid}/status": {"post"},
        "/api/v1/referrals/{rid}/notes": {"post"},
        "/api/v1/referrals/{rid}/closed-business": {"post"},
        "/api/v1/closed-business/{cid}": {"put", "delete"},
        "/api/v1/referrals/{rid}/quality": {"post"},
        "/api/v1/referrals/{rid}/thanks": {"post"},
        "/api/v1/groups/{gid}/imports/referrals": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    schemas = spec["components"]["schemas"]
    assert [n for n in schemas if n[-1].isdigit()] == []
    referral = schemas["ReferralOut"]["properties"]
    assert set(referral) >= DOCUMENTED
    assert "text/csv" in paths["/api/v1/groups/{gid}/imports/referrals"]["post"][
        "requestBody"]["content"]
    assert {"403", "409", "422"} <= set(paths["/api/v1/referrals/{rid}/status"]["post"][
        "responses"])


def test_dates_in_the_future_are_today_plus_one_in_the_groups_zone(client, as_, api_headers):
    cast = factories.make_referral_cast(timezone="Pacific/Kiritimati", currency="AUD")
    headers = api_headers(cast.receiver)
    rid = client.post(f"/api/v1/groups/{cast.group.id}/referrals",
                      json={**SLIP, "receiver_id": cast.receiver.id},
                      headers=api_headers(cast.giver)).get_json()["id"]
    today = local_today("Pacific/Kiritimati")

    ok = client.post(f"/api/v1/referrals/{rid}/closed-business",
                     json={"amount": "10", "closed_on": today.isoformat()}, headers=headers)
    future = client.post(f"/api/v1/referrals/{rid}/closed-business",
                         json={"amount": "10",
                               "closed_on": (today + timedelta(days=1)).isoformat()},
                         headers=headers)

    assert ok.status_code == 201, ok.get_json()
    assert_error(future, 422, "validation_error", {"closed_on"})
