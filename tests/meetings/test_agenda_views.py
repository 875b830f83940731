"""The agenda pages: what members and facilitators see, the forms and their refusals, htmx
fragments, the query budget, and who may use the routes of a single item (which take neither
a group's nor a meeting's id, so they have their own table here, in the manner of
tests/meetings/test_authorization.py).

Riverside Partners (the `club` fixture) meets weekly at 07:00 for 90 minutes.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.agenda import ensure_meeting_agenda, ensure_template, list_agenda
from partnernet.models import AgendaItem, Role
from partnernet.models.base import utcnow
from partnernet.models.meetings import MeetingStatus
from tests.factories import MembershipFactory
from tests.groups.helpers import field_error, plain, text
from tests.ledger.conftest import counting, element, squash
from tests.meetings.conftest import MISSING, csrf_token, meeting

DEFAULT_TITLES = ["Open networking", "Welcome", "Education moment",
                  "Members' 60-second presentations", "Visitor introductions",
                  "Featured presentation", "Referral and testimonial round",
                  "Thank-yous for closed business", "Announcements and close"]
HTMX = {"HX-Request": "true"}


def items_on(page: str) -> list[str]:
    """Each item as its row reads: start, title, kind, owner, minutes."""
    return [squash(element(li, r'<div class="agenda-item-row">'))
            for li in re.findall(r'<li class="agenda-item".*?</li>', page, re.S)]


def words(page: str) -> str:
    """The page's text as it reads (no space before punctuation after an inline tag)."""
    return re.sub(r" ([:,.])", r"\1", squash(page))


def stored_items(group_id: int) -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.position, AgendaItem.title,
                  AgendaItem.kind, AgendaItem.minutes, AgendaItem.owner_id)
        .where(AgendaItem.group_id == group_id).order_by(AgendaItem.id)).all()


@pytest.fixture
def template(club):
    ensure_template(group=club.group)
    db.session.commit()
    return list_agenda(group_id=club.group.id)


# --- Reading ----------------------------------------------------------------------------------


def test_a_member_reads_the_seeded_agenda_with_times_and_no_controls(club, client, auth):
    auth.login(club.member)

    response = client.get(f"/groups/{club.group.id}/agenda")

    assert response.status_code == 200
    page = plain(response)
    # The kind is shown where the title doesn't say it already.
    assert items_on(page) == [
        "From 07:00 Open networking 15 min minutes",
        "From 07:15 Welcome 2 min minutes",
        "From 07:17 Education moment 3 min minutes",
        "From 07:20 Members' 60-second presentations 25 min minutes",
        "From 07:45 Visitor introductions 5 min minutes",
        "From 07:50 Featured presentation 10 min minutes",
        "From 08:00 Referral and testimonial round Referrals and testimonials 15 min minutes",
        "From 08:15 Thank-yous for closed business 10 min minutes",
        "From 08:25 Announcements and close 5 min minutes",
    ]
    assert "Fits The items add up to 90 minutes: a meeting's full 90." in words(page)
    assert "/agenda-items/" not in page
    assert 'id="add-item"' not in page
    assert "data-agenda-list" not in page
    assert [r.title for r in list_agenda(group_id=club.group.id)] == DEFAULT_TITLES


def test_a_facilitator_sees_the_controls_for_every_item(club, template, client, auth):
    auth.login(club.facilitator)

    page = text(client.get(f"/groups/{club.group.id}/agenda"))

    for row in template:
        assert f'action="/agenda-items/{row.id}/edit"' in page
        assert f'action="/agenda-items/{row.id}/move"' in page
        assert f'action="/agenda-items/{row.id}/delete"' in page
    # The first can't go up, the last can't go down.
    assert re.search(rf'data-focus-key="up-{template[0].id}"[^>]*disabled', page)
    assert re.search(rf'data-focus-key="down-{template[-1].id}"[^>]*disabled', page)
    assert not re.search(rf'data-focus-key="up-{template[1].id}"[^>]*disabled', page)
    assert f'action="/groups/{club.group.id}/agenda/order"' in page
    assert 'id="add-item"' in page
    assert club.member.name in element(page, r'<select[^>]*id="new-owner_id"')


def test_the_page_says_plainly_when_the_agenda_runs_over(club, template, client, auth):
    db.session.get(AgendaItem, template[0].id).minutes = 26  # 11 more: 101 of 90
    db.session.commit()
    auth.login(club.member)

    page = words(plain(client.get(f"/groups/{club.group.id}/agenda")))

    assert "Runs over The items add up to 101 minutes, but a meeting lasts 90: 11 minutes " \
           "over." in page


def test_a_meeting_page_measures_against_the_meetings_own_length(stored_club, template,
                                                                  client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    row.duration_minutes = 60
    db.session.commit()
    auth.login(club.member)

    page = words(plain(client.get(f"/meetings/{row.id}/agenda")))

    assert "The items add up to 90 minutes, but the meeting lasts 60: 30 minutes over." in page
    assert "This meeting follows the group's agenda." in page


def test_a_member_opening_a_meeting_reads_the_template_and_copies_nothing(stored_club,
                                                                         template, client,
                                                                         auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    auth.login(club.member)

    page = plain(client.get(f"/meetings/{row.id}/agenda"))

    assert len(items_on(page)) == 9
    assert len(stored_items(club.group.id)) == 9


def test_a_facilitator_opening_a_meeting_gets_its_own_copy(stored_club, template, client,
                                                          auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    auth.login(club.facilitator)

    page = plain(client.get(f"/meetings/{row.id}/agenda"))

    copy = list_agenda(group_id=club.group.id, meeting_id=row.id)
    assert {r.id for r in copy}.isdisjoint({r.id for r in template})
    assert f'action="/agenda-items/{copy[0].id}/edit"' in page
    assert f'/agenda-items/{template[0].id}/' not in page
    assert "Changes here are for this meeting only" in page
    assert f'action="/meetings/{row.id}/agenda/order"' in page


def test_a_closed_meeting_is_shown_without_controls(stored_club, template, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    ensure_meeting_agenda(meeting=row)
    row.status = MeetingStatus.CLOSED
    db.session.commit()
    auth.login(club.facilitator)

    page = plain(client.get(f"/meetings/{row.id}/agenda"))

    assert "This meeting is closed: its agenda stays as it was run." in page
    assert "/agenda-items/" not in page
    assert 'id="add-item"' not in page


def test_the_meetings_page_links_to_the_agendas(stored_club, client, auth):
    club = stored_club
    auth.login(club.member)
    page = text(client.get(club.schedule))
    assert f'href="/groups/{club.group.id}/agenda"' in page
    row = meeting(club.group, club.days[0])
    assert f'href="/meetings/{row.id}/agenda"' in page


def test_the_page_runs_a_bounded_number_of_queries(stored_club, template, client, auth):
    club = stored_club
    for _ in range(15):
        MembershipFactory(group=club.group)
    row = meeting(club.group, club.days[0])
    ensure_meeting_agenda(meeting=row)
    db.session.commit()
    auth.login(club.facilitator)
    for path in (f"/groups/{club.group.id}/agenda", f"/meetings/{row.id}/agenda"):
        client.get(path)  # warm up
        with counting() as statements:
            assert client.get(path).status_code == 200
        assert len(statements) <= 10, statements


# --- Changing through the forms ---------------------------------------------------------------


def test_a_facilitator_adds_an_item_with_the_form(club, template, client, auth, csrf):
    auth.login(club.facilitator)
    page = text(client.get(f"/groups/{club.group.id}/agenda"))
    token = csrf_token(page[page.index('id="add-item"'):])

    response = client.post(f"/groups/{club.group.id}/agenda", data={
        "new-csrf_token": token, "new-title": "Guest <b>speaker</b>", "new-kind": "featured",
        "new-minutes": "12", "new-owner_id": str(club.member.id)})

    assert response.status_code == 303
    added = list_agenda(group_id=club.group.id)[-1]
    assert response.headers["Location"] == f"/groups/{club.group.id}/agenda#item-{added.id}"
    assert (added.title, added.kind, added.minutes, added.owner_id) == \
        ("Guest <b>speaker</b>", "featured", 12, club.member.id)
    page = text(client.get(f"/groups/{club.group.id}/agenda"))
    assert "<b>speaker" not in page
    assert "Guest &lt;b&gt;speaker&lt;/b&gt;" in page
    assert "“Guest &lt;b&gt;speaker&lt;/b&gt;” is on the agenda." in page


@pytest.mark.parametrize(("minutes", "title", "field", "message"), [
    ("0", "Guest", "new-minutes", "An item takes at least 1 minute."),
    ("241", "Guest", "new-minutes",
     "An item takes at most 240 minutes (4 hours); split a longer one."),
    ("ten", "Guest", "new-minutes", "Enter the minutes as a whole number, such as 10."),
    ("", "Guest", "new-minutes", "Enter how many minutes the item takes."),
    ("5", "", "new-title", "Enter the title."),
    ("5", "x" * 500, "new-title", "Use at most 120 characters for the title."),
])
def test_a_bad_new_item_is_refused_next_to_its_field(club, template, client, auth, minutes,
                                                    title, field, message):
    auth.login(club.facilitator)
    before = stored_items(club.group.id)

    response = client.post(f"/groups/{club.group.id}/agenda", data={
        "new-title": title, "new-kind": "other", "new-minutes": minutes, "new-owner_id": ""})

    assert response.status_code == 422
    assert field_error(text(response), field) == message
    assert stored_items(club.group.id) == before


def test_an_owner_from_another_group_is_refused(club, template, client, auth):
    auth.login(club.facilitator)
    before = stored_items(club.group.id)
    response = client.post(f"/groups/{club.group.id}/agenda", data={
        "new-title": "Guest", "new-kind": "other", "new-minutes": "5",
        "new-owner_id": str(club.outsider.id)})
    assert response.status_code == 422
    assert field_error(text(response), "new-owner_id") == \
        "Choose a current member of the group, or nobody."
    assert stored_items(club.group.id) == before


def test_editing_an_item_with_htmx_swaps_the_agenda(club, template, client, auth):
    auth.login(club.facilitator)
    item = template[1]

    response = client.post(f"/agenda-items/{item.id}/edit", headers=HTMX, data={
        f"item{item.id}-title": "Welcome and rules", f"item{item.id}-kind": "welcome",
        f"item{item.id}-minutes": "4", f"item{item.id}-owner_id": str(club.facilitator.id)})

    assert response.status_code == 200
    body = plain(response)
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<div id="agenda"')
    assert 'hx-swap-oob="innerHTML">“Welcome and rules” is saved.</div>' in body
    assert f"From 07:15 Welcome and rules Led by {club.facilitator.name} 4 min" in squash(body)
    assert "92 minutes" in body
    row = list_agenda(group_id=club.group.id)[1]
    assert (row.title, row.minutes, row.owner_id) == ("Welcome and rules", 4,
                                                      club.facilitator.id)


def test_a_refused_edit_keeps_what_was_typed_next_to_the_error(club, template, client, auth):
    auth.login(club.facilitator)
    item = template[2]
    before = stored_items(club.group.id)

    for headers in ({}, HTMX):
        response = client.post(f"/agenda-items/{item.id}/edit", headers=headers, data={
            f"item{item.id}-title": "Learning", f"item{item.id}-kind": "education",
            f"item{item.id}-minutes": "0", f"item{item.id}-owner_id": ""})
        assert response.status_code == 422
        page = text(response)
        assert field_error(page, f"item{item.id}-minutes") == "An item takes at least 1 minute."
        assert re.search(r'<details class="agenda-edit" open>', page)
        assert 'value="Learning"' in page
        assert ("<html" in page) == (not headers)
    assert stored_items(club.group.id) == before


def test_moving_without_javascript_redirects_to_the_item(club, template, client, auth):
    auth.login(club.facilitator)
    item = template[1]

    response = client.post(f"/agenda-items/{item.id}/move", data={"offset": "-1"})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/groups/{club.group.id}/agenda#item-{item.id}"
    assert [r.title for r in list_agenda(group_id=club.group.id)][:2] == \
        ["Welcome", "Open networking"]
    page = plain(client.get(response.headers["Location"]))
    assert "Moved “Welcome” up: now 1 of 9." in page


def test_moving_with_htmx_announces_the_move(club, template, client, auth):
    auth.login(club.facilitator)
    response = client.post(f"/agenda-items/{template[0].id}/move", headers=HTMX,
                           data={"offset": "1"})
    assert response.status_code == 200
    assert 'hx-swap-oob="innerHTML">Moved “Open networking” down: now 2 of 9.</div>' in \
        plain(response)


def test_moving_off_the_top_is_refused_with_the_reason(club, template, client, auth):
    auth.login(club.facilitator)
    before = stored_items(club.group.id)
    response = client.post(f"/agenda-items/{template[0].id}/move", data={"offset": "-1"})
    assert response.status_code == 303
    assert "This item is already first." in plain(client.get(response.headers["Location"]))
    response = client.post(f"/agenda-items/{template[0].id}/move", headers=HTMX,
                           data={"offset": "-1"})
    assert response.status_code == 422
    assert 'hx-swap-oob="innerHTML">This item is already first.</div>' in plain(response)
    assert stored_items(club.group.id) == before


def test_removing_an_item(club, template, client, auth):
    auth.login(club.facilitator)
    response = client.post(f"/agenda-items/{template[4].id}/delete", headers=HTMX)
    assert response.status_code == 200
    assert not [row for row in items_on(plain(response)) if "Visitor" in row]
    assert len(items_on(plain(response))) == 8
    assert len(list_agenda(group_id=club.group.id)) == 8


def test_drag_and_drop_posts_the_whole_order(club, template, client, auth):
    auth.login(club.facilitator)
    ids = [r.id for r in template]
    wanted = [ids[1], ids[0], *ids[2:]]

    response = client.post(f"/groups/{club.group.id}/agenda/order", headers=HTMX,
                           data={"item_ids": [str(i) for i in wanted]})

    assert response.status_code == 200
    assert [r.id for r in list_agenda(group_id=club.group.id)] == wanted
    before = stored_items(club.group.id)
    for bad in (wanted[:-1], [*wanted, wanted[0]], ["x", *wanted[1:]], []):
        response = client.post(f"/groups/{club.group.id}/agenda/order", headers=HTMX,
                               data={"item_ids": [str(i) for i in bad]})
        assert response.status_code == 422
        assert "The new order must list each item of this agenda exactly once" in \
            plain(response)
    assert stored_items(club.group.id) == before


def test_a_meeting_reorder_leaves_the_template_alone(stored_club, template, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    copy = ensure_meeting_agenda(meeting=row)
    db.session.commit()
    auth.login(club.facilitator)
    ids = [r.id for r in copy][::-1]

    response = client.post(f"/meetings/{row.id}/agenda/order", data={"item_ids": ids})

    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{row.id}/agenda"
    assert [r.id for r in list_agenda(group_id=club.group.id, meeting_id=row.id)] == ids
    assert [r.title for r in list_agenda(group_id=club.group.id)] == DEFAULT_TITLES


# --- Who may use a single item's routes -------------------------------------------------------


@dataclass(frozen=True)
class ItemRoute:
    path: str  # formatted with iid (the item: the second of the group's agenda)
    data: dict = field(default_factory=dict)  # keys and values formatted with iid
    # Where a facilitator's plain post leads.
    location: str = "/groups/{gid}/agenda"


ITEM_ROUTES = {
    "edit_agenda_item": ItemRoute("/agenda-items/{iid}/edit", {
        "item{iid}-title": "Welcome back", "item{iid}-kind": "welcome",
        "item{iid}-minutes": "3", "item{iid}-owner_id": ""},
        location="/groups/{gid}/agenda#item-{iid}"),
    "delete_agenda_item": ItemRoute("/agenda-items/{iid}/delete"),
    "move_agenda_item": ItemRoute("/agenda-items/{iid}/move", {"offset": "1"},
                                  location="/groups/{gid}/agenda#item-{iid}"),
}


def test_every_item_route_is_in_the_table(app):
    rules = [rule for rule in app.url_map.iter_rules()
             if "item_id" in rule.arguments and rule.endpoint.startswith("meetings.")]
    assert {rule.endpoint.removeprefix("meetings.") for rule in rules} == set(ITEM_ROUTES)
    for rule in rules:
        assert rule.methods - {"HEAD", "OPTIONS"} == {"POST"}


def call_item(client, club, name: str, iid: int):
    route = ITEM_ROUTES[name]
    data = {k.format(iid=iid): v.format(iid=iid) for k, v in route.data.items()}
    return client.post(route.path.format(iid=iid), data=data)


@pytest.fixture
def second(club, template) -> int:
    return template[1].id


@pytest.mark.parametrize("name", ITEM_ROUTES)
def test_item_routes_send_a_visitor_to_sign_in(club, second, client, name):
    before = stored_items(club.group.id)
    response = call_item(client, club, name, second)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [ITEM_ROUTES[name].path.format(iid=second)]
    assert stored_items(club.group.id) == before


@pytest.mark.parametrize("name", ITEM_ROUTES)
@pytest.mark.parametrize("who", ["outsider", "former member"])
def test_item_routes_show_nothing_outside_the_group(club, second, client, auth, name, who):
    if who == "former member":
        membership = MembershipFactory(group=club.group, role=Role.FACILITATOR)
        membership.left_at = utcnow()
        db.session.commit()
        auth.login(membership.user)
    else:
        auth.login(club.outsider)
    before = stored_items(club.group.id)
    response = call_item(client, club, name, second)
    assert response.status_code == 404
    assert "Riverside Partners" not in text(response)
    assert "Welcome" not in text(response)
    assert stored_items(club.group.id) == before


@pytest.mark.parametrize("name", ITEM_ROUTES)
def test_item_routes_are_forbidden_to_members(club, second, client, auth, name):
    auth.login(club.member)
    before = stored_items(club.group.id)
    assert call_item(client, club, name, second).status_code == 403
    assert stored_items(club.group.id) == before


@pytest.mark.parametrize("name", ITEM_ROUTES)
def test_item_routes_are_a_facilitators(club, second, client, auth, name):
    auth.login(club.facilitator)
    before = stored_items(club.group.id)
    response = call_item(client, club, name, second)
    assert response.status_code == 303
    assert response.headers["Location"] == ITEM_ROUTES[name].location.format(
        gid=club.group.id, iid=second)
    assert stored_items(club.group.id) != before


@pytest.mark.parametrize("name", ITEM_ROUTES)
@pytest.mark.parametrize("who", ["outsider", "member", "facilitator"])
def test_an_unknown_item_is_404_for_everyone_signed_in(club, template, client, auth, name,
                                                       who):
    auth.login(getattr(club, who))
    assert call_item(client, club, name, MISSING).status_code == 404


def test_a_meeting_items_routes_lead_back_to_the_meeting(stored_club, template, client, auth):
    club = stored_club
    row = meeting(club.group, club.days[0])
    copy = ensure_meeting_agenda(meeting=row)
    db.session.commit()
    auth.login(club.facilitator)
    response = client.post(f"/agenda-items/{copy[0].id}/move", data={"offset": "1"})
    assert response.headers["Location"] == f"/meetings/{row.id}/agenda#item-{copy[0].id}"
