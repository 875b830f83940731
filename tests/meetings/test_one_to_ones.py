"""One-to-ones: logging one and the rules that refuse it, deleting, the member's list (both
directions), the partners not met yet, and the page with its forms, errors and query budget.

Riverside Partners (the `world` fixture) has a facilitator and a member; the tests add Ana,
Bea and Cy. "Today" for the services is Wednesday 25 November 2026 unless a test says
otherwise; the pages use the group's real local date.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.meetings.one_to_ones import (
    NotMetRow,
    OneToOneError,
    delete_one_to_one,
    list_one_to_ones,
    log_one_to_one,
    partners_not_met,
)
from partnernet.models import Group, OneToOne, User
from partnernet.models.base import utcnow
from partnernet.periods import local_today
from tests.factories import MembershipFactory, UserFactory
from tests.groups.helpers import field_error, field_tag, plain, text
from tests.ledger.conftest import counting, element, squash

TODAY = date(2026, 11, 25)
MISSING = 987654


@dataclass
class Cast:
    group: Group
    me: User  # the world's member
    facilitator: User
    ana: User
    bea: User
    cy: User
    outsider: User  # leads another group

    @property
    def page(self) -> str:
        return f"/groups/{self.group.id}/one-to-ones"


@pytest.fixture
def cast(world) -> Cast:
    world.member.name = "Mo Member"
    world.facilitator.name = "Fay Facilitator"
    ana, bea, cy = (MembershipFactory(group=world.group, user=UserFactory(name=name)).user
                    for name in ("Ana Archer", "bea Baker", "Cy Cooper"))
    db.session.commit()
    return Cast(world.group, world.member, world.facilitator, ana, bea, cy, world.outsider)


def log(cast: Cast, actor: User, partner: User, met_on: date = TODAY, kind: str = "in_person",
        notes: str = "", today: date = TODAY) -> OneToOne:
    entry = log_one_to_one(group=cast.group, actor=actor, partner_id=partner.id, met_on=met_on,
                           kind=kind, notes=notes, today=today)
    db.session.commit()
    return entry


def leave(group: Group, user: User) -> None:
    for membership in group.memberships:
        if membership.user_id == user.id:
            membership.left_at = utcnow()
    db.session.commit()


def stored() -> list[tuple]:
    """Every one-to-one, read fresh from the database."""
    db.session.expire_all()
    return db.session.execute(
        sa.select(OneToOne.logged_by_id, OneToOne.partner_id, OneToOne.met_on, OneToOne.kind,
                  OneToOne.notes).order_by(OneToOne.id)).all()


# --- Logging --------------------------------------------------------------------------------


def test_a_member_logs_a_one_to_one(cast):
    entry = log(cast, cast.me, cast.ana, met_on=TODAY - timedelta(days=3), kind="video",
                notes="  Talked about   her ideal client.  \r\n\r\n\r\n\r\nShe wants  "
                      "accountants.\n")

    assert stored() == [(cast.me.id, cast.ana.id, date(2026, 11, 22), "video",
                         "Talked about her ideal client.\n\nShe wants accountants.")]
    assert entry.group_id == cast.group.id
    assert entry.created_at is not None and entry.updated_at is not None


@pytest.mark.parametrize("met_on", [TODAY, date(2025, 11, 25)], ids=["today", "a year ago"])
def test_today_and_exactly_a_year_ago_are_allowed(cast, met_on):
    log(cast, cast.me, cast.ana, met_on=met_on)
    assert [row.met_on for row in stored()] == [met_on]


def test_a_year_back_from_a_leap_day_is_the_28th_of_february(cast):
    log(cast, cast.me, cast.ana, met_on=date(2027, 2, 28), today=date(2028, 2, 29))
    with pytest.raises(OneToOneError):
        log(cast, cast.me, cast.ana, met_on=date(2027, 2, 27), today=date(2028, 2, 29))


def _refusals(cast: Cast) -> dict:
    """Case → (service arguments changed, field, message)."""
    return {
        "no partner": ({"partner_id": None}, "partner_id", "Choose the partner you met."),
        "myself": ({"partner_id": cast.me.id}, "partner_id",
                   "Choose a partner other than yourself."),
        "another group's member": ({"partner_id": cast.outsider.id}, "partner_id",
                                   "Choose a current member of the group."),
        "nobody": ({"partner_id": MISSING}, "partner_id",
                   "Choose a current member of the group."),
        "no date": ({"met_on": None}, "met_on", "Enter the date you met."),
        "tomorrow": ({"met_on": TODAY + timedelta(days=1)}, "met_on",
                     "That date is still to come; log the one-to-one once you have met."),
        "over a year ago": ({"met_on": date(2025, 11, 24)}, "met_on",
                            "That is more than a year ago; check the date."),
        "unknown kind": ({"kind": "carrier pigeon"}, "kind",
                         "Choose in person, video or phone."),
        "no kind": ({"kind": None}, "kind", "Choose in person, video or phone."),
        "long notes": ({"notes": "x" * 2001}, "notes",
                       "Use at most 2000 characters for Notes."),
        "control character": ({"notes": "bell\x07"}, "notes",
                              "Use only printable characters for Notes."),
    }


REFUSALS = ["no partner", "myself", "another group's member", "nobody", "no date", "tomorrow",
            "over a year ago", "unknown kind", "no kind", "long notes", "control character"]


@pytest.mark.parametrize("case", REFUSALS)
def test_a_refused_one_to_one_says_why_by_field_and_saves_nothing(cast, case):
    changes, field, message = _refusals(cast)[case]
    arguments = {"group": cast.group, "actor": cast.me, "partner_id": cast.ana.id,
                 "met_on": TODAY, "kind": "phone", "notes": "", "today": TODAY, **changes}

    with pytest.raises(OneToOneError) as refused:
        log_one_to_one(**arguments)
    db.session.rollback()

    assert (refused.value.field, refused.value.message) == (field, message)
    assert stored() == []


def test_the_refusals_table_is_complete(cast):
    assert sorted(_refusals(cast)) == sorted(REFUSALS)


def test_2000_characters_of_notes_are_enough(cast):
    log(cast, cast.me, cast.ana, notes="x" * 2000)
    assert len(stored()[0].notes) == 2000


def test_a_former_member_is_not_a_partner(cast):
    leave(cast.group, cast.ana)
    with pytest.raises(OneToOneError) as refused:
        log(cast, cast.me, cast.ana)
    assert refused.value.field == "partner_id"
    assert stored() == []


@pytest.mark.parametrize("who", ["outsider", "former member"])
def test_only_current_members_log_one_to_ones(cast, who):
    actor = cast.outsider
    if who == "former member":
        leave(cast.group, cast.me)
        actor = cast.me
    with pytest.raises(PermissionDenied):
        log(cast, actor, cast.ana)
    assert stored() == []


# --- Deleting -------------------------------------------------------------------------------


def test_the_member_who_logged_it_deletes_it(cast):
    entry = log(cast, cast.me, cast.ana)
    kept = log(cast, cast.ana, cast.me)

    delete_one_to_one(entry=entry, actor=cast.me)
    db.session.commit()

    assert stored() == [(cast.ana.id, cast.me.id, TODAY, "in_person", "")]
    assert db.session.get(OneToOne, kept.id) is not None


@pytest.mark.parametrize("who", ["partner", "another member"])
def test_no_one_else_deletes_it(cast, who):
    entry = log(cast, cast.me, cast.ana)
    actor = cast.ana if who == "partner" else cast.bea

    with pytest.raises(PermissionDenied):
        delete_one_to_one(entry=entry, actor=actor)
    db.session.rollback()

    assert len(stored()) == 1


def test_a_former_member_no_longer_deletes_what_they_logged(cast):
    entry = log(cast, cast.me, cast.ana)
    leave(cast.group, cast.me)
    with pytest.raises(PermissionDenied):
        delete_one_to_one(entry=entry, actor=cast.me)
    db.session.rollback()
    assert len(stored()) == 1


# --- Queries ---------------------------------------------------------------------------------


def test_my_one_to_ones_in_both_directions_newest_first(cast, world):
    mine = log(cast, cast.me, cast.ana, met_on=date(2026, 11, 2), kind="video", notes="First")
    theirs = log(cast, cast.bea, cast.me, met_on=date(2026, 11, 20), kind="phone")
    same_day = log(cast, cast.me, cast.cy, met_on=date(2026, 11, 20))
    log(cast, cast.ana, cast.bea, met_on=date(2026, 11, 21))  # not mine
    # A one-to-one in another group the member also belongs to is not listed here.
    MembershipFactory(group=world.other_group, user=cast.me)
    log_one_to_one(group=world.other_group, actor=cast.outsider, partner_id=cast.me.id,
                   met_on=TODAY, kind="video", notes="", today=TODAY)
    db.session.commit()

    rows = list_one_to_ones(cast.group.id, cast.me.id)

    assert [(r.id, r.partner_id, r.partner_name, r.logged_by_id, r.met_on, r.kind, r.notes)
            for r in rows] == [
        (same_day.id, cast.cy.id, "Cy Cooper", cast.me.id, date(2026, 11, 20), "in_person", ""),
        (theirs.id, cast.bea.id, "bea Baker", cast.bea.id, date(2026, 11, 20), "phone", ""),
        (mine.id, cast.ana.id, "Ana Archer", cast.me.id, date(2026, 11, 2), "video", "First"),
    ]
    # The same entries seen by the partner who logged one of them.
    assert [(r.partner_id, r.logged_by_id) for r in list_one_to_ones(cast.group.id,
                                                                     cast.bea.id)] == [
        (cast.ana.id, cast.ana.id), (cast.me.id, cast.bea.id)]


def test_a_partner_who_left_stays_in_my_history(cast):
    log(cast, cast.me, cast.ana)
    leave(cast.group, cast.ana)
    assert [r.partner_name for r in list_one_to_ones(cast.group.id, cast.me.id)] == [
        "Ana Archer"]


def test_partners_not_met_by_name_in_either_direction(cast, world):
    everyone = [NotMetRow(cast.ana.id, "Ana Archer"), NotMetRow(cast.bea.id, "bea Baker"),
                NotMetRow(cast.cy.id, "Cy Cooper"),
                NotMetRow(cast.facilitator.id, "Fay Facilitator")]
    assert partners_not_met(cast.group.id, cast.me.id) == everyone

    log(cast, cast.me, cast.ana)  # I logged it
    log(cast, cast.cy, cast.me)  # Cy logged it
    log(cast, cast.bea, cast.facilitator)  # not mine
    # Meeting Bea in another group does not count here.
    MembershipFactory(group=world.other_group, user=cast.me)
    MembershipFactory(group=world.other_group, user=cast.bea)
    log_one_to_one(group=world.other_group, actor=cast.me, partner_id=cast.bea.id,
                   met_on=TODAY, kind="video", notes="", today=TODAY)
    db.session.commit()

    assert partners_not_met(cast.group.id, cast.me.id) == [
        NotMetRow(cast.bea.id, "bea Baker"), NotMetRow(cast.facilitator.id, "Fay Facilitator")]
    assert partners_not_met(cast.group.id, cast.cy.id) == [
        NotMetRow(cast.ana.id, "Ana Archer"), NotMetRow(cast.bea.id, "bea Baker"),
        NotMetRow(cast.facilitator.id, "Fay Facilitator")]
    assert [r.name for r in partners_not_met(cast.group.id, cast.bea.id)] == [
        "Ana Archer", "Cy Cooper", "Mo Member"]


def test_former_members_are_not_partners_to_meet(cast):
    leave(cast.group, cast.bea)
    assert [r.name for r in partners_not_met(cast.group.id, cast.me.id)] == [
        "Ana Archer", "Cy Cooper", "Fay Facilitator"]


# --- The page ----------------------------------------------------------------------------------


def not_met_section(page: str) -> str:
    return element(page, r'<section class="panel" aria-labelledby="not-met-title"')


def mine_section(page: str) -> str:
    return element(page, r'<section class="panel" aria-labelledby="mine-title"')


def entries(page: str) -> list[str]:
    return [squash(li) for li in re.findall(r'<li class="list-row one-to-one">.*?</li>',
                                            mine_section(page), re.S)]


def test_the_page_shows_the_form_my_one_to_ones_and_who_i_have_not_met(cast, client, auth):
    today = local_today(cast.group.timezone)
    log(cast, cast.me, cast.ana, met_on=today - timedelta(days=1), kind="video",
        notes="Line one\nLine two", today=today)
    log(cast, cast.cy, cast.me, met_on=today - timedelta(days=5), kind="phone", today=today)
    auth.login(cast.me)

    response = client.get(cast.page)

    assert response.status_code == 200
    page = text(response)
    assert "Riverside Partners" in page
    options = re.findall(r'<option[^>]*value="(\d*)"[^>]*>([^<]*)</option>',
                         element(page, r'<select[^>]*id="partner_id"'))
    # Partners by name, whatever their role or case.
    assert options == [("", "Choose a partner…"), (str(cast.ana.id), "Ana Archer"),
                       (str(cast.bea.id), "bea Baker"), (str(cast.cy.id), "Cy Cooper"),
                       (str(cast.facilitator.id), "Fay Facilitator")]
    assert f'max="{today.isoformat()}"' in field_tag(page, "met_on")
    rows = entries(page)
    assert len(rows) == 2
    assert rows[0].startswith("Ana Archer · ") and "Video call" in rows[0]
    assert "Line one Line two" in rows[0] and rows[0].endswith("Delete")
    assert rows[1].startswith("Cy Cooper · ") and "Phone call" in rows[1]
    assert "Logged by Cy Cooper" in rows[1] and "Delete" not in rows[1]
    section = not_met_section(page)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', section) == [
        (f"/groups/{cast.group.id}/members/{cast.bea.id}", "bea Baker"),
        (f"/groups/{cast.group.id}/members/{cast.facilitator.id}", "Fay Facilitator")]


def test_a_new_member_sees_empty_states(cast, client, auth):
    auth.login(cast.ana)
    page = plain(client.get(cast.page))
    assert "No one-to-ones yet." in page
    assert "Mo Member" in squash(not_met_section(page))


def test_the_meetings_page_links_to_one_to_ones(cast, client, auth):
    auth.login(cast.me)
    page = text(client.get(f"/groups/{cast.group.id}/meetings"))
    assert f'href="{cast.page}"' in page


def form(partner: User | str, met_on: date | str, kind: str = "in_person",
         notes: str = "") -> dict:
    return {"partner_id": str(partner.id) if isinstance(partner, User) else partner,
            "met_on": met_on.isoformat() if isinstance(met_on, date) else met_on,
            "kind": kind, "notes": notes}


def test_a_member_logs_a_one_to_one_through_the_form(cast, client, auth, csrf):
    today = local_today(cast.group.timezone)
    auth.login(cast.me)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', text(client.get(cast.page)))
    data = {**form(cast.bea, today, "phone", "Good talk.\r\nMeet again in May."),
            "csrf_token": token.group(1) or token.group(2)}

    response = client.post(cast.page, data=data)

    assert response.status_code == 303
    assert response.headers["Location"] == cast.page
    assert stored() == [(cast.me.id, cast.bea.id, today, "phone",
                         "Good talk.\nMeet again in May.")]
    page = plain(client.get(cast.page))
    assert "Your one-to-one is logged; it counts for both of you." in page
    assert "bea Baker" not in squash(not_met_section(page))


def test_logging_without_the_csrf_token_saves_nothing(cast, client, auth, csrf):
    auth.login(cast.me)
    response = client.post(cast.page, data=form(cast.bea, local_today(cast.group.timezone)))
    assert response.status_code == 400
    assert stored() == []


def _bad_posts(cast: Cast, today: date) -> dict:
    """Case → (form data, field id, message)."""
    return {
        "no partner": (form("", today), "partner_id", "Choose the partner you met."),
        "myself": (form(cast.me, today), "partner_id", "Choose a partner other than yourself."),
        "outsider": (form(cast.outsider, today), "partner_id",
                     "Choose a current member of the group."),
        "not a number": (form("abc", today), "partner_id", "Choose the partner you met."),
        "no date": (form(cast.ana, ""), "met_on", "Enter the date you met."),
        "not a date": (form(cast.ana, "31/02/2026"), "met_on", "Not a valid date value."),
        "tomorrow": (form(cast.ana, today + timedelta(days=1)), "met_on",
                     "That date is still to come; log the one-to-one once you have met."),
        "two years ago": (form(cast.ana, today - timedelta(days=731)), "met_on",
                          "That is more than a year ago; check the date."),
        "unknown kind": (form(cast.ana, today, kind="fax"), "kind",
                         "Choose in person, video or phone."),
        "long notes": (form(cast.ana, today, notes="x" * 2001), "notes",
                       "Use at most 2000 characters for Notes."),
    }


BAD_POSTS = ["no partner", "myself", "outsider", "not a number", "no date", "not a date",
             "tomorrow", "two years ago", "unknown kind", "long notes"]


def test_the_bad_posts_table_is_complete(cast):
    assert sorted(_bad_posts(cast, TODAY)) == sorted(BAD_POSTS)


@pytest.mark.parametrize("case", BAD_POSTS)
def test_a_bad_one_to_one_is_422_with_the_message_by_its_field(cast, client, auth, case):
    data, field_id, message = _bad_posts(cast, local_today(cast.group.timezone))[case]
    auth.login(cast.me)

    response = client.post(cast.page, data=data)

    assert response.status_code == 422
    page = plain(response)
    assert "Riverside Partners" in page
    assert field_error(page, field_id) == message
    tag = field_tag(page, field_id)
    assert 'aria-invalid="true"' in tag
    assert f"{field_id}-error" in re.search(r'aria-describedby="([^"]+)"', tag).group(1)
    others = {"partner_id", "met_on", "kind", "notes"} - {field_id}
    assert all(field_error(page, other) is None for other in others)
    assert "Please correct the fields marked below." in page
    # The partners are still listed to choose from, and nothing was saved.
    assert "Ana Archer" in element(page, r'<select[^>]*id="partner_id"')
    assert stored() == []


def test_the_page_costs_the_same_whatever_the_number_of_one_to_ones(cast, client, auth):
    today = local_today(cast.group.timezone)

    def cost() -> list[str]:
        auth.login(cast.me)
        client.get(cast.page)  # warm up: template compilation is not what is measured
        db.session.expire_all()
        with counting() as statements:
            response = client.get(cast.page)
        assert response.status_code == 200
        return statements

    small = cost()
    for n in range(20):
        partner = (cast.ana, cast.bea, cast.cy, cast.facilitator)[n % 4]
        actor, other = (cast.me, partner) if n % 2 else (partner, cast.me)
        log(cast, actor, other, met_on=today - timedelta(days=n), notes=f"Meeting {n}",
            today=today)
    large = cost()

    assert len(small) == len(large)
    assert sum("FROM one_to_ones" in s for s in large) == 2  # my list and "not met yet"
    assert len(entries(text(client.get(cast.page)))) == 20


# --- Deleting through the page ----------------------------------------------------------------


def test_the_member_who_logged_it_deletes_it_from_the_page(cast, client, auth, csrf):
    entry = log(cast, cast.me, cast.ana, met_on=local_today(cast.group.timezone),
                today=local_today(cast.group.timezone))
    auth.login(cast.me)
    page = text(client.get(cast.page))
    delete_form = element(page, rf'<form method="post" action="/one-to-ones/{entry.id}/delete"')
    token = re.search(r'name="csrf_token" value="([^"]+)"', delete_form).group(1)

    response = client.post(f"/one-to-ones/{entry.id}/delete", data={"csrf_token": token})

    assert response.status_code == 303
    assert response.headers["Location"] == cast.page
    assert stored() == []
    assert "The one-to-one is deleted." in plain(client.get(cast.page))


@pytest.mark.parametrize("who, status", [("partner", 403), ("another member", 403),
                                         ("outsider", 404)])
def test_no_one_else_deletes_it_from_the_page(cast, client, auth, who, status):
    entry = log(cast, cast.me, cast.ana)
    auth.login({"partner": cast.ana, "another member": cast.bea,
                "outsider": cast.outsider}[who])

    response = client.post(f"/one-to-ones/{entry.id}/delete")

    assert response.status_code == status
    if who == "outsider":
        assert "Riverside Partners" not in plain(response)
    assert len(stored()) == 1


def test_deleting_an_unknown_one_to_one_is_404(cast, client, auth):
    auth.login(cast.me)
    assert client.post(f"/one-to-ones/{MISSING}/delete").status_code == 404


def test_a_visitor_is_sent_to_sign_in_to_delete(cast, client):
    entry = log(cast, cast.me, cast.ana)
    response = client.post(f"/one-to-ones/{entry.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert len(stored()) == 1
