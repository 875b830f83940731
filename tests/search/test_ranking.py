"""The lead router on a fixed group whose right answers are known: queries.match_lead."""

from collections import OrderedDict
from dataclasses import dataclass

import pytest

from partnernet.extensions import db
from partnernet.models import Group, User
from partnernet.profiles import queries, search, services
from partnernet.profiles.services import IdealClientData, ProfileData
from tests.factories import GroupFactory, MembershipFactory, UserFactory


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    profile: ProfileData
    ideal_clients: tuple[IdealClientData, ...]


PARTNERS = (
    Partner("plumber", "Pat Quinn", ProfileData(
        business_name="Quinn Plumbing & Heating", category="Plumbing and heating",
        bio="Family plumbing firm, twenty years in the trade, Gas Safe registered.",
        talkable_difference="We answer emergency calls within the hour, day or night.",
        specific_ask="This month I'd like to meet letting agents who manage rental flats."), (
        IdealClientData(
            title="Landlords and letting agents",
            industries="Residential lettings, property management",
            company_size="1 to 200 rental units", geography="Within 20 miles of the city",
            decision_makers="Landlord, property manager",
            triggers="Burst pipe, leaking water heater, flooded basement or kitchen, no hot "
                     "water, boiler breakdown before winter, tenants complaining about low "
                     "water pressure",
            criteria=("Owns or manages rental property",
                      "Has a leak, a boiler fault or a bathroom to refit",
                      "Expects my call today")),
        IdealClientData(
            title="Homeowners refitting a bathroom", industries="Residential",
            triggers="New shower, moving the kitchen sink, replacing radiators",
            criteria=("Owner-occupier", "Budget over 5,000")),
    )),
    Partner("roofer", "Rosa Alvarez", ProfileData(
        business_name="Alvarez Roofing", category="Roofing",
        bio="Slate, tile and flat roof specialists with our own scaffolding crew.",
        talkable_difference="Every job is photographed before and after, so insurers pay.",
        specific_ask="I'd like to meet facilities managers of warehouses and schools."), (
        IdealClientData(
            title="Homeowners with storm damage", industries="Residential houses",
            decision_makers="Homeowner",
            triggers="Storm or high winds tore shingles or tiles off, water dripping into the "
                     "attic, sagging gutters, moss on the roof, insurance claim after a storm",
            criteria=("Roof damage visible or water coming through a ceiling",
                      "Owner can authorise repairs or an insurance claim")),
        IdealClientData(
            title="Commercial flat roofing", industries="Warehouses, schools, retail units",
            decision_makers="Facilities manager",
            triggers="Flat roof membrane failing, ponding water after rain, re-roofing before "
                     "a lease renewal",
            criteria=("Roof area over 200 square metres",)),
    )),
    Partner("accountant", "Amir Shah", ProfileData(
        business_name="Shah & Co", category="Chartered accountants",
        bio="A small practice of chartered accountants who still answer the phone.",
        talkable_difference="Fixed monthly fee, and management accounts by the 10th.",
        specific_ask="I'd like to meet owners of restaurants and building firms."), (
        IdealClientData(
            title="Owner-managed small businesses",
            industries="Trades, retail, restaurants, professional services",
            company_size="5 to 50 staff", decision_makers="Owner, managing director",
            triggers="Books months behind, payroll mistakes, a tax bill they did not expect, "
                     "VAT registration, bookkeeping still in spreadsheets, bank asking for "
                     "management accounts",
            criteria=("Turnover between 250k and 5m",
                      "Bookkeeping or payroll is behind or messy",
                      "Owner wants monthly figures")),
        IdealClientData(
            title="Sole traders filing a tax return", industries="Self-employed trades",
            triggers="First self-assessment tax return, a letter from HMRC, late filing penalty",
            criteria=("Self-employed",)),
    )),
    Partner("lawyer", "Lena Fischer", ProfileData(
        business_name="Fischer Legal", category="Commercial law",
        bio="Commercial solicitor, formerly in-house at a software company.",
        talkable_difference="Plain-English contracts at a fixed price.",
        specific_ask="I'd like to meet startup accelerators and angel investors."), (
        IdealClientData(
            title="Startup founders", industries="Technology startups, software, e-commerce",
            company_size="2 to 20 staff", decision_makers="Founders, CEO",
            triggers="Co-founders without a shareholder agreement, raising investment, share "
                     "options for early staff, a falling-out between founders",
            criteria=("Company with two or more shareholders",
                      "No written shareholder agreement, or an outdated one",
                      "Raising money in the next six months")),
        IdealClientData(
            title="Businesses signing large contracts",
            industries="Manufacturing, distribution, agencies",
            triggers="A supplier or customer contract to review, terms and conditions, a "
                     "contract dispute, buying or selling a business",
            criteria=("Contract value over 50k",)),
    )),
    Partner("mortgage", "Marcus Bell", ProfileData(
        business_name="Bell Mortgage Advice", category="Mortgage adviser",
        bio="Independent mortgage broker with access to the whole market.",
        talkable_difference="I find lenders for people the high-street banks turn down.",
        specific_ask="I'd like to meet estate agents and new-build developers."), (
        IdealClientData(
            title="First-time buyers and home movers", industries="Residential property",
            decision_makers="Buyers, couples",
            triggers="Buying a first home, fixed rate ending, remortgage, moving house, "
                     "self-employed and turned down by a bank",
            criteria=("Deposit saved or equity in their current home",
                      "Fixed rate ending within six months",
                      "Happy to share income details")),
        IdealClientData(
            title="Buy-to-let investors", industries="Buy-to-let",
            triggers="Buying another buy-to-let property, remortgaging to release equity",
            criteria=("Owns at least one buy-to-let",)),
    )),
    Partner("it", "Ivan Petrov", ProfileData(
        business_name="Petrov IT Support", category="IT support",
        bio="Managed IT support for small offices since 2009.",
        talkable_difference="A real engineer answers the helpdesk phone in under a minute.",
        specific_ask="I'd like to meet practice managers of medical and dental surgeries."), (
        IdealClientData(
            title="Small offices without an IT department",
            industries="Solicitors, dental and medical practices, estate agents",
            company_size="10 to 80 staff",
            decision_makers="Practice manager, office manager, operations director",
            triggers="Laptops that crash, slow network, phishing emails or a ransomware scare, "
                     "moving office, an old server, staff working from home, no backups",
            criteria=("Between 10 and 80 computers", "No in-house IT person",
                      "Worried about security or backups")),
    )),
    Partner("dentist", "Dana Okafor", ProfileData(
        business_name="Bright Smile Clinic", category="Dentist",
        bio="Family dentist with a calm surgery and evening appointments.",
        talkable_difference="Nervous patients are our speciality.",
        specific_ask="I'd like to meet HR managers who arrange staff health plans."), (
        IdealClientData(
            title="Families who need a new dentist", industries="Households, families",
            geography="Within 5 miles of the high street",
            triggers="Moved to the area, toothache, chipped or broken tooth, bleeding gums, "
                     "a child's first check-up, years of avoiding the dentist",
            criteria=("Lives or works within 5 miles",
                      "Has not seen a dentist in the last year")),
        IdealClientData(
            title="Adults who want a better smile", industries="Cosmetic dentistry",
            triggers="Stained or crooked teeth, whitening before a wedding, missing teeth and "
                     "considering implants, invisible braces",
            criteria=("Aged 25 to 65",)),
    )),
    Partner("hr", "Helen Ward", ProfileData(
        business_name="Ward People", category="HR consultant",
        bio="Former HR director, now the part-time HR team for small firms.",
        talkable_difference="An HR department for the price of a day a month.",
        specific_ask="I'd like to meet owners of care homes and factories."), (
        IdealClientData(
            title="Growing companies without an HR manager",
            industries="Manufacturing, hospitality, care homes, retail",
            company_size="15 to 150 employees",
            decision_makers="Managing director, operations manager",
            triggers="A first disciplinary or grievance, an employment tribunal claim, "
                     "sickness absence out of hand, staff handbook out of date, redundancies, "
                     "hiring the first managers",
            criteria=("More than 15 employees", "No HR person on staff",
                      "A people problem the owner is losing sleep over")),
    )),
    Partner("caterer", "Carlos Mendes", ProfileData(
        business_name="Mendes Kitchen", category="Catering",
        bio="Seasonal menus cooked fresh from our own kitchen.",
        talkable_difference="One price per head, staff and crockery included.",
        specific_ask="I'd like to meet event planners and venue managers."), (
        IdealClientData(
            title="Corporate events and office lunches",
            industries="Offices, conference venues, charities",
            triggers="Company summer party, product launch, board lunch, staff away-day, "
                     "Christmas party, a conference needing food for 50 to 500 guests",
            criteria=("Event date known", "At least 30 guests", "Budget per head agreed")),
        IdealClientData(
            title="Weddings and private celebrations", industries="Private clients",
            triggers="Engaged couple booking a venue, wedding reception, milestone birthday, "
                     "anniversary dinner",
            criteria=("Venue booked or being chosen", "Guest numbers roughly known")),
    )),
    Partner("landscaper", "Liam O'Brien", ProfileData(
        business_name="Green Acre Landscapes", category="Landscaping",
        bio="Garden design and build, with a maintenance crew for the seasons after.",
        talkable_difference="We draw the garden in 3D before we dig.",
        specific_ask="I'd like to meet new-build developers and housing associations."), (
        IdealClientData(
            title="Homeowners wanting a new garden", industries="Residential",
            triggers="Overgrown garden after moving house, a new patio or decking, lawn "
                     "ruined by builders, fencing blown down, drainage for a waterlogged lawn",
            criteria=("Garden larger than 50 square metres", "Budget over 8,000",
                      "Owner at home to meet")),
        IdealClientData(
            title="Commercial grounds maintenance",
            industries="Office parks, housing associations, schools",
            triggers="Grounds contract up for renewal, hedges and trees overgrown",
            criteria=("Site over one acre",)),
    )),
)

# Plain-words leads and the partner who should get each one.
LEADS = [
    ("Pipe burst in the basement of a rental", "plumber"),
    ("Tenant says there is no hot water and the boiler keeps cutting out", "plumber"),
    ("Storm tore shingles off and now the attic is wet", "roofer"),
    ("The warehouse has a flat roof with water ponding on it after rain", "roofer"),
    ("Books are six months behind and payroll is a mess", "accountant"),
    ("Got a letter from HMRC about a late tax return", "accountant"),
    ("Startup founders without a shareholder agreement", "lawyer"),
    ("Wants someone to review a big supplier contract before signing", "lawyer"),
    ("Couple buying their first home, their fixed rate is ending", "mortgage"),
    ("Self-employed client turned down for a mortgage by the bank", "mortgage"),
    ("Office laptops keep crashing and nobody checks the backups", "it"),
    ("Practice manager worried after staff clicked a phishing email", "it"),
    ("Dental practice whose computers crash every morning", "it"),
    ("Chipped a tooth and has not seen a dentist in years", "dentist"),
    ("Wants whiter teeth and is thinking about implants", "dentist"),
    ("An employee raised a grievance and the owner has no HR person", "hr"),
    ("Factory facing an employment tribunal over sickness absence", "hr"),
    ("Company summer party for 200 guests needs food", "caterer"),
    ("Planning a wedding reception for 120 guests", "caterer"),
    ("Just moved house and the garden is completely overgrown", "landscaper"),
    ("Builders ruined the lawn and it is waterlogged", "landscaper"),
]


@dataclass
class Circle:
    group: Group
    group_id: int
    ids: dict[str, int]
    asker_id: int

    def key_of(self, member_id: int) -> str:
        return next(k for k, v in self.ids.items() if v == member_id)


def add_partner(group, partner: Partner) -> int:
    user = UserFactory(name=partner.name, profile=None)
    MembershipFactory(group=group, user=user)
    services.update_profile(user=user, data=partner.profile)
    for data in partner.ideal_clients:
        services.add_ideal_client(user=user, data=data)
    db.session.commit()
    return user.id


@pytest.fixture
def circle(app) -> Circle:
    group = GroupFactory(name="Harbour Partners")
    ids = {p.key: add_partner(group, p) for p in PARTNERS}
    asker = UserFactory(name="Ada Asker", profile=None)
    MembershipFactory(group=group, user=asker)
    return Circle(group, group.id, ids, asker.id)


@pytest.mark.parametrize(("lead", "expected"), LEADS, ids=[lead for lead, _ in LEADS])
def test_lead_goes_to_the_right_partner(circle, lead, expected):
    matches = queries.match_lead(circle.group_id, lead, exclude_member_id=circle.asker_id)

    assert matches, f"no one matched {lead!r}"
    ranked = [circle.key_of(m.card.member_id) for m in matches]
    assert ranked[0] == expected, ranked
    if len(matches) > 1:  # a clear winner, not a tie settled by member id
        assert matches[0].score > matches[1].score


def test_every_partner_is_the_answer_to_some_lead():
    assert {expected for _, expected in LEADS} == {p.key for p in PARTNERS}


def test_the_reason_is_the_ideal_client_that_fits(circle):
    [top, *_] = queries.match_lead(circle.group_id, "Planning a wedding reception for 120 guests")
    assert top.card.member_id == circle.ids["caterer"]
    assert top.ideal_client.title == "Weddings and private celebrations"
    assert top.matched_words == ("guests", "reception", "wedding")

    [top, *_] = queries.match_lead(circle.group_id, "Company summer party for 200 guests")
    assert top.ideal_client.title == "Corporate events and office lunches"


def test_results_carry_the_member_card_and_a_limit(circle):
    matches = queries.match_lead(circle.group_id, "owner", limit=2)

    assert len(matches) == 2
    top = matches[0]
    assert top.card.name in {p.name for p in PARTNERS}
    assert top.card.business and top.card.category
    assert matches[0].score >= matches[1].score


def probate_pair(first_bio_word: str, first_criterion: str, second_bio_word: str,
                 second_criterion: str) -> tuple[int, int, int]:
    group = GroupFactory()
    ids = []
    for name, bio, criterion in (("Bea First", first_bio_word, first_criterion),
                                 ("Cal Second", second_bio_word, second_criterion)):
        user = UserFactory(name=name, profile=None)
        MembershipFactory(group=group, user=user)
        services.update_profile(user=user, data=ProfileData(bio=bio))
        services.add_ideal_client(user=user, data=IdealClientData(
            title="Clients", criteria=(criterion,)))
        ids.append(user.id)
    db.session.commit()
    return group.id, ids[0], ids[1]


def test_a_word_in_the_criteria_outranks_the_same_word_in_a_bio(app):
    # The two members' texts are the same words swapped between fields, so only the
    # field weights separate them; the criteria member is created second so that a
    # tie (equal weights) would put the bio member first.
    group_id, bio_member, criteria_member = probate_pair(
        "probate", "conveyancing", "conveyancing", "probate")

    matches = queries.match_lead(group_id, "a probate question")

    assert [m.card.member_id for m in matches] == [criteria_member, bio_member]
    assert matches[0].score > matches[1].score
    assert [(c.text, c.applies) for c in matches[0].criteria] == [("probate", True)]
    assert [(c.text, c.applies) for c in matches[1].criteria] == [("conveyancing", False)]
    assert [label for label, _ in matches[1].reasons] == ["Bio"]


def test_field_weights_are_in_the_documented_order():
    w = search.FIELD_WEIGHTS
    assert w["criteria"] > w["bio"] and w["industries"] > w["bio"] and w["triggers"] > w["bio"]
    assert w["criteria"] > w["talkable_difference"] > w["business_name"]


def profile_words(partner: Partner) -> set[str]:
    texts = [*vars(partner.profile).values()]
    for icp in partner.ideal_clients:
        texts += [icp.title, icp.industries, icp.company_size, icp.geography,
                  icp.decision_makers, icp.triggers, *icp.criteria, icp.not_a_fit]
    return {w.casefold() for w in search.words(" ".join(texts))}


@pytest.mark.parametrize(("query", "expected", "marked"), [
    ("accounting", "accountant", {"<mark>accountants</mark>", "<mark>accounts</mark>"}),
    ("roofs", "roofer", {"<mark>roof</mark>", "<mark>Roofing</mark>"}),
    ("leaks", "plumber", {"<mark>leaking</mark>"}),
])
def test_stemming_finds_other_forms_of_a_word(circle, query, expected, marked):
    # The query's exact word appears nowhere, so only stemming can find the partner.
    for word in query.split():
        assert not any(word in profile_words(p) for p in PARTNERS)

    [top, *_] = queries.match_lead(circle.group_id, query)

    assert circle.key_of(top.card.member_id) == expected
    assert top.matched_words == tuple(sorted(query.split()))
    html = " ".join(str(text) for _, text in top.reasons)
    assert marked <= _marks(html)


def _marks(html: str) -> set[str]:
    out, start = set(), 0
    while (i := html.find("<mark>", start)) >= 0:
        j = html.index("</mark>", i) + len("</mark>")
        out.add(html[i:j])
        start = j
    return out


@pytest.mark.parametrize("lead", ["the", "someone who needs a", "I want to be there for them",
                                  "", "   ", "?!", "Looking for somebody like that"])
def test_stop_words_alone_give_no_results(circle, lead):
    assert queries.match_lead(circle.group_id, lead) == []


def test_a_word_no_one_uses_gives_no_results(circle):
    assert queries.match_lead(circle.group_id, "submarine periscope") == []


def test_the_person_asking_is_excluded(circle):
    plumber = circle.ids["plumber"]
    everyone = queries.match_lead(circle.group_id, "burst pipe", limit=3)
    assert everyone[0].card.member_id == plumber

    mine = queries.match_lead(circle.group_id, "burst pipe", limit=3, exclude_member_id=plumber)

    assert plumber not in {m.card.member_id for m in mine}


def test_excluding_the_asker_still_fills_the_limit(circle):
    # "owner" is in many profiles; excluding the best match must not leave a gap.
    everyone = queries.match_lead(circle.group_id, "owner", limit=3)
    top = everyone[0].card.member_id

    rest = queries.match_lead(circle.group_id, "owner", limit=3, exclude_member_id=top)

    assert len(rest) == 3
    assert [m.card.member_id for m in rest][:2] == [m.card.member_id for m in everyone[1:]]


def test_highlighting_marks_matched_words_and_escapes_html(app):
    group = GroupFactory()
    user = UserFactory(name="Mallory Tester", profile=None)
    MembershipFactory(group=group, user=user)
    services.update_profile(user=user, data=ProfileData(
        bio='Burst pipes fixed <script>alert("pipe")</script> & more'))
    services.add_ideal_client(user=user, data=IdealClientData(
        title="<b>Landlords</b>", triggers="A burst pipe <script>steal()</script>",
        criteria=("<i>Burst</i> pipe in a rental", "Expects my call")))
    db.session.commit()

    [match] = queries.match_lead(group.id, "burst pipe script")

    reasons = {label: str(html) for label, html in match.reasons}
    assert reasons == {
        "When they need it": "A <mark>burst</mark> <mark>pipe</mark> "
                             "&lt;<mark>script</mark>&gt;steal()&lt;/<mark>script</mark>&gt;",
        "Bio": "<mark>Burst</mark> <mark>pipes</mark> fixed "
               "&lt;<mark>script</mark>&gt;alert(&#34;<mark>pipe</mark>&#34;)"
               "&lt;/<mark>script</mark>&gt; &amp; more",
    }
    # Criteria are plain text (the template escapes them), flagged when they apply.
    assert [(c.text, c.applies) for c in match.criteria] == [
        ("<i>Burst</i> pipe in a rental", True), ("Expects my call", False)]
    assert match.ideal_client.title == "<b>Landlords</b>"
    assert match.matched_words == ("burst", "pipe", "script")


@pytest.mark.parametrize(("lead", "applies"), [
    ("Pipe burst in the basement of a rental", [True, False, False]),
    ("Boiler leaking in a rental flat", [True, True, False]),
    ("He expects a call about a boiler", [False, True, True]),
])
def test_criteria_that_apply_are_those_with_a_lead_word(circle, lead, applies):
    [top, *_] = queries.match_lead(circle.group_id, lead)

    assert top.card.member_id == circle.ids["plumber"]
    assert top.ideal_client.title == "Landlords and letting agents"
    assert [c.text for c in top.criteria] == [
        "Owns or manages rental property", "Has a leak, a boiler fault or a bathroom to refit",
        "Expects my call today"]
    assert [c.applies for c in top.criteria] == applies


def _count_builds(monkeypatch) -> list[int]:
    builds = []
    real = search.Index

    class CountingIndex(real):
        def __init__(self, documents):
            builds.append(1)
            super().__init__(documents)

    monkeypatch.setattr(search, "Index", CountingIndex)
    monkeypatch.setattr(queries, "_INDEX_CACHE", OrderedDict())
    return builds


def test_the_index_is_cached_until_a_profile_changes(circle, monkeypatch):
    builds = _count_builds(monkeypatch)
    landscaper = db.session.get(User, circle.ids["landscaper"])

    assert queries.match_lead(circle.group_id, "koi carp") == []
    assert queries.match_lead(circle.group_id, "burst pipe")
    assert len(builds) == 1

    [icp, _] = queries.list_ideal_clients(landscaper.id)
    services.update_ideal_client(user=landscaper, icp_id=icp.id, data=IdealClientData(
        title=icp.title, industries=icp.industries, triggers=icp.triggers + ", a koi carp",
        criteria=icp.criteria))
    db.session.commit()

    [top] = queries.match_lead(circle.group_id, "koi carp")
    assert top.card.member_id == landscaper.id
    assert top.matched_words == ("carp", "koi")
    assert len(builds) == 2


def test_a_business_profile_change_is_findable_at_once(circle):
    assert queries.match_lead(circle.group_id, "thatched cottages") == []
    roofer = db.session.get(User, circle.ids["roofer"])
    services.update_profile(user=roofer, data=ProfileData(
        business_name="Alvarez Roofing", category="Roofing",
        bio="Slate, tile, flat roofs and thatched cottages."))
    db.session.commit()

    [top] = queries.match_lead(circle.group_id, "thatched cottages")

    assert top.card.member_id == roofer.id


def test_a_deleted_ideal_client_stops_matching(circle):
    lawyer = db.session.get(User, circle.ids["lawyer"])
    lead = "They have no shareholder agreement"
    assert queries.match_lead(circle.group_id, lead)[0].card.member_id == lawyer.id

    [startups, _] = queries.list_ideal_clients(lawyer.id)
    services.delete_ideal_client(user=lawyer, icp_id=startups.id)
    db.session.commit()

    assert lawyer.id not in {m.card.member_id for m in queries.match_lead(circle.group_id, lead)}


def test_a_new_member_is_findable_at_once(circle):
    assert queries.match_lead(circle.group_id, "chimney sweep") == []
    sweep = add_partner(circle.group, Partner("sweep", "Sid Sweep", ProfileData(
        category="Chimney sweep"), (IdealClientData(title="Homes with open fires"),)))

    [top] = queries.match_lead(circle.group_id, "chimney sweep")

    assert top.card.member_id == sweep

