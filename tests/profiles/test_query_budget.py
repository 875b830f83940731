"""Query budget: the directory, member pages and the lead router cost the same number of SQL
statements for 5 members as for 40, each with two ideal clients and in contact spheres."""

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    ContactSphere,
    IdealClientProfile,
    Membership,
    Profile,
    Role,
    SphereMember,
    User,
)
from tests.factories import PASSWORD_HASH, GroupFactory
from tests.groups.test_queries import counting

# The signed-in user, the caller's membership and group, the group switcher and the unread
# count in the header; then the page's own reads: spheres, their current members, members with
# their profiles, their ideal clients (today 9 or 10 in all). A couple to spare for what a page
# adds, but far fewer than one per member.
BUDGET = 12
LEAD = "dental practice opening a second site, worried about cash flow"


def grow(group, spheres: list[ContactSphere], size: int) -> list[User]:
    """Bring the group to `size` current members with full profiles, two ideal clients each,
    each in one or two spheres; added in one commit to keep the test fast."""
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .where(Membership.group_id == group.id))
    users = []
    for n in range(have, size):
        user = User(email=f"budget{n}@example.com", name=f"Partner {n:02d}",
                    password_hash=PASSWORD_HASH,
                    profile=Profile(business_name=f"Business {n}", category=f"Seat {n}",
                                    website=f"https://b{n}.example.com",
                                    phone="+44 113 496 0000",
                                    bio="Bio " * 20, talkable_difference="Different.",
                                    specific_ask="Dental practices.", photo=f"{n}-x.jpg"))
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(group_id=group.id, user_id=user.id,
                                  role=Role.FACILITATOR if n == 0 else Role.MEMBER,
                                  title="President" if n == 0 else "", category=f"Seat {n}"))
        for position, title in enumerate(["Dental practices", "Cafés with cash-flow worries"]):
            db.session.add(IdealClientProfile(
                user_id=user.id, position=position, title=title, industries="Dentistry",
                triggers=f"Opening a second site ({n})",
                criteria=["Owner-managed", "Expects a call"],
                not_a_fit="Chains"))
        db.session.add(SphereMember(sphere_id=spheres[n % 2].id, user_id=user.id))
        if n % 3 == 0:
            db.session.add(SphereMember(sphere_id=spheres[2].id, user_id=user.id))
        users.append(user)
    db.session.commit()
    return users


def cost(client, path: str) -> list[str]:
    db.session.expire_all()
    client.get(path)  # warm: first-use work (templates, the router's index) is not measured
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize("template", [
    "/groups/{gid}",
    "/groups/{gid}/members/{uid}",
    "/groups/{gid}/match?q=" + LEAD.replace(" ", "+"),
])
def test_profile_pages_cost_the_same_for_5_and_40_members(client, auth, template):
    group = GroupFactory(name="Budget Partners")
    spheres = [ContactSphere(group_id=group.id, name=n) for n in ("Property", "Food", "Health")]
    db.session.add_all(spheres)
    db.session.commit()
    first = grow(group, spheres, 5)
    facilitator, shown = first[0], first[1]
    auth.login(facilitator)
    path = template.format(gid=group.id, uid=shown.id, sid=spheres[0].id)

    small = cost(client, path)
    grow(group, spheres, 40)
    large = cost(client, path)

    body = client.get(path).get_data(as_text=True)
    if template == "/groups/{gid}":
        assert body.count('class="member-card"') == 40
    assert len(large) == len(small), "\n\n".join(large)
    assert len(large) <= BUDGET, "\n\n".join(large)
