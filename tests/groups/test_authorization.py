"""Who may use each group page: visitors sign in, outsiders see nothing, members, facilitators.

ROUTES lists every page route that takes a gid, whatever its blueprint. A new route
fails `test_every_group_route_is_in_the_table` until it is added here with the answer
each kind of caller should get.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.calendar import create_feed
from partnernet.models import (
    AgendaItem,
    CalendarFeed,
    ContactSphere,
    Goal,
    Group,
    Invitation,
    Meeting,
    Membership,
    OneToOne,
    Referral,
    Role,
    RotationEntry,
    SphereMember,
)
from partnernet.models import Testimonial as StoredTestimonial  # pytest would collect Test*
from tests import factories
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import group_form

MISSING_GID = 987654
IN_A_MONTH = (date.today() + timedelta(days=30)).isoformat()
# A past day in any group's time zone, whatever this machine's.
DAYS_AGO = (date.today() - timedelta(days=2)).isoformat()


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    # Formatted with gid, uid (a plain member to act on), iid (an invitation) and sid (a
    # contact sphere).
    path: str
    facilitator_only: bool
    member_status: int  # what a member gets where members are allowed
    facilitator_status: int
    data: dict = field(default_factory=dict)  # values formatted with uid
    # Where a facilitator's successful request leads ("" when it does not redirect).
    facilitator_location: str = ""
    page: bool = True  # False for an htmx fragment, which carries no group name

    def __str__(self) -> str:
        return f"{self.method} {self.endpoint}"


ROUTES = [
    Route("groups.show", "GET", "/groups/{gid}", False, 200, 200),
    Route("groups.settings", "GET", "/groups/{gid}/settings", True, 403, 200),
    Route("groups.settings", "POST", "/groups/{gid}/settings", True, 403, 302,
          data=group_form(name="Renamed Partners"), facilitator_location="/groups/{gid}"),
    Route("groups.edit_member", "GET", "/groups/{gid}/members/{uid}/edit", True, 403, 200),
    Route("groups.edit_member", "POST", "/groups/{gid}/members/{uid}/edit", True, 403, 302,
          data={"role": "member", "title": "Secretary", "category": "Accounting"},
          facilitator_location="/groups/{gid}"),
    Route("groups.remove_member", "POST", "/groups/{gid}/members/{uid}/remove", True, 403, 303,
          facilitator_location="/groups/{gid}"),
    Route("groups.leave", "GET", "/groups/{gid}/leave", False, 200, 200),
    Route("groups.leave", "POST", "/groups/{gid}/leave", False, 303, 303,
          facilitator_location="/"),
    Route("groups.invitations", "GET", "/groups/{gid}/invitations", True, 403, 200),
    Route("groups.invitations", "POST", "/groups/{gid}/invitations", True, 403, 201,
          data={"email": "newcomer@example.com", "role": "member"}),
    Route("groups.revoke_invitation", "POST", "/groups/{gid}/invitations/{iid}/revoke", True,
          403, 303, facilitator_location="/groups/{gid}/invitations"),
    Route("profiles.member", "GET", "/groups/{gid}/members/{uid}", False, 200, 200),
    Route("profiles.match", "GET", "/groups/{gid}/match?q=roofing", False, 200, 200),
    Route("profiles.spheres", "GET", "/groups/{gid}/spheres", True, 403, 200),
    # Leads to the new sphere's page, whose id the table cannot know.
    Route("profiles.spheres", "POST", "/groups/{gid}/spheres", True, 403, 303,
          data={"name": "Home services"}),
    Route("profiles.edit_sphere", "GET", "/groups/{gid}/spheres/{sid}", True, 403, 200),
    Route("profiles.edit_sphere", "POST", "/groups/{gid}/spheres/{sid}", True, 403, 303,
          data={"name": "Real estate"}, facilitator_location="/groups/{gid}/spheres"),
    Route("profiles.delete_sphere", "POST", "/groups/{gid}/spheres/{sid}/delete", True, 403,
          303, facilitator_location="/groups/{gid}/spheres"),
    # Referral pages of the group; the referral page and its actions are in
    # tests/referrals/test_authorization.py. Passing one leads to its page, whose id the table
    # cannot know.
    Route("referrals.new", "GET", "/groups/{gid}/referrals/new", False, 200, 200),
    Route("referrals.new", "POST", "/groups/{gid}/referrals/new", False, 303, 303,
          data={"receiver_id": "{uid}", "prospect_name": "Pat Prospect", "temperature": "3",
                "kind": "outside", "relationship": "client"}),
    Route("referrals.criteria", "GET", "/groups/{gid}/referrals/criteria?receiver_id={uid}",
          False, 200, 200, page=False),
    Route("referrals.duplicates", "GET",
          "/groups/{gid}/referrals/duplicates?receiver_id={uid}&prospect_name=Pat", False, 200,
          200, page=False),
    Route("referrals.dashboard", "GET", "/groups/{gid}/dashboard", False, 200, 200),
    Route("referrals.index", "GET", "/groups/{gid}/referrals", False, 200, 200),
    Route("referrals.thanks_owed", "GET", "/groups/{gid}/thanks-owed", False, 200, 200),
    Route("referrals.import_csv", "GET", "/groups/{gid}/referrals/import", True, 403, 200),
    # No file: a facilitator gets the form back with its error, nothing imported.
    Route("referrals.import_csv", "POST", "/groups/{gid}/referrals/import", True, 403, 422),
    Route("referrals.import_template", "GET", "/groups/{gid}/referrals/import/template.csv",
          True, 403, 200, page=False),
    Route("referrals.export_mine", "GET", "/groups/{gid}/referrals/export.csv", False, 200,
          200, page=False),
    Route("referrals.export_all", "GET", "/groups/{gid}/referrals/export-all.csv", True, 403,
          200, page=False),
    Route("referrals.testimonial", "POST", "/groups/{gid}/members/{uid}/testimonials", False,
          303, 303, data={"text": "A partner to trust."},
          facilitator_location="/groups/{gid}/members/{uid}#testimonials"),
    # The ledger: every member reads every view of it; the matrix focused on the member.
    Route("ledger.mine", "GET", "/groups/{gid}/ledger", False, 200, 200),
    Route("ledger.effectiveness", "GET", "/groups/{gid}/ledger/partners", False, 200, 200),
    Route("ledger.group", "GET", "/groups/{gid}/ledger/group", False, 200, 200),
    Route("ledger.matrix", "GET", "/groups/{gid}/ledger/matrix?member={uid}", False, 200, 200),
    Route("ledger.health", "GET", "/groups/{gid}/ledger/health/{uid}", False, 200, 200),
    Route("ledger.goals", "GET", "/groups/{gid}/goals", False, 200, 200),
    # Setting the group's goals is a facilitator's post (a member's own goals are in
    # tests/ledger/test_goal_views.py).
    Route("ledger.goals", "POST", "/groups/{gid}/goals", True, 403, 303,
          data={"scope": "group", "referrals_given_month": "4",
                "value_given_quarter": "1,250.00"},
          facilitator_location="/groups/{gid}/goals"),
    Route("ledger.mine_csv", "GET", "/groups/{gid}/ledger.csv", False, 200, 200, page=False),
    Route("ledger.effectiveness_csv", "GET", "/groups/{gid}/ledger/partners.csv", False, 200,
          200, page=False),
    Route("ledger.group_csv", "GET", "/groups/{gid}/ledger/group.csv", False, 200, 200,
          page=False),
    Route("ledger.matrix_csv", "GET", "/groups/{gid}/ledger/matrix.csv", False, 200, 200,
          page=False),
    Route("ledger.series_csv", "GET", "/groups/{gid}/ledger/series.csv?scope=group", False,
          200, 200, page=False),
    Route("ledger.unconnected_csv", "GET", "/groups/{gid}/ledger/unconnected.csv", False, 200,
          200, page=False),
    # The schedule: every member reads it; facilitators add extra meetings (a meeting's own
    # pages are in tests/meetings/test_views.py).
    Route("meetings.index", "GET", "/groups/{gid}/meetings", False, 200, 200),
    Route("meetings.index", "POST", "/groups/{gid}/meetings", True, 403, 303,
          data={"extra-day": IN_A_MONTH, "extra-starts": "18:00", "extra-ends": "20:00",
                "extra-note": "Summer social"},
          facilitator_location="/groups/{gid}/meetings"),
    # Every member makes and stops their own calendar link (each caller already has one).
    Route("meetings.create_feed", "POST", "/groups/{gid}/meetings/calendar", False, 201, 201),
    Route("meetings.stop_feed", "POST", "/groups/{gid}/meetings/calendar/stop", False, 303, 303,
          facilitator_location="/groups/{gid}/meetings"),
    # Every member logs their own one-to-ones (deleting one is in
    # tests/meetings/test_one_to_ones.py).
    Route("meetings.one_to_ones_index", "GET", "/groups/{gid}/one-to-ones", False, 200, 200),
    Route("meetings.one_to_ones_index", "POST", "/groups/{gid}/one-to-ones", False, 303, 303,
          data={"partner_id": "{uid}", "met_on": DAYS_AGO, "kind": "video",
                "notes": "Coffee and a walk"},
          facilitator_location="/groups/{gid}/one-to-ones"),
    # The speaker rotation: every member reads it; facilitators change it (a meeting's own
    # presenter is in tests/meetings/test_authorization.py). Swapping needs two meetings'
    # ids, which the table cannot know: without them a facilitator gets the form back.
    Route("meetings.rotation_page", "GET", "/groups/{gid}/rotation", False, 200, 200),
    Route("meetings.rotation_page", "POST", "/groups/{gid}/rotation", True, 403, 303,
          data={"action": "add", "member_id": "{uid}"},
          facilitator_location="/groups/{gid}/rotation"),
    Route("meetings.swap_presenters", "POST", "/groups/{gid}/rotation/swap", True, 403, 422),
    # The group's agenda: every member reads it; facilitators add items (and reorder them:
    # an order naming no items is refused). A single item's routes are in
    # tests/meetings/test_agenda_views.py.
    Route("meetings.agenda", "GET", "/groups/{gid}/agenda", False, 200, 200),
    Route("meetings.agenda", "POST", "/groups/{gid}/agenda", True, 403, 303,
          data={"new-title": "Guest speaker", "new-kind": "featured", "new-minutes": "10",
                "new-owner_id": "{uid}"}),
    Route("meetings.order_agenda", "POST", "/groups/{gid}/agenda/order", True, 403, 422),
]


@dataclass
class Scene:
    group: Group
    callers: dict
    target: object  # the member that member routes act on
    invitation: Invitation
    sphere: ContactSphere


@pytest.fixture
def scene(world) -> Scene:
    """The world, plus a second facilitator (so the first may leave), a member to act on and a
    contact sphere holding them."""
    MembershipFactory(group=world.group, role=Role.FACILITATOR)
    target = MembershipFactory(group=world.group, user=UserFactory(name="Target Person")).user
    invitation = factories.invitation(world.group, token="pending", email="pending@example.com")
    sphere = factories.sphere(world.group, "Property Circle", [target])
    callers = {"outsider": world.outsider, "member": world.member,
               "facilitator": world.facilitator}
    for caller in (world.member, world.facilitator):
        create_feed(group=world.group, user=caller)
    db.session.commit()
    return Scene(world.group, callers, target, invitation, sphere)


def url(route: Route, scene: Scene, gid: int | None = None) -> str:
    return route.path.format(gid=scene.group.id if gid is None else gid, uid=scene.target.id,
                             iid=scene.invitation.id, sid=scene.sphere.id)


def call(client, route: Route, scene: Scene, gid: int | None = None):
    data = {k: v.format(uid=scene.target.id) if isinstance(v, str) else v
            for k, v in route.data.items()}
    return client.open(url(route, scene, gid), method=route.method, data=data)


def state(group_id: int) -> tuple:
    """Everything a group route can change, to show a refused request changed nothing."""
    db.session.expire_all()
    group = db.session.get(Group, group_id)
    members = db.session.execute(
        sa.select(Membership.user_id, Membership.role, Membership.title, Membership.category,
                  Membership.left_at).where(Membership.group_id == group_id)
        .order_by(Membership.user_id)).all()
    invitations = db.session.execute(
        sa.select(Invitation.id, Invitation.revoked_at, Invitation.accepted_at)
        .order_by(Invitation.id)).all()
    spheres = db.session.execute(
        sa.select(ContactSphere.id, ContactSphere.name).order_by(ContactSphere.id)).all()
    sphere_members = db.session.execute(
        sa.select(SphereMember.sphere_id, SphereMember.user_id)
        .order_by(SphereMember.sphere_id, SphereMember.user_id)).all()
    referrals = db.session.scalar(sa.select(sa.func.count()).select_from(Referral))
    testimonials = db.session.scalar(sa.select(sa.func.count()).select_from(StoredTestimonial))
    goals = db.session.execute(
        sa.select(Goal.user_id, Goal.metric, Goal.target).order_by(Goal.id)).all()
    meetings = db.session.execute(
        sa.select(Meeting.id, Meeting.kind, Meeting.starts_at, Meeting.duration_minutes,
                  Meeting.status, Meeting.note).where(Meeting.group_id == group_id)
        .order_by(Meeting.id)).all()
    feeds = db.session.execute(
        sa.select(CalendarFeed.user_id, CalendarFeed.token_hash)
        .where(CalendarFeed.group_id == group_id).order_by(CalendarFeed.user_id)).all()
    one_to_ones = db.session.execute(
        sa.select(OneToOne.logged_by_id, OneToOne.partner_id, OneToOne.met_on, OneToOne.kind,
                  OneToOne.notes).where(OneToOne.group_id == group_id)
        .order_by(OneToOne.id)).all()
    rotation = db.session.execute(
        sa.select(RotationEntry.user_id, RotationEntry.position)
        .where(RotationEntry.group_id == group_id).order_by(RotationEntry.user_id)).all()
    presenters = db.session.execute(
        sa.select(Meeting.id, Meeting.presenter_id).where(Meeting.group_id == group_id)
        .order_by(Meeting.id)).all()
    agenda = db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.position, AgendaItem.title,
                  AgendaItem.kind, AgendaItem.minutes, AgendaItem.owner_id)
        .where(AgendaItem.group_id == group_id).order_by(AgendaItem.id)).all()
    return ((group.name, group.timezone, group.currency), members, invitations, spheres,
            sphere_members, referrals, testimonials, goals, meetings, feeds, one_to_ones,
            rotation, presenters, agenda)


def test_every_group_route_is_in_the_table(app):
    in_app = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if "gid" in rule.arguments and not rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert in_app == {(route.endpoint, route.method) for route in ROUTES}


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_visitor_is_sent_to_sign_in(scene, client, route):
    before = state(scene.group.id)
    response = call(client, route, scene)

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [url(route, scene)]
    assert state(scene.group.id) == before


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_member_of_another_group_sees_nothing(scene, client, auth, route):
    auth.login(scene.callers["outsider"])
    before = state(scene.group.id)

    response = call(client, route, scene)

    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Riverside Partners" not in body
    assert "Target Person" not in body
    assert "Property Circle" not in body
    assert state(scene.group.id) == before


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_member(scene, client, auth, route):
    auth.login(scene.callers["member"])
    before = state(scene.group.id)

    response = call(client, route, scene)

    if route.facilitator_only:
        assert response.status_code == 403
        assert state(scene.group.id) == before
    else:
        assert response.status_code == route.member_status
        if route.method == "GET" and route.page:
            assert "Riverside Partners" in response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_facilitator(scene, client, auth, route):
    auth.login(scene.callers["facilitator"])
    before = state(scene.group.id)

    response = call(client, route, scene)

    assert response.status_code == route.facilitator_status
    if route.facilitator_location:
        assert response.headers["Location"] == route.facilitator_location.format(
            gid=scene.group.id, uid=scene.target.id)
    if route.method == "POST" and route.facilitator_status < 400:
        assert state(scene.group.id) != before  # the action really happened
    elif route.method == "POST":
        assert state(scene.group.id) == before  # a refused form changes nothing


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("caller", ["outsider", "member", "facilitator"])
def test_unknown_group_is_404_for_everyone_signed_in(scene, client, auth, route, caller):
    auth.login(scene.callers[caller])
    before = state(scene.group.id)
    response = call(client, route, scene, gid=MISSING_GID)
    assert response.status_code == 404
    assert state(scene.group.id) == before
