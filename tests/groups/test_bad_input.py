"""Hostile and unusual input through the group forms: escaped, kept intact, or refused."""

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Invitation
from tests import factories
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import (
    field_error,
    group_form,
    membership_row,
    roster,
    switcher,
    text,
    totals,
)

SCRIPT = '<script>alert("pwned")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;"
UNICODE_NAME = "Zürich Ärzte · 東京 Partners ❤️ Ωmega"


def assert_escaped(page: str) -> None:
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page


def created_group() -> Group:
    return db.session.scalar(sa.select(Group))


def test_script_in_the_group_name_is_shown_as_text(client, auth):
    creator = UserFactory()
    auth.login(creator)

    response = client.post("/groups/new", data=group_form(name=f"{SCRIPT} Partners"))

    assert response.status_code == 302
    group = created_group()
    assert group.name == f"{SCRIPT} Partners"  # stored as typed, escaped when shown
    gid = group.id
    factories.invitation(group, token="tok")
    member = MembershipFactory(group=group).user
    pages = [
        f"/groups/{gid}",
        f"/groups/{gid}/invitations",
        f"/groups/{gid}/settings",
        f"/groups/{gid}/members/{member.id}/edit",
        f"/groups/{gid}/leave",
    ]
    for path in pages:
        page = text(client.get(path))
        assert_escaped(page)
    show = text(client.get(f"/groups/{gid}"))
    assert f"<h1>{ESCAPED} Partners</h1>" in show
    assert "&lt;script&gt;" in switcher(show)

    client.post("/logout")
    assert_escaped(text(client.get("/invite/tok")))


def test_script_in_a_member_title_is_shown_as_text(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/members/{world.member.id}/edit",
                           data={"role": "member", "title": "<b>VP</b><script>x()</script>",
                                 "category": "<img src=x onerror=alert(1)>"})

    assert response.status_code == 302
    row = membership_row(world.group.id, world.member.id)
    assert (row.title, row.category) == ("<b>VP</b><script>x()</script>",
                                         "<img src=x onerror=alert(1)>")
    rows = roster(text(client.get(f"/groups/{world.group.id}")))
    assert "&lt;b&gt;VP&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;" in rows
    assert "&lt;img src=x onerror=alert(1)&gt;" in rows
    assert "<script>x()" not in rows and "<img src=x" not in rows

    edit = text(client.get(f"/groups/{world.group.id}/members/{world.member.id}/edit"))
    assert 'value="&lt;b&gt;VP&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;"' in edit

    # The member sees their own title in the group switcher, escaped there too.
    auth.login(world.member)
    menu = switcher(text(client.get(f"/groups/{world.group.id}")))
    assert "&lt;script&gt;x()" in menu
    assert "<script>x()" not in menu


def test_script_in_an_invitation_email_is_refused_and_echoed_escaped(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": f'"><{SCRIPT[1:]}', "role": "member"})

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, "email").startswith("That is not a valid email address")
    assert "<script>alert" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_unicode_group_name_round_trips(client, auth):
    auth.login(UserFactory())

    response = client.post("/groups/new", data=group_form(name=UNICODE_NAME))

    assert response.status_code == 302
    group = created_group()
    db.session.expire_all()
    assert db.session.get(Group, group.id).name == UNICODE_NAME
    show = text(client.get(f"/groups/{group.id}"))
    assert f"<h1>{UNICODE_NAME}</h1>" in show
    assert UNICODE_NAME in switcher(show)
    settings = text(client.get(f"/groups/{group.id}/settings"))
    assert f'value="{UNICODE_NAME}"' in settings

    # Saving the settings form unchanged keeps the name exactly.
    response = client.post(f"/groups/{group.id}/settings", data=group_form(name=UNICODE_NAME))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Group, group.id).name == UNICODE_NAME


@pytest.mark.parametrize("name", ["n" * 10_000, "é" * 121])
def test_overlong_group_name_is_a_field_error(client, auth, name):
    auth.login(UserFactory())
    before = totals()

    response = client.post("/groups/new", data=group_form(name=name))

    assert response.status_code == 422
    assert field_error(text(response), "name") == "Field cannot be longer than 120 characters."
    assert totals() == before


def test_overlong_name_in_the_settings_changes_nothing(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/settings",
                           data=group_form(name="n" * 10_000))
    assert response.status_code == 422
    assert field_error(text(response), "name") == "Field cannot be longer than 120 characters."
    db.session.expire_all()
    assert db.session.get(Group, world.group.id).name == "Riverside Partners"


def test_blank_group_name_is_a_field_error(client, auth):
    auth.login(UserFactory())
    response = client.post("/groups/new", data=group_form(name="   \t  "))
    assert response.status_code == 422
    assert field_error(text(response), "name") == "Give the group a name."
    assert totals()["groups"] == 0

