"""Notifications: always in the app; by email when the user wants that kind.

Services call notify() inside the caller's transaction. Emails are queued on the
session and sent only after it commits (see outbox.py), so a rolled-back change
never mails anyone.
"""

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Notification, NotificationSettings, User
from partnernet.models.base import utcnow
from partnernet.notifications.outbox import Outgoing, queue

KINDS = {
    "referral_received": "email_referral_received",
    "status_changed": "email_status_changed",
    "closed_business": "email_closed_business",
    "thanked": "email_thanked",
}


def settings_for(user_id: int) -> NotificationSettings:
    settings = db.session.get(NotificationSettings, user_id)
    if settings is None:
        settings = NotificationSettings(user_id=user_id, email_referral_received=True,
                                        email_status_changed=True, email_closed_business=True,
                                        email_thanked=True)
    return settings


def notify(*, user_id: int, kind: str, text: str, referral_id: int | None = None,
           actor: User | None = None) -> Notification:
    """Tell `user_id` about something; queue an email if they asked for this kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    notification = Notification(user_id=user_id, kind=kind, text=text[:300],
                                referral_id=referral_id, actor_id=actor.id if actor else None)
    db.session.add(notification)
    db.session.flush()
    if getattr(settings_for(user_id), KINDS[kind]):
        user = db.session.get(User, user_id)
        if user is not None and user.active:
            queue(db.session(), Outgoing(to=user.email, name=user.name, kind=kind,
                                         actor=actor.name if actor else "PartnerNet",
                                         text=notification.text, referral_id=referral_id))
    return notification


def update_settings(*, user: User, **flags: bool) -> NotificationSettings:
    """Choose which notifications also come by email."""
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
    for kind, column in KINDS.items():
        setattr(settings, column, bool(flags.get(kind, False)))
    db.session.flush()
    return settings


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    stmt = (sa.update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    return db.session.execute(stmt).rowcount
