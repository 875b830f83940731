"""Notification emails, sent after the transaction that created them commits.

notify() puts the message in `session.info["outbox"]`; after a commit the
messages are sent (in-process: a failed send is logged and never undoes the
change), after a rollback they are dropped. No SQL runs here: a session that
has just committed can't emit any.
"""

import logging
from dataclasses import dataclass

from flask import current_app, has_app_context, has_request_context, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from partnernet.mail import Mail, send_mail

log = logging.getLogger("partnernet.mail")

SUBJECTS = {
    "referral_received": "New referral from {actor}",
    "status_changed": "{actor} updated a referral",
    "closed_business": "{actor} closed business from your referral",
    "thanked": "{actor} thanked you",
}


@dataclass(frozen=True)
class Outgoing:
    to: str
    name: str
    kind: str
    actor: str
    text: str
    referral_id: int | None


def queue(session: Session, message: Outgoing) -> None:
    session.info.setdefault("outbox", []).append(message)


def referral_link(referral_id: int) -> str:
    """An absolute link when possible (PARTNERNET_BASE_URL, or the current request)."""
    base = current_app.config.get("BASE_URL")
    if has_request_context() and not base:
        return url_for("referrals.show", rid=referral_id, _external=True)
    with current_app.test_request_context():
        path = url_for("referrals.show", rid=referral_id)
    return (base or "").rstrip("/") + path


def _deliver(messages: list[Outgoing]) -> None:
    # The body is rendered without the app's context processors (render_mail would run
    # them): they read the database (the signed-in user's groups), which this session, just
    # committed, can no longer do.
    template = current_app.jinja_env.get_template("email/notification.txt")
    for m in messages:
        link = referral_link(m.referral_id) if m.referral_id else None
        send_mail(Mail(to=m.to, subject=SUBJECTS[m.kind].format(actor=m.actor),
                       body=template.render(name=m.name, text=m.text, link=link)))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    messages = session.info.pop("outbox", None)
    if messages and has_app_context():
        try:
            _deliver(messages)
        except Exception:
            log.exception("Could not send %d notification email(s)", len(messages))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("outbox", None)
