"""factory_boy factories; they commit, as the application would."""

from dataclasses import dataclass
from datetime import time, timedelta

import factory
from werkzeug.security import generate_password_hash

from partnernet.extensions import db
from partnernet.models import Group, Invitation, Membership, Profile, Role, User
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
