"""The attendance page: what a facilitator and a member see, the status buttons (a plain post
and an htmx swap), "Check me in", visitors, refusals shown where they belong with nothing
saved, who may remove a visitor, and the query budget.

The cast is tests/meetings/test_attendance.py's (Tom Becker runs Riverside Partners; Maria
Lopez, aisha Rahman and Ben Okafor are members), but the meeting starts ten minutes from the
real now (check-in is open, arrivals are on time) unless a test says otherwise.
"""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from partnernet.extensions import db
from partnernet.meetings.attendance import add_visitor, check_in, record_attendance
from partnernet.models.base import utcnow
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import text
from tests.ledger.conftest import counting, element, squash
from tests.meetings.conftest import csrf_token
from tests.meetings.test_attendance import Cast, make_cast, records, visitors_stored

HX = {"HX-Request": "true"}


@pytest.fixture
def cast(world) -> Cast:
    return make_cast(world, utcnow().replace(microsecond=0) + timedelta(minutes=10))


def page_of(c: Cast) -> str:
    return f"/meetings/{c.meeting.id}/attendance"


def row(page: str, uid: int) -> str:
    return element(page, rf'<li class="attendance-row[^"]*" id="member-{uid}"')


def count(page: str) -> str:
    return squash(element(page, r'<p id="attendance-count"'))


def local(moment) -> str:
    return moment.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M")


def flashes(page: str) -> list[str]:
    return [squash(p) for p in re.findall(r'<p class="flash flash-\w+">.*?</p>', page, re.S)]


# --- Reading ----------------------------------------------------------------------------------


def test_a_facilitator_sees_every_member_with_the_status_buttons(cast, client, auth):
    check_in(meeting=cast.meeting, actor=cast.maria, now=utcnow())
    add_visitor(meeting=cast.meeting, actor=cast.tom, name="Vera Visitor",
                email="vera@example.com", invited_by_id=cast.maria.id)
    db.session.commit()
    auth.login(cast.tom)

    response = client.get(page_of(cast))

    assert response.status_code == 200
    page = text(response)
    names = re.findall(r'<p class="attendance-name"><strong>([^<]+)</strong>', page)
    assert names == ["aisha Rahman", "Ben Okafor", "Maria Lopez", "Tom Becker"]
    assert count(page).startswith("1 of 4 here, 1 visitor 1 present · 0 late")
    maria = row(page, cast.maria.id)
    at = local(records(cast.meeting)[0][3])
    assert f"Present · {at}" in squash(maria)
    assert re.findall(r'name="status" value="(\w+)"[^>]*aria-pressed="(\w+)"', maria) == [
        ("present", "true"), ("late", "false"), ("absent", "false"), ("medical", "false")]
    assert f'hx-post="/meetings/{cast.meeting.id}/attendance/{cast.maria.id}"' in maria
    assert 'aria-label="Status of Maria Lopez"' in maria
    assert "Who is standing in for Maria Lopez?" in maria
    assert "Not recorded" in squash(row(page, cast.ben.id))
    visitors = element(page, r'<section class="panel" id="visitors"')
    assert "Vera Visitor" in visitors and "Guest of Maria Lopez · vera@example.com" in visitors
    assert "Add a visitor" in visitors and 'name="invited_by_id"' in visitors
    # The hosts a facilitator can choose: the current members, by name.
    assert re.findall(r'<option[^>]*value="(\d*)"', visitors) == [
        "", str(cast.aisha.id), str(cast.ben.id), str(cast.maria.id), str(cast.tom.id)]


def test_a_member_sees_the_list_and_a_check_in_button(cast, client, auth):
    add_visitor(meeting=cast.meeting, actor=cast.tom, name="Vera Visitor",
                email="vera@example.com")
    db.session.commit()
    auth.login(cast.maria)

    page = text(client.get(page_of(cast)))

    assert 'name="status"' not in page
    assert "Substitute…" not in page
    check = element(page, r'<div class="check-in sticky-actions" id="check-in"')
    assert f'action="/meetings/{cast.meeting.id}/check-in"' in check
    assert "Check me in" in check
    # Another's guest's email is for the facilitators; she can bring her own guest.
    assert "vera@example.com" not in page
    assert "Bringing a guest?" in page and 'name="invited_by_id"' not in page
    assert "(you)" in row(page, cast.maria.id)


def test_before_check_in_opens_the_member_is_told_when_it_does(world, client, auth):
    c = make_cast(world, utcnow() + timedelta(days=2))
    auth.login(c.maria)

    page = text(client.get(page_of(c)))

    assert "Check me in" not in page
    opens = c.meeting.starts_at - timedelta(hours=1)
    assert f"Check-in opens an hour before the meeting starts, at {local(opens)}" in page


def test_a_checked_in_member_sees_when(cast, client, auth):
    check_in(meeting=cast.meeting, actor=cast.maria, now=utcnow())
    db.session.commit()
    auth.login(cast.maria)

    page = text(client.get(page_of(cast)))

    at = local(records(cast.meeting)[0][3])
    assert f"You're checked in at {at}." in squash(page)
    assert "Check me in" not in page


def test_a_cancelled_meeting_shows_no_controls(cast, client, auth):
    cast.meeting.status = "cancelled"
    db.session.commit()
    auth.login(cast.tom)

    page = text(client.get(page_of(cast)))

    assert "This meeting is cancelled" in page
    assert 'name="status"' not in page and "Check me in" not in page
    assert "Add a visitor" not in page


def test_the_page_costs_the_same_for_3_and_30_members(world, client, auth):
    c = make_cast(world, utcnow() + timedelta(minutes=10))

    def cost(user) -> int:
        auth.login(user)
        client.get(page_of(c))  # warm up: template compilation is not what is measured
        db.session.expire_all()
        with counting() as statements:
            response = client.get(page_of(c))
        assert response.status_code == 200
        return len(statements)

    small = {"member": cost(c.maria), "facilitator": cost(c.tom)}
    for n in range(26):
        user = MembershipFactory(group=c.group, user=UserFactory(name=f"Member {n:02}")).user
        if n % 3 == 0:
            check_in(meeting=c.meeting, actor=user, now=utcnow())
        if n % 5 == 0:
            add_visitor(meeting=c.meeting, actor=user, name=f"Guest of {n}")
    record_attendance(meeting=c.meeting, actor=c.tom, member_id=c.ben.id, status="substitute",
                      substitute_name="Sam Stand-in")
    db.session.commit()
    large = {"member": cost(c.maria), "facilitator": cost(c.tom)}

    assert small == large
    assert large["facilitator"] <= 10


# --- Status buttons ---------------------------------------------------------------------------


def test_a_status_button_posts_and_comes_back_to_the_row(cast, client, auth):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.maria.id}",
                           data={"status": "present"})

    assert response.status_code == 303
    assert response.headers["Location"] == \
        f"/meetings/{cast.meeting.id}/attendance#member-{cast.maria.id}"
    assert [r[:3] for r in records(cast.meeting)] == [(cast.maria.id, "present", "")]
    assert flashes(text(client.get(page_of(cast)))) == ["Maria Lopez: present."]


def test_with_htmx_the_row_is_swapped_and_the_count_follows(cast, client, auth):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.ben.id}",
                           data={"status": "substitute", "substitute_name": "Sam Stand-in"},
                           headers=HX)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    body = text(response)
    assert "<html" not in body
    assert re.findall(r'<li class="attendance-row[^"]*" id="member-(\d+)"', body) == \
        [str(cast.ben.id)]
    assert "Substitute: Sam Stand-in" in squash(body)
    oob = element(body, r'<p id="attendance-count"')
    assert 'hx-swap-oob="true"' in oob
    assert squash(oob).startswith("1 of 4 here, 0 visitors 0 present · 0 late · 1 substitute ")


@pytest.mark.parametrize(("data", "message"), [
    ({"status": "substitute", "substitute_name": " "}, "Enter the substitute's name."),
    ({"status": "present", "substitute_name": "Sam"},
     "Only a substitute has a name here: choose Substitute, or leave the name empty."),
    ({"status": "asleep"}, "Choose present, late, absent, medical or substitute."),
    ({"status": "substitute", "substitute_name": "S" * 121},
     "Use at most 120 characters for the substitute's name."),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_status_is_422_with_the_message_in_the_row(cast, client, auth, data,
                                                             message, htmx):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.maria.id}",
                           data=data, headers=HX if htmx else {})

    assert response.status_code == 422
    body = text(response)
    assert ("<html" in body) is not htmx
    maria = row(body, cast.maria.id)
    assert f'<p class="error attendance-error" id="member-{cast.maria.id}-error" ' \
           f'role="alert">{message}</p>' in maria.replace("&#39;", "'")
    assert records(cast.meeting) == []


def test_attendance_for_someone_outside_the_group_is_refused(cast, client, auth):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.outsider.id}",
                           data={"status": "absent"})

    assert response.status_code == 422
    assert ("Attendance is for the group&#39;s current members only; add a guest as a "
            "visitor.") in text(response)
    assert records(cast.meeting) == []


def test_a_status_without_the_csrf_token_changes_nothing(cast, client, auth, csrf):
    auth.login(cast.tom)
    client.get(page_of(cast))

    response = client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.maria.id}",
                           data={"status": "present"})

    # The site's answer to a missing token, whatever the form.
    assert response.status_code == 400
    assert "This form has expired" in text(response)
    assert records(cast.meeting) == []
    token = csrf_token(text(client.get(page_of(cast))))
    assert client.post(f"/meetings/{cast.meeting.id}/attendance/{cast.maria.id}",
                       data={"status": "present", "csrf_token": token}).status_code == 303


# --- Checking in ------------------------------------------------------------------------------


def test_a_member_checks_herself_in(cast, client, auth):
    auth.login(cast.maria)

    response = client.post(f"/meetings/{cast.meeting.id}/check-in")

    assert response.status_code == 303
    assert response.headers["Location"] == page_of(cast)
    [(uid, status, _, at, by)] = records(cast.meeting)
    assert (uid, status, by) == (cast.maria.id, "present", cast.maria.id)
    page = text(client.get(page_of(cast)))
    assert flashes(page) == [f"You're checked in at {local(at)}."]


def test_a_member_arriving_late_is_checked_in_late(world, client, auth):
    c = make_cast(world, utcnow() - timedelta(minutes=20))
    auth.login(c.maria)

    client.post(f"/meetings/{c.meeting.id}/check-in")

    [(_, status, _, at, _)] = records(c.meeting)
    assert status == "late"
    assert flashes(text(client.get(page_of(c)))) == [f"You're checked in at {local(at)} (late)."]


def test_with_htmx_the_board_comes_back_with_the_flash(cast, client, auth):
    auth.login(cast.maria)

    response = client.post(f"/meetings/{cast.meeting.id}/check-in", headers=HX)

    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<section class="panel attendance-board" id="attendance"')
    assert 'hx-swap-oob="innerHTML"' in body and "You&#39;re checked in at" in body


def test_a_double_check_in_is_409_with_the_time_of_the_first(cast, client, auth):
    check_in(meeting=cast.meeting, actor=cast.maria, now=utcnow())
    db.session.commit()
    before = records(cast.meeting)
    auth.login(cast.maria)

    response = client.post(f"/meetings/{cast.meeting.id}/check-in")

    assert response.status_code == 409
    assert f"You are already checked in ({local(before[0][3])})." in text(response)
    assert records(cast.meeting) == before


def test_checking_in_a_month_ahead_is_refused(world, client, auth):
    c = make_cast(world, utcnow() + timedelta(days=30))
    auth.login(c.maria)

    response = client.post(f"/meetings/{c.meeting.id}/check-in", headers=HX)

    assert response.status_code == 422
    assert "Check-in opens an hour before the meeting starts" in text(response)
    assert records(c.meeting) == []


def test_a_member_cannot_check_in_someone_else(cast, client, auth):
    auth.login(cast.maria)

    response = client.post(f"/meetings/{cast.meeting.id}/check-in",
                           data={"member_id": str(cast.ben.id)})

    assert response.status_code == 403
    assert records(cast.meeting) == []


# --- Visitors ---------------------------------------------------------------------------------


def test_a_facilitator_adds_a_visitor(cast, client, auth):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/visitors", data={
        "name": "Vera Visitor", "business": "Visitor Vans", "email": "vera@example.com",
        "invited_by_id": str(cast.maria.id)})

    assert response.status_code == 303
    assert response.headers["Location"] == page_of(cast) + "#visitors"
    assert visitors_stored(cast.meeting) == [("Vera Visitor", "Visitor Vans",
                                              "vera@example.com", cast.maria.id)]


def test_a_member_adds_her_guest_and_cannot_name_another_host(cast, client, auth):
    auth.login(cast.maria)

    client.post(f"/meetings/{cast.meeting.id}/visitors",
                data={"name": "Gil Guest", "invited_by_id": str(cast.ben.id)})

    # The host field is a facilitator's; a member's guest is hers.
    assert visitors_stored(cast.meeting) == [("Gil Guest", "", "", cast.maria.id)]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": ""}, "name", "Enter the visitor&#39;s name."),
    ({"name": "V" * 121}, "name", "Use at most 120 characters for the visitor&#39;s name."),
    ({"name": "Vera", "email": "vera@"}, "email", "That is not a valid email address"),
    ({"name": "Vera", "invited_by_id": "987654"}, "invited_by_id",
     "Choose a current member of the group as the host."),
    ({"name": "Vera", "invited_by_id": "x"}, "invited_by_id", ""),
])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_visitor_is_422_with_the_message_by_its_field(cast, client, auth, data, field,
                                                            message, htmx):
    auth.login(cast.tom)

    response = client.post(f"/meetings/{cast.meeting.id}/visitors", data=data,
                           headers=HX if htmx else {})

    assert response.status_code == 422
    body = text(response)
    assert ("<html" in body) is not htmx
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', body, re.S)
    assert error and message in error.group(1)
    assert visitors_stored(cast.meeting) == []


def test_a_visitor_name_is_shown_as_text(cast, client, auth):
    auth.login(cast.tom)
    client.post(f"/meetings/{cast.meeting.id}/visitors",
                data={"name": "<script>alert(1)</script>"})

    page = text(client.get(page_of(cast)))

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_same_visitor_email_twice_is_refused(cast, client, auth):
    auth.login(cast.tom)
    client.post(f"/meetings/{cast.meeting.id}/visitors",
                data={"name": "Vera", "email": "vera@example.com"})

    response = client.post(f"/meetings/{cast.meeting.id}/visitors",
                           data={"name": "Vera V.", "email": "Vera@Example.com"})

    assert response.status_code == 422
    assert "Vera is already on this meeting&#39;s visitors with that email address." in \
        text(response)
    assert len(visitors_stored(cast.meeting)) == 1


def test_with_htmx_adding_a_visitor_swaps_the_visitors_and_the_count(cast, client, auth):
    auth.login(cast.maria)

    response = client.post(f"/meetings/{cast.meeting.id}/visitors", data={"name": "Gil"},
                           headers=HX)

    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body
    assert body.lstrip().startswith('<section class="panel" id="visitors"')
    assert "Guest of you" in body
    assert squash(element(body, r'<p id="attendance-count"')).startswith(
        "0 of 4 here, 1 visitor ")


@pytest.mark.parametrize(("who", "whose", "status"), [
    ("outsider", "maria", 404), ("ben", "maria", 403), ("maria", "tom", 403),
    ("maria", "maria", 303), ("tom", "maria", 303),
])
def test_who_may_remove_a_visitor(cast, client, auth, who, whose, status):
    guest = add_visitor(meeting=cast.meeting, actor=getattr(cast, whose), name="Gil Guest")
    db.session.commit()
    auth.login(getattr(cast, who))

    response = client.post(f"/visitors/{guest.id}/delete")

    assert response.status_code == status
    assert visitors_stored(cast.meeting) == ([] if status == 303 else
                                             [("Gil Guest", "", "", guest.invited_by_id)])


def test_removing_a_visitor_with_htmx_swaps_the_visitors(cast, client, auth):
    guest = add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest")
    db.session.commit()
    auth.login(cast.tom)

    response = client.post(f"/visitors/{guest.id}/delete", headers=HX)

    assert response.status_code == 200
    assert "<html" not in text(response) and "No visitors yet." in text(response)
    assert visitors_stored(cast.meeting) == []


def test_an_unknown_visitor_is_404(cast, client, auth):
    auth.login(cast.tom)
    assert client.post("/visitors/987654/delete").status_code == 404


# --- From the schedule ------------------------------------------------------------------------


def test_todays_meeting_links_to_its_attendance(cast, client, auth):
    # Noon today in London is on the schedule's first rows whatever the time now.
    today = utcnow().astimezone(ZoneInfo("Europe/London")).date()
    cast.meeting.starts_at = datetime.combine(today, time(12), ZoneInfo("Europe/London"))
    db.session.commit()
    auth.login(cast.maria)

    page = text(client.get(f"/groups/{cast.group.id}/meetings"))

    assert f'href="/meetings/{cast.meeting.id}/attendance"' in page
