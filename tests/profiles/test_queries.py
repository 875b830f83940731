"""Profile queries: completeness, the directory and its filters, member profiles."""

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Membership, Profile
from partnernet.profiles import queries
from partnernet.profiles.queries import Card, Completeness, Sphere, filter_cards, list_directory
from tests import factories
from tests.factories import IdealClientFactory, UserFactory
from tests.profiles.helpers import make_directory

EVERYTHING_MISSING = (
    "your business name", "your business category", "your talkable difference",
    "a specific ask", "an ideal-client profile", "referral criteria", "trigger events",
    "the industries you serve", "a short bio", "a photo", "a website or phone number",
)


def meter(user) -> Completeness:
    db.session.expire_all()
    return queries.completeness(db.session.get(Profile, user.id),
                                queries.list_ideal_clients(user.id))


# --- completeness ----------------------------------------------------------------------------


def test_no_profile_at_all_is_0_percent_with_everything_missing(app):
    user = UserFactory(profile=None)
    assert meter(user) == Completeness(0, EVERYTHING_MISSING)
    assert queries.completeness(None, []) == Completeness(0, EVERYTHING_MISSING)


def test_an_empty_saved_profile_is_0_percent(app):
    user = UserFactory(profile=None)
    factories.fill_profile(user)
    assert meter(user) == Completeness(0, EVERYTHING_MISSING)


def test_a_partial_profile(app):
    # 5 of 11: business name, category, phone (for "website or phone"), an ideal client,
    # and its criteria. 5 / 11 = 45.45 %.
    user = UserFactory(profile=None)
    factories.fill_profile(user, business_name="Roper Roofing", category="Roofing",
                           phone="+44 113 496 0000")
    IdealClientFactory(user=user, title="Homeowners", criteria=["Detached houses"])

    assert meter(user) == Completeness(45, (
        "your talkable difference", "a specific ask", "trigger events",
        "the industries you serve", "a short bio", "a photo"))


def test_a_partial_profile_rounds_to_the_nearest_percent(app):
    # 6 of 11 = 54.55 %: shows 55.
    user = UserFactory(profile=None)
    factories.fill_profile(user, talkable_difference="Same-day repairs.",
                           specific_ask="Letting agents.", bio="Roofer.", photo="1-a.jpg",
                           website="https://roper.example.com")
    IdealClientFactory(user=user, title="Homeowners")

    assert meter(user) == Completeness(55, (
        "your business name", "your business category", "referral criteria",
        "trigger events", "the industries you serve"))


def test_one_item_is_9_percent(app):
    user = UserFactory(profile=None)
    factories.fill_profile(user, specific_ask="Letting agents.")
    assert meter(user) == Completeness(9, tuple(
        m for m in EVERYTHING_MISSING if m != "a specific ask"))


def test_ideal_client_items_may_come_from_different_ideal_clients(app):
    user = UserFactory(profile=None)
    factories.fill_profile(user)
    IdealClientFactory(user=user, title="A", criteria=["One"])
    IdealClientFactory(user=user, title="B", triggers="Moving house")
    IdealClientFactory(user=user, title="C", industries="Property")

    assert meter(user) == Completeness(36, (  # 4 of 11
        "your business name", "your business category", "your talkable difference",
        "a specific ask", "a short bio", "a photo", "a website or phone number"))


def test_a_full_profile_is_100_percent(app):
    user = UserFactory(profile=None)
    factories.fill_profile(user, business_name="Roper Roofing", category="Roofing",
                           talkable_difference="Same-day repairs.",
                           specific_ask="Letting agents.", bio="Roofer.", photo="1-a.jpg",
                           website="https://roper.example.com")
    IdealClientFactory(user=user, title="Homeowners", criteria=["Detached"],
                       triggers="Storm damage", industries="Residential property")

    assert meter(user) == Completeness(100, ())


# --- the directory ---------------------------------------------------------------------------


@pytest.fixture
def d(app):
    return make_directory()


def names(cards: list[Card]) -> list[str]:
    return [c.name for c in cards]


def search(d, **filters) -> list[str]:
    cards, _ = list_directory(d.group.id)
    return names(filter_cards(cards, **filters))


def test_directory_lists_current_members_by_name(d):
    cards, spheres = list_directory(d.group.id)

    assert names(cards) == ["Amira Haddad", "Ben Roper", "Chloé Durand", "Dmitri Volkov"]
    assert [(s.name, s.member_ids) for s in spheres] == [
        ("Food", frozenset({d.chloe.id})),
        ("Property", frozenset({d.ben.id, d.dmitri.id})),  # not the former member
    ]


def test_a_card_carries_what_the_directory_shows(d):
    cards, _ = list_directory(d.group.id)
    amira, ben = cards[0], cards[1]

    assert (amira.member_id, amira.business, amira.category, amira.specific_ask,
            amira.talkable_difference, amira.photo, amira.role, amira.title, amira.spheres,
            amira.initials) == (
        d.amira.id, "Haddad & Co Accountants", "Accounting",
        "The practice manager at Quay Street Dental.",
        "Fixed-fee accounts for owner-managed firms.", "", "facilitator", "President", (), "AH")
    assert (ben.category, ben.role, ben.spheres) == (
        "Roofing", "member",
        (Sphere(d.property.id, "Property", frozenset({d.ben.id, d.dmitri.id})),))


def test_the_group_seat_wins_over_the_profile_category(d):
    cards, _ = list_directory(d.group.id)
    assert cards[3].category == "Commercial law"


def test_a_member_without_a_seat_shows_their_profile_category(d):
    d.ben.profile.category = "Roofer"
    db.session.commit()
    row = db.session.scalar(sa.select(Membership).where(Membership.user_id == d.ben.id))
    row.category = ""
    db.session.commit()
    cards, _ = list_directory(d.group.id)
    assert cards[1].category == "Roofer"


# Each search and the members it should find, in directory order; the comment says where
# the words are.
SEARCHES = {
    "": ["Amira Haddad", "Ben Roper", "Chloé Durand", "Dmitri Volkov"],
    "   ": ["Amira Haddad", "Ben Roper", "Chloé Durand", "Dmitri Volkov"],
    "roper roofing": ["Ben Roper"],  # name and business
    "volkov legal": ["Dmitri Volkov"],
    "bakery": ["Chloé Durand"],  # the seat
    "lawyer": ["Dmitri Volkov"],  # the profile's own category, behind the seat
    "sourdough": ["Chloé Durand"],  # talkable difference
    "letting agents": ["Ben Roper"],  # specific ask
    "third-generation": ["Ben Roper"],  # bio
    "president": ["Amira Haddad"],  # the title in the group
    "dental": ["Amira Haddad"],  # ideal-client title and specific ask; not the former member
    "turnover": ["Amira Haddad"],  # a referral criterion only
    "detached": ["Ben Roper"],  # a referral criterion only
    "leaking": ["Ben Roper"],  # trigger events only
    "cash flow": ["Amira Haddad"],  # trigger events
    "hospitality": ["Amira Haddad"],  # the industries of a second ideal client
    "yorkshire": ["Amira Haddad"],  # geography
    "practice owner": ["Amira Haddad"],  # decision-makers
    "landlords": ["Dmitri Volkov"],
    "property": ["Ben Roper", "Dmitri Volkov"],  # industries, and the sphere's name
    "food": ["Chloé Durand"],  # the sphere's name only
    "property lease": ["Dmitri Volkov"],  # every word must match, anywhere
    "dental roofs": [],
    "chloé": ["Chloé Durand"],
    "CHLOÉ": ["Chloé Durand"],
    "Chloé": ["Chloé Durand"],
    "  DURAND   boulangerie ": ["Chloé Durand"],
    "café": ["Amira Haddad", "Chloé Durand"],
    "chains": [],  # "not a fit" notes do not make someone a match
    "outside": [],  # someone from another group
    "gone": [],  # a former member
}


def test_search_matches_every_word_in_any_profile_text(d):
    # One group for all the searches: a mismatch shows up as a differing key.
    cards, _ = list_directory(d.group.id)
    assert {q: names(filter_cards(cards, q=q)) for q in SEARCHES} == SEARCHES


def test_category_filter(d):
    cards, _ = list_directory(d.group.id)
    expected = {
        "Accounting": ["Amira Haddad"],  # not the former member with the same seat
        "roofing": ["Ben Roper"],
        "COMMERCIAL LAW": ["Dmitri Volkov"],
        "Lawyer": [],  # the seat is the category
        "Plumbing": [],
        "": ["Amira Haddad", "Ben Roper", "Chloé Durand", "Dmitri Volkov"],
    }
    assert {c: names(filter_cards(cards, category=c)) for c in expected} == expected


def test_sphere_filter(d):
    assert search(d, sphere_id=d.property.id) == ["Ben Roper", "Dmitri Volkov"]
    assert search(d, sphere_id=d.food.id) == ["Chloé Durand"]
    assert search(d, sphere_id=987654) == []


def test_filters_combine(d):
    assert search(d, q="property", sphere_id=d.property.id, category="Roofing") == ["Ben Roper"]
    assert search(d, q="property", sphere_id=d.food.id) == []
    assert search(d, q="café", category="Bakery") == ["Chloé Durand"]


def test_categories_are_listed_once_in_alphabetical_order(d):
    cards, _ = list_directory(d.group.id)
    assert queries.list_categories(cards) == [
        "Accounting", "Bakery", "Commercial law", "Roofing"]


def test_directory_of_another_group_shows_its_own_members(d):
    other = db.session.scalar(sa.select(Membership.group_id).where(
        Membership.user_id == d.outsider.id))
    cards, spheres = list_directory(other)
    assert names(cards) == ["Olga Outside"]
    assert [(s.name, s.member_ids) for s in spheres] == [
        ("Property", frozenset({d.outsider.id}))]


# --- member profiles -------------------------------------------------------------------------


def test_get_member_profile(d):
    profile = queries.get_member_profile(d.group.id, d.amira.id)

    assert profile.card.name == "Amira Haddad"
    assert (profile.website, profile.phone, profile.bio) == (
        "https://haddad.example.com", "+44 113 496 0000",
        "Chartered accountant.\n\nTwenty years with family firms.")
    assert [c.title for c in profile.ideal_clients] == [
        "Growing dental practices", "Independent cafés"]
    first = profile.ideal_clients[0]
    assert (first.industries, first.company_size, first.geography, first.decision_makers,
            first.triggers, first.criteria, first.not_a_fit) == (
        "Dentistry, healthcare", "10–50 staff", "West Yorkshire", "Practice owner",
        "Worried about cash flow; opening a second site",
        ("Owner-managed, 10–50 staff", "Turnover above £1m"), "Corporate chains")


def test_get_member_profile_of_a_member_without_profile_or_ideal_clients(d):
    user = UserFactory(name="New Person", profile=None)
    factories.MembershipFactory(group=d.group, user=user)
    profile = queries.get_member_profile(d.group.id, user.id)
    assert (profile.card.name, profile.card.business, profile.website, profile.phone,
            profile.bio, profile.ideal_clients) == ("New Person", "", "", "", "", ())


def test_get_member_profile_is_none_for_anyone_not_in_the_group(d):
    assert queries.get_member_profile(d.group.id, d.outsider.id) is None
    assert queries.get_member_profile(d.group.id, d.former.id) is None
    assert queries.get_member_profile(d.group.id, UserFactory().id) is None
    assert queries.get_member_profile(d.group.id, 987654) is None
    assert queries.get_member_profile(987654, d.amira.id) is None


# --- the lead router -------------------------------------------------------------------------


def test_match_lead_ranks_the_partner_whose_ideal_client_fits(d):
    matches = queries.match_lead(d.group.id, "dental practice opening a second site, owner "
                                             "worried about cash flow")
    assert matches[0].card.member_id == d.amira.id
    assert matches[0].ideal_client.title == "Growing dental practices"
    assert d.former.id not in [m.card.member_id for m in matches]
    assert d.outsider.id not in [m.card.member_id for m in matches]


def test_match_lead_leaves_out_the_person_asking(d):
    lead = "dental practice worried about cash flow"
    everyone = [m.card.member_id for m in queries.match_lead(d.group.id, lead)]
    without = [m.card.member_id
               for m in queries.match_lead(d.group.id, lead, exclude_member_id=d.amira.id)]
    assert everyone[0] == d.amira.id
    assert d.amira.id not in without


def test_match_lead_with_no_meaningful_words_finds_no_one(d):
    assert queries.match_lead(d.group.id, "") == []
    assert queries.match_lead(d.group.id, "the and of") == []
