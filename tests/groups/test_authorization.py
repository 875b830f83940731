"""Who may use each group page: visitors sign in, outsiders see nothing, members, facilitators.

ROUTES lists every group route that takes a gid. A new route fails
`test_every_group_route_is_in_the_table` until it is added here with the answer
each kind of caller should get.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Invitation, Membership, Role
from tests import factories
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import group_form

MISSING_GID = 987654


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str  # formatted with gid, uid (a plain member to act on) and iid (an invitation)
    facilitator_only: bool
    member_status: int  # what a member gets where members are allowed
    facilitator_status: int
    data: dict = field(default_factory=dict)
    # Where a facilitator's successful request leads ("" when it does not redirect).
    facilitator_location: str = ""

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
]


@dataclass
class Scene:
    group: Group
    callers: dict
    target: object  # the member that member routes act on
    invitation: Invitation


@pytest.fixture
def scene(world) -> Scene:
    """The world, plus a second facilitator (so the first may leave) and a member to act on."""
    MembershipFactory(group=world.group, role=Role.FACILITATOR)
    target = MembershipFactory(group=world.group, user=UserFactory(name="Target Person")).user
    invitation = factories.invitation(world.group, token="pending", email="pending@example.com")
    callers = {"outsider": world.outsider, "member": world.member,
               "facilitator": world.facilitator}
    return Scene(world.group, callers, target, invitation)


def url(route: Route, scene: Scene, gid: int | None = None) -> str:
    return route.path.format(gid=scene.group.id if gid is None else gid, uid=scene.target.id,
                             iid=scene.invitation.id)


def call(client, route: Route, scene: Scene, gid: int | None = None):
    return client.open(url(route, scene, gid), method=route.method, data=route.data)


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
    return (group.name, group.timezone, group.currency), members, invitations


def test_every_group_route_is_in_the_table(app):
    in_app = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("groups.") and "gid" in rule.arguments
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
        if route.method == "GET":
            assert "Riverside Partners" in response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_facilitator(scene, client, auth, route):
    auth.login(scene.callers["facilitator"])
    before = state(scene.group.id)

    response = call(client, route, scene)

    assert response.status_code == route.facilitator_status
    if route.facilitator_location:
        assert response.headers["Location"] == route.facilitator_location.format(
            gid=scene.group.id)
    if route.method == "POST":
        assert state(scene.group.id) != before  # the action really happened


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("caller", ["outsider", "member", "facilitator"])
def test_unknown_group_is_404_for_everyone_signed_in(scene, client, auth, route, caller):
    auth.login(scene.callers[caller])
    before = state(scene.group.id)
    response = call(client, route, scene, gid=MISSING_GID)
    assert response.status_code == 404
    assert state(scene.group.id) == before
