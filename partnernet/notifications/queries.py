"""Notification reads: the list a user sees (one query per page)."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from partnernet.extensions import db
from partnernet.models import Group, Notification, Referral, User


@dataclass(frozen=True)
class NotificationRow:
    id: int
    kind: str
    text: str
    referral_id: int | None
    group_name: str | None
    timezone: str  # the referral's group's, for showing the time; UTC without a referral
    actor_name: str | None
    created_at: datetime
    read: bool


def list_notifications(*, user_id: int, limit: int, offset: int = 0) -> list[NotificationRow]:
    """The user's notifications, newest first, with the group and the actor's name."""
    actor = aliased(User)
    stmt = (sa.select(Notification, Group.name, Group.timezone, actor.name)
            .outerjoin(Referral, Referral.id == Notification.referral_id)
            .outerjoin(Group, Group.id == Referral.group_id)
            .outerjoin(actor, actor.id == Notification.actor_id)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit).offset(offset))
    return [NotificationRow(n.id, n.kind, n.text, n.referral_id, group, tz or "UTC", name,
                            n.created_at, n.read_at is not None)
            for n, group, tz, name in db.session.execute(stmt)]


def get_own_notification(notification_id: int, user_id: int) -> Notification | None:
    """The notification if it belongs to the user; None otherwise (whoever else owns it)."""
    return db.session.scalar(sa.select(Notification).where(Notification.id == notification_id,
                                                           Notification.user_id == user_id))
