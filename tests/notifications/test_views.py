"""In-app notifications: the bell, the list, opening one, marking read (with and without htmx),
and who may touch which notification."""

import re
from datetime import timedelta

import pytest
from flask import url_for

from partnernet.extensions import db
from partnernet.models import Notification
from partnernet.models.base import utcnow
from partnernet.notifications.services import notify
from partnernet.referrals.services import change_status
from tests.groups.helpers import text
from tests.notifications.helpers import notifications_of, pass_to, unread_of, words

HTMX = {"HX-Request": "true"}


def bell(page: str) -> str:
    return re.search(r'<a id="bell".*?</a>', page, re.S).group(0)


def items(page: str) -> list[str]:
    return re.findall(r'<li class="notification[^"]*">.*?</li>', page, re.S)


# The bell


def test_bell_shows_the_unread_count_as_text_and_links_to_the_list(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    auth.login(people.receiver)

    page = text(client.get(f"/groups/{people.group.id}/dashboard"))

    badge = bell(page)
    assert 'href="/notifications"' in badge
    assert '<span class="bell-count">2</span>' in badge
    assert "Notifications" in badge and "unread" in badge  # read out: "Notifications 2 unread"


def test_bell_without_unread_says_so_and_shows_no_count(client, auth, people):
    pass_to(people)
    auth.login(people.giver)  # the giver was not notified of their own referral

    badge = bell(text(client.get("/account")))

    assert "bell-count" not in badge
    assert "none unread" in badge


def test_bell_is_on_every_signed_in_page_and_not_for_visitors(client, auth, people):
    assert 'id="bell"' not in text(client.get("/login"))
    auth.login(people.member)
    for path in ("/account", f"/groups/{people.group.id}", "/notifications"):
        assert 'id="bell"' in text(client.get(path)), path


def test_bell_counts_only_my_unread_notifications(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    pass_to(people, giver=people.receiver, receiver=people.giver, name="Someone Else")
    auth.login(people.receiver)
    client.post(f"/notifications/{notifications_of(people.receiver)[0].id}/read")

    # One of mine is read, one isn't; the giver's notification is not mine to count.
    assert '<span class="bell-count">1</span>' in bell(text(client.get("/account")))


# The list


def test_list_is_newest_first_and_links_each_to_its_referral(client, auth, people):
    old = pass_to(people, name="Older Prospect")
    new = pass_to(people, name="Newer Prospect")
    older, newer = notifications_of(people.receiver)
    older.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    auth.login(people.receiver)

    response = client.get("/notifications")

    assert response.status_code == 200
    page = text(response)
    rows = items(page)
    assert len(rows) == 2
    assert "Newer Prospect" in rows[0] and "Older Prospect" in rows[1]
    assert f'href="/notifications/{newer.id}"' in rows[0]
    assert f'href="/notifications/{older.id}"' in rows[1]
    assert "2 days ago" in words(rows[1])
    assert "New referral" in words(rows[0])
    assert "2 unread" in words(page)
    assert old.id != new.id


def test_unread_ones_say_new_in_words(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    first, _ = notifications_of(people.receiver)
    auth.login(people.receiver)
    client.post(f"/notifications/{first.id}/read")

    rows = items(text(client.get("/notifications")))

    unread = [r for r in rows if "notification-unread" in r]
    assert len(unread) == 1 and ">New<" in unread[0] and "Ravi Rao" in unread[0]
    read = [r for r in rows if "notification-unread" not in r]
    assert ">New<" not in read[0] and "Mark read" not in read[0]


def test_empty_list_says_what_will_appear(client, auth, people):
    auth.login(people.member)

    page = words(text(client.get("/notifications")))

    assert "All caught up" in page
    assert "When a partner passes you a referral" in page
    assert "Mark all as read" not in page


def test_list_is_paginated(client, auth, people):
    referral = pass_to(people)
    for n in range(34):
        notify(user_id=people.receiver.id, kind="status_changed", referral_id=referral.id,
               actor=people.giver, text=f"Update number {n}")
    db.session.commit()
    auth.login(people.receiver)

    first = text(client.get("/notifications"))
    second = text(client.get("/notifications?page=2"))

    assert len(items(first)) == 30
    assert "Update number 33" in first
    assert 'href="/notifications?page=2"' in first
    assert len(items(second)) == 5
    assert "Jane Doe" in second  # the oldest
    assert "Newer" in second and "Older" not in words(second)
    assert "No older notifications" in text(client.get("/notifications?page=9"))


def test_list_needs_sign_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# Opening a notification


def test_opening_a_notification_marks_it_read_and_goes_to_the_referral(app, client, auth,
                                                                      people):
    referral = pass_to(people)
    [notification] = notifications_of(people.receiver)
    auth.login(people.receiver)

    response = client.get(f"/notifications/{notification.id}")

    assert response.status_code == 303
    if "referrals.show" in app.view_functions:
        with app.test_request_context():
            assert response.headers["Location"] == url_for("referrals.show", rid=referral.id)
    assert unread_of(people.receiver) == 0


def test_opening_a_notification_without_a_referral_goes_to_the_list(client, auth, people):
    notification = notify(user_id=people.member.id, kind="thanked", text="Thanks!")
    db.session.commit()
    auth.login(people.member)

    response = client.get(f"/notifications/{notification.id}")

    assert response.status_code == 303
    assert response.headers["Location"] == "/notifications"
    assert unread_of(people.member) == 0


# Marking read


def test_mark_one_read_without_javascript_redirects_back(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    first, second = notifications_of(people.receiver)
    auth.login(people.receiver)

    response = client.post(f"/notifications/{first.id}/read")

    assert response.status_code == 303
    assert response.headers["Location"] == "/notifications"
    first, second = notifications_of(people.receiver)
    assert first.read_at is not None and second.read_at is None
    assert "Marked as read." in text(client.get("/notifications"))


def test_mark_read_keeps_the_page(client, auth, people):
    pass_to(people)
    [notification] = notifications_of(people.receiver)
    auth.login(people.receiver)

    response = client.post(f"/notifications/{notification.id}/read", data={"page": "2"})

    assert response.headers["Location"] == "/notifications?page=2"


def test_mark_all_read_marks_only_mine(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    pass_to(people, giver=people.receiver, receiver=people.giver)  # notifies the giver
    auth.login(people.receiver)

    response = client.post("/notifications/read-all")

    assert response.status_code == 303
    assert unread_of(people.receiver) == 0
    assert unread_of(people.giver) == 1
    assert "Marked 2 notifications as read." in text(client.get("/notifications"))


def test_mark_all_read_with_nothing_unread(client, auth, people):
    auth.login(people.member)
    client.post("/notifications/read-all")
    assert "You're all caught up." in words(text(client.get("/notifications")))


def test_mark_read_with_htmx_updates_the_list_and_the_bell(client, auth, people):
    pass_to(people, name="Jane Doe")
    pass_to(people, name="Ravi Rao")
    first, _ = notifications_of(people.receiver)
    auth.login(people.receiver)

    response = client.post(f"/notifications/{first.id}/read", headers=HTMX)

    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    fragment = text(response)
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<section id="notification-list"')
    assert "1 unread" in words(fragment)
    badge = bell(fragment)
    assert 'hx-swap-oob="true"' in badge
    assert '<span class="bell-count">1</span>' in badge


def test_mark_all_read_with_htmx_empties_the_bell(client, auth, people):
    pass_to(people)
    auth.login(people.receiver)

    response = client.post("/notifications/read-all", headers=HTMX)

    fragment = text(response)
    assert "<html" not in fragment
    assert "All caught up" in fragment
    assert "bell-count" not in bell(fragment)
    assert "none unread" in bell(fragment)
    assert unread_of(people.receiver) == 0


def test_the_list_is_a_fragment_for_htmx(client, auth, people):
    pass_to(people)
    auth.login(people.receiver)

    response = client.get("/notifications", headers=HTMX)

    assert "<html" not in text(response)
    assert 'id="notification-list"' in text(response)
    assert "HX-Request" in response.headers["Vary"]


def test_forms_post_with_and_without_htmx(client, auth, people):
    pass_to(people)
    [notification] = notifications_of(people.receiver)
    auth.login(people.receiver)

    page = text(client.get("/notifications"))

    for action in (f"/notifications/{notification.id}/read", "/notifications/read-all"):
        assert f'method="post" action="{action}"' in page
        assert f'hx-post="{action}"' in page


# Who may touch which notification


@pytest.mark.parametrize("method, path", [
    ("post", "/notifications/{nid}/read"),
    ("get", "/notifications/{nid}"),
])
def test_someone_elses_notification_is_not_found(client, auth, people, method, path):
    pass_to(people)
    [notification] = notifications_of(people.receiver)
    for intruder in (people.giver, people.member, people.outsider):
        auth.login(intruder)
        response = getattr(client, method)(path.format(nid=notification.id))
        assert response.status_code == 404, intruder.name
    assert unread_of(people.receiver) == 1


def test_unknown_notification_is_not_found(client, auth, people):
    auth.login(people.member)
    assert client.post("/notifications/999999/read").status_code == 404
    assert client.get("/notifications/999999").status_code == 404


@pytest.mark.parametrize("path", ["/notifications/{nid}/read", "/notifications/read-all"])
def test_marking_needs_sign_in(client, people, path):
    pass_to(people)
    [notification] = notifications_of(people.receiver)

    response = client.post(path.format(nid=notification.id))

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert unread_of(people.receiver) == 1


def test_marking_read_needs_the_csrf_token(csrf, client, auth, people):
    pass_to(people)
    auth.login(people.receiver)

    assert client.post("/notifications/read-all").status_code == 400
    assert unread_of(people.receiver) == 1


def test_reading_does_not_touch_the_referral(client, auth, people):
    referral = pass_to(people)
    change_status(referral=referral, actor=people.receiver, status="accepted")
    db.session.commit()
    version = referral.version
    auth.login(people.giver)

    client.post("/notifications/read-all")

    db.session.expire_all()
    assert referral.version == version
    assert db.session.get(Notification, notifications_of(people.giver)[0].id).read_at
