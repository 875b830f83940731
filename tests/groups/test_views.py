"""Group pages: creating, the roster, settings, roles, leaving and invitations."""

import html
import json
import logging
import re
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Invitation, Profile, Role, User
from partnernet.models.base import utcnow
from partnernet.security import hash_token
from tests import factories
from tests.factories import GroupFactory, MembershipFactory, UserFactory
from tests.groups.helpers import (
    field_error,
    field_tag,
    group_form,
    membership_row,
    plain,
    roster,
    switcher,
    text,
    totals,
)

LINK = re.compile(r"http://localhost/invite/([A-Za-z0-9_-]{32,})")


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


# --- creating a group ------------------------------------------------------------------------


def test_new_group_form_is_shown(client, auth):
    auth.login(UserFactory())
    response = client.get("/groups/new")
    assert response.status_code == 200
    page = text(response)
    assert "Start a group" in page
    assert 'name="timezone"' in page and '<option value="Europe/Paris">' in page


def test_creating_a_group_makes_the_creator_its_facilitator(client, auth):
    creator = UserFactory(name="Grace Hopper")
    auth.login(creator)

    response = client.post("/groups/new", data=group_form())

    group = db.session.scalar(sa.select(Group))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/groups/{group.id}/invitations"
    assert (group.name, group.weekday, group.meeting_time, group.timezone, group.currency) == (
        "Harbour Partners", 2, time(7, 30), "Europe/Paris", "EUR")

    page = text(client.get(f"/groups/{group.id}"))
    rows = html.unescape(roster(page))
    assert "Grace Hopper" in rows
    assert "Facilitator" in rows
    assert "Every Wednesday" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Not a valid choice."),
    ({"name": ""}, "name", "Give the group a name."),
    ({"duration_minutes": "5"}, "duration_minutes", "A meeting lasts 15 to 480 minutes."),
    # Shape is fine, the service refuses it: its message lands next to the same field.
    ({"video_url": "javascript:alert(1)"}, "video_url",
     "Enter a video link starting with https://."),
])
def test_invalid_group_form_is_shown_again_and_saves_nothing(client, auth, changes, field,
                                                             message):
    auth.login(UserFactory())
    before = totals()

    response = client.post("/groups/new", data=group_form(**changes))

    assert response.status_code == 422
    page = text(response)
    assert field_error(page, field) == message
    control = field_tag(page, field)
    assert f"{field}-error" in control
    assert 'aria-invalid="true"' in control
    assert "Please correct the fields marked below." in page
    assert totals() == before


def test_creating_a_group_needs_sign_in(client):
    response = client.post("/groups/new", data=group_form())
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert totals()["groups"] == 0


# --- the roster ------------------------------------------------------------------------------


def test_group_page_lists_members_with_their_businesses(world, client, auth):
    MembershipFactory(group=world.group, category="Plumbing", user=UserFactory(
        name="Mia Chen", profile=Profile(business_name="Chen Pipes & Drains")))
    auth.login(world.member)

    response = client.get(f"/groups/{world.group.id}")

    assert response.status_code == 200
    rows = html.unescape(roster(text(response)))
    for user in (world.facilitator, world.member):
        assert user.name in rows
        assert f"{user.name} Ltd" in rows
    assert "Mia Chen" in rows
    assert "Chen Pipes & Drains · Plumbing" in rows
    assert "President" in rows
    # The directory is alphabetical, as people look each other up by name.
    names = sorted([world.facilitator.name, world.member.name, "Mia Chen"], key=str.casefold)
    assert [rows.index(n) for n in names] == sorted(rows.index(n) for n in names)
    assert world.outsider.name not in rows


def test_members_do_not_get_facilitator_links(world, client, auth):
    auth.login(world.member)
    page = text(client.get(f"/groups/{world.group.id}"))
    assert f"/groups/{world.group.id}/settings" not in page
    assert f"/groups/{world.group.id}/invitations" not in page
    assert "/edit" not in page

    auth.login(world.facilitator)
    page = text(client.get(f"/groups/{world.group.id}"))
    assert f"/groups/{world.group.id}/settings" in page
    assert f"/groups/{world.group.id}/members/{world.member.id}/edit" in page


# --- settings --------------------------------------------------------------------------------


def test_settings_form_is_filled_in(world, client, auth):
    auth.login(world.facilitator)
    response = client.get(f"/groups/{world.group.id}/settings")
    assert response.status_code == 200
    page = text(response)
    assert 'value="Riverside Partners"' in page
    assert '<option selected value="Europe/London">' in page
    assert '<option selected value="GBP">' in page


def test_settings_form_updates_the_group(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/settings", data=group_form(
        name="Riverside Partners North", cadence="monthly", nth_weekday="-1", weekday="4",
        meeting_time="18:15", duration_minutes="120", timezone="America/New_York",
        currency="USD", location="", video_url="https://meet.example.com/riverside"))

    assert response.status_code == 302
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    group = fresh(Group, world.group.id)
    assert (group.name, group.cadence, group.nth_weekday, group.weekday) == (
        "Riverside Partners North", "monthly", -1, 4)
    assert (group.meeting_time, group.duration_minutes, group.timezone, group.currency) == (
        time(18, 15), 120, "America/New_York", "USD")
    assert (group.location, group.video_url) == ("", "https://meet.example.com/riverside")

    page = text(client.get(f"/groups/{world.group.id}"))
    assert "Last Friday of the month" in page
    assert "at 18:15 (America/New York), 120 minutes" in page
    assert 'href="https://meet.example.com/riverside"' in page


def test_invalid_settings_change_nothing(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/settings",
                           data=group_form(name="Renamed", currency="EURO"))
    assert response.status_code == 422
    assert field_error(text(response), "currency") == "Not a valid choice."
    assert fresh(Group, world.group.id).name == "Riverside Partners"


# --- members ---------------------------------------------------------------------------------


def test_member_edit_form_is_shown(world, client, auth):
    auth.login(world.facilitator)
    response = client.get(f"/groups/{world.group.id}/members/{world.member.id}/edit")
    assert response.status_code == 200
    page = html.unescape(text(response))
    assert world.member.name in page
    assert f"{world.member.name} Ltd" in page
    assert "Remove from the group" in page


def test_member_edit_form_sets_role_title_and_category(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/members/{world.member.id}/edit",
                           data={"role": "facilitator", "title": "Vice-president",
                                 "category": "Commercial law"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    row = membership_row(world.group.id, world.member.id)
    assert (row.role, row.title, row.category) == ("facilitator", "Vice-president",
                                                   "Commercial law")
    rows = roster(text(client.get(f"/groups/{world.group.id}")))
    assert "Vice-president" in rows
    assert "Commercial law" in rows


def test_last_facilitator_cannot_demote_themselves_through_the_form(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/members/{world.facilitator.id}/edit",
                           data={"role": "member", "title": "", "category": ""})
    assert response.status_code == 422
    assert "at least one facilitator" in field_error(text(response), "role")
    row = membership_row(world.group.id, world.facilitator.id)
    assert (row.role, row.title) == (Role.FACILITATOR, "President")


def test_title_too_long_is_a_field_error(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/members/{world.member.id}/edit",
                           data={"role": "member", "title": "t" * 61, "category": ""})
    assert response.status_code == 422
    assert field_error(text(response), "title") == "Field cannot be longer than 60 characters."
    assert membership_row(world.group.id, world.member.id).title == ""


def test_removing_a_member_keeps_their_row(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/members/{world.member.id}/remove")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    page = text(client.get(f"/groups/{world.group.id}"))
    assert world.member.name not in html.unescape(roster(page))
    assert "has been removed from the group. Their history is kept." in page
    row = membership_row(world.group.id, world.member.id)
    assert row.left_at is not None
    assert row.removed_by_id == world.facilitator.id

    auth.login(world.member)
    assert client.get(f"/groups/{world.group.id}").status_code == 404


def test_facilitator_cannot_remove_themselves(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/members/{world.facilitator.id}/remove",
                           follow_redirects=True)
    assert response.status_code == 200
    assert "To leave the group yourself, use “Leave group”." in text(response)
    assert membership_row(world.group.id, world.facilitator.id).left_at is None


def test_editing_someone_outside_the_group_is_404(world, client, auth):
    auth.login(world.facilitator)
    gid = world.group.id
    assert client.get(f"/groups/{gid}/members/{world.outsider.id}/edit").status_code == 404
    assert client.post(f"/groups/{gid}/members/{world.outsider.id}/remove").status_code == 404
    assert membership_row(world.other_group.id, world.outsider.id).left_at is None


def test_editing_a_former_member_is_404(world, client, auth):
    auth.login(world.member)
    client.post(f"/groups/{world.group.id}/leave")
    auth.login(world.facilitator)
    path = f"/groups/{world.group.id}/members/{world.member.id}"
    assert client.get(f"{path}/edit").status_code == 404
    assert client.post(f"{path}/edit", data={"role": "facilitator"}).status_code == 404
    assert client.post(f"{path}/remove").status_code == 404
    row = membership_row(world.group.id, world.member.id)
    assert (row.role, row.removed_by_id) == (Role.MEMBER, None)

# --- leaving ---------------------------------------------------------------------------------


def test_leaving_asks_first_then_leaves(world, client, auth):
    auth.login(world.member)
    gid = world.group.id

    confirm = client.get(f"/groups/{gid}/leave")
    assert confirm.status_code == 200
    assert "Leave Riverside Partners?" in text(confirm)
    assert membership_row(gid, world.member.id).left_at is None

    response = client.post(f"/groups/{gid}/leave")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"

    row = membership_row(gid, world.member.id)
    assert row.left_at is not None
    assert row.removed_by_id is None
    home = client.get("/", follow_redirects=True)
    assert "You have left Riverside Partners." in text(home)
    assert "You're not in a group yet." in plain(home)
    assert client.get(f"/groups/{gid}").status_code == 404


def test_only_facilitator_is_told_why_they_cannot_leave(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/leave")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    page = plain(client.get(f"/groups/{world.group.id}"))
    assert "You are the group's only facilitator" in page
    assert membership_row(world.group.id, world.facilitator.id).left_at is None


# --- invitations -----------------------------------------------------------------------------


def test_invitations_page(world, client, auth):
    factories.invitation(world.group, token="open", email="open@example.com",
                         created_by=world.facilitator)
    factories.invitation(world.group, token="expired", email="expired@example.com",
                         expires_in=-timedelta(hours=1))
    used = factories.invitation(world.group, token="used", email="used@example.com")
    revoked = factories.invitation(world.group, token="revoked", email="revoked@example.com")
    used.accepted_at = revoked.revoked_at = utcnow()
    db.session.commit()
    auth.login(world.facilitator)

    response = client.get(f"/groups/{world.group.id}/invitations")

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert "<html" in page
    assert "Invite partners to Riverside Partners" in page
    assert "open@example.com" in page
    assert html.escape(f"By {world.facilitator.name}") in page
    for gone in ("expired@example.com", "used@example.com", "revoked@example.com"):
        assert gone not in page


def test_htmx_invitation_returns_the_panel_with_the_link(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "", "role": "member"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 201
    assert "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert "<html" not in page
    assert 'id="invite-title"' in page
    assert "Your invitation link is ready." in page
    token = LINK.search(page).group(1)
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.token_hash == hash_token(token)
    assert (invitation.email, invitation.role, invitation.group_id) == ("", "member",
                                                                       world.group.id)


def test_htmx_invitation_error_returns_the_panel_with_the_error(world, client, auth):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": world.member.email, "role": "member"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 422
    assert "HX-Request" in response.headers["Vary"]
    page = text(response)
    assert "<html" not in page
    assert field_error(page, "email") == "This person is already a member of the group."
    assert LINK.search(page) is None
    assert totals()["invitations"] == 0


def test_htmx_invitation_carries_the_csrf_token_from_the_page(world, csrf, client, auth):
    auth.login(world.facilitator)
    page = text(client.get(f"/groups/{world.group.id}/invitations"))
    headers = json.loads(html.unescape(re.search(r"<body hx-headers='([^']*)'>", page).group(1)))
    path = f"/groups/{world.group.id}/invitations"
    data = {"email": "", "role": "member"}

    refused = client.post(path, data=data, headers={"HX-Request": "true"})
    assert refused.status_code == 400
    assert totals()["invitations"] == 0

    response = client.post(path, data=data, headers={"HX-Request": "true", **headers})
    assert response.status_code == 201
    assert LINK.search(text(response)) is not None
    assert totals()["invitations"] == 1

def test_invitation_without_htmx_answers_with_the_whole_page(world, client, auth):
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "", "role": "facilitator"})
    assert response.status_code == 201
    page = text(response)
    assert "<html" in page
    assert LINK.search(page) is not None
    assert db.session.scalar(sa.select(Invitation.role)) == "facilitator"


def test_invitation_with_an_email_is_mailed(world, client, auth, caplog):
    caplog.set_level(logging.INFO, logger="partnernet.mail")
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "  Dana@Example.com ", "role": "member"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 201
    page = text(response)
    link = LINK.search(page).group(0)
    assert ("No mail server is set up here, so the invitation to "
            "<strong>dana@example.com</strong> went to the server log.") in page
    mails = [r.getMessage() for r in caplog.records if r.name == "partnernet.mail"]
    assert len(mails) == 1
    assert "To: dana@example.com" in mails[0]
    assert "invites you to Riverside Partners" in mails[0]
    assert link in mails[0]


def test_invitation_mail_that_cannot_be_sent_still_gives_the_link(world, app, client, auth,
                                                                  caplog):
    # Nothing listens on port 1: the connection is refused at once.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_SSL=False,
                      MAIL_USE_TLS=False)
    caplog.set_level(logging.INFO, logger="partnernet.mail")
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "dana@example.com", "role": "member"},
                           headers={"HX-Request": "true"})

    assert response.status_code == 201
    page = plain(response)
    assert "We couldn't send the email to <strong>dana@example.com</strong> just now." in page
    assert "We emailed" not in page
    token = LINK.search(page).group(1)
    assert db.session.scalar(sa.select(Invitation.token_hash)) == hash_token(token)
    assert any(r.levelno == logging.ERROR and "dana@example.com" in r.getMessage()
               for r in caplog.records if r.name == "partnernet.mail")

def test_link_invitation_sends_no_mail(world, client, auth, caplog):
    caplog.set_level(logging.INFO, logger="partnernet.mail")
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "", "role": "member"})
    assert response.status_code == 201
    assert [r for r in caplog.records if r.name == "partnernet.mail"] == []


def test_revoking_an_invitation_stops_its_link(world, client, auth):
    invitation = factories.invitation(world.group, token="to-revoke", email="x@example.com")
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations/{invitation.id}/revoke")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{world.group.id}/invitations"
    assert fresh(Invitation, invitation.id).revoked_at is not None
    assert "x@example.com" not in text(client.get(f"/groups/{world.group.id}/invitations"))
    assert client.get("/invite/to-revoke").status_code == 410


def test_revoking_another_groups_invitation_is_404(world, client, auth):
    invitation = factories.invitation(world.other_group, token="theirs")
    auth.login(world.facilitator)
    response = client.post(f"/groups/{world.group.id}/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    assert fresh(Invitation, invitation.id).revoked_at is None


# --- accepting an invitation -----------------------------------------------------------------


@pytest.mark.parametrize("signup", ["open", "invite"])
def test_visitor_signs_up_and_joins_through_the_link(world, app, client, signup):
    app.config["SIGNUP"] = signup
    factories.invitation(world.group, token="welcome", email="ada@example.com",
                         created_by=world.facilitator)

    form = client.get("/invite/welcome")
    assert form.status_code == 200
    page = html.unescape(text(form))
    assert "Join Riverside Partners" in page
    assert f"{world.facilitator.name} invites you to join as a member." in page
    assert 'value="ada@example.com"' in page

    response = client.post("/invite/welcome", data={
        "name": "Ada Lovelace", "business_name": "Engines Ltd", "email": "ada@example.com",
        "password": "analytical engine"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    user = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
    assert user.name == "Ada Lovelace"
    row = membership_row(world.group.id, user.id)
    assert (row.role, row.left_at) == (Role.MEMBER, None)
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.accepted_by_id == user.id

    group_page = client.get(f"/groups/{world.group.id}")
    assert group_page.status_code == 200
    assert "Welcome to Riverside Partners, Ada Lovelace." in text(group_page)
    assert "Engines Ltd" in roster(text(group_page))
    if signup == "invite":
        client.post("/logout")
        assert client.get("/signup").status_code == 403


def test_visitor_sign_up_with_a_short_password_saves_nothing(world, client):
    invitation = factories.invitation(world.group, token="welcome")
    before = totals()

    response = client.post("/invite/welcome", data={
        "name": "Ada", "business_name": "", "email": "ada@example.com", "password": "short"})

    assert response.status_code == 422
    assert field_error(text(response), "password") is not None
    assert totals() == before
    assert fresh(Invitation, invitation.id).accepted_at is None


def test_signed_in_user_accepts_with_one_post(world, client, auth):
    factories.invitation(world.group, token="join", role=Role.FACILITATOR,
                         created_by=world.facilitator)
    auth.login(world.outsider)

    confirm = client.get("/invite/join")
    assert confirm.status_code == 200
    assert "invites you to join as a facilitator" in text(confirm)
    assert membership_row(world.group.id, world.outsider.id) is None

    response = client.post("/invite/join")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{world.group.id}"
    row = membership_row(world.group.id, world.outsider.id)
    assert (row.role, row.left_at) == (Role.FACILITATOR, None)
    assert client.get(f"/groups/{world.group.id}").status_code == 200


def test_member_who_left_comes_back_through_a_new_link(world, client, auth):
    auth.login(world.member)
    client.post(f"/groups/{world.group.id}/leave")
    old_id = membership_row(world.group.id, world.member.id).id
    factories.invitation(world.group, token="again")

    response = client.post("/invite/again")

    assert response.status_code == 303
    row = membership_row(world.group.id, world.member.id)
    assert (row.id, row.left_at) == (old_id, None)
    assert client.get(f"/groups/{world.group.id}").status_code == 200


def test_current_member_accepting_is_sent_to_the_group(world, client, auth):
    invitation = factories.invitation(world.group, token="dup")
    auth.login(world.member)
    response = client.post("/invite/dup", follow_redirects=True)
    assert response.status_code == 200
    assert "You are already a member of this group." in text(response)
    assert fresh(Invitation, invitation.id).accepted_at is None


@pytest.mark.parametrize(("state", "explanation"), [
    ("expired", "This invitation has expired."),
    ("revoked", "This invitation was withdrawn."),
    ("used", "This invitation was already used."),
    ("unknown", "This invitation link is not valid."),
])
@pytest.mark.parametrize("caller", ["visitor", "signed-in"])
def test_unusable_links_answer_410_with_an_explanation(world, client, auth, state,
                                                       explanation, caller):
    invitation = factories.invitation(
        world.group, token="tok",
        expires_in=-timedelta(minutes=1) if state == "expired" else timedelta(days=1))
    if state == "revoked":
        invitation.revoked_at = utcnow()
    if state == "used":
        invitation.accepted_at = utcnow()
    db.session.commit()
    token = "nope" if state == "unknown" else "tok"
    if caller == "signed-in":
        auth.login(world.outsider)
    before = totals()

    for response in (client.get(f"/invite/{token}"), client.post(f"/invite/{token}", data={
            "name": "Ada", "email": "ada@example.com", "password": "analytical engine"})):
        assert response.status_code == 410
        page = plain(response)
        assert "This invitation can't be used" in page
        assert explanation in page
        assert "Ask the group's facilitator for a new one." in page

    assert totals() == before
    assert membership_row(world.group.id, world.outsider.id) is None


# --- several groups --------------------------------------------------------------------------


def test_switcher_lists_every_group_and_home_opens_the_last_visited(client, auth):
    user = UserFactory()
    alpha = MembershipFactory(user=user, group=GroupFactory(name="Alpha Partners")).group
    zeta = MembershipFactory(user=user, group=GroupFactory(name="Zeta Partners"),
                             title="Secretary").group
    left = MembershipFactory(user=user, group=GroupFactory(name="Former Partners"))
    left.left_at = utcnow()
    stranger = GroupFactory(name="Strangers Club")
    db.session.commit()
    auth.login(user)

    menu = switcher(text(client.get(f"/groups/{zeta.id}")))
    assert "Alpha Partners" in menu
    assert "Zeta Partners" in menu
    assert "Secretary" in menu
    assert f'href="/groups/{zeta.id}" aria-current="page"' in menu
    assert "Former Partners" not in menu
    assert stranger.name not in menu

    # Zeta comes second by name, so only the remembered visit can lead there.
    assert client.get("/").headers["Location"] == f"/groups/{zeta.id}/dashboard"
    client.get(f"/groups/{alpha.id}")
    assert client.get("/").headers["Location"] == f"/groups/{alpha.id}/dashboard"


def test_home_falls_back_to_another_group_after_leaving(client, auth):
    user = UserFactory()
    alpha = MembershipFactory(user=user, group=GroupFactory(name="Alpha Partners")).group
    zeta = MembershipFactory(user=user, group=GroupFactory(name="Zeta Partners")).group
    auth.login(user)
    client.get(f"/groups/{alpha.id}")
    assert client.post(f"/groups/{alpha.id}/leave").status_code == 303
    assert client.get("/").headers["Location"] == f"/groups/{zeta.id}/dashboard"
    assert membership_row(alpha.id, user.id).left_at is not None


def test_home_for_a_user_without_groups_offers_to_start_one(client, auth):
    auth.login(UserFactory(name="Lin"))
    response = client.get("/")
    assert response.status_code == 200
    assert "Welcome, Lin" in text(response)
    assert 'href="/groups/new"' in text(response)



def test_invitation_email_is_delivered_over_smtp(world, client, auth, smtp):
    auth.login(world.facilitator)

    response = client.post(f"/groups/{world.group.id}/invitations",
                           data={"email": "dana@example.com", "role": "member"})

    assert response.status_code == 201
    page = text(response)
    assert "We emailed the invitation to <strong>dana@example.com</strong>" in page
    link = LINK.search(page).group(0)
    [mail] = smtp.messages
    assert mail.rcpt_tos == ["dana@example.com"]
    assert mail.message["Subject"] == (
        f"{world.facilitator.name} invites you to Riverside Partners on PartnerNet")
    assert link in mail.body

    # The emailed link works: the invitee signs up through it and joins.
    token = LINK.search(mail.body).group(1)
    client.post("/logout")
    joined = client.post(f"/invite/{token}", data={
        "name": "Dana Reyes", "business_name": "", "email": "dana@example.com",
        "password": factories.PASSWORD})
    assert joined.status_code == 303
    assert "Dana Reyes" in text(client.get(f"/groups/{world.group.id}"))
