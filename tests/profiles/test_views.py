"""Profile pages: my profile and ideal clients, member pages, the directory, the lead router,
contact spheres."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import ContactSphere, IdealClientProfile, Membership, Profile
from tests import factories
from tests.factories import IdealClientFactory, MembershipFactory, UserFactory
from tests.groups.helpers import field_error, field_tag, plain, text
from tests.profiles.helpers import make_directory

SCRIPT = "<script>alert('pwned')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"


def profile_form(**overrides) -> dict:
    data = {
        "business_name": "Roper Roofing",
        "category": "Roofing",
        "talkable_difference": "Same-day repairs, photographed.",
        "specific_ask": "Letting agents with old housing stock.",
        "website": "roper.example.com",
        "phone": "+44 113 496 0001",
        "bio": "Third-generation roofer.\n\nBased in Leeds.",
    }
    data.update(overrides)
    return data


def icp_form(**overrides) -> dict:
    data = {
        "title": "Homeowners with old roofs",
        "industries": "Residential property",
        "company_size": "",
        "geography": "Leeds",
        "decision_makers": "Homeowner",
        "triggers": "Leaking roof after storms",
        "criteria": "Detached houses\r\n\r\n  Expects my call  \r\n",
        "not_a_fit": "Flat roofs",
    }
    data.update(overrides)
    return data


def stored(user) -> dict:
    db.session.expire_all()
    profile = db.session.get(Profile, user.id)
    return {name: getattr(profile, name) for name in profile_form()}


def ideal_clients(user) -> list[tuple]:
    db.session.expire_all()
    return [(c.title, c.criteria) for c in db.session.scalars(
        sa.select(IdealClientProfile).where(IdealClientProfile.user_id == user.id)
        .order_by(IdealClientProfile.position, IdealClientProfile.id))]


def member_links(page: str, gid: int) -> list[int]:
    """The members linked to, in page order (a member's page, not their edit page)."""
    return [int(uid) for uid in re.findall(rf'href="/groups/{gid}/members/(\d+)"', page)]


def visible(page: str) -> str:
    """The page's text without its tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


# --- signing in ------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/profile"),
    ("POST", "/profile"),
    ("POST", "/profile/photo"),
    ("POST", "/profile/photo/remove"),
    ("GET", "/profile/ideal-clients/new"),
    ("POST", "/profile/ideal-clients/new"),
    ("GET", "/profile/ideal-clients/{icp}/edit"),
    ("POST", "/profile/ideal-clients/{icp}/edit"),
    ("POST", "/profile/ideal-clients/{icp}/delete"),
    ("GET", "/photos/1-abc.jpg"),
])
def test_profile_pages_need_sign_in(client, method, path):
    user = UserFactory()
    icp = IdealClientFactory(user=user, title="Kept")
    before = (stored(user), ideal_clients(user))
    url = path.format(icp=icp.id)

    response = client.open(url, method=method, data=profile_form() | icp_form())

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert (location.path, parse_qs(location.query)["next"]) == ("/login", [url])
    assert (stored(user), ideal_clients(user)) == before


# --- my profile ------------------------------------------------------------------------------


def test_profile_page_shows_the_form_filled_in_and_the_meter(client, auth):
    user = UserFactory(profile=None)
    factories.fill_profile(user, business_name="Roper Roofing", phone="+44 113 496 0001")
    auth.login(user)

    response = client.get("/profile")

    assert response.status_code == 200
    page = text(response)
    assert 'value="Roper Roofing"' in field_tag(page, "business_name")
    assert 'value="+44 113 496 0001"' in field_tag(page, "phone")
    assert "18% complete" in plain(response)  # 2 of 11
    for missing in ["your business category", "a specific ask", "an ideal-client profile"]:
        assert missing in plain(response)


def test_profile_page_of_a_user_without_a_profile(client, auth):
    auth.login(UserFactory(profile=None))
    response = client.get("/profile")
    assert response.status_code == 200
    assert "0% complete" in plain(response)


@pytest.mark.parametrize(("field", "limit"), [
    ("business_name", 120), ("category", 80), ("talkable_difference", 200),
    ("specific_ask", 300), ("website", 300), ("phone", 32), ("bio", 1000),
])
def test_profile_fields_show_their_limit_as_you_type(client, auth, field, limit):
    auth.login(UserFactory())
    assert f'maxlength="{limit}"' in field_tag(text(client.get("/profile")), field)


def test_saving_the_profile(client, auth):
    user = UserFactory()
    auth.login(user)

    response = client.post("/profile", data=profile_form())

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile"
    assert stored(user) == {
        "business_name": "Roper Roofing", "category": "Roofing",
        "talkable_difference": "Same-day repairs, photographed.",
        "specific_ask": "Letting agents with old housing stock.",
        "website": "https://roper.example.com", "phone": "+44 113 496 0001",
        "bio": "Third-generation roofer.\n\nBased in Leeds."}
    assert "Your profile is saved." in text(client.get("/profile"))


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"website": "javascript:alert(1)"}, "website",
     "Enter a web address starting with http:// or https://."),
    ({"website": "ftp://x.com"}, "website",
     "Enter a web address starting with http:// or https://."),
    ({"website": "example.com\x00"}, "website",
     "Enter a web address starting with http:// or https://."),
    ({"phone": "call me"}, "phone",
     "Enter a phone number with 7 to 15 digits, for example +1 555 010 2233."),
    ({"bio": "ab\x00cd"}, "bio", "Use only printable characters for the bio."),
    ({"business_name": "x" * 121}, "business_name",
     "Field cannot be longer than 120 characters."),
])
def test_a_bad_profile_is_shown_again_with_the_message_by_the_field(client, auth, changes,
                                                                     field, message):
    user = UserFactory()
    factories.fill_profile(user, business_name="Old name", website="https://old.example.com")
    auth.login(user)
    before = stored(user)

    response = client.post("/profile", data=profile_form(**changes))

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, field) == message
    assert 'aria-invalid="true"' in field_tag(page, field)
    assert stored(user) == before


def test_what_was_typed_is_kept_when_the_profile_is_refused(client, auth):
    auth.login(UserFactory())
    response = client.post("/profile", data=profile_form(website="javascript:alert(1)"))
    page = text(response)
    assert 'value="Roper Roofing"' in field_tag(page, "business_name")
    assert 'value="javascript:alert(1)"' in field_tag(page, "website")


def test_html_in_the_profile_is_shown_as_text(client, auth):
    user = UserFactory()
    auth.login(user)
    client.post("/profile", data=profile_form(business_name=SCRIPT, bio=SCRIPT,
                                              specific_ask=SCRIPT))
    assert stored(user)["bio"] == SCRIPT

    page = text(client.get("/profile"))
    assert SCRIPT not in page
    assert ESCAPED in page


def test_profile_post_needs_the_csrf_token(client, auth, csrf):
    user = UserFactory()
    auth.login(user)
    before = stored(user)
    assert client.post("/profile", data=profile_form()).status_code == 400
    assert stored(user) == before


# --- ideal clients ---------------------------------------------------------------------------


def test_new_ideal_client_form(client, auth):
    auth.login(UserFactory())
    response = client.get("/profile/ideal-clients/new")
    assert response.status_code == 200
    page = text(response)
    assert 'maxlength="120"' in field_tag(page, "title")
    assert 'name="criteria"' in field_tag(page, "criteria")


def test_adding_an_ideal_client(client, auth):
    user = UserFactory()
    auth.login(user)

    response = client.post("/profile/ideal-clients/new", data=icp_form())

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile#ideal-clients"
    assert ideal_clients(user) == [
        ("Homeowners with old roofs", ["Detached houses", "Expects my call"])]
    page = plain(client.get("/profile"))
    assert "Homeowners with old roofs" in page and "Expects my call" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "Give this ideal client a title."),
    ({"title": "   "}, "title", "Give this ideal client a title."),
    ({"criteria": "\n".join(f"Criterion {n}" for n in range(11))}, "criteria",
     "List at most 10 referral criteria."),
    ({"criteria": "fine\n" + "c" * 121}, "criteria",
     "Use at most 120 characters for each criterion."),
    ({"triggers": "x" * 1001}, "triggers", "Field cannot be longer than 1000 characters."),
])
def test_a_bad_ideal_client_is_shown_again(client, auth, changes, field, message):
    user = UserFactory()
    auth.login(user)

    response = client.post("/profile/ideal-clients/new", data=icp_form(**changes))

    assert response.status_code == 422
    assert field_error(text(response), field) == message
    assert ideal_clients(user) == []


def test_the_eleventh_ideal_client_is_refused_at_the_top_of_the_form(client, auth):
    user = UserFactory()
    for n in range(10):
        IdealClientFactory(user=user, title=f"Client {n}", position=n)
    auth.login(user)

    response = client.post("/profile/ideal-clients/new", data=icp_form(title="Eleventh"))

    assert response.status_code == 422
    assert "You can have at most 10 ideal-client profiles; edit or delete one first." in plain(
        response)
    assert len(ideal_clients(user)) == 10


def test_editing_an_ideal_client(client, auth):
    user = UserFactory()
    icp = IdealClientFactory(user=user, title="Old title", criteria=["One", "Two"],
                             industries="Roofing")
    auth.login(user)

    form = text(client.get(f"/profile/ideal-clients/{icp.id}/edit"))
    assert 'value="Old title"' in field_tag(form, "title")
    assert re.search(r'<textarea[^>]*id="criteria"[^>]*>\s*One\r?\nTwo</textarea>', form)

    response = client.post(f"/profile/ideal-clients/{icp.id}/edit",
                           data=icp_form(title="New title", criteria="Three"))

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile#ideal-clients"
    assert ideal_clients(user) == [("New title", ["Three"])]


def test_a_bad_edit_is_shown_again_and_changes_nothing(client, auth):
    user = UserFactory()
    icp = IdealClientFactory(user=user, title="Old title", criteria=["One"])
    auth.login(user)

    response = client.post(f"/profile/ideal-clients/{icp.id}/edit",
                           data=icp_form(title="New", criteria="\n".join("x" * 11)))

    assert response.status_code == 422
    assert field_error(text(response), "criteria") == "List at most 10 referral criteria."
    assert ideal_clients(user) == [("Old title", ["One"])]


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/profile/ideal-clients/{icp}/edit"),
    ("POST", "/profile/ideal-clients/{icp}/edit"),
    ("POST", "/profile/ideal-clients/{icp}/delete"),
])
def test_someone_elses_ideal_client_is_404(client, auth, method, path):
    owner, intruder = UserFactory(), UserFactory()
    icp = IdealClientFactory(user=owner, title="Private title", criteria=["Secret"])
    auth.login(intruder)

    response = client.open(path.format(icp=icp.id), method=method,
                           data=icp_form(title="Hijacked"))

    assert response.status_code == 404
    assert "Private title" not in text(response)
    assert ideal_clients(owner) == [("Private title", ["Secret"])]


@pytest.mark.parametrize("path", ["/profile/ideal-clients/987654/edit",
                                  "/profile/ideal-clients/987654/delete"])
def test_a_missing_ideal_client_is_404(client, auth, path):
    auth.login(UserFactory())
    method = "GET" if path.endswith("edit") else "POST"
    assert client.open(path, method=method).status_code == 404


def test_deleting_an_ideal_client(client, auth):
    user = UserFactory()
    keep = IdealClientFactory(user=user, title="Keep", position=0)
    gone = IdealClientFactory(user=user, title="Gone", position=1)
    auth.login(user)

    response = client.post(f"/profile/ideal-clients/{gone.id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"] == "/profile#ideal-clients"
    assert ideal_clients(user) == [(keep.title, [])]


def test_html_in_an_ideal_client_is_shown_as_text(client, auth):
    user = UserFactory()
    auth.login(user)
    client.post("/profile/ideal-clients/new", data=icp_form(title=SCRIPT, criteria=SCRIPT))
    assert ideal_clients(user) == [(SCRIPT, [SCRIPT])]
    page = text(client.get("/profile"))
    assert SCRIPT not in page
    assert ESCAPED in page


# --- the member page -------------------------------------------------------------------------


@pytest.fixture
def d(app):
    return make_directory()


def test_member_page_shows_the_profile_and_ideal_clients(d, client, auth):
    auth.login(d.ben)

    response = client.get(f"/groups/{d.group.id}/members/{d.amira.id}")

    assert response.status_code == 200
    page = plain(response)
    for expected in [
        "Amira Haddad", "Haddad & Co Accountants", "Accounting", "President",
        "Fixed-fee accounts for owner-managed firms.",
        "The practice manager at Quay Street Dental.", "Chartered accountant.",
        "Twenty years with family firms.", "+44 113 496 0000",
        "Growing dental practices", "Dentistry, healthcare", "10–50 staff", "West Yorkshire",
        "Practice owner", "Worried about cash flow; opening a second site",
        "Owner-managed, 10–50 staff", "Turnover above £1m", "Corporate chains",
        "Independent cafés", "Owner does the books",
    ]:
        assert expected in page, expected
    assert 'href="https://haddad.example.com"' in text(response)
    assert page.index("Growing dental practices") < page.index("Independent cafés")


def test_member_page_shows_the_spheres(d, client, auth):
    auth.login(d.amira)
    page = plain(client.get(f"/groups/{d.group.id}/members/{d.ben.id}"))
    assert "Property" in page
    assert "Food" not in page


def test_member_page_escapes_html_everywhere(d, client, auth):
    factories.fill_profile(d.ben, business_name=SCRIPT, talkable_difference=SCRIPT,
                           specific_ask=SCRIPT, bio=SCRIPT)
    IdealClientFactory(user=d.ben, title=SCRIPT, industries=SCRIPT, triggers=SCRIPT,
                       criteria=[SCRIPT], not_a_fit=SCRIPT, position=5)
    auth.login(d.amira)

    page = text(client.get(f"/groups/{d.group.id}/members/{d.ben.id}"))

    assert "<script>alert" not in page
    assert page.count(ESCAPED) >= 9


@pytest.mark.parametrize("who", ["outsider", "former", "stranger", "unknown"])
def test_member_page_of_someone_not_in_the_group_is_404(d, client, auth, who):
    uid = {"outsider": d.outsider.id, "former": d.former.id, "stranger": UserFactory().id,
           "unknown": 987654}[who]
    auth.login(d.amira)

    response = client.get(f"/groups/{d.group.id}/members/{uid}")

    assert response.status_code == 404
    assert "Olga Outside" not in text(response)
    assert "Eve Gone" not in text(response)


def test_my_own_member_page_links_to_editing_it(d, client, auth):
    auth.login(d.chloe)
    page = text(client.get(f"/groups/{d.group.id}/members/{d.chloe.id}"))
    assert 'href="/profile"' in page


# --- the directory ---------------------------------------------------------------------------


def directory(client, d, htmx=False, **params):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/groups/{d.group.id}", query_string=params, headers=headers)
    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    return response


def test_directory_lists_every_current_member(d, client, auth):
    auth.login(d.ben)
    response = directory(client, d)
    page = text(response)
    assert "<html" in page
    assert unique(member_links(page, d.group.id)) == [
        d.amira.id, d.ben.id, d.chloe.id, d.dmitri.id]
    assert page.count('class="member-card"') == 4
    assert "Eve Gone" not in page


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "LEAKING roof"}, ["ben"]),
    ({"q": "Chloé"}, ["chloe"]),
    ({"q": "property"}, ["ben", "dmitri"]),
    ({"q": "dental roofs"}, []),
    ({"category": "Roofing"}, ["ben"]),
    ({"sphere": "{property}"}, ["ben", "dmitri"]),
    ({"q": "property", "category": "Commercial law", "sphere": "{property}"}, ["dmitri"]),
    ({"sphere": "not-a-number"}, ["amira", "ben", "chloe", "dmitri"]),
])
def test_directory_filters_as_a_page_and_as_a_fragment(d, client, auth, params, expected):
    auth.login(d.ben)
    ids = {"property": d.property.id, "food": d.food.id}
    params = {k: v.format(**ids) for k, v in params.items()}

    for htmx in (False, True):
        page = text(directory(client, d, htmx=htmx, **params))

        assert ("<html" in page) is not htmx
        assert unique(member_links(page, d.group.id)) == [getattr(d, n).id for n in expected]
        assert page.count('class="member-card"') == len(expected)


def test_directory_fragment_is_only_the_results(d, client, auth):
    auth.login(d.ben)
    page = text(directory(client, d, htmx=True, q="roper"))
    assert "<html" not in page and "<body" not in page
    assert 'id="directory-q"' not in page  # the search box stays as it is while typing
    assert "Ben Roper" in page


def test_directory_shows_the_filters(d, client, auth):
    auth.login(d.ben)
    page = text(directory(client, d, category="Bakery", sphere=str(d.food.id), q="sourdough"))
    assert 'value="sourdough"' in field_tag(page, "directory-q")
    assert '<option value="Bakery" selected>' in page
    assert f'<option value="{d.food.id}" selected>' in page
    assert '<option value="Commercial law">' in page


def test_directory_escapes_a_search_for_html(d, client, auth):
    auth.login(d.ben)
    for htmx in (False, True):
        page = text(directory(client, d, htmx=htmx, q=SCRIPT))
        assert "<script>alert" not in page


def test_directory_escapes_profile_text(d, client, auth):
    factories.fill_profile(d.chloe, business_name=SCRIPT, specific_ask=SCRIPT)
    auth.login(d.ben)
    page = text(directory(client, d))
    assert "<script>alert" not in page
    assert ESCAPED in page


# --- the lead router -------------------------------------------------------------------------


LEAD = "dental practice opening a second site, owner worried about cash flow"


def match(client, d, q, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(f"/groups/{d.group.id}/match", query_string={"q": q},
                          headers=headers)
    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    return response


def test_lead_router_puts_the_right_partner_first(d, client, auth):
    auth.login(d.ben)
    for htmx in (False, True):
        page = text(match(client, d, LEAD, htmx=htmx))

        assert ("<html" in page) is not htmx
        ranked = unique(member_links(page, d.group.id))
        assert ranked[0] == d.amira.id
        assert d.ben.id not in ranked
        assert d.former.id not in ranked and d.outsider.id not in ranked
        assert "Growing dental practices" in visible(page)
        assert "<mark>dental</mark>" in page  # the matched words are highlighted


def test_lead_router_leaves_out_the_person_asking(d, client, auth):
    auth.login(d.amira)
    for htmx in (False, True):
        ranked = unique(member_links(text(match(client, d, LEAD, htmx=htmx)), d.group.id))
        assert ranked  # others fit too
        assert d.amira.id not in ranked


def test_lead_router_for_a_roof(d, client, auth):
    auth.login(d.chloe)
    page = text(match(client, d, "a detached house with a leaking roof after the storm"))
    assert unique(member_links(page, d.group.id))[0] == d.ben.id


def test_lead_router_for_a_lease(d, client, auth):
    auth.login(d.ben)
    page = text(match(client, d, "landlord in a lease dispute with a commercial tenant"))
    assert unique(member_links(page, d.group.id))[0] == d.dmitri.id


def test_lead_router_without_a_question_lists_no_one(d, client, auth):
    auth.login(d.ben)
    for q in ["", "   "]:
        page = text(match(client, d, q))
        assert member_links(page, d.group.id) == []


def test_lead_router_finds_no_one_for_unknown_words(d, client, auth):
    auth.login(d.ben)
    assert member_links(text(match(client, d, "zebra xylophone")), d.group.id) == []


def test_lead_router_escapes_the_lead(d, client, auth):
    auth.login(d.ben)
    for htmx in (False, True):
        page = text(match(client, d, SCRIPT + " dental", htmx=htmx))
        assert "<script>alert" not in page


def test_lead_router_escapes_profile_text_it_highlights(d, client, auth):
    IdealClientFactory(user=d.dmitri, title="<b>Dental</b> landlords",
                       triggers="<script>dental</script> cash flow", criteria=["<i>dental</i>"])
    auth.login(d.ben)
    page = text(match(client, d, "dental cash flow"))
    assert "<script>" not in page and "<b>Dental" not in page and "<i>dental" not in page


# --- contact spheres -------------------------------------------------------------------------


def spheres(group) -> dict[str, set[int]]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(ContactSphere).where(ContactSphere.group_id == group.id))
    return {s.name: {m.user_id for m in s.members} for s in rows}


def test_spheres_page_lists_spheres_with_their_current_members(d, client, auth):
    auth.login(d.amira)

    response = client.get(f"/groups/{d.group.id}/spheres")

    assert response.status_code == 200
    page = plain(response)
    assert page.index("Food") < page.index("Property")
    assert "Ben Roper, Dmitri Volkov" in page
    assert "Chloé Durand" in page
    assert "Eve Gone" not in page
    counts = re.findall(r'<strong>([^<]+)</strong>\s*<span class="count">(\d+)</span>',
                        text(response))
    assert counts == [("Food", "1"), ("Property", "2")]  # the former member is not counted


def test_creating_a_sphere(d, client, auth):
    auth.login(d.amira)

    response = client.post(f"/groups/{d.group.id}/spheres", data={"name": "Home services"})

    new = db.session.scalar(sa.select(ContactSphere).where(ContactSphere.name == "Home services"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{d.group.id}/spheres/{new.id}"
    assert spheres(d.group)["Home services"] == set()


@pytest.mark.parametrize(("name", "message"), [
    ("property", "The group already has a sphere with this name."),
    ("", "Give the sphere a name."),
    ("s" * 61, "Field cannot be longer than 60 characters."),
])
def test_a_bad_sphere_name_is_shown_again(d, client, auth, name, message):
    auth.login(d.amira)
    before = spheres(d.group)

    response = client.post(f"/groups/{d.group.id}/spheres", data={"name": name})

    assert response.status_code == 422
    assert field_error(text(response), "name") == message
    assert spheres(d.group) == before


def test_sphere_form_has_a_checkbox_per_current_member(d, client, auth):
    auth.login(d.amira)

    page = text(client.get(f"/groups/{d.group.id}/spheres/{d.property.id}"))

    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', page)
    values = sorted(int(re.search(r'value="(\d+)"', b).group(1)) for b in boxes)
    checked = sorted(int(re.search(r'value="(\d+)"', b).group(1)) for b in boxes
                     if "checked" in b)
    assert all('name="members"' in b for b in boxes)
    assert values == sorted([d.amira.id, d.ben.id, d.chloe.id, d.dmitri.id])
    assert checked == sorted([d.ben.id, d.dmitri.id])
    assert 'value="Property"' in field_tag(page, "name")


def test_saving_a_sphere_replaces_its_members(d, client, auth):
    auth.login(d.amira)

    response = client.post(f"/groups/{d.group.id}/spheres/{d.property.id}",
                           data={"name": "Real estate", "members": [d.amira.id, d.ben.id]})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{d.group.id}/spheres"
    assert spheres(d.group) == {"Real estate": {d.amira.id, d.ben.id}, "Food": {d.chloe.id}}


def test_unticking_everyone_empties_the_sphere(d, client, auth):
    auth.login(d.amira)
    response = client.post(f"/groups/{d.group.id}/spheres/{d.property.id}",
                           data={"name": "Property"})
    assert response.status_code == 303
    assert spheres(d.group)["Property"] == set()


@pytest.mark.parametrize("who", ["outsider", "former"])
def test_a_sphere_takes_only_current_members(d, client, auth, who):
    auth.login(d.amira)
    before = spheres(d.group)

    response = client.post(f"/groups/{d.group.id}/spheres/{d.property.id}",
                           data={"name": "Renamed", "members": [d.ben.id,
                                                                getattr(d, who).id]})

    assert response.status_code == 422
    assert "Only current members of the group can be in a sphere." in plain(response)
    assert spheres(d.group) == before


def test_a_sphere_cannot_take_another_spheres_name(d, client, auth):
    auth.login(d.amira)
    before = spheres(d.group)
    response = client.post(f"/groups/{d.group.id}/spheres/{d.property.id}",
                           data={"name": "FOOD", "members": [d.ben.id]})
    assert response.status_code == 422
    assert field_error(text(response), "name") == "The group already has a sphere with this name."
    assert spheres(d.group) == before


def test_deleting_a_sphere_keeps_its_members(d, client, auth):
    auth.login(d.amira)
    members = set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.group_id == d.group.id, Membership.left_at.is_(None))))

    response = client.post(f"/groups/{d.group.id}/spheres/{d.property.id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{d.group.id}/spheres"
    assert spheres(d.group) == {"Food": {d.chloe.id}}
    assert set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.group_id == d.group.id, Membership.left_at.is_(None)))) == members


@pytest.mark.parametrize(("method", "suffix"), [("GET", ""), ("POST", ""),
                                                 ("POST", "/delete")])
def test_a_sphere_of_another_group_is_404(d, client, auth, method, suffix):
    other = db.session.scalar(sa.select(ContactSphere).where(
        ContactSphere.group_id != d.group.id))
    auth.login(d.amira)
    before = spheres(d.group), {other.name}

    response = client.open(f"/groups/{d.group.id}/spheres/{other.id}{suffix}", method=method,
                           data={"name": "Stolen", "members": [d.amira.id]})

    assert response.status_code == 404
    db.session.expire_all()
    assert (spheres(d.group), {db.session.get(ContactSphere, other.id).name}) == before


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/groups/{gid}/spheres"),
    ("POST", "/groups/{gid}/spheres"),
    ("GET", "/groups/{gid}/spheres/{sid}"),
    ("POST", "/groups/{gid}/spheres/{sid}"),
    ("POST", "/groups/{gid}/spheres/{sid}/delete"),
])
def test_members_cannot_manage_spheres(d, client, auth, method, path):
    auth.login(d.ben)
    before = spheres(d.group)
    response = client.open(path.format(gid=d.group.id, sid=d.property.id), method=method,
                           data={"name": "Mine", "members": [d.ben.id]})
    assert response.status_code == 403
    assert spheres(d.group) == before


def test_only_facilitators_see_the_spheres_link(d, client, auth):
    auth.login(d.ben)
    assert f'href="/groups/{d.group.id}/spheres"' not in text(directory(client, d))
    auth.login(d.amira)
    assert f'href="/groups/{d.group.id}/spheres"' in text(directory(client, d))


def test_a_new_member_can_be_added_to_a_sphere(d, client, auth):
    newcomer = MembershipFactory(group=d.group).user
    auth.login(d.amira)
    client.post(f"/groups/{d.group.id}/spheres/{d.food.id}",
                data={"name": "Food", "members": [d.chloe.id, newcomer.id]})
    assert spheres(d.group)["Food"] == {d.chloe.id, newcomer.id}
    page = text(directory(client, d, sphere=str(d.food.id)))
    assert set(member_links(page, d.group.id)) == {d.chloe.id, newcomer.id}
