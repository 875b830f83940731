"""Shared by the notification and dashboard tests: a small group and referrals passed through
the services, as the slip would pass them."""

import html
import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group, Notification, Referral, User
from partnernet.referrals.services import Prospect, Slip, pass_referral
from tests.factories import GroupFactory, MembershipFactory


@dataclass
class People:
    group: Group
    giver: User
    receiver: User
    member: User
    other_group: Group
    outsider: User


def make_people() -> People:
    """Gina gives, Rafael receives, Mo is another member; Otto belongs to another group."""
    group = GroupFactory(name="Riverside Partners", timezone="America/Chicago", currency="USD")
    giver = MembershipFactory(group=group, user__name="Gina Giver").user
    receiver = MembershipFactory(group=group, user__name="Rafael Receiver").user
    member = MembershipFactory(group=group, user__name="Mo Member").user
    other_group = GroupFactory(name="Other Group")
    outsider = MembershipFactory(group=other_group, user__name="Otto Outsider").user
    return People(group, giver, receiver, member, other_group, outsider)


def pass_to(people: People, *, giver: User | None = None, receiver: User | None = None,
            name: str = "Jane Doe", company: str = "Doe Dental",
            passed_at: datetime | None = None) -> Referral:
    """A referral passed (and committed) through the service, notifying the receiver."""
    referral = pass_referral(
        group=people.group, giver=giver or people.giver, passed_at=passed_at,
        slip=Slip(receiver_id=(receiver or people.receiver).id,
                  prospect=Prospect(name=name, company=company, phone="+1 555 010 2233")))
    db.session.commit()
    return referral


def notifications_of(user: User) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def unread_of(user: User) -> int:
    return sum(n.read_at is None for n in notifications_of(user))


def words(html_text: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())
