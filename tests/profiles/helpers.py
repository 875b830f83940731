"""A small group with known profiles, shared by the query and page tests."""

from dataclasses import dataclass

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import (
    ContactSphere,
    Group,
    IdealClientProfile,
    Membership,
    Profile,
    Role,
    SphereMember,
    User,
)
from partnernet.models.base import utcnow
from tests.factories import GroupFactory, UserFactory


@dataclass
class Directory:
    group: Group
    amira: User  # accountant, facilitator; ideal clients: dental practices, then cafés
    ben: User  # roofer; in the Property sphere
    chloe: User  # baker, with an accented name; in the Food sphere
    dmitri: User  # commercial lawyer; in the Property sphere
    former: User  # left the group; their profile text matches many searches
    outsider: User  # leads another group, also about dental practices
    property: ContactSphere
    food: ContactSphere


def member(group: Group, name: str, *, seat: str = "", role: str = Role.MEMBER,
           title: str = "", **profile) -> User:
    """A user with a business profile in `group`; flushed, not committed (one commit is
    much faster than one per row)."""
    user = UserFactory.build(name=name, profile=Profile(**profile))
    db.session.add(user)
    db.session.flush()
    db.session.add(Membership(group_id=group.id, user_id=user.id, category=seat, role=role,
                              title=title))
    return user


def ideal_client(user: User, title: str, **fields) -> None:
    db.session.add(IdealClientProfile(user_id=user.id, title=title, **fields))


def new_group(name: str) -> Group:
    group = GroupFactory.build(name=name)
    db.session.add(group)
    db.session.flush()
    return group


def sphere(group: Group, name: str, members: list[User]) -> ContactSphere:
    row = ContactSphere(group_id=group.id, name=name,
                        members=[SphereMember(user_id=u.id) for u in members])
    db.session.add(row)
    return row


def make_directory() -> Directory:
    group = new_group("Riverside Partners")
    amira = member(
        group, "Amira Haddad", seat="Accounting", role=Role.FACILITATOR, title="President",
        business_name="Haddad & Co Accountants", category="Accountant",
        website="https://haddad.example.com", phone="+44 113 496 0000",
        talkable_difference="Fixed-fee accounts for owner-managed firms.",
        specific_ask="The practice manager at Quay Street Dental.",
        bio="Chartered accountant.\n\nTwenty years with family firms.")
    ideal_client(
        amira, position=0, title="Growing dental practices",
        industries="Dentistry, healthcare", company_size="10–50 staff",
        geography="West Yorkshire", decision_makers="Practice owner",
        triggers="Worried about cash flow; opening a second site",
        criteria=["Owner-managed, 10–50 staff", "Turnover above £1m"],
        not_a_fit="Corporate chains")
    ideal_client(amira, position=1, title="Independent cafés",
                 industries="Hospitality", criteria=["Owner does the books"])
    ben = member(
        group, "Ben Roper", seat="Roofing", business_name="Roper Roofing",
        specific_ask="Letting agents with old housing stock.",
        bio="Third-generation roofer.")
    ideal_client(ben, "Homeowners with old roofs",
                 industries="Residential property", triggers="Leaking roof after storms",
                 criteria=["Detached houses", "Expects my call"])
    chloe = member(
        group, "Chloé Durand", seat="Bakery", business_name="Boulangerie Durand",
        specific_ask="Café owners in Leeds.",
        talkable_difference="Sourdough delivered before 6 am.")
    dmitri = member(
        group, "Dmitri Volkov", seat="Commercial law", business_name="Volkov Legal",
        category="Lawyer")
    ideal_client(dmitri, "Landlords", industries="Commercial property",
                 triggers="Lease dispute with a tenant",
                 criteria=["Has a signed lease"])

    former = member(group, "Eve Gone", seat="Accounting", business_name="Gone Accounting",
                    bio="Dental practices, cash flow, property, roofing, bakery.")
    ideal_client(former, "Dental practices", criteria=["Cash flow worries"])
    db.session.scalar(sa.select(Membership).where(Membership.user_id == former.id)).left_at = (
        utcnow())

    other = new_group("Other Group")
    outsider = member(other, "Olga Outside", role=Role.FACILITATOR,
                      business_name="Outside Dental Finance",
                      bio="Dental practices and their cash flow.")
    ideal_client(outsider, "Dental practices", industries="Dentistry")

    property_ = sphere(group, "Property", [ben, dmitri, former])
    food = sphere(group, "Food", [chloe])
    sphere(other, "Property", [outsider])
    db.session.commit()
    return Directory(group, amira, ben, chloe, dmitri, former, outsider, property_, food)
