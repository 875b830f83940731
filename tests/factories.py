"""factory_boy factories; they commit, as the application would."""

from dataclasses import dataclass
from datetime import time, timedelta

import factory
from werkzeug.security import generate_password_hash

from partnernet.extensions import db
from partnernet.models import (
    ContactSphere,
    Group,
    IdealClientProfile,
    Invitation,
    Membership,
    Profile,
    Role,
    SphereMember,
    User,
)
from partnernet.models.base import utcnow
from partnernet.security import hash_token

PASSWORD = "correct horse battery"
PASSWORD_HASH = generate_password_hash(PASSWORD)


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password_hash = PASSWORD_HASH
    profile = factory.LazyAttribute(lambda o: Profile(business_name=f"{o.name} Ltd"))


class GroupFactory(BaseFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Partner group {n}")
    cadence = "weekly"
    weekday = 1
    meeting_time = time(7, 0)
    duration_minutes = 90
    timezone = "Europe/London"
    currency = "GBP"


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class IdealClientFactory(BaseFactory):
    """An ideal-client profile; pass `user` (a User) and any fields to override."""

    class Meta:
        model = IdealClientProfile
        exclude = ("user",)

    user = factory.SubFactory(UserFactory)
    user_id = factory.SelfAttribute("user.id")
    title = factory.Sequence(lambda n: f"Ideal client {n}")
    industries = ""
    company_size = ""
    geography = ""
    decision_makers = ""
    triggers = ""
    criteria = factory.LazyFunction(list)
    not_a_fit = ""
    position = 0


def fill_profile(user: User, **fields) -> Profile:
    """Set the given business-profile fields on `user` (creating the profile) and commit."""
    if user.profile is None:
        user.profile = Profile()
    for name, value in fields.items():
        setattr(user.profile, name, value)
    db.session.commit()
    return user.profile


def sphere(group: Group, name: str, members=()) -> ContactSphere:
    """A contact sphere in `group` holding the given users."""
    row = ContactSphere(group_id=group.id, name=name,
                        members=[SphereMember(user_id=u.id) for u in members])
    db.session.add(row)
    db.session.commit()
    return row


def invitation(group: Group, *, token: str = "test-invitation-token", email: str = "",
               role: str = Role.MEMBER, created_by: User | None = None,
               expires_in=timedelta(days=7)) -> Invitation:
    inv = Invitation(group_id=group.id, email=email, role=role, token_hash=hash_token(token),
                     created_by_id=created_by.id if created_by else None,
                     expires_at=utcnow() + expires_in)
    db.session.add(inv)
    db.session.commit()
    return inv


@dataclass
class World:
    group: Group
    facilitator: User
    member: User
    other_group: Group
    outsider: User


def make_world() -> World:
    group = GroupFactory(name="Riverside Partners")
    facilitator = MembershipFactory(group=group, role=Role.FACILITATOR, title="President").user
    member = MembershipFactory(group=group).user
    other_group = GroupFactory(name="Other Group")
    outsider = MembershipFactory(group=other_group, role=Role.FACILITATOR).user
    return World(group, facilitator, member, other_group, outsider)


# --- Referrals -------------------------------------------------------------------------------
# Imported here rather than at the top so this section stands on its own.
from partnernet.models import ClosedBusiness, Referral, ReferralEvent, ThankYou  # noqa: E402
from partnernet.models.referrals import Status  # noqa: E402


@dataclass
class ReferralCast:
    """A group with a giver, a receiver and a third member; an outsider in another group."""

    group: Group
    giver: User
    receiver: User
    member: User
    other_group: Group
    outsider: User


def make_referral_cast(*, timezone: str = "Europe/London", currency: str = "GBP") -> ReferralCast:
    group = GroupFactory(name="Riverside Partners", timezone=timezone, currency=currency)
    giver = MembershipFactory(group=group, user__name="Gina Giver").user
    receiver = MembershipFactory(group=group, user__name="Rafael Receiver").user
    member = MembershipFactory(group=group, user__name="Mo Member").user
    other_group = GroupFactory(name="Other Group")
    outsider = MembershipFactory(group=other_group, user__name="Otto Outsider").user
    return ReferralCast(group, giver, receiver, member, other_group, outsider)


def referral(group: Group, giver: User, receiver: User, *, status: str = Status.PASSED,
             prospect_name: str = "Dana Prospect", passed_at=None, **fields) -> Referral:
    """A referral stored as it stands, with the event that passed it (no notification).

    For setting up lists and pipelines in any state; the rules for passing one are
    tested through referrals.services.pass_referral.
    """
    passed_at = passed_at or utcnow()
    row = Referral(group_id=group.id, giver_id=giver.id, receiver_id=receiver.id,
                   prospect_name=prospect_name, status=status, passed_at=passed_at, **fields)
    row.events.append(ReferralEvent(actor_id=giver.id, kind="passed", to_status=Status.PASSED,
                                    created_at=passed_at))
    db.session.add(row)
    db.session.commit()
    return row


def closed_business(referral: Referral, amount: int, *, closed_on=None, kind: str = "new",
                    deleted: bool = False) -> ClosedBusiness:
    """A closed-business entry of `amount` minor units (soft-deleted when `deleted`)."""
    entry = ClosedBusiness(referral_id=referral.id, amount=amount, kind=kind,
                           closed_on=closed_on or referral.passed_at.date(),
                           created_by_id=referral.receiver_id,
                           deleted_at=utcnow() if deleted else None)
    db.session.add(entry)
    db.session.commit()
    return entry


def thank_you(referral: Referral, message: str = "Thank you!") -> ThankYou:
    row = ThankYou(referral_id=referral.id, author_id=referral.receiver_id, message=message)
    db.session.add(row)
    db.session.commit()
    return row
