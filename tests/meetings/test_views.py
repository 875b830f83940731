"""The schedule page and a facilitator's forms: what each person sees, adding, moving,
cancelling and restoring through the HTML forms (with CSRF), input typed wrong, who may do
what on a meeting, and the query budget.

Riverside Partners (the `world` fixture) is set to meet on the weekday three days after
today's (Europe/London, 07:00, 90 minutes), so its next twelve weeks always hold twelve
meetings, none of them today.
"""

import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date

from partnernet.extensions import db
from partnernet.meetings.schedule import local_start
from partnernet.meetings.services import cancel_meeting
from partnernet.models import Meeting
from tests.factories import GroupFactory, MembershipFactory
from tests.groups.helpers import field_error, field_tag, plain, text
from tests.ledger.conftest import counting, element, squash
from tests.meetings.conftest import by_occurrence, csrf_token, meeting, stored


def upcoming(page: str) -> str:
    return element(page, r'<section class="panel" aria-labelledby="upcoming-title"')


def starts(section: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)">', section)


def rows(section: str) -> list[str]:
    return [squash(li).replace(" , ", ", ")
            for li in re.findall(r'<li class="meeting-row.*?</li>', section, re.S)]


def flashes(page: str) -> list[str]:
    return [squash(p) for p in re.findall(r'<p class="flash flash-\w+">.*?</p>', page, re.S)]


def long_day(day: date) -> str:
    return format_date(day, "EEEE d MMMM y", locale="en")


# --- Reading the schedule ---------------------------------------------------------------------


def test_a_member_sees_the_next_twelve_weeks_without_controls(club, client, auth):
    auth.login(club.member)

    response = client.get(club.schedule)

    assert response.status_code == 200
    page = text(response)
    assert "Riverside Partners" in page
    weekday = format_date(club.days[0], "EEEE", locale="en")
    assert f"Riverside Partners meets every {weekday} at 07:00 (Europe/London)." in squash(page)
    section = upcoming(page)
    assert starts(section) == [local_start(club.group, d).isoformat() for d in club.days]
    # Each with its .ics download, and no controls.
    assert rows(section) == [f"{long_day(d)}, 07:00–08:30 .ics Agenda" for d in club.days]
    assert re.findall(r'href="(/meetings/\d+\.ics)"', section) == \
        [f"/meetings/{m.id}.ics" for m in stored(club.group)]
    assert "/edit" not in page
    assert "/cancel" not in page
    assert 'id="add-meeting"' not in page
    assert "Recent meetings" not in page
    # The visit stored the schedule.
    assert [m.occurrence for m in stored(club.group)] == club.days


def test_a_facilitator_sees_the_controls_and_the_form(stored_club, client, auth):
    club = stored_club
    auth.login(club.facilitator)

    page = text(client.get(club.schedule))

    section = upcoming(page)
    ids = [m.id for m in stored(club.group)]
    assert re.findall(r'href="/meetings/(\d+)/edit"', section) == [str(i) for i in ids]
    assert re.findall(r'action="/meetings/(\d+)/cancel"', section) == [str(i) for i in ids]
    assert "/restore" not in section
    first = format_date(club.days[0], "d MMMM", locale="en")
    assert f'aria-label="Move the meeting of {first}"' in section
    assert f'aria-label="Cancel the meeting of {first}"' in section
    assert '<input type="hidden" name="version" value="1">' in section
    form = element(page, r'<section class="panel" aria-labelledby="extra-title"')
    for name in ("day", "starts", "ends", "note"):
        assert f'name="extra-{name}"' in field_tag(form, f"extra-{name}")
    assert "/settings" in form


def test_cancelled_moved_and_extra_meetings_are_marked(stored_club, client, auth):
    club = stored_club
    auth.login(club.facilitator)
    cancel_meeting(meeting=meeting(club.group, club.days[1]), actor=club.facilitator,
                   note="Venue closed")
    moved = meeting(club.group, club.days[2])
    moved.starts_at += timedelta(days=1, hours=2)
    moved.moved = True
    db.session.add(Meeting(group_id=club.group.id, kind="extra", occurrence=None,
                           starts_at=local_start(club.group, club.days[0]) + timedelta(hours=11),
                           duration_minutes=120, note="Summer social"))
    db.session.commit()

    page = text(client.get(club.schedule))

    listed = rows(upcoming(page))
    # A cancelled meeting has no calendar file to offer.
    assert listed[:5] == [
        f"{long_day(club.days[0])}, 07:00–08:30 .ics Agenda Move Cancel… Reason (optional) "
        "Cancel this meeting",
        f"{long_day(club.days[0])}, 18:00–20:00 Extra Summer social .ics Agenda Move Cancel… "
        "Reason (optional) Cancel this meeting",
        f"{long_day(club.days[1])}, 07:00–08:30 Cancelled Venue closed Restore",
        f"{long_day(club.days[2] + timedelta(days=1))}, 09:00–10:30 Moved Instead of "
        f"{format_date(club.days[2], 'EEEE d MMMM', locale='en')}. .ics Agenda Move Cancel… "
        "Reason (optional) Cancel this meeting",
        f"{long_day(club.days[3])}, 07:00–08:30 .ics Agenda Move Cancel… Reason (optional) "
        "Cancel this meeting",
    ]
    assert 'class="meeting-row meeting-cancelled"' in upcoming(page)


def test_recent_meetings_are_the_last_four_newest_first(stored_club, client, auth):
    club = stored_club
    for weeks in range(1, 7):
        day = club.days[0] - timedelta(weeks=weeks + 1)
        db.session.add(Meeting(group_id=club.group.id, kind="extra", occurrence=None,
                               starts_at=local_start(club.group, day),
                               status="cancelled" if weeks == 2 else "scheduled"))
    db.session.commit()
    auth.login(club.member)

    page = text(client.get(club.schedule))

    recent = element(page, r'<section class="panel" aria-labelledby="past-title"')
    shown = [club.days[0] - timedelta(weeks=w + 1) for w in range(1, 5)]
    # Each meeting held links its report; a cancelled one has none.
    assert rows(recent) == [f"{long_day(d)}, 07:00–08:30" + (" Cancelled" if n == 1 else
                                                             " Report")
                            for n, d in enumerate(shown)]


def test_a_monthly_group_says_so(app, client, auth):
    group = GroupFactory(name="Lakeside Circle", cadence="monthly", weekday=4, nth_weekday=-1,
                         timezone="America/Chicago", location="The Boathouse")
    member = MembershipFactory(group=group).user
    auth.login(member)

    page = text(client.get(f"/groups/{group.id}/meetings"))

    assert ("Lakeside Circle meets on the last Friday of the month at 07:00 (America/Chicago), "
            "The Boathouse.") in squash(page)
    assert len(starts(upcoming(page))) in (2, 3)


def test_the_schedule_page_costs_the_same_whatever_the_number_of_meetings(stored_club, client,
                                                                          auth):
    club = stored_club
    path = club.schedule

    def cost(user) -> list[str]:
        auth.login(user)
        client.get(path)  # warm up: template compilation is not what is measured
        db.session.expire_all()
        with counting() as statements:
            response = client.get(path)
        assert response.status_code == 200
        return statements

    small = {"member": cost(club.member), "facilitator": cost(club.facilitator)}
    first = local_start(club.group, club.days[0])
    for n in range(30):
        db.session.add(Meeting(group_id=club.group.id, kind="extra", occurrence=None,
                               starts_at=first - timedelta(days=n + 2) + timedelta(hours=n % 5),
                               status="cancelled" if n % 4 == 0 else "scheduled"))
        db.session.add(Meeting(group_id=club.group.id, kind="extra", occurrence=None,
                               starts_at=first + timedelta(days=n, hours=5)))
    db.session.commit()
    for day in club.days[::3]:
        cancel_meeting(meeting=meeting(club.group, day), actor=club.facilitator)
    db.session.commit()
    large = {"member": cost(club.member), "facilitator": cost(club.facilitator)}

    assert {k: len(v) for k, v in small.items()} == {k: len(v) for k, v in large.items()}
    # The meetings' own statements: the stored occurrences, the upcoming ones, the recent ones,
    # and their featured presenters (no rotation here, so none are dealt).
    for statements in large.values():
        assert sum("FROM meetings" in s for s in statements) == 4


# --- Adding an extra meeting ------------------------------------------------------------------


def add_form(day: date, starts: str = "18:00", ends: str = "20:00", note: str = "",
             token: str | None = None) -> dict:
    data = {"extra-day": day.isoformat(), "extra-starts": starts, "extra-ends": ends,
            "extra-note": note}
    if token is not None:
        data["extra-csrf_token"] = token
    return data


def test_a_facilitator_adds_an_extra_meeting(stored_club, client, auth, csrf):
    club = stored_club
    auth.login(club.facilitator)
    token = csrf_token(text(client.get(club.schedule)))
    day = club.today + timedelta(days=10)

    response = client.post(club.schedule, data=add_form(day, "18:30", "20:45",
                                                        "Summer social", token))

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    extras = [m for m in stored(club.group) if m.kind == "extra"]
    assert [(m.occurrence, m.starts_at, m.duration_minutes, m.note) for m in extras] == [
        (None, local_start(club.group, day) + timedelta(hours=11, minutes=30), 135,
         "Summer social")]
    page = text(client.get(club.schedule))
    assert flashes(page) == ["The extra meeting is on the schedule."]
    assert f"{long_day(day)}, 18:30–20:45 Extra Summer social" in " ".join(rows(upcoming(page)))


def test_adding_without_the_csrf_token_adds_nothing(stored_club, client, auth, csrf):
    auth.login(stored_club.facilitator)
    day = stored_club.today + timedelta(days=10)

    assert client.post(stored_club.schedule, data=add_form(day)).status_code == 400
    assert client.post(stored_club.schedule,
                       data=add_form(day, token="forged")).status_code == 400
    assert len(stored(stored_club.group)) == 12


def _next_spring_forward(today: date) -> date:
    """The next last Sunday of March, when London's clocks jump from 01:00 to 02:00."""
    for year in (today.year, today.year + 1):
        last = date(year, 3, 31)
        day = last - timedelta(days=(last.weekday() + 1) % 7)
        if day > today:
            return day
    raise AssertionError("unreachable")


def _bad_adds(today: date) -> dict:
    soon = today + timedelta(days=10)
    spring = _next_spring_forward(today)
    return {
        "ends before it starts": (add_form(soon, "20:00", "18:00"), "extra-ends",
                                  "The meeting must end after it starts."),
        "ten minutes": (add_form(soon, "18:00", "18:10"), "extra-ends",
                        "A meeting lasts at least 15 minutes."),
        "nine hours": (add_form(soon, "09:00", "18:00"), "extra-ends",
                       "A meeting lasts at most 8 hours."),
        "three years ahead": (add_form(today + timedelta(days=3 * 366)), "extra-day",
                              "That is more than two years ahead; check the date."),
        "two years ago": (add_form(today - timedelta(days=2 * 366)), "extra-day",
                          "That is more than a year ago; check the date."),
        "a time the clocks skip": (add_form(spring, "01:30", "03:00"), "extra-starts",
                                   f"01:30 doesn't exist on {spring.day} March: the clocks go "
                                   "forward then. Choose another time."),
        "no date": ({**add_form(soon), "extra-day": ""}, "extra-day", "Enter the date."),
        "not a date": ({**add_form(soon), "extra-day": "2026-02-30"}, "extra-day",
                       "Not a valid date value."),
        "no start": (add_form(soon, starts=""), "extra-starts", "Enter the start time."),
        "not a time": (add_form(soon, ends="25:00"), "extra-ends", "Not a valid time value."),
        "long note": (add_form(soon, note="x" * 501), "extra-note",
                      "Field cannot be longer than 500 characters."),
        "control character": (add_form(soon, note="bell\x07"), "extra-note",
                              "Use only printable characters for Note."),
    }


BAD_ADDS = list(_bad_adds(date(2026, 1, 1)))


@pytest.mark.parametrize("case", BAD_ADDS)
def test_a_bad_extra_meeting_is_422_with_the_message_by_its_field(stored_club, client, auth,
                                                                  case):
    club = stored_club
    data, field_id, message = _bad_adds(club.today)[case]
    auth.login(club.facilitator)

    response = client.post(club.schedule, data=data)

    assert response.status_code == 422
    page = plain(response)
    assert "Riverside Partners" in page
    assert field_error(page, field_id) == message
    tag = field_tag(page, field_id)
    assert 'aria-invalid="true"' in tag
    assert f"{field_id}-error" in re.search(r'aria-describedby="([^"]+)"', tag).group(1)
    others = {"extra-day", "extra-starts", "extra-ends", "extra-note"} - {field_id}
    assert all(field_error(page, other) is None for other in others)
    assert "Please correct the fields marked below." in page
    # What was typed is kept, and the schedule is still shown.
    assert f'value="{data["extra-day"]}"' in field_tag(page, "extra-day")
    assert len(starts(upcoming(page))) == 12
    assert [m.kind for m in stored(club.group)] == ["regular"] * 12


# --- Moving a meeting -------------------------------------------------------------------------


def edit_form(day: date, starts: str, ends: str, note: str = "", version: int = 1,
              token: str | None = None) -> dict:
    data = {"day": day.isoformat(), "starts": starts, "ends": ends, "note": note,
            "version": str(version)}
    if token is not None:
        data["csrf_token"] = token
    return data


def test_the_move_form_shows_the_meeting_as_it_stands(stored_club, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    auth.login(club.facilitator)

    response = client.get(f"/meetings/{row.id}/edit")

    assert response.status_code == 200
    page = text(response)
    assert f"Move the meeting of {format_date(club.days[0], 'EEEE d MMMM', locale='en')}" in page
    assert f'value="{club.days[0].isoformat()}"' in field_tag(page, "day")
    assert 'value="07:00"' in field_tag(page, "starts")
    assert 'value="08:30"' in field_tag(page, "ends")
    assert re.search(r'<input\b[^>]*name="version"[^>]*value="1"', page)
    assert f'href="{club.schedule}"' in page


def test_a_facilitator_moves_a_meeting(stored_club, client, auth, csrf):
    club = stored_club
    row = meeting(club.group, club.days[0])
    auth.login(club.facilitator)
    token = csrf_token(text(client.get(f"/meetings/{row.id}/edit")))
    new_day = club.days[0] + timedelta(days=1)

    response = client.post(f"/meetings/{row.id}/edit",
                           data=edit_form(new_day, "09:15", "10:00", "Room booked", token=token))

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    after = by_occurrence(club.group)[club.days[0]]
    assert (after.starts_at, after.duration_minutes, after.moved, after.note, after.version) == (
        local_start(club.group, new_day) + timedelta(hours=2, minutes=15), 45, True,
        "Room booked", 2)
    page = text(client.get(club.schedule))
    assert flashes(page) == ["The meeting has moved; members see the new time on the schedule."]
    assert rows(upcoming(page))[0].startswith(
        f"{long_day(new_day)}, 09:15–10:00 Moved Instead of "
        f"{format_date(club.days[0], 'EEEE d MMMM', locale='en')}. Room booked")


@pytest.mark.parametrize(("change", "field_id", "message"), [
    ({"ends": "06:00"}, "ends", "The meeting must end after it starts."),
    ({"ends": "07:10"}, "ends", "A meeting lasts at least 15 minutes."),
    ({"day": "2099-01-05"}, "day", "That is more than two years ahead; check the date."),
    ({"day": ""}, "day", "Enter the date."),
    ({"starts": "7 o'clock"}, "starts", "Not a valid time value."),
    ({"note": "x" * 501}, "note", "Field cannot be longer than 500 characters."),
])
def test_a_bad_move_is_422_with_the_message_by_its_field(stored_club, client, auth, change,
                                                         field_id, message):
    club = stored_club
    row = meeting(club.group, club.days[0])
    before = stored(club.group)
    auth.login(club.facilitator)

    data = {**edit_form(club.days[0], "07:00", "08:30"), **change}
    response = client.post(f"/meetings/{row.id}/edit", data=data)

    assert response.status_code == 422
    page = plain(response)
    assert field_error(page, field_id) == message
    assert 'aria-invalid="true"' in field_tag(page, field_id)
    assert stored(club.group) == before


def test_a_move_over_someone_elses_change_is_refused(stored_club, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    row.note = "Changed meanwhile"
    db.session.commit()
    assert row.version == 2
    before = stored(club.group)
    auth.login(club.facilitator)

    response = client.post(f"/meetings/{row.id}/edit",
                           data=edit_form(club.days[0], "09:00", "10:00", version=1))

    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{row.id}/edit"
    assert stored(club.group) == before
    page = text(client.get(f"/meetings/{row.id}/edit"))
    assert flashes(page) == ["Someone changed this meeting since you opened the page; here it "
                             "is as it stands now."]
    assert 'value="Changed meanwhile"' in field_tag(page, "note")
    assert re.search(r'<input\b[^>]*name="version"[^>]*value="2"', page)


def test_a_cancelled_meeting_cannot_be_moved(stored_club, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    cancel_meeting(meeting=row, actor=club.facilitator)
    db.session.commit()
    auth.login(club.facilitator)

    response = client.post(f"/meetings/{row.id}/edit",
                           data=edit_form(club.days[0], "09:00", "10:00", version=2))

    assert response.status_code == 422
    assert "Only a scheduled meeting can be moved." in text(response)
    assert by_occurrence(club.group)[club.days[0]].status == "cancelled"


# --- Cancelling and restoring -----------------------------------------------------------------


def test_a_facilitator_cancels_and_restores_a_meeting(stored_club, client, auth, csrf):
    club = stored_club
    row = meeting(club.group, club.days[1])
    auth.login(club.facilitator)
    page = text(client.get(club.schedule))
    token = csrf_token(page)
    assert f'id="cancel-note-{row.id}"' in page

    response = client.post(f"/meetings/{row.id}/cancel",
                           data={"csrf_token": token, "version": "1", "note": "Bank holiday"})

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    after = by_occurrence(club.group)[club.days[1]]
    assert (after.status, after.note, after.version) == ("cancelled", "Bank holiday", 2)
    page = text(client.get(club.schedule))
    assert flashes(page) == ["The meeting is cancelled. Restore it from the schedule if that "
                             "was a mistake."]
    assert rows(upcoming(page))[1] == \
        f"{long_day(club.days[1])}, 07:00–08:30 Cancelled Bank holiday Restore"
    assert f'action="/meetings/{row.id}/restore"' in page

    response = client.post(f"/meetings/{row.id}/restore",
                           data={"csrf_token": token, "version": "2"})

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    assert by_occurrence(club.group)[club.days[1]].status == "scheduled"
    assert flashes(text(client.get(club.schedule))) == ["The meeting is back on the schedule."]


def test_cancelling_without_the_csrf_token_changes_nothing(stored_club, client, auth, csrf):
    club = stored_club
    row = meeting(club.group, club.days[0])
    auth.login(club.facilitator)

    assert client.post(f"/meetings/{row.id}/cancel", data={"version": "1"}).status_code == 400
    assert client.post(f"/meetings/{row.id}/restore", data={"version": "1"}).status_code == 400
    assert by_occurrence(club.group)[club.days[0]].status == "scheduled"


@pytest.mark.parametrize(("action", "prepare", "data", "message"), [
    ("cancel", "cancel", {"version": "2"}, "Only a scheduled meeting can be cancelled."),
    ("restore", None, {"version": "1"}, "Only a cancelled meeting can be restored."),
    ("cancel", None, {"version": "7"}, "Someone changed this meeting since you opened the "
                                       "page; here it is as it stands now."),
    ("restore", "cancel", {"version": "1"}, "Someone changed this meeting since you opened "
                                            "the page; here it is as it stands now."),
    ("cancel", None, {"version": "1", "note": "x" * 501},
     "The reason can be at most 500 characters."),
])
def test_a_refused_cancel_or_restore_says_why_and_changes_nothing(stored_club, client, auth,
                                                                  action, prepare, data,
                                                                  message):
    club = stored_club
    row = meeting(club.group, club.days[0])
    if prepare:
        cancel_meeting(meeting=row, actor=club.facilitator)
        db.session.commit()
    before = stored(club.group)
    auth.login(club.facilitator)

    response = client.post(f"/meetings/{row.id}/{action}", data=data)

    assert response.status_code == 303
    assert response.headers["Location"] == club.schedule
    assert stored(club.group) == before
    assert flashes(text(client.get(club.schedule))) == [message]


def test_a_member_posting_an_extra_meeting_is_forbidden(stored_club, client, auth):
    auth.login(stored_club.member)
    day = stored_club.today + timedelta(days=10)
    assert client.post(stored_club.schedule, data=add_form(day)).status_code == 403
    assert len(stored(stored_club.group)) == 12
