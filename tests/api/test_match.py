"""GET /api/v1/groups/{gid}/match?q=: partners ranked for a lead described in plain words."""

import math

import pytest

from partnernet.extensions import db
from partnernet.groups.services import leave_group
from partnernet.profiles import queries, services
from partnernet.profiles.services import IdealClientData, ProfileData
from tests.api.helpers import assert_error
from tests.factories import GroupFactory, MembershipFactory, UserFactory


def partner(group, name: str, profile: ProfileData | None = None, *ideal_clients):
    user = UserFactory(name=name, profile=None)
    MembershipFactory(group=group, user=user)
    if profile is not None:
        services.update_profile(user=user, data=profile)
    for data in ideal_clients:
        services.add_ideal_client(user=user, data=data)
    db.session.commit()
    return user


def match(client, gid: int, headers, **params):
    return client.get(f"/api/v1/groups/{gid}/match", query_string=params, headers=headers)


def test_an_item_carries_the_card_score_ideal_client_and_reasons(client, app, api_headers):
    group = GroupFactory()
    asker = partner(group, "Ada Asker")
    pat = partner(group, "Pat Quinn", None,
                  IdealClientData(title="Landlords", criteria=("burst pipe",)))
    partner(group, "Rosa Alvarez", None, IdealClientData(title="Homeowners", triggers="roof leak"))

    response = match(client, group.id, api_headers(asker), q="A burst pipe!")

    assert response.status_code == 200
    body = response.get_json()
    assert body["q"] == "A burst pipe!"
    [item] = body["items"]
    [icp_id] = [c.id for c in queries.list_ideal_clients(pat.id)]
    # Three documents (the asker's is empty). "burst" and "pipe" are each in one:
    # idf = ln(1 + 2.5 / 1.5) = ln(8/3). Criteria lengths 2, 0, 0: avg 2/3, so
    # norm = 0.25 + 0.75 * 2 / (2/3) = 2.5, pseudo_tf = 3 / 2.5 = 1.2 and each term adds
    # ln(8/3) * 1.2 / 2.4: the score is ln(8/3) = 0.98083.
    assert round(math.log(8 / 3), 4) == 0.9808
    assert item == {
        "member_id": pat.id, "name": "Pat Quinn", "business": "", "category": "",
        "role": "member", "title": "", "specific_ask": "", "talkable_difference": "",
        "spheres": [], "has_photo": False, "score": 0.9808,
        "ideal_client": {"id": icp_id, "title": "Landlords", "industries": "",
                         "company_size": "", "geography": "", "decision_makers": "",
                         "triggers": "", "criteria": ["burst pipe"], "not_a_fit": ""},
        "matched_words": ["burst", "pipe"], "reasons": [],
        "criteria": [{"text": "burst pipe", "applies": True}]}


def test_items_are_ranked_best_first(client, app, api_headers):
    group = GroupFactory()
    asker = partner(group, "Ada Asker")
    plumber = partner(group, "Pat Quinn", ProfileData(category="Plumbing"), IdealClientData(
        title="Landlords", triggers="Burst pipe, leaking boiler, flooded basement",
        criteria=("Owns a rental", "Has a leak")))
    roofer = partner(group, "Rosa Alvarez", ProfileData(category="Roofing"), IdealClientData(
        title="Homeowners", triggers="Storm damage, roof leak into the attic",
        criteria=("Visible roof damage",)))
    partner(group, "Liam Green", ProfileData(category="Landscaping"), IdealClientData(
        title="Gardens", triggers="Overgrown lawn, fencing blown down in a storm"))
    headers = api_headers(asker)

    body = match(client, group.id, headers, q="Storm tore the roof and it leaks").get_json()

    assert [i["member_id"] for i in body["items"]][:2] == [roofer.id, plumber.id]
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert body["items"][0]["matched_words"] == ["leaks", "roof", "Storm"]
    assert body["items"][0]["criteria"] == [{"text": "Visible roof damage", "applies": True}]
    assert body["items"][1]["criteria"] == [{"text": "Owns a rental", "applies": False},
                                            {"text": "Has a leak", "applies": True}]

    one = match(client, group.id, headers, q="Storm tore the roof and it leaks", limit=1)
    assert [i["member_id"] for i in one.get_json()["items"]] == [roofer.id]


def test_reasons_are_escaped_html_with_the_matches_marked(client, app, api_headers):
    group = GroupFactory()
    asker = partner(group, "Ada Asker")
    pat = partner(group, "Pat Quinn", ProfileData(bio="Pipes & boilers"), IdealClientData(
        title="Landlords <b>only</b>", triggers="Burst pipe <script>alert(1)</script>",
        criteria=("Owns a rental", "Burst or leaking pipe")))

    response = match(client, group.id, api_headers(asker), q="burst pipe script")

    [item] = response.get_json()["items"]
    assert item["member_id"] == pat.id
    assert item["reasons"] == [
        {"field": "When they need it",
         "html": "<mark>Burst</mark> <mark>pipe</mark> &lt;<mark>script</mark>&gt;alert(1)"
                 "&lt;/<mark>script</mark>&gt;"},
        {"field": "Bio", "html": "<mark>Pipes</mark> &amp; boilers"}]
    assert item["criteria"] == [{"text": "Owns a rental", "applies": False},
                                {"text": "Burst or leaking pipe", "applies": True}]
    assert item["ideal_client"]["title"] == "Landlords <b>only</b>"  # data, not markup
    assert "<script" not in "".join(r["html"] for r in item["reasons"])


def test_the_caller_is_never_a_result(client, app, api_headers):
    group = GroupFactory()
    pat = partner(group, "Pat Quinn", None, IdealClientData(title="Landlords",
                                                            triggers="burst pipe"))
    rosa = partner(group, "Rosa Alvarez", None, IdealClientData(title="Homeowners",
                                                                triggers="roof leak"))

    mine = match(client, group.id, api_headers(pat), q="burst pipe").get_json()
    theirs = match(client, group.id, api_headers(rosa), q="burst pipe").get_json()

    assert mine == {"q": "burst pipe", "items": []}
    assert [i["member_id"] for i in theirs["items"]] == [pat.id]


@pytest.mark.parametrize("q", ["the", "someone who needs a", "?!"])
def test_stop_words_alone_match_no_one(client, world, api_headers, q):
    response = match(client, world.group.id, api_headers(world.member), q=q)

    assert response.status_code == 200
    assert response.get_json() == {"q": q, "items": []}


@pytest.mark.parametrize(("params", "field"), [
    ({}, "q"), ({"q": ""}, "q"), ({"q": "x" * 501}, "q"),
    ({"q": "roof", "limit": 0}, "limit"), ({"q": "roof", "limit": 11}, "limit"),
    ({"q": "roof", "limit": "three"}, "limit"),
])
def test_bad_query_is_422(client, world, api_headers, params, field):
    response = match(client, world.group.id, api_headers(world.member), **params)

    assert_error(response, 422, "validation_error", fields={field})


def test_outsider_gets_404(client, world, api_headers):
    partner(world.group, "Pat Quinn", None, IdealClientData(title="Landlords",
                                                            triggers="burst pipe"))

    response = match(client, world.group.id, api_headers(world.outsider), q="burst pipe")

    assert_error(response, 404, "not_found", fields=set())
    assert b"Pat Quinn" not in response.data


def test_former_member_and_unknown_group_get_404(client, world, api_headers):
    leaver = partner(world.group, "Lee Left")
    headers = api_headers(leaver)
    leave_group(user=leaver, group=world.group)
    db.session.commit()

    assert_error(match(client, world.group.id, headers, q="roof"), 404, "not_found")
    assert_error(match(client, world.other_group.id + 1000, api_headers(world.member), q="roof"),
                 404, "not_found")


def test_match_needs_a_token(client, world):
    assert_error(client.get(f"/api/v1/groups/{world.group.id}/match?q=roof"),
                 401, "unauthorized", fields=set())
