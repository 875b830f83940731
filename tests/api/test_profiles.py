"""GET|PUT /api/v1/me/profile, /api/v1/me/ideal-clients and members' profiles."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import IdealClientProfile, Profile
from partnernet.profiles import services
from tests.api.helpers import assert_error
from tests.factories import MembershipFactory, UserFactory

ALL_MISSING = ["your business name", "your business category", "your talkable difference",
               "a specific ask", "an ideal-client profile", "referral criteria",
               "trigger events", "the industries you serve", "a short bio", "a photo",
               "a website or phone number"]

FULL_PROFILE = {
    "business_name": "Quinn Plumbing & Heating",
    "category": "Plumbing",
    "website": "quinn-plumbing.example",
    "phone": "+44 20 7946 0958",
    "bio": "Family firm.\nTwenty years in the trade.",
    "talkable_difference": "We answer emergency calls within the hour.",
    "specific_ask": "I'd like to meet letting agents.",
}

ICP = {
    "title": "Landlords",
    "industries": "Residential lettings",
    "company_size": "1 to 200 units",
    "geography": "Within 20 miles",
    "decision_makers": "Landlord, property manager",
    "triggers": "Burst pipe\nBoiler breakdown",
    "criteria": ["Owns rental property", "Expects my call"],
    "not_a_fit": "New builds under warranty",
}


def icp_count(user) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(IdealClientProfile)
                             .where(IdealClientProfile.user_id == user.id))


# My profile


def test_a_new_user_has_an_empty_profile(client, app, api_headers):
    user = UserFactory(profile=None)

    response = client.get("/api/v1/me/profile", headers=api_headers(user))

    assert response.status_code == 200
    assert response.get_json() == {
        "business_name": "", "category": "", "website": "", "phone": "", "bio": "",
        "talkable_difference": "", "specific_ask": "", "has_photo": False,
        "ideal_clients": [], "completeness": {"percent": 0, "missing": ALL_MISSING}}


def test_put_saves_the_profile_and_returns_its_completeness(client, app, api_headers):
    user = UserFactory(profile=None)
    headers = api_headers(user)

    response = client.put("/api/v1/me/profile", json=FULL_PROFILE, headers=headers)

    assert response.status_code == 200
    # 6 of the 11 checks pass: round(100 * 6 / 11) = 55.
    expected = {**FULL_PROFILE, "website": "https://quinn-plumbing.example",
                "has_photo": False, "ideal_clients": [],
                "completeness": {"percent": 55, "missing": [
                    "an ideal-client profile", "referral criteria", "trigger events",
                    "the industries you serve", "a photo"]}}
    assert response.get_json() == expected
    assert client.get("/api/v1/me/profile", headers=headers).get_json() == expected
    db.session.expire_all()
    assert db.session.get(Profile, user.id).business_name == "Quinn Plumbing & Heating"


def test_completeness_counts_ideal_clients(client, app, api_headers):
    user = UserFactory(profile=None)
    headers = api_headers(user)
    client.put("/api/v1/me/profile", json=FULL_PROFILE, headers=headers)
    client.post("/api/v1/me/ideal-clients", json={"title": "Landlords"}, headers=headers)

    # An ideal client without criteria, triggers or industries: 7 of 11 = 64.
    body = client.get("/api/v1/me/profile", headers=headers).get_json()
    assert body["completeness"] == {"percent": 64, "missing": [
        "referral criteria", "trigger events", "the industries you serve", "a photo"]}

    client.post("/api/v1/me/ideal-clients", json=ICP, headers=headers)

    body = client.get("/api/v1/me/profile", headers=headers).get_json()
    assert body["completeness"] == {"percent": 91, "missing": ["a photo"]}  # 10 of 11
    assert [c["title"] for c in body["ideal_clients"]] == ["Landlords", "Landlords"]


def test_fields_left_out_become_empty_and_text_is_tidied(client, app, api_headers):
    user = UserFactory(profile=None)
    headers = api_headers(user)
    client.put("/api/v1/me/profile", json=FULL_PROFILE, headers=headers)

    response = client.put("/api/v1/me/profile", headers=headers,
                          json={"business_name": "  Quinn   Plumbing ", "phone": "555 010 2233"})

    assert response.status_code == 200
    body = response.get_json()
    assert (body["business_name"], body["phone"]) == ("Quinn Plumbing", "555 010 2233")
    assert body["website"] == body["bio"] == body["category"] == body["specific_ask"] == ""


def test_html_is_stored_as_text(client, app, api_headers):
    user = UserFactory(profile=None)
    bio = '<script>alert("x")</script> & <b>bold</b>'

    response = client.put("/api/v1/me/profile", json={"bio": bio}, headers=api_headers(user))

    assert response.status_code == 200
    assert response.get_json()["bio"] == bio


@pytest.mark.parametrize("website", [
    "javascript:x", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,hi",
    "javascript://example.com/%0Aalert(1)", "ftp://example.com", "http://localhost",
    "https://exa mple.com"])
def test_website_must_be_http_or_https(client, app, api_headers, website):
    user = UserFactory(profile=None)
    headers = api_headers(user)
    client.put("/api/v1/me/profile", json=FULL_PROFILE, headers=headers)

    response = client.put("/api/v1/me/profile", headers=headers,
                          json={**FULL_PROFILE, "business_name": "Changed", "website": website})

    body = assert_error(response, 422, "validation_error", fields={"website"})
    assert "http" in body["fields"]["website"][0]
    saved = client.get("/api/v1/me/profile", headers=headers).get_json()
    assert (saved["business_name"], saved["website"]) == (
        "Quinn Plumbing & Heating", "https://quinn-plumbing.example")


@pytest.mark.parametrize("phone", ["12345", "call me", "555-CALL-NOW", "1+2345678",
                                   "+44 20 7946 0958 0000 1", "0" * 33])
def test_bad_phone_is_refused_and_nothing_saved(client, app, api_headers, phone):
    user = UserFactory(profile=None)
    headers = api_headers(user)
    client.put("/api/v1/me/profile", json=FULL_PROFILE, headers=headers)

    response = client.put("/api/v1/me/profile", headers=headers,
                          json={**FULL_PROFILE, "bio": "Changed", "phone": phone})

    assert_error(response, 422, "validation_error", fields={"phone"})
    saved = client.get("/api/v1/me/profile", headers=headers).get_json()
    assert (saved["bio"], saved["phone"]) == (FULL_PROFILE["bio"], FULL_PROFILE["phone"])


@pytest.mark.parametrize(("field", "value"), [
    ("business_name", "x" * 121), ("category", "x" * 81), ("bio", "x" * 1001),
    ("talkable_difference", "x" * 201), ("specific_ask", "x" * 301), ("website", "x" * 301),
    ("business_name", "Bell\x07"), ("bio", "NUL\x00"), ("business_name", 42)])
def test_each_field_is_checked(client, app, api_headers, field, value):
    user = UserFactory(profile=None)
    headers = api_headers(user)

    response = client.put("/api/v1/me/profile", json={field: value}, headers=headers)

    assert_error(response, 422, "validation_error", fields={field})
    assert db.session.get(Profile, user.id) is None


def test_profile_needs_a_token(client, app):
    assert_error(client.get("/api/v1/me/profile"), 401, "unauthorized")
    assert_error(client.put("/api/v1/me/profile", json={}), 401, "unauthorized")


# My ideal clients


def test_create_list_get_replace_and_delete_an_ideal_client(client, app, api_headers):
    user = UserFactory()
    headers = api_headers(user)

    created = client.post("/api/v1/me/ideal-clients", json=ICP, headers=headers)

    assert created.status_code == 201
    body = created.get_json()
    icp_id = body.pop("id")
    assert isinstance(icp_id, int)
    assert body == ICP
    second = client.post("/api/v1/me/ideal-clients", json={"title": "Homeowners"},
                         headers=headers).get_json()
    assert second == {"id": second["id"], "title": "Homeowners", "industries": "",
                      "company_size": "", "geography": "", "decision_makers": "",
                      "triggers": "", "criteria": [], "not_a_fit": ""}

    listed = client.get("/api/v1/me/ideal-clients", headers=headers).get_json()
    assert [c["id"] for c in listed["items"]] == [icp_id, second["id"]]
    one = client.get(f"/api/v1/me/ideal-clients/{icp_id}", headers=headers)
    assert one.status_code == 200 and one.get_json() == {"id": icp_id, **ICP}

    replaced = client.put(f"/api/v1/me/ideal-clients/{icp_id}", headers=headers, json={
        "title": " Letting   agents ", "criteria": ["  Manages 50+ units ", "", "  "]})
    assert replaced.status_code == 200
    assert replaced.get_json() == {
        "id": icp_id, "title": "Letting agents", "industries": "", "company_size": "",
        "geography": "", "decision_makers": "", "triggers": "",
        "criteria": ["Manages 50+ units"], "not_a_fit": ""}

    deleted = client.delete(f"/api/v1/me/ideal-clients/{icp_id}", headers=headers)
    assert deleted.status_code == 204
    assert deleted.data == b""
    assert_error(client.get(f"/api/v1/me/ideal-clients/{icp_id}", headers=headers),
                 404, "not_found")
    listed = client.get("/api/v1/me/ideal-clients", headers=headers).get_json()
    assert [c["id"] for c in listed["items"]] == [second["id"]]


def test_another_users_ideal_client_is_404(client, app, api_headers):
    owner, other = UserFactory(), UserFactory()
    icp = services.add_ideal_client(user=owner, data=services.IdealClientData(
        title="Landlords", criteria=("Owns rental property",)))
    db.session.commit()
    headers = api_headers(other)
    url = f"/api/v1/me/ideal-clients/{icp.id}"

    assert_error(client.get(url, headers=headers), 404, "not_found")
    assert_error(client.put(url, json={"title": "Mine now"}, headers=headers), 404, "not_found")
    assert_error(client.delete(url, headers=headers), 404, "not_found")
    assert client.get("/api/v1/me/ideal-clients", headers=headers).get_json() == {"items": []}

    db.session.expire_all()
    kept = db.session.get(IdealClientProfile, icp.id)
    assert (kept.user_id, kept.title, kept.criteria) == (
        owner.id, "Landlords", ["Owns rental property"])


def test_unknown_ideal_client_is_404(client, app, api_headers):
    headers = api_headers(UserFactory())

    assert_error(client.get("/api/v1/me/ideal-clients/999999", headers=headers),
                 404, "not_found", fields=set())
    assert_error(client.delete("/api/v1/me/ideal-clients/999999", headers=headers),
                 404, "not_found", fields=set())


@pytest.mark.parametrize(("data", "field"), [
    ({**ICP, "criteria": [f"Criterion {i}" for i in range(11)]}, "criteria"),
    ({k: v for k, v in ICP.items() if k != "title"}, "title"),
    ({**ICP, "title": ""}, "title"),
    ({**ICP, "title": "   "}, "title"),
    ({**ICP, "title": "x" * 121}, "title"),
    ({**ICP, "industries": "x" * 201}, "industries"),
    ({**ICP, "triggers": "x" * 1001}, "triggers"),
    ({**ICP, "not_a_fit": "x" * 501}, "not_a_fit"),
    ({**ICP, "criteria": "not a list"}, "criteria"),
    ({**ICP, "criteria": ["x" * 121]}, "criteria"),
    ({**ICP, "criteria": ["ok", None]}, "criteria"),
    ({**ICP, "criteria": ["Bell\x07"]}, "criteria"),
])
def test_bad_ideal_client_is_422_and_nothing_saved(client, app, api_headers, data, field):
    user = UserFactory()

    response = client.post("/api/v1/me/ideal-clients", json=data, headers=api_headers(user))

    assert_error(response, 422, "validation_error", fields={field})
    assert icp_count(user) == 0


def test_bad_replacement_leaves_the_ideal_client_as_it_was(client, app, api_headers):
    user = UserFactory()
    headers = api_headers(user)
    icp_id = client.post("/api/v1/me/ideal-clients", json=ICP, headers=headers).get_json()["id"]

    response = client.put(f"/api/v1/me/ideal-clients/{icp_id}", headers=headers, json={
        **ICP, "title": "Changed", "criteria": [f"c{i}" for i in range(11)]})

    assert_error(response, 422, "validation_error", fields={"criteria"})
    assert client.get(f"/api/v1/me/ideal-clients/{icp_id}",
                      headers=headers).get_json() == {"id": icp_id, **ICP}


def test_a_bad_criterion_is_named_by_its_position(client, app, api_headers):
    response = client.post("/api/v1/me/ideal-clients", headers=api_headers(UserFactory()),
                           json={**ICP, "criteria": ["Fine", "x" * 121]})

    body = assert_error(response, 422, "validation_error", fields={"criteria"})
    assert body["fields"]["criteria"] == ["Item 2: Length must be between 0 and 120."]


def test_ten_criteria_are_allowed(client, app, api_headers):
    criteria = [f"Criterion {i}" for i in range(10)]

    response = client.post("/api/v1/me/ideal-clients", json={**ICP, "criteria": criteria},
                           headers=api_headers(UserFactory()))

    assert response.status_code == 201
    assert response.get_json()["criteria"] == criteria


def test_at_most_ten_ideal_clients(client, app, api_headers):
    user = UserFactory()
    headers = api_headers(user)
    for i in range(10):
        response = client.post("/api/v1/me/ideal-clients", json={"title": f"Kind {i}"},
                               headers=headers)
        assert response.status_code == 201

    response = client.post("/api/v1/me/ideal-clients", json={"title": "One more"},
                           headers=headers)

    body = assert_error(response, 422, "validation_error", fields=set())
    assert "10" in body["message"]
    assert icp_count(user) == 10


# A member's profile as their group sees it


def test_member_sees_a_partners_profile(client, world, api_headers):
    partner = UserFactory(name="Pat Quinn", profile=None)
    MembershipFactory(group=world.group, user=partner, category="Plumbing", title="Treasurer")
    services.update_profile(user=partner, data=services.ProfileData(**FULL_PROFILE))
    icp = services.add_ideal_client(user=partner, data=services.IdealClientData(
        **{**ICP, "criteria": tuple(ICP["criteria"])}))
    db.session.commit()

    response = client.get(f"/api/v1/groups/{world.group.id}/members/{partner.id}/profile",
                          headers=api_headers(world.member))

    assert response.status_code == 200
    assert response.get_json() == {
        "member_id": partner.id, "name": "Pat Quinn",
        "business": "Quinn Plumbing & Heating", "category": "Plumbing", "role": "member",
        "title": "Treasurer", "specific_ask": FULL_PROFILE["specific_ask"],
        "talkable_difference": FULL_PROFILE["talkable_difference"], "spheres": [],
        "has_photo": False, "website": "https://quinn-plumbing.example",
        "phone": FULL_PROFILE["phone"], "bio": FULL_PROFILE["bio"],
        "ideal_clients": [{"id": icp.id, **ICP}]}


def test_member_without_a_profile_has_empty_fields(client, world, api_headers):
    bare = UserFactory(name="Bo Bare", profile=None)
    MembershipFactory(group=world.group, user=bare)

    response = client.get(f"/api/v1/groups/{world.group.id}/members/{bare.id}/profile",
                          headers=api_headers(world.member))

    assert response.status_code == 200
    body = response.get_json()
    assert (body["name"], body["business"], body["website"], body["ideal_clients"]) == (
        "Bo Bare", "", "", [])


def test_outsider_cannot_see_a_members_profile(client, world, api_headers):
    response = client.get(f"/api/v1/groups/{world.group.id}/members/{world.member.id}/profile",
                          headers=api_headers(world.outsider))

    assert_error(response, 404, "not_found", fields=set())
    assert world.member.name.encode() not in response.data


def test_profile_of_someone_not_in_the_group_is_404(client, world, api_headers):
    gid = world.group.id
    headers = api_headers(world.member)
    left = UserFactory(name="Lee Left")
    MembershipFactory(group=world.group, user=left, left_at=datetime(2025, 1, 1, tzinfo=UTC))

    for uid in (world.outsider.id, left.id, 999999):
        response = client.get(f"/api/v1/groups/{gid}/members/{uid}/profile", headers=headers)
        assert_error(response, 404, "not_found", fields=set())
    assert_error(client.get(f"/api/v1/groups/{world.other_group.id + 1000}/members/"
                            f"{world.member.id}/profile", headers=headers), 404, "not_found")
