"""Query budget: group pages cost the same number of SQL statements however big the group."""

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Invitation, Membership, Role
from partnernet.models.base import utcnow
from tests import factories
from tests.factories import GroupFactory, MembershipFactory, UserFactory

# Sign-in user, the caller's membership and group, the group switcher, then the page's own
# reads; a few to spare, but far fewer than one per member.
BUDGET = 8


@contextmanager
def counting():
    """Collect the SQL statements run on the app's engine while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def grow(group, facilitator, size: int) -> None:
    """Bring the group to `size` current members (with titles, seats and businesses) and
    `size` pending invitations."""
    members = db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.group_id == group.id, Membership.left_at.is_(None)))
    invitations = db.session.scalar(sa.select(sa.func.count()).select_from(Invitation).where(
        Invitation.group_id == group.id, Invitation.accepted_at.is_(None)))
    for n in range(members, size):
        MembershipFactory(group=group, title="Secretary" if n % 2 else "", category=f"Seat {n}",
                          role=Role.FACILITATOR if n % 5 == 0 else Role.MEMBER)
    for n in range(invitations, size):
        factories.invitation(group, token=f"pending-{n}", email=f"invitee{n}@example.com",
                             created_by=facilitator)


def cost(client, path: str) -> list[str]:
    db.session.commit()
    db.session.expire_all()
    client.get(path)  # warm: first-use work (template compilation) is not what we measure
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize("page", ["/groups/{gid}", "/groups/{gid}/invitations"])
def test_group_pages_cost_the_same_for_3_and_30_members(client, auth, page):
    facilitator = UserFactory()
    group = GroupFactory(name="Budget Partners")
    MembershipFactory(group=group, user=facilitator, role=Role.FACILITATOR)
    # History that the pages must skip: a former member and a spent invitation.
    left = MembershipFactory(group=group)
    left.left_at = utcnow()
    spent = factories.invitation(group, token="spent", created_by=facilitator)
    spent.accepted_at = utcnow()
    db.session.commit()
    path = page.format(gid=group.id)
    auth.login(facilitator)

    grow(group, facilitator, 3)
    small = cost(client, path)
    grow(group, facilitator, 30)
    large = cost(client, path)

    body = client.get(path).get_data(as_text=True)
    if page == "/groups/{gid}":
        assert body.count('class="member-card"') == 30
    else:
        assert body.count('class="list-row"') == 30
    assert len(large) == len(small), "\n\n".join(large)
    assert len(large) <= BUDGET, "\n\n".join(large)
