"""Who may use each referral page and action, as a table.

Visitors are sent to sign in; members of another group get 404 and learn nothing;
members and facilitators who are not party to a referral may read it (without the
prospect's contact details) but not change it; its giver or receiver may.
ROUTES lists every route of partnernet.referrals.views:
`test_every_referral_route_is_in_the_table` fails until a new one is added.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import ClosedBusiness, Referral, ReferralEvent, Role, ThankYou
from partnernet.models import Testimonial as StoredTestimonial  # pytest would collect Test*
from partnernet.periods import local_today
from tests import factories
from tests.factories import IdealClientFactory, MembershipFactory

MISSING = 987654
TODAY = "{today}"


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str  # formatted with gid, rid (the referral), eid (its entry), uid (its receiver)
    member_status: int  # a member, or a facilitator, who is not party to the referral
    party: str = ""  # who may change it: "giver" or "receiver" ("" for group pages)
    party_status: int = 0
    data: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint}"


ROUTES = [
    Route("referrals.new", "GET", "/groups/{gid}/referrals/new?to={uid}", 200),
    Route("referrals.new", "POST", "/groups/{gid}/referrals/new", 303,
          data={"receiver_id": "{uid}", "prospect_name": "Someone New", "temperature": "3",
                "kind": "outside", "relationship": "client"}),
    Route("referrals.criteria", "GET", "/groups/{gid}/referrals/criteria?receiver_id={uid}",
          200),
    Route("referrals.duplicates", "GET",
          "/groups/{gid}/referrals/duplicates?receiver_id={uid}&prospect_name=Jane+Doe", 200),
    Route("referrals.index", "GET", "/groups/{gid}/referrals", 200),
    Route("referrals.thanks_owed", "GET", "/groups/{gid}/thanks-owed", 200),
    Route("referrals.testimonial", "POST", "/groups/{gid}/members/{uid}/testimonials", 303,
          data={"text": "Rafael is the electrician everyone should know."}),
    Route("referrals.show", "GET", "/referrals/{rid}", 200, "receiver", 200),
    Route("referrals.move", "POST", "/referrals/{rid}/status", 403, "receiver", 303,
          data={"status": "contacted", "note": "Called her.", "version": "{version}"}),
    Route("referrals.note", "POST", "/referrals/{rid}/notes", 403, "giver", 303,
          data={"timeline-note": "She prefers mornings."}),
    Route("referrals.record", "POST", "/referrals/{rid}/closed-business", 403, "receiver", 303,
          data={"closed-amount": "300.00", "closed-kind": "repeat", "closed-closed_on": TODAY,
                "closed-version": "{version}"}),
    Route("referrals.correct", "POST", "/referrals/{rid}/closed-business/{eid}", 403,
          "receiver", 303, data={"entry{eid}-amount": "1300", "entry{eid}-kind": "new",
                                 "entry{eid}-closed_on": TODAY}),
    Route("referrals.delete_entry", "POST", "/referrals/{rid}/closed-business/{eid}/delete",
          403, "receiver", 303),
    Route("referrals.rate", "POST", "/referrals/{rid}/quality", 403, "receiver", 303,
          data={"quality": "qualified"}),
    Route("referrals.thank", "POST", "/referrals/{rid}/thanks", 403, "receiver", 303,
          data={"thanks-message": "Thank you, Gina.", "thanks-gift": "Coffee"}),
]


@dataclass
class Scene:
    cast: factories.ReferralCast
    referral: Referral
    entry: ClosedBusiness
    callers: dict


@pytest.fixture
def scene(app) -> Scene:
    """Gina passed Jane Doe to Rafael, who accepted it and closed £1,000; Mo and a facilitator
    are in the group too; Otto leads another group."""
    cast = factories.make_referral_cast()
    IdealClientFactory(user=cast.receiver, criteria=["Owner-managed business"])
    facilitator = MembershipFactory(group=cast.group, role=Role.FACILITATOR,
                                    user__name="Fay Facilitator").user
    referral = factories.referral(cast.group, cast.giver, cast.receiver, prospect_name="Jane Doe",
                                  prospect_email="jane@doedental.example",
                                  prospect_phone="+44 20 7946 0001", status="accepted")
    entry = factories.closed_business(referral, 100000,
                                      closed_on=local_today(cast.group.timezone))
    callers = {"outsider": cast.outsider, "member": cast.member, "facilitator": facilitator,
               "giver": cast.giver, "receiver": cast.receiver}
    return Scene(cast, referral, entry, callers)


def fill(value: str, scene: Scene, rid: int | None = None, gid: int | None = None) -> str:
    db.session.expire_all()
    return value.format(gid=scene.cast.group.id if gid is None else gid,
                        rid=scene.referral.id if rid is None else rid, eid=scene.entry.id,
                        uid=scene.cast.receiver.id,
                        version=db.session.get(Referral, scene.referral.id).version,
                        today=local_today(scene.cast.group.timezone).isoformat())


def url(route: Route, scene: Scene, **missing) -> str:
    return fill(route.path, scene, **missing)


def call(client, route: Route, scene: Scene, **missing):
    data = {fill(k, scene): fill(v, scene) for k, v in route.data.items()}
    return client.open(url(route, scene, **missing), method=route.method, data=data)


def state() -> tuple:
    """Everything a referral route can change, to show a refused request changed nothing."""
    db.session.expire_all()
    referrals = db.session.execute(
        sa.select(Referral.id, Referral.status, Referral.quality, Referral.version)
        .order_by(Referral.id)).all()
    entries = db.session.execute(
        sa.select(ClosedBusiness.id, ClosedBusiness.amount, ClosedBusiness.kind,
                  ClosedBusiness.deleted_at).order_by(ClosedBusiness.id)).all()
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (ReferralEvent, ThankYou, StoredTestimonial)]
    return referrals, entries, counts


def test_every_referral_route_is_in_the_table(app):
    in_app = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if app.view_functions[rule.endpoint].__module__ == "partnernet.referrals.views"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert in_app == {(route.endpoint, route.method) for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_visitor_is_sent_to_sign_in(scene, client, route):
    before = state()
    response = call(client, route, scene)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url(route, scene)]
    assert state() == before


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_member_of_another_group_sees_nothing(scene, client, auth, route):
    auth.login(scene.callers["outsider"])
    before = state()

    response = call(client, route, scene)

    assert response.status_code == 404
    body = response.get_data(as_text=True)
    for secret in ("Riverside Partners", "Jane Doe", "Rafael Receiver", "Owner-managed"):
        assert secret not in body
    assert state() == before


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("caller", ["member", "facilitator"])
def test_member_or_facilitator_not_party_to_it(scene, client, auth, route, caller):
    auth.login(scene.callers[caller])
    before = state()

    response = call(client, route, scene)

    assert response.status_code == route.member_status
    body = response.get_data(as_text=True)
    assert "jane@doedental.example" not in body and "7946" not in body
    if route.member_status == 403:
        assert state() == before
    elif route.method == "POST":
        assert state() != before  # a group page's action: any member may take it


@pytest.mark.parametrize("route", [r for r in ROUTES if r.party], ids=str)
def test_the_party_to_the_referral(scene, client, auth, route):
    auth.login(scene.callers[route.party])
    before = state()

    response = call(client, route, scene)

    assert response.status_code == route.party_status
    if route.method == "POST":
        assert response.headers["Location"] == f"/referrals/{scene.referral.id}"
        assert state() != before
    else:
        assert "jane@doedental.example" in response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("caller", ["outsider", "member", "receiver"])
def test_unknown_group_or_referral_is_404_for_everyone_signed_in(scene, client, auth, route,
                                                                 caller):
    auth.login(scene.callers[caller])
    before = state()
    response = call(client, route, scene, gid=MISSING, rid=MISSING)
    assert response.status_code == 404
    assert state() == before
