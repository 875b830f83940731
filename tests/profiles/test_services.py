"""Profile services: the business profile, ideal-client profiles and contact spheres."""

from dataclasses import replace

import pytest
import sqlalchemy as sa

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.models import (
    ContactSphere,
    IdealClientProfile,
    Membership,
    Profile,
    Role,
    SphereMember,
)
from partnernet.models.base import utcnow
from partnernet.profiles import services
from partnernet.profiles.queries import list_ideal_clients
from partnernet.profiles.services import IdealClientData, ProfileData, ProfileError
from tests import factories
from tests.factories import IdealClientFactory, MembershipFactory, UserFactory

FULL = ProfileData(
    business_name="Harbour Dental",
    category="Dentistry",
    website="https://harbour-dental.example.com/about",
    phone="+1 (555) 010-2233",
    bio="Family practice since 1998.\n\nTwo chairs, one hygienist.",
    talkable_difference="The only practice in town open at 7 am.",
    specific_ask="This month I'd like to meet the office manager at Quay Street Clinic.",
)
LIMITS = {
    "business_name": 120,
    "category": 80,
    "website": 300,
    "phone": 32,
    "bio": 1000,
    "talkable_difference": 200,
    "specific_ask": 300,
}


def refused(call, **kwargs) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        call(**kwargs)
    return info.value


def stored_profile(user_id: int) -> tuple | None:
    """The profile row as the database holds it, or None."""
    db.session.expire_all()
    profile = db.session.get(Profile, user_id)
    if profile is None:
        return None
    return tuple(getattr(profile, name) for name in ProfileData.__dataclass_fields__)


def saved(user, data: ProfileData) -> Profile:
    profile = services.update_profile(user=user, data=data)
    db.session.commit()
    return profile


# --- update_profile --------------------------------------------------------------------------


def test_update_profile_saves_every_field(app):
    user = UserFactory(profile=None)

    saved(user, FULL)

    assert stored_profile(user.id) == (
        "Harbour Dental", "Dentistry", "https://harbour-dental.example.com/about",
        "+1 (555) 010-2233", "Family practice since 1998.\n\nTwo chairs, one hygienist.",
        "The only practice in town open at 7 am.",
        "This month I'd like to meet the office manager at Quay Street Clinic.")


def test_update_profile_tidies_whitespace_and_empties_fields_left_blank(app):
    user = UserFactory()
    saved(user, FULL)

    saved(user, ProfileData(business_name="  Harbour \t Dental  ", category=" Dentistry ",
                            bio="  First line   \r\nsecond  line\n\n\n\nThird  "))

    assert stored_profile(user.id) == (
        "Harbour Dental", "Dentistry", "", "", "First line\nsecond line\n\nThird", "", "")


@pytest.mark.parametrize(("typed", "stored"), [
    ("example.com", "https://example.com"),
    ("www.example.co.uk/team", "https://www.example.co.uk/team"),
    ("http://example.com", "http://example.com"),
    ("  https://example.com/a?b=1#c  ", "https://example.com/a?b=1#c"),
    ("HTTPS://Example.com", "HTTPS://Example.com"),
    ("", ""),
])
def test_website_accepted(app, typed, stored):
    user = UserFactory()
    assert saved(user, replace(FULL, website=typed)).website == stored


@pytest.mark.parametrize("typed", [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://x.com",
    "http://",
    "https://",
    "https://exa mple.com",
    "example .com/page",
    "https://example.com/a b",
    "localhost",
    "example.com\x00",
    "https://example.com/\x07",
])
def test_website_refused(app, typed):
    user = UserFactory()
    error = refused(services.update_profile, user=user, data=replace(FULL, website=typed))
    assert error.field == "website"
    assert error.message == "Enter a web address starting with http:// or https://."


@pytest.mark.parametrize(("typed", "stored"), [
    ("+1 (555) 010-2233", "+1 (555) 010-2233"),
    ("+44 20 7946 0958", "+44 20 7946 0958"),
    ("555.0102", "555.0102"),
    ("  +1   555  010 2233 ", "+1 555 010 2233"),
    ("123456789012345", "123456789012345"),  # 15 digits, the most a number has
    ("", ""),
])
def test_phone_accepted(app, typed, stored):
    user = UserFactory()
    assert saved(user, replace(FULL, phone=typed)).phone == stored


@pytest.mark.parametrize("typed", [
    "call me",
    "12",
    "555 010",  # 6 digits
    "12345678901234567890",  # 20 digits
    "1234567890123456",  # 16 digits
    "+1 555 +44",
    "+1 555 010 2233 ext 4",
    "555-0102 <script>",
    "555\x000102 33",
])
def test_phone_refused(app, typed):
    user = UserFactory()
    error = refused(services.update_profile, user=user, data=replace(FULL, phone=typed))
    assert error.field == "phone"
    assert "7 to 15 digits" in error.message


def _of_length(name: str, length: int) -> str:
    if name == "website":
        return "https://" + "a" * (length - 12) + ".com"
    if name == "phone":
        return "+1 555 010 2233" + "." * (length - 15)
    return "x" * length


@pytest.mark.parametrize(("name", "limit"), LIMITS.items())
def test_each_field_takes_up_to_its_limit(app, name, limit):
    user = UserFactory()
    value = _of_length(name, limit)
    assert len(value) == limit
    assert getattr(saved(user, replace(FULL, **{name: value})), name) == value


@pytest.mark.parametrize(("name", "limit"), LIMITS.items())
def test_each_field_refuses_one_character_more(app, name, limit):
    user = UserFactory()
    saved(user, FULL)
    before = stored_profile(user.id)

    error = refused(services.update_profile, user=user,
                    data=replace(FULL, **{name: _of_length(name, limit + 1)}))

    assert error.field == name
    if name != "phone":
        assert f"at most {limit} characters" in error.message
    db.session.commit()
    assert stored_profile(user.id) == before


def test_a_bare_domain_that_grows_past_the_limit_with_https_is_refused(app):
    user = UserFactory()
    typed = "a" * 292 + ".com"  # 296 characters typed, 304 once https:// is added
    error = refused(services.update_profile, user=user, data=replace(FULL, website=typed))
    assert error.field == "website"


def test_html_is_stored_as_the_text_typed(app):
    user = UserFactory()
    script = "<script>alert('x')</script> & <b>bold</b>"
    data = ProfileData(business_name=script, category=script, bio=script,
                       talkable_difference=script, specific_ask=script)
    saved(user, data)
    assert stored_profile(user.id) == (script, script, "", "", script, script, script)


@pytest.mark.parametrize("name", list(LIMITS))
def test_nul_is_refused_in_every_field(app, name):
    user = UserFactory()
    saved(user, FULL)
    before = stored_profile(user.id)
    value = {"website": "example.com\x00", "phone": "+1 555\x00 010 2233"}.get(name, "ab\x00cd")

    error = refused(services.update_profile, user=user, data=replace(FULL, **{name: value}))

    assert error.field == name
    db.session.commit()
    assert stored_profile(user.id) == before


@pytest.mark.parametrize("bad", [
    {"website": "javascript:alert(1)"},
    {"phone": "call me"},
    {"bio": "x" * 1001},
    {"specific_ask": "tab\tis fine, bell \x07 is not"},
])
def test_a_refused_update_changes_nothing(app, bad):
    """Every other field is valid and different: none of them may be saved."""
    user = UserFactory()
    saved(user, FULL)
    before = stored_profile(user.id)
    other = ProfileData(business_name="New name", category="New category",
                        website="new.example.com", phone="+33 1 23 45 67 89", bio="New bio",
                        talkable_difference="New difference", specific_ask="New ask")

    refused(services.update_profile, user=user, data=replace(other, **bad))

    db.session.commit()
    assert stored_profile(user.id) == before


def test_a_refused_first_profile_creates_no_row(app):
    user = UserFactory(profile=None)
    refused(services.update_profile, user=user, data=replace(FULL, phone="12"))
    db.session.commit()
    assert stored_profile(user.id) is None


# --- ideal-client profiles -------------------------------------------------------------------


ICP = IdealClientData(
    title="Owner-managed dental practices",
    industries="Dentistry, orthodontics",
    company_size="2–10 chairs",
    geography="Within 30 miles of Leeds",
    decision_makers="Practice owner, practice manager",
    triggers="Opening a second site\nA partner retiring",
    criteria=("Owner-managed, 10–50 staff", "Expects my call"),
    not_a_fit="Corporate chains",
)


def add(user, data: IdealClientData = ICP) -> IdealClientProfile:
    icp = services.add_ideal_client(user=user, data=data)
    db.session.commit()
    return icp


def titles(user) -> list[str]:
    db.session.expire_all()
    return [c.title for c in list_ideal_clients(user.id)]


def test_add_ideal_client_saves_every_field(app):
    user = UserFactory()
    icp = add(user)

    db.session.expire_all()
    row = db.session.get(IdealClientProfile, icp.id)
    assert (row.user_id, row.title, row.industries, row.company_size, row.geography,
            row.decision_makers, row.triggers, row.criteria, row.not_a_fit, row.position) == (
        user.id, "Owner-managed dental practices", "Dentistry, orthodontics", "2–10 chairs",
        "Within 30 miles of Leeds", "Practice owner, practice manager",
        "Opening a second site\nA partner retiring",
        ["Owner-managed, 10–50 staff", "Expects my call"], "Corporate chains", 0)


def test_criteria_are_trimmed_and_blank_lines_dropped(app):
    user = UserFactory()
    icp = add(user, replace(ICP, criteria=("", "  Owner-managed,   10–50 staff  ", "   ",
                                           "Expects my call", "\t")))
    assert list_ideal_clients(user.id)[0].criteria == (
        "Owner-managed, 10–50 staff", "Expects my call")
    assert db.session.get(IdealClientProfile, icp.id).criteria == [
        "Owner-managed, 10–50 staff", "Expects my call"]


@pytest.mark.parametrize("title", ["", "   ", "\n"])
def test_ideal_client_needs_a_title(app, title):
    user = UserFactory()
    error = refused(services.add_ideal_client, user=user, data=replace(ICP, title=title))
    assert (error.field, error.message) == ("title", "Enter a title.")
    assert titles(user) == []


def test_ten_criteria_are_accepted_blank_lines_not_counted(app):
    user = UserFactory()
    criteria = (*(f"Criterion {n}" for n in range(10)), "", " ", "")
    add(user, replace(ICP, criteria=criteria))
    assert list_ideal_clients(user.id)[0].criteria == criteria[:10]


def test_eleven_criteria_are_refused(app):
    user = UserFactory()
    criteria = tuple(f"Criterion {n}" for n in range(11))
    error = refused(services.add_ideal_client, user=user, data=replace(ICP, criteria=criteria))
    assert (error.field, error.message) == ("criteria", "List at most 10 referral criteria.")
    assert titles(user) == []


def test_a_criterion_takes_120_characters_not_121(app):
    user = UserFactory()
    add(user, replace(ICP, criteria=("c" * 120,)))
    error = refused(services.add_ideal_client, user=user,
                    data=replace(ICP, criteria=("fine", "c" * 121)))
    assert error.field == "criteria"
    assert "at most 120 characters" in error.message
    assert titles(user) == [ICP.title]


@pytest.mark.parametrize(("name", "limit"), [
    ("title", 120), ("industries", 200), ("company_size", 200), ("geography", 200),
    ("decision_makers", 200), ("triggers", 1000), ("not_a_fit", 500),
])
def test_ideal_client_field_limits(app, name, limit):
    user = UserFactory()
    add(user, replace(ICP, **{name: "y" * limit}))
    error = refused(services.add_ideal_client, user=user,
                    data=replace(ICP, **{name: "y" * (limit + 1)}))
    assert error.field == name
    assert f"at most {limit} characters" in error.message


@pytest.mark.parametrize("name", ["title", "industries", "triggers", "not_a_fit", "criteria"])
def test_ideal_client_refuses_nul(app, name):
    user = UserFactory()
    value = ("ok", "a\x00b") if name == "criteria" else "a\x00b"
    error = refused(services.add_ideal_client, user=user, data=replace(ICP, **{name: value}))
    assert error.field == name
    assert titles(user) == []


def test_ideal_client_keeps_html_as_text(app):
    user = UserFactory()
    add(user, replace(ICP, title="<script>alert(1)</script>", criteria=("<b>bold</b>",)))
    [icp] = list_ideal_clients(user.id)
    assert (icp.title, icp.criteria) == ("<script>alert(1)</script>", ("<b>bold</b>",))


def test_at_most_ten_ideal_clients(app):
    user = UserFactory()
    for n in range(10):
        add(user, replace(ICP, title=f"Client {n}"))

    error = refused(services.add_ideal_client, user=user, data=replace(ICP, title="Eleventh"))

    assert "at most 10 ideal-client profiles" in error.message
    assert titles(user) == [f"Client {n}" for n in range(10)]


def test_the_limit_of_ten_is_per_user(app):
    user, other = UserFactory(), UserFactory()
    for n in range(10):
        IdealClientFactory(user=other, title=f"Other {n}", position=n)
    add(user, replace(ICP, title="Mine"))
    assert titles(user) == ["Mine"]


def test_ideal_clients_keep_the_order_they_were_added_in(app):
    user = UserFactory()
    for title in ["First", "Second", "Third"]:
        add(user, replace(ICP, title=title))
    assert titles(user) == ["First", "Second", "Third"]


def test_a_new_ideal_client_goes_last_after_deletions(app):
    user = UserFactory()
    first, second, _, _ = (add(user, replace(ICP, title=t)) for t in ["A", "B", "C", "D"])
    services.delete_ideal_client(user=user, icp_id=first.id)
    services.delete_ideal_client(user=user, icp_id=second.id)
    db.session.commit()

    add(user, replace(ICP, title="E"))

    assert titles(user) == ["C", "D", "E"]


def test_update_ideal_client_replaces_every_field_and_keeps_its_place(app):
    user = UserFactory()
    first = add(user, replace(ICP, title="First"))
    add(user, replace(ICP, title="Second"))

    services.update_ideal_client(user=user, icp_id=first.id, data=IdealClientData(
        title="Renamed", industries="Law", criteria=("Has a dispute", "", "Under £1m")))
    db.session.commit()

    [renamed, second] = list_ideal_clients(user.id)
    assert (renamed.id, renamed.title, renamed.industries, renamed.company_size,
            renamed.geography, renamed.decision_makers, renamed.triggers, renamed.criteria,
            renamed.not_a_fit) == (
        first.id, "Renamed", "Law", "", "", "", "", ("Has a dispute", "Under £1m"), "")
    assert second.title == "Second"


def test_a_refused_update_leaves_the_ideal_client_as_it_was(app):
    user = UserFactory()
    icp = add(user)
    refused(services.update_ideal_client, user=user, icp_id=icp.id,
            data=replace(ICP, title="New title", criteria=tuple("x" * 12)))
    db.session.commit()
    [row] = list_ideal_clients(user.id)
    assert (row.title, row.criteria) == (ICP.title, ICP.criteria)


def test_no_one_updates_or_deletes_another_users_ideal_client(app):
    owner, intruder = UserFactory(), UserFactory()
    icp = add(owner)

    refused(services.update_ideal_client, user=intruder, icp_id=icp.id,
            data=replace(ICP, title="Hijacked"))
    refused(services.delete_ideal_client, user=intruder, icp_id=icp.id)
    refused(services.update_ideal_client, user=owner, icp_id=icp.id + 1000, data=ICP)
    refused(services.delete_ideal_client, user=owner, icp_id=icp.id + 1000)
    db.session.commit()

    assert titles(owner) == [ICP.title]


def test_delete_ideal_client(app):
    user = UserFactory()
    keep = add(user, replace(ICP, title="Keep"))
    gone = add(user, replace(ICP, title="Gone"))

    services.delete_ideal_client(user=user, icp_id=gone.id)
    db.session.commit()

    assert [c.id for c in list_ideal_clients(user.id)] == [keep.id]
    assert db.session.get(IdealClientProfile, gone.id) is None


# --- contact spheres -------------------------------------------------------------------------


def spheres_of(group) -> dict[str, set[int]]:
    """The group's spheres as the database holds them: name → member ids."""
    db.session.expire_all()
    rows = db.session.scalars(sa.select(ContactSphere).where(ContactSphere.group_id == group.id))
    return {s.name: {m.user_id for m in s.members} for s in rows}


def active_member_ids(group) -> set[int]:
    return set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.group_id == group.id, Membership.left_at.is_(None))))


def test_facilitator_creates_a_sphere(world):
    sphere = services.create_sphere(actor=world.facilitator, group=world.group,
                                    name="  Property  ")
    db.session.commit()
    assert sphere.name == "Property"
    assert spheres_of(world.group) == {"Property": set()}


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_create_spheres(world, who):
    with pytest.raises(PermissionDenied):
        services.create_sphere(actor=getattr(world, who), group=world.group, name="Property")
    db.session.rollback()
    assert spheres_of(world.group) == {}


def test_a_former_facilitator_cannot_create_spheres(world):
    row = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == world.facilitator.id))
    row.left_at = utcnow()
    db.session.commit()
    with pytest.raises(PermissionDenied):
        services.create_sphere(actor=world.facilitator, group=world.group, name="Property")


@pytest.mark.parametrize("name", ["property", "PROPERTY", "  Property ", "pRoPeRtY"])
def test_sphere_names_are_unique_in_a_group_whatever_the_case(world, name):
    factories.sphere(world.group, "Property")
    error = refused(services.create_sphere, actor=world.facilitator, group=world.group,
                    name=name)
    assert (error.field, error.message) == (
        "name", "The group already has a sphere with this name.")
    db.session.rollback()
    assert spheres_of(world.group) == {"Property": set()}


@pytest.mark.parametrize(("existing", "name"), [
    ("Santé", "SANTÉ"), ("SANTÉ", "santé"), ("Économie", "économie"), ("Bien-Être", "bien-être"),
])
def test_sphere_names_with_accents_are_unique_whatever_the_case(world, existing, name):
    factories.sphere(world.group, existing)
    error = refused(services.create_sphere, actor=world.facilitator, group=world.group,
                    name=name)
    assert error.field == "name"
    db.session.rollback()
    assert spheres_of(world.group) == {existing: set()}


def test_another_group_may_use_the_same_sphere_name(world):
    factories.sphere(world.other_group, "Property")
    services.create_sphere(actor=world.facilitator, group=world.group, name="Property")
    db.session.commit()
    assert spheres_of(world.group) == {"Property": set()}


@pytest.mark.parametrize(("name", "message"), [
    ("", "Enter the sphere's name."),
    ("   ", "Enter the sphere's name."),
    ("s" * 61, "Use at most 60 characters for the sphere's name."),
    ("Prop\x00erty", "Use only printable characters for the sphere's name."),
])
def test_sphere_name_rules(world, name, message):
    error = refused(services.create_sphere, actor=world.facilitator, group=world.group,
                    name=name)
    assert (error.field, error.message) == ("name", message)


def test_update_sphere_sets_its_name_and_members(world):
    extra = MembershipFactory(group=world.group).user
    sphere = factories.sphere(world.group, "Property", [world.member])

    services.update_sphere(actor=world.facilitator, sphere=sphere, name="Real estate",
                           member_ids=[world.facilitator.id, extra.id])
    db.session.commit()

    assert spheres_of(world.group) == {"Real estate": {world.facilitator.id, extra.id}}


def test_update_sphere_with_no_members_empties_it(world):
    sphere = factories.sphere(world.group, "Property", [world.member, world.facilitator])
    services.update_sphere(actor=world.facilitator, sphere=sphere, name="Property",
                           member_ids=[])
    db.session.commit()
    assert spheres_of(world.group) == {"Property": set()}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SphereMember)) == 0


def test_a_sphere_may_change_the_case_of_its_own_name(world):
    sphere = factories.sphere(world.group, "property")
    factories.sphere(world.group, "Home services")
    services.update_sphere(actor=world.facilitator, sphere=sphere, name="Property",
                           member_ids=[])
    db.session.commit()
    assert set(spheres_of(world.group)) == {"Property", "Home services"}


def test_a_sphere_may_not_take_another_spheres_name(world):
    sphere = factories.sphere(world.group, "Property")
    factories.sphere(world.group, "Home services")
    error = refused(services.update_sphere, actor=world.facilitator, sphere=sphere,
                    name="home SERVICES", member_ids=[])
    assert error.field == "name"


def _former_member(group):
    row = MembershipFactory(group=group)
    row.left_at = utcnow()
    db.session.commit()
    return row.user


@pytest.mark.parametrize("who", ["outsider", "former member", "stranger", "unknown id"])
def test_sphere_members_must_be_current_members_of_the_group(world, who):
    sphere = factories.sphere(world.group, "Property", [world.member])
    user_id = {
        "outsider": lambda: world.outsider.id,
        "former member": lambda: _former_member(world.group).id,
        "stranger": lambda: UserFactory().id,
        "unknown id": lambda: 987654,
    }[who]()

    error = refused(services.update_sphere, actor=world.facilitator, sphere=sphere,
                    name="Property", member_ids=[world.facilitator.id, user_id])

    assert (error.field, error.message) == (
        "members", "Only current members of the group can be in a sphere.")
    db.session.rollback()
    assert spheres_of(world.group) == {"Property": {world.member.id}}


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_update_spheres(world, who):
    sphere = factories.sphere(world.group, "Property", [world.member])
    with pytest.raises(PermissionDenied):
        services.update_sphere(actor=getattr(world, who), sphere=sphere, name="Mine",
                               member_ids=[])
    db.session.rollback()
    assert spheres_of(world.group) == {"Property": {world.member.id}}


def test_delete_sphere_keeps_its_members_in_the_group(world):
    members_before = active_member_ids(world.group)
    sphere = factories.sphere(world.group, "Property", [world.member, world.facilitator])
    keep = factories.sphere(world.group, "Home services", [world.member])

    services.delete_sphere(actor=world.facilitator, sphere=sphere)
    db.session.commit()

    assert spheres_of(world.group) == {"Home services": {world.member.id}}
    assert db.session.scalars(sa.select(SphereMember.sphere_id)).all() == [keep.id]
    assert active_member_ids(world.group) == members_before


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_only_facilitators_delete_spheres(world, who):
    sphere = factories.sphere(world.group, "Property", [world.member])
    with pytest.raises(PermissionDenied):
        services.delete_sphere(actor=getattr(world, who), sphere=sphere)
    db.session.rollback()
    assert spheres_of(world.group) == {"Property": {world.member.id}}


def test_a_member_promoted_to_facilitator_may_manage_spheres(world):
    row = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == world.member.id, Membership.group_id == world.group.id))
    row.role = Role.FACILITATOR
    db.session.commit()
    services.create_sphere(actor=world.member, group=world.group, name="Property")
    db.session.commit()
    assert spheres_of(world.group) == {"Property": set()}
