"""Group services: the rules for groups, roles, leaving and invitations."""

from dataclasses import replace
from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from partnernet.accounts.services import AccountError
from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.groups import services
from partnernet.groups.services import GroupError, GroupSettings
from partnernet.models import Group, Invitation, Membership, Role, User
from partnernet.models.base import utcnow
from partnernet.security import hash_token
from tests import factories
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import count, membership_row

SETTINGS = GroupSettings(name="Harbour Partners", cadence="weekly", weekday=2,
                         meeting_time=time(7, 30), timezone="Europe/Paris", currency="EUR")
DAY = timedelta(days=1)


def create(creator, **changes) -> Group:
    group = services.create_group(creator=creator, settings=replace(SETTINGS, **changes))
    db.session.commit()
    return group


def membership(group, user) -> Membership:
    row = membership_row(group.id, user.id)
    assert row is not None
    return row


# --- create_group ----------------------------------------------------------------------------


def test_create_group_makes_the_creator_its_facilitator(app):
    creator = UserFactory()
    group = create(creator)

    assert (group.name, group.cadence, group.weekday, group.meeting_time) == (
        "Harbour Partners", "weekly", 2, time(7, 30))
    assert (group.timezone, group.currency, group.duration_minutes) == ("Europe/Paris", "EUR", 90)
    assert group.created_by_id == creator.id
    rows = db.session.scalars(sa.select(Membership).where(Membership.group_id == group.id)).all()
    assert [(m.user_id, m.role, m.left_at) for m in rows] == [
        (creator.id, Role.FACILITATOR, None)]


def test_lower_case_currency_is_accepted_and_stored_upper_case(app):
    assert create(UserFactory(), currency="jpy").currency == "JPY"


def test_monthly_group_keeps_its_week_of_the_month(app):
    group = create(UserFactory(), cadence="monthly", nth_weekday=-1)
    assert (group.cadence, group.nth_weekday) == ("monthly", -1)


def test_weekly_group_clears_the_week_of_the_month(app):
    assert create(UserFactory(), cadence="weekly", nth_weekday=3).nth_weekday is None


@pytest.mark.parametrize("minutes", [15, 480])
def test_duration_bounds_are_inclusive(app, minutes):
    assert create(UserFactory(), duration_minutes=minutes).duration_minutes == minutes


@pytest.mark.parametrize("url", ["https://meet.example.com/abc", "http://video.example.org/r"])
def test_http_and_https_video_links_are_accepted(app, url):
    assert create(UserFactory(), video_url=url).video_url == url


def test_name_of_exactly_120_characters_is_accepted(app):
    assert create(UserFactory(), name="n" * 120).name == "n" * 120


def test_name_whitespace_is_tidied(app):
    assert create(UserFactory(), name="  North   Shore  Partners ").name == "North Shore Partners"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Choose a time zone"),
    ({"timezone": ""}, "timezone", "Choose a time zone"),
    ({"currency": "EURO"}, "currency", "ISO 4217"),
    ({"currency": "XYZ"}, "currency", "ISO 4217"),
    ({"currency": ""}, "currency", "ISO 4217"),
    ({"cadence": "daily"}, "cadence", "weekly or monthly"),
    ({"cadence": "monthly", "nth_weekday": None}, "nth_weekday", "week of the month"),
    ({"cadence": "monthly", "nth_weekday": 5}, "nth_weekday", "week of the month"),
    ({"weekday": 7}, "weekday", "day of the week"),
    ({"duration_minutes": 14}, "duration_minutes", "15 and 480"),
    ({"duration_minutes": 481}, "duration_minutes", "15 and 480"),
    ({"video_url": "javascript:alert(1)"}, "video_url", "https://"),
    ({"video_url": "ftp://files.example.com/meeting"}, "video_url", "https://"),
    ({"video_url": "https://"}, "video_url", "https://"),
    ({"video_url": "meet.example.com/abc"}, "video_url", "https://"),
    ({"name": ""}, "name", "Enter the group's name"),
    ({"name": "   "}, "name", "Enter the group's name"),
    ({"name": "n" * 121}, "name", "at most 120 characters"),
])
def test_create_group_refuses_bad_settings_and_saves_nothing(app, changes, field, message):
    creator = UserFactory()

    with pytest.raises(GroupError) as excinfo:
        services.create_group(creator=creator, settings=replace(SETTINGS, **changes))

    assert excinfo.value.field == field
    assert message in excinfo.value.message
    # Nothing was written, not even pending in the session: no group, no membership.
    assert count(Group) == 0
    assert count(Membership) == 0


# --- update_group ----------------------------------------------------------------------------


def test_facilitator_updates_the_group(world):
    services.update_group(actor=world.facilitator, group=world.group,
                          settings=replace(SETTINGS, name="Riverside Partners East",
                                           cadence="monthly", nth_weekday=2, currency="usd"))
    db.session.commit()
    db.session.expire_all()

    group = db.session.get(Group, world.group.id)
    assert (group.name, group.cadence, group.nth_weekday, group.currency, group.timezone) == (
        "Riverside Partners East", "monthly", 2, "USD", "Europe/Paris")


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_update_the_group(world, who):
    with pytest.raises(PermissionDenied):
        services.update_group(actor=getattr(world, who), group=world.group,
                              settings=replace(SETTINGS, name="Taken over"))
    db.session.rollback()
    assert db.session.get(Group, world.group.id).name == "Riverside Partners"


def test_update_group_checks_the_settings(world):
    with pytest.raises(GroupError) as excinfo:
        services.update_group(actor=world.facilitator, group=world.group,
                              settings=replace(SETTINGS, video_url="javascript:alert(1)"))
    assert excinfo.value.field == "video_url"


# --- update_membership -----------------------------------------------------------------------


def test_facilitator_sets_role_title_and_category(world):
    row = membership(world.group, world.member)
    services.update_membership(actor=world.facilitator, membership=row, role="facilitator",
                               title="  Vice-president ", category="Commercial   law")
    db.session.commit()

    row = membership(world.group, world.member)
    assert (row.role, row.title, row.category) == ("facilitator", "Vice-president",
                                                   "Commercial law")


def test_member_cannot_change_memberships(world):
    with pytest.raises(PermissionDenied):
        services.update_membership(actor=world.member,
                                   membership=membership(world.group, world.member),
                                   role="facilitator", title="", category="")


def test_the_last_facilitator_cannot_be_demoted(world):
    row = membership(world.group, world.facilitator)
    with pytest.raises(GroupError) as excinfo:
        services.update_membership(actor=world.facilitator, membership=row, role="member",
                                   title="", category="")
    assert excinfo.value.field == "role"
    assert "at least one facilitator" in excinfo.value.message
    db.session.rollback()
    assert membership(world.group, world.facilitator).role == Role.FACILITATOR


def test_a_facilitator_can_step_down_when_another_remains(world):
    second = MembershipFactory(group=world.group, role=Role.FACILITATOR).user
    services.update_membership(actor=second, membership=membership(world.group, world.facilitator),
                               role="member", title="", category="")
    db.session.commit()
    assert membership(world.group, world.facilitator).role == Role.MEMBER


def test_unknown_role_is_refused(world):
    with pytest.raises(GroupError) as excinfo:
        services.update_membership(actor=world.facilitator,
                                   membership=membership(world.group, world.member),
                                   role="owner", title="", category="")
    assert excinfo.value.field == "role"


def test_title_length_is_limited(world):
    row = membership(world.group, world.member)
    services.update_membership(actor=world.facilitator, membership=row, role="member",
                               title="t" * 60, category="")
    assert row.title == "t" * 60

    with pytest.raises(GroupError) as excinfo:
        services.update_membership(actor=world.facilitator, membership=row, role="member",
                                   title="t" * 61, category="")
    assert excinfo.value.field == "title"
    assert "at most 60 characters" in excinfo.value.message


# --- remove_member ---------------------------------------------------------------------------


def test_removed_member_keeps_their_history_row(world):
    services.remove_member(actor=world.facilitator,
                           membership=membership(world.group, world.member))
    db.session.commit()

    row = membership(world.group, world.member)
    assert row.left_at is not None
    assert row.removed_by_id == world.facilitator.id
    assert row.role == Role.MEMBER


def test_member_cannot_remove_anyone(world):
    other = MembershipFactory(group=world.group).user
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=world.member, membership=membership(world.group, other))
    db.session.rollback()
    assert membership(world.group, other).left_at is None


def test_facilitator_of_another_group_cannot_remove_anyone(world):
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=world.outsider,
                               membership=membership(world.group, world.member))


def test_facilitator_cannot_remove_themselves(world):
    with pytest.raises(GroupError) as excinfo:
        services.remove_member(actor=world.facilitator,
                               membership=membership(world.group, world.facilitator))
    assert "Leave group" in excinfo.value.message
    db.session.rollback()
    assert membership(world.group, world.facilitator).left_at is None


def test_removing_a_co_facilitator_leaves_the_group_with_a_facilitator(world):
    # The only way to reach the last facilitator is as yourself, which is refused; so after
    # removing a co-facilitator, the remaining one stays and cannot be removed.
    second = MembershipFactory(group=world.group, role=Role.FACILITATOR).user
    services.remove_member(actor=world.facilitator, membership=membership(world.group, second))
    db.session.commit()
    assert membership(world.group, second).left_at is not None

    with pytest.raises(GroupError):
        services.remove_member(actor=world.facilitator,
                               membership=membership(world.group, world.facilitator))
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=second,
                               membership=membership(world.group, world.facilitator))
    db.session.rollback()
    assert membership(world.group, world.facilitator).left_at is None


def test_someone_who_left_cannot_be_removed_again(world):
    services.leave_group(user=world.member, group=world.group)
    db.session.commit()
    with pytest.raises(GroupError):
        services.remove_member(actor=world.facilitator,
                               membership=membership(world.group, world.member))


# --- leave_group -----------------------------------------------------------------------------


def test_member_leaves_and_the_row_stays(world):
    services.leave_group(user=world.member, group=world.group)
    db.session.commit()

    row = membership(world.group, world.member)
    assert row.left_at is not None
    assert row.removed_by_id is None
    assert count(Membership) == 3  # facilitator, member (left), outsider in the other group


def test_only_facilitator_cannot_leave_others_behind(world):
    with pytest.raises(GroupError) as excinfo:
        services.leave_group(user=world.facilitator, group=world.group)
    assert "only facilitator" in excinfo.value.message
    db.session.rollback()
    assert membership(world.group, world.facilitator).left_at is None


def test_a_facilitator_can_leave_when_another_remains(world):
    MembershipFactory(group=world.group, role=Role.FACILITATOR)
    services.leave_group(user=world.facilitator, group=world.group)
    db.session.commit()
    assert membership(world.group, world.facilitator).left_at is not None


def test_the_last_person_can_leave(app):
    creator = UserFactory()
    group = create(creator)
    services.leave_group(user=creator, group=group)
    db.session.commit()
    assert membership(group, creator).left_at is not None


def test_someone_outside_the_group_cannot_leave_it(world):
    with pytest.raises(GroupError):
        services.leave_group(user=world.outsider, group=world.group)


# --- create_invitation / revoke_invitation ---------------------------------------------------


def test_facilitator_creates_an_invitation(world):
    before = utcnow()
    invitation, _ = services.create_invitation(
        actor=world.facilitator, group=world.group, email="  New.Partner@Example.COM ",
        role="facilitator", ttl=timedelta(days=3))
    db.session.commit()
    after = utcnow()

    stored = db.session.get(Invitation, invitation.id)
    assert stored.email == "new.partner@example.com"
    assert stored.role == "facilitator"
    assert stored.created_by_id == world.facilitator.id
    assert before + timedelta(days=3) <= stored.expires_at <= after + timedelta(days=3)
    assert (stored.accepted_at, stored.revoked_at) == (None, None)


def test_invitation_token_is_stored_only_as_its_hash(world):
    invitation, token = services.create_invitation(actor=world.facilitator, group=world.group,
                                                   ttl=DAY)
    db.session.commit()

    assert len(token) >= 32
    row = db.session.execute(sa.select(Invitation.__table__).where(
        Invitation.id == invitation.id)).one()
    assert row.token_hash == hash_token(token)
    assert all(token not in str(value) for value in row)


def test_each_invitation_gets_its_own_token(world):
    _, first = services.create_invitation(actor=world.facilitator, group=world.group, ttl=DAY)
    _, second = services.create_invitation(actor=world.facilitator, group=world.group, ttl=DAY)
    assert first != second


def test_link_invitation_has_no_email(world):
    invitation, _ = services.create_invitation(actor=world.facilitator, group=world.group,
                                               email="   ", ttl=DAY)
    assert invitation.email == ""


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_invite(world, who):
    with pytest.raises(PermissionDenied):
        services.create_invitation(actor=getattr(world, who), group=world.group,
                                   email="someone@example.com", ttl=DAY)
    assert count(Invitation) == 0


def test_inviting_a_current_member_is_a_conflict(world):
    with pytest.raises(Conflict) as excinfo:
        services.create_invitation(actor=world.facilitator, group=world.group,
                                   email=world.member.email.upper(), ttl=DAY)
    assert excinfo.value.field == "email"
    assert "already a member" in excinfo.value.message
    assert count(Invitation) == 0


def test_a_former_member_can_be_invited_again(world):
    services.leave_group(user=world.member, group=world.group)
    invitation, _ = services.create_invitation(actor=world.facilitator, group=world.group,
                                               email=world.member.email, ttl=DAY)
    assert invitation.email == world.member.email


def test_members_of_other_groups_can_be_invited(world):
    invitation, _ = services.create_invitation(actor=world.facilitator, group=world.group,
                                               email=world.outsider.email, ttl=DAY)
    assert invitation.id is not None


def test_invitation_with_a_bad_email_or_role_is_refused(world):
    with pytest.raises(AccountError) as excinfo:
        services.create_invitation(actor=world.facilitator, group=world.group,
                                   email="not an email", ttl=DAY)
    assert excinfo.value.field == "email"
    with pytest.raises(GroupError) as excinfo:
        services.create_invitation(actor=world.facilitator, group=world.group, role="owner",
                                   ttl=DAY)
    assert excinfo.value.field == "role"
    assert count(Invitation) == 0


def test_facilitator_revokes_an_invitation(world):
    invitation = factories.invitation(world.group)
    services.revoke_invitation(actor=world.facilitator, invitation=invitation)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).revoked_at is not None


def test_member_cannot_revoke_an_invitation(world):
    invitation = factories.invitation(world.group)
    with pytest.raises(PermissionDenied):
        services.revoke_invitation(actor=world.member, invitation=invitation)
    db.session.rollback()
    assert db.session.get(Invitation, invitation.id).revoked_at is None


def test_revoking_a_used_invitation_changes_nothing(world):
    invitation = factories.invitation(world.group, token="used")
    newcomer = UserFactory()
    services.accept_invitation(user=newcomer, token="used")
    services.revoke_invitation(actor=world.facilitator, invitation=invitation)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Invitation, invitation.id)
    assert stored.revoked_at is None
    assert stored.accepted_by_id == newcomer.id


# --- accept_invitation -----------------------------------------------------------------------


def test_accepting_joins_with_the_invitation_role_and_spends_the_token(world):
    invitation = factories.invitation(world.group, token="tok-1", role=Role.FACILITATOR)
    newcomer = UserFactory()

    joined = services.accept_invitation(user=newcomer, token="tok-1")
    db.session.commit()

    row = membership(world.group, newcomer)
    assert row.id == joined.id
    assert (row.role, row.left_at) == (Role.FACILITATOR, None)
    stored = db.session.get(Invitation, invitation.id)
    assert stored.accepted_at is not None
    assert stored.accepted_by_id == newcomer.id


def test_an_invitation_works_only_once(world):
    factories.invitation(world.group, token="once")
    services.accept_invitation(user=UserFactory(), token="once")
    db.session.commit()

    second = UserFactory()
    with pytest.raises(Conflict) as excinfo:
        services.accept_invitation(user=second, token="once")
    assert "already used" in excinfo.value.message
    db.session.rollback()
    assert membership_row(world.group.id, second.id) is None


@pytest.mark.parametrize(("state", "message"), [
    ("expired", "This invitation has expired. Ask the group's facilitator for a new one."),
    ("revoked", "This invitation was withdrawn. Ask the group's facilitator for a new one."),
    ("used", "This invitation was already used. Ask the group's facilitator for a new one."),
    ("unknown", "This invitation link is not valid. Ask the group's facilitator for a new one."),
])
def test_unusable_invitations_are_conflicts_with_a_clear_message(world, state, message):
    invitation = factories.invitation(
        world.group, token="tok", expires_in=-timedelta(minutes=1) if state == "expired" else DAY)
    if state == "revoked":
        invitation.revoked_at = utcnow()
    if state == "used":
        invitation.accepted_at = utcnow()
    db.session.commit()
    newcomer = UserFactory()

    with pytest.raises(Conflict) as excinfo:
        services.accept_invitation(user=newcomer, token="other" if state == "unknown" else "tok")

    assert excinfo.value.message == message
    db.session.rollback()
    assert membership_row(world.group.id, newcomer.id) is None


def test_a_current_member_cannot_accept_and_the_token_stays_usable(world):
    invitation = factories.invitation(world.group, token="tok")
    with pytest.raises(Conflict) as excinfo:
        services.accept_invitation(user=world.member, token="tok")
    assert "already a member" in excinfo.value.message
    db.session.rollback()
    assert db.session.get(Invitation, invitation.id).accepted_at is None


def test_someone_who_left_gets_their_old_membership_back(world):
    old = membership(world.group, world.member)
    old.title, old.category = "Secretary", "Plumbing"
    db.session.commit()
    services.remove_member(actor=world.facilitator, membership=old)
    db.session.commit()
    factories.invitation(world.group, token="again", role=Role.FACILITATOR)

    joined = services.accept_invitation(user=world.member, token="again")
    db.session.commit()

    row = membership(world.group, world.member)
    assert row.id == old.id == joined.id
    assert (row.left_at, row.removed_by_id, row.role) == (None, None, Role.FACILITATOR)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership).where(
        Membership.group_id == world.group.id, Membership.user_id == world.member.id)) == 1


# --- sign_up_with_invitation -----------------------------------------------------------------


def test_sign_up_with_invitation_creates_account_and_membership(world):
    factories.invitation(world.group, token="signup")

    user, joined = services.sign_up_with_invitation(
        token="signup", email=" Ada@Example.com", name="Ada Lovelace",
        password="analytical engine", business_name="Engines Ltd")
    db.session.commit()

    stored = db.session.scalar(sa.select(User).where(User.email == "ada@example.com"))
    assert stored.id == user.id
    assert (stored.name, stored.profile.business_name) == ("Ada Lovelace", "Engines Ltd")
    row = membership(world.group, stored)
    assert (row.id, row.role, row.left_at) == (joined.id, Role.MEMBER, None)


@pytest.mark.parametrize(("password", "email", "error", "field"), [
    ("short", "ada@example.com", AccountError, "password"),
    ("long enough password", "not-an-email", AccountError, "email"),
    ("long enough password", "{taken}", Conflict, "email"),
])
def test_failed_sign_up_saves_nothing_and_leaves_the_invitation_unused(
        world, password, email, error, field):
    invitation = factories.invitation(world.group, token="signup")
    users_before = count(User)

    with pytest.raises(error) as excinfo:
        services.sign_up_with_invitation(
            token="signup", email=email.format(taken=world.outsider.email), name="Ada",
            password=password)

    assert excinfo.value.field == field
    assert count(User) == users_before
    assert db.session.scalar(sa.select(User.id).where(User.email == "ada@example.com")) is None
    assert count(Membership) == 3
    assert invitation.accepted_at is None
    db.session.rollback()
    assert db.session.get(Invitation, invitation.id).accepted_at is None


def test_sign_up_with_a_spent_invitation_creates_no_account(world):
    factories.invitation(world.group, token="spent", expires_in=-DAY)
    with pytest.raises(Conflict) as excinfo:
        services.sign_up_with_invitation(token="spent", email="ada@example.com", name="Ada",
                                         password="long enough password")
    assert "expired" in excinfo.value.message
    assert db.session.scalar(sa.select(User.id).where(User.email == "ada@example.com")) is None


@pytest.mark.parametrize("name", ["Null\x00Group", "Bell\x07Group"])
def test_control_characters_in_a_group_name_are_refused(world, name):
    settings = GroupSettings(name=name, cadence="weekly", weekday=1, meeting_time=time(7, 0),
                             timezone="UTC", currency="EUR")
    with pytest.raises(GroupError) as caught:
        services.create_group(creator=world.member, settings=settings)
    assert caught.value.field == "name"
    assert "printable" in caught.value.message
