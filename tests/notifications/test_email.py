"""Notification emails, per user setting, over a real SMTP server; sent only after a commit."""

import re
from datetime import timedelta

import pytest

from partnernet.extensions import db
from partnernet.models import NotificationSettings
from partnernet.models.base import utcnow
from partnernet.notifications.services import settings_for, update_settings
from partnernet.periods import local_today
from partnernet.referrals.services import (
    Prospect,
    Slip,
    change_status,
    pass_referral,
    record_closed_business,
    thank,
)
from tests.groups.helpers import text
from tests.notifications.helpers import notifications_of, pass_to, words

ALL_ON = {"referral_received": True, "status_changed": True, "closed_business": True,
          "thanked": True}


def received(people):
    """The receiver gets a new referral."""
    pass_to(people, name="Jane Doe")
    return people.receiver, "New referral from Gina Giver", "Jane Doe"


def moved(people):
    """The receiver accepts it: the giver is told."""
    referral = pass_to(people, name="Jane Doe")
    change_status(referral=referral, actor=people.receiver, status="accepted",
                  note="Calling her today.")
    db.session.commit()
    return people.giver, "Rafael Receiver updated a referral", "Calling her today."


def closed(people):
    """The receiver records business: the giver is told."""
    referral = pass_to(people, name="Jane Doe", passed_at=utcnow() - timedelta(days=3))
    record_closed_business(referral=referral, actor=people.receiver, amount="1250.00",
                           kind="new", closed_on=local_today(people.group.timezone))
    db.session.commit()
    return people.giver, "Rafael Receiver closed business from your referral", "Jane Doe"


def thanked(people):
    """The receiver thanks the giver."""
    referral = pass_to(people, name="Jane Doe")
    thank(referral=referral, actor=people.receiver, message="Thank you, Gina!")
    db.session.commit()
    return people.giver, "Rafael Receiver thanked you", "Thank you, Gina!"


EVENTS = {"referral_received": received, "status_changed": moved,
          "closed_business": closed, "thanked": thanked}


def messages_to(smtp, user) -> list:
    return [m for m in smtp.messages if m.rcpt_tos == [user.email]]


@pytest.mark.parametrize("kind", list(EVENTS))
def test_email_is_sent_when_the_setting_is_on(smtp, people, kind):
    recipient, subject, excerpt = EVENTS[kind](people)

    [mail] = messages_to(smtp, recipient)
    assert mail.message["Subject"] == subject
    assert excerpt in mail.body
    assert f"Hello {recipient.name}" in mail.body
    assert re.search(r"See the referral: \S*/referrals/\d+", mail.body)
    assert "Account settings" in mail.body  # says how to turn it off


@pytest.mark.parametrize("kind", list(EVENTS))
def test_no_email_when_the_setting_is_off_but_the_bell_still_rings(smtp, people, kind):
    for user in (people.giver, people.receiver):
        update_settings(user=user, **{**ALL_ON, kind: False})
    db.session.commit()

    recipient, _, _ = EVENTS[kind](people)

    assert messages_to(smtp, recipient) == []
    assert any(n.kind == kind for n in notifications_of(recipient))


def test_only_the_kinds_turned_off_are_silenced(smtp, people):
    update_settings(user=people.giver, **{**ALL_ON, "status_changed": False})
    db.session.commit()
    referral = pass_to(people, name="Jane Doe", passed_at=utcnow() - timedelta(days=3))

    change_status(referral=referral, actor=people.receiver, status="accepted")
    db.session.commit()
    record_closed_business(referral=referral, actor=people.receiver, amount="80.00", kind="new",
                           closed_on=local_today(people.group.timezone))
    db.session.commit()

    subjects = [m.message["Subject"] for m in messages_to(smtp, people.giver)]
    assert subjects == ["Rafael Receiver closed business from your referral"]


def test_a_rolled_back_change_sends_nothing(smtp, people):
    referral = pass_to(people, name="Jane Doe")
    smtp.messages.clear()

    change_status(referral=referral, actor=people.receiver, status="accepted")
    thank(referral=referral, actor=people.receiver, message="Thanks!")
    db.session.rollback()
    db.session.commit()  # a later commit must not send what was rolled back

    assert smtp.messages == []
    assert [n.kind for n in notifications_of(people.giver)] == []


def test_nothing_is_sent_before_the_commit(smtp, people):
    pass_referral(group=people.group, giver=people.giver,
                  slip=Slip(receiver_id=people.receiver.id, prospect=Prospect(name="Ravi Rao")))
    db.session.flush()
    assert smtp.messages == []

    db.session.commit()
    assert len(smtp.messages) == 1


def test_an_inactive_user_gets_no_email(smtp, people):
    people.receiver.active = False
    db.session.commit()

    pass_to(people)

    assert messages_to(smtp, people.receiver) == []


# The settings form


def settings_form(page: str) -> str:
    return re.search(r'<section class="panel" id="notifications".*?</section>', page,
                     re.S).group(0)


def test_settings_page_shows_every_kind_checked_by_default(client, auth, people):
    auth.login(people.member)

    form = settings_form(text(client.get("/account")))

    assert 'action="/account/notifications"' in form
    for kind in ALL_ON:
        assert re.search(rf'<input checked id="notify-{kind}" name="notify-{kind}"', form), kind
    assert "Email me when" in form
    assert "A partner passes me a referral" in words(form)


def test_settings_form_saves_the_choices(client, auth, people):
    auth.login(people.member)

    response = client.post("/account/notifications", data={
        "notify-referral_received": "y", "notify-thanked": "y"})

    assert response.status_code == 303
    assert response.headers["Location"] == "/account#notifications"
    db.session.expire_all()
    saved = settings_for(people.member.id)
    assert (saved.email_referral_received, saved.email_status_changed,
            saved.email_closed_business, saved.email_thanked) == (True, False, False, True)
    page = text(client.get("/account"))
    assert "2 of 4 kinds come by email." in page
    form = settings_form(page)
    assert 'checked id="notify-thanked"' in form
    assert 'checked id="notify-status_changed"' not in form


def test_turning_everything_off_keeps_in_app_notifications(client, auth, smtp, people):
    auth.login(people.receiver)

    client.post("/account/notifications", data={})
    pass_to(people)

    assert "notifications stay in PartnerNet only" in words(text(client.get("/account")))
    assert messages_to(smtp, people.receiver) == []
    assert len(notifications_of(people.receiver)) == 1


def test_settings_form_drives_real_emails(client, auth, smtp, people):
    auth.login(people.receiver)

    client.post("/account/notifications", data={"notify-status_changed": "y"})
    pass_to(people, name="Jane Doe")
    assert messages_to(smtp, people.receiver) == []

    client.post("/account/notifications", data={f"notify-{kind}": "y" for kind in ALL_ON})
    pass_to(people, name="Ravi Rao")
    [mail] = messages_to(smtp, people.receiver)
    assert "Ravi Rao" in mail.body


def test_settings_form_needs_sign_in(client, people):
    response = client.post("/account/notifications", data={})

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_settings_form_needs_the_csrf_token(csrf, client, auth, people):
    auth.login(people.member)

    response = client.post("/account/notifications", data={"notify-thanked": "y"})

    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(NotificationSettings, people.member.id) is None


def test_email_is_sent_when_a_signed_in_page_makes_the_change(client, auth, smtp, people):
    # Inside a request the page's context (the user's groups) can't be read after the commit;
    # the email must not need it.
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)

    response = client.post(f"/dashboard/accept/{referral.id}",
                           data={"version": str(referral.version)})

    assert response.status_code == 303
    [mail] = messages_to(smtp, people.giver)
    assert mail.message["Subject"] == "Rafael Receiver updated a referral"
    assert f"http://localhost/referrals/{referral.id}" in mail.body  # a full link from a page


def test_a_failing_mail_server_does_not_undo_the_change(app, client, auth, people):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False,
                      MAIL_USE_SSL=False, MAIL_USERNAME=None)
    referral = pass_to(people, name="Jane Doe")
    auth.login(people.receiver)

    response = client.post(f"/dashboard/accept/{referral.id}",
                           data={"version": str(referral.version)})

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(type(referral), referral.id).status == "accepted"
    assert len(notifications_of(people.giver)) == 1
