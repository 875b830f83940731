"""Agendas, tested at the services and queries: the seeded template, a meeting's own copy,
adding, changing, removing and reordering items, and everything refused (with nothing saved).

Riverside Partners (the `club` fixture) meets weekly for 90 minutes; its facilitator changes
agendas, its member only reads them.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.meetings import agenda
from partnernet.meetings.agenda import (
    DEFAULT_AGENDA,
    AgendaItemRow,
    add_item,
    delete_item,
    ensure_meeting_agenda,
    ensure_template,
    list_agenda,
    move_item,
    reorder,
    update_item,
)
from partnernet.meetings.services import MeetingError
from partnernet.models import AgendaItem, Meeting
from partnernet.models.base import utcnow
from partnernet.models.meetings import AGENDA_ITEMS_MAX, MeetingStatus
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.conftest import meeting

DEFAULT_TITLES = ["Open networking", "Welcome", "Education moment",
                  "Members' 60-second presentations", "Visitor introductions",
                  "Featured presentation", "Referral and testimonial round",
                  "Thank-yous for closed business", "Announcements and close"]


def titles(group_id: int, meeting_id: int | None = None) -> list[str]:
    return [row.title for row in list_agenda(group_id=group_id, meeting_id=meeting_id)]


def stored_items(group_id: int) -> list[tuple]:
    """Every agenda row of the group, read fresh: to show a refusal changed nothing."""
    db.session.expire_all()
    return db.session.execute(
        sa.select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.position, AgendaItem.title,
                  AgendaItem.kind, AgendaItem.minutes, AgendaItem.owner_id)
        .where(AgendaItem.group_id == group_id).order_by(AgendaItem.id)).all()


def positions_are_contiguous(group_id: int) -> bool:
    rows = stored_items(group_id)
    by_agenda: dict = {}
    for row in rows:
        by_agenda.setdefault(row.meeting_id, []).append(row.position)
    return all(sorted(p) == list(range(len(p))) for p in by_agenda.values())


@pytest.fixture
def template(club):
    ensure_template(group=club.group)
    db.session.commit()
    return list_agenda(group_id=club.group.id)


@pytest.fixture
def next_meeting(stored_club) -> Meeting:
    return meeting(stored_club.group, stored_club.days[0])


# --- The template ---------------------------------------------------------------------------


def test_the_default_agenda_is_the_usual_meeting_in_ninety_minutes():
    assert [t for t, _, _ in DEFAULT_AGENDA] == DEFAULT_TITLES
    assert [m for _, _, m in DEFAULT_AGENDA] == [15, 2, 3, 25, 5, 10, 15, 10, 5]
    assert sum(m for _, _, m in DEFAULT_AGENDA) == 90
    assert [k for _, k, _ in DEFAULT_AGENDA] == [
        "networking", "welcome", "education", "presentations", "visitors", "featured",
        "referrals", "thanks", "announcements"]


def test_a_group_without_an_agenda_gets_the_default_once(club):
    assert list_agenda(group_id=club.group.id) == []

    ensure_template(group=club.group)
    ensure_template(group=club.group)  # idempotent
    db.session.commit()

    rows = list_agenda(group_id=club.group.id)
    assert [(r.position, r.title, r.kind, r.minutes, r.owner_id, r.owner_name) for r in rows] \
        == [(i, t, k, m, None, None) for i, (t, k, m) in enumerate(DEFAULT_AGENDA)]
    assert all(isinstance(r, AgendaItemRow) for r in rows)
    assert len(stored_items(club.group.id)) == 9


def test_another_groups_agenda_is_its_own(club, template):
    add_item(group=club.group, actor=club.facilitator, title="Guest", kind="other", minutes=5)
    db.session.commit()
    other = MembershipFactory(role="facilitator").group
    ensure_template(group=other)
    assert titles(other.id) == DEFAULT_TITLES
    assert titles(club.group.id) == [*DEFAULT_TITLES, "Guest"]


# --- Adding -----------------------------------------------------------------------------------


def test_a_facilitator_adds_an_item_at_the_end_with_an_owner(club, template):
    item = add_item(group=club.group, actor=club.facilitator, title="  Guest   speaker ",
                    kind="featured", minutes=12, owner_id=club.member.id)
    db.session.commit()

    rows = list_agenda(group_id=club.group.id)
    assert rows[-1] == AgendaItemRow(item.id, 9, "Guest speaker", "featured", 12,
                                     club.member.id, club.member.name)
    assert positions_are_contiguous(club.group.id)


def test_adding_to_a_group_without_a_template_seeds_it_first(club):
    add_item(group=club.group, actor=club.facilitator, title="Guest", kind="other", minutes=5)
    assert titles(club.group.id) == [*DEFAULT_TITLES, "Guest"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": ""}, "title", "Enter the title."),
    ({"title": "   "}, "title", "Enter the title."),
    ({"title": "x" * 121}, "title", "Use at most 120 characters for the title."),
    ({"title": "Tab\x00here"}, "title", "Use only printable characters for the title."),
    ({"kind": "party"}, "kind", "Choose what kind of item this is."),
    ({"kind": None}, "kind", "Choose what kind of item this is."),
    ({"minutes": 0}, "minutes", "An item takes at least 1 minute."),
    ({"minutes": -5}, "minutes", "An item takes at least 1 minute."),
    ({"minutes": 241}, "minutes",
     "An item takes at most 240 minutes (4 hours); split a longer one."),
    ({"minutes": None}, "minutes", "Enter how many minutes the item takes."),
    ({"minutes": True}, "minutes", "Enter how many minutes the item takes."),
    ({"owner_id": 987654}, "owner_id", "Choose a current member of the group, or nobody."),
])
def test_bad_items_are_refused_next_to_their_field(club, template, changes, field, message):
    before = stored_items(club.group.id)
    values = {"title": "Guest", "kind": "other", "minutes": 5, "owner_id": None, **changes}

    with pytest.raises(MeetingError) as refused:
        add_item(group=club.group, actor=club.facilitator, **values)

    assert (refused.value.field, refused.value.message) == (field, message)
    db.session.rollback()
    assert stored_items(club.group.id) == before


def test_the_edges_of_the_minutes_and_the_title_are_allowed(club, template):
    add_item(group=club.group, actor=club.facilitator, title="é" * 120, kind="other",
             minutes=1)
    add_item(group=club.group, actor=club.facilitator, title="<script>alert(1)</script> 🎉",
             kind="other", minutes=240)
    rows = list_agenda(group_id=club.group.id)
    assert [(r.title, r.minutes) for r in rows[-2:]] == [
        ("é" * 120, 1), ("<script>alert(1)</script> 🎉", 240)]


def test_the_owner_must_be_a_current_member_of_this_group(club, template):
    former = MembershipFactory(group=club.group)
    former.left_at = utcnow()
    db.session.commit()
    for owner in (former.user.id, club.outsider.id, UserFactory().id):
        with pytest.raises(MeetingError, match="current member"):
            add_item(group=club.group, actor=club.facilitator, title="Guest", kind="other",
                     minutes=5, owner_id=owner)


def test_an_agenda_holds_at_most_thirty_items(club, template):
    for n in range(AGENDA_ITEMS_MAX - len(DEFAULT_AGENDA)):
        add_item(group=club.group, actor=club.facilitator, title=f"Item {n}", kind="other",
                 minutes=1)
    db.session.commit()
    before = stored_items(club.group.id)
    assert len(before) == AGENDA_ITEMS_MAX

    with pytest.raises(MeetingError, match="at most 30 items") as refused:
        add_item(group=club.group, actor=club.facilitator, title="One more", kind="other",
                 minutes=1)
    assert refused.value.field is None
    db.session.rollback()
    assert stored_items(club.group.id) == before


def test_members_and_outsiders_may_not_change_an_agenda(club, template):
    item = db.session.get(AgendaItem, template[0].id)
    before = stored_items(club.group.id)
    former = MembershipFactory(group=club.group, role="facilitator")
    former.left_at = utcnow()
    db.session.commit()
    for actor in (club.member, club.outsider, former.user):
        with pytest.raises(PermissionDenied,
                           match=r"Only the group.s facilitators can change the agenda\."):
            add_item(group=club.group, actor=actor, title="X", kind="other", minutes=5)
        with pytest.raises(PermissionDenied):
            update_item(item=item, actor=actor, minutes=3)
        with pytest.raises(PermissionDenied):
            delete_item(item=item, actor=actor)
        with pytest.raises(PermissionDenied):
            move_item(item=item, actor=actor, offset=1)
        with pytest.raises(PermissionDenied):
            reorder(group=club.group, actor=actor, item_ids=[r.id for r in template][::-1])
        db.session.rollback()
    assert stored_items(club.group.id) == before


# --- Changing and removing --------------------------------------------------------------------


def test_a_facilitator_changes_an_item(club, template):
    item = db.session.get(AgendaItem, template[3].id)
    update_item(item=item, actor=club.facilitator, title="Sixty seconds each", kind="other",
                minutes=28, owner_id=club.member.id)
    db.session.commit()

    row = list_agenda(group_id=club.group.id)[3]
    assert row == AgendaItemRow(item.id, 3, "Sixty seconds each", "other", 28, club.member.id,
                                club.member.name)
    # Only what is given changes; the owner goes back to nobody.
    update_item(item=item, actor=club.facilitator, owner_id=None)
    update_item(item=item, actor=club.facilitator, minutes=30)
    row = list_agenda(group_id=club.group.id)[3]
    assert (row.title, row.kind, row.minutes, row.owner_id) == \
        ("Sixty seconds each", "other", 30, None)


def test_an_owner_who_left_may_stay_on_their_item_but_not_be_chosen_again(club, template):
    leaver = MembershipFactory(group=club.group)
    item = db.session.get(AgendaItem, template[2].id)
    update_item(item=item, actor=club.facilitator, owner_id=leaver.user.id)
    leaver.left_at = utcnow()
    db.session.commit()

    update_item(item=item, actor=club.facilitator, owner_id=leaver.user.id, minutes=4)
    assert list_agenda(group_id=club.group.id)[2].owner_name == leaver.user.name
    update_item(item=item, actor=club.facilitator, owner_id=None)
    with pytest.raises(MeetingError, match="current member"):
        update_item(item=item, actor=club.facilitator, owner_id=leaver.user.id)


def test_a_refused_change_changes_nothing(club, template):
    item = db.session.get(AgendaItem, template[0].id)
    before = stored_items(club.group.id)
    with pytest.raises(MeetingError) as refused:
        update_item(item=item, actor=club.facilitator, title="Fine", minutes=241)
    assert refused.value.field == "minutes"
    db.session.rollback()
    assert stored_items(club.group.id) == before


def test_removing_an_item_closes_the_gap(club, template):
    item = db.session.get(AgendaItem, template[1].id)
    delete_item(item=item, actor=club.facilitator)
    db.session.commit()

    rows = list_agenda(group_id=club.group.id)
    assert [r.title for r in rows] == DEFAULT_TITLES[:1] + DEFAULT_TITLES[2:]
    assert [r.position for r in rows] == list(range(8))


def test_the_last_item_stays(club, template):
    for row in template[1:]:
        delete_item(item=db.session.get(AgendaItem, row.id), actor=club.facilitator)
    db.session.commit()
    with pytest.raises(MeetingError, match="at least one item"):
        delete_item(item=db.session.get(AgendaItem, template[0].id), actor=club.facilitator)
    db.session.rollback()
    assert titles(club.group.id) == ["Open networking"]
    # So the group never falls back to the default.
    ensure_template(group=club.group)
    assert titles(club.group.id) == ["Open networking"]


# --- Reordering -------------------------------------------------------------------------------


def test_moving_up_and_down_swaps_with_the_neighbour(club, template):
    welcome = db.session.get(AgendaItem, template[1].id)
    move_item(item=welcome, actor=club.facilitator, offset=-1)
    assert titles(club.group.id)[:3] == ["Welcome", "Open networking", "Education moment"]
    move_item(item=welcome, actor=club.facilitator, offset=1)
    move_item(item=welcome, actor=club.facilitator, offset=1)
    assert titles(club.group.id)[:3] == ["Open networking", "Education moment", "Welcome"]
    assert positions_are_contiguous(club.group.id)


@pytest.mark.parametrize(("index", "offset", "message"), [
    (0, -1, "This item is already first."),
    (8, 1, "This item is already last."),
    (3, 2, "Move an item one place up or down."),
    (3, 0, "Move an item one place up or down."),
    (3, None, "Move an item one place up or down."),
])
def test_moves_off_the_ends_or_by_more_than_one_are_refused(club, template, index, offset,
                                                            message):
    before = stored_items(club.group.id)
    with pytest.raises(MeetingError) as refused:
        move_item(item=db.session.get(AgendaItem, template[index].id), actor=club.facilitator,
                  offset=offset)
    assert (refused.value.field, refused.value.message) == ("offset", message)
    db.session.rollback()
    assert stored_items(club.group.id) == before


def test_a_reorder_puts_every_item_where_it_is_named(club, template):
    ids = [r.id for r in template]
    wanted = [ids[8], *ids[1:8], ids[0]]
    rows = reorder(group=club.group, actor=club.facilitator, item_ids=wanted)
    db.session.commit()
    assert [r.id for r in rows] == wanted
    assert [r.id for r in list_agenda(group_id=club.group.id)] == wanted
    assert [r.position for r in rows] == list(range(9))


@pytest.mark.parametrize("mangle", [
    lambda ids: ids[:-1],  # one missing
    lambda ids: [*ids, ids[0]],  # one twice
    lambda ids: [*ids[:-1], ids[0]],  # one twice, one missing
    lambda ids: [*ids[:-1], 987654],  # an unknown id
    lambda ids: [],
    lambda ids: None,
    lambda ids: [str(i) for i in ids],
])
def test_a_reorder_must_name_exactly_the_current_items(club, template, mangle):
    before = stored_items(club.group.id)
    with pytest.raises(MeetingError) as refused:
        reorder(group=club.group, actor=club.facilitator,
                item_ids=mangle([r.id for r in template]))
    assert refused.value.field == "item_ids"
    db.session.rollback()
    assert stored_items(club.group.id) == before


def test_a_reorder_may_not_name_another_agendas_items(club, template, next_meeting):
    copy = ensure_meeting_agenda(meeting=next_meeting)
    db.session.commit()
    with pytest.raises(MeetingError):
        reorder(group=club.group, actor=club.facilitator, item_ids=[r.id for r in copy])
    other = MembershipFactory(role="facilitator")
    ensure_template(group=other.group)
    theirs = [r.id for r in list_agenda(group_id=other.group.id)]
    with pytest.raises(MeetingError):
        reorder(group=club.group, actor=club.facilitator, item_ids=theirs)


# --- A meeting's own copy ---------------------------------------------------------------------


def test_a_meeting_reads_the_template_until_it_has_its_own_copy(club, template, next_meeting):
    assert list_agenda(group_id=club.group.id, meeting_id=next_meeting.id) == template
    assert not agenda.has_own_agenda(next_meeting.id)

    copy = ensure_meeting_agenda(meeting=next_meeting)
    db.session.commit()

    assert agenda.has_own_agenda(next_meeting.id)
    assert [(r.position, r.title, r.kind, r.minutes) for r in copy] == \
        [(r.position, r.title, r.kind, r.minutes) for r in template]
    assert not {r.id for r in copy} & {r.id for r in template}
    assert ensure_meeting_agenda(meeting=next_meeting) == copy  # made once
    assert len(stored_items(club.group.id)) == 18


def test_a_meeting_copy_seeds_the_template_first(stored_club):
    club = stored_club
    row = meeting(club.group, club.days[0])
    copy = ensure_meeting_agenda(meeting=row)
    assert [r.title for r in copy] == DEFAULT_TITLES
    assert titles(club.group.id) == DEFAULT_TITLES
    assert len(stored_items(club.group.id)) == 18


def test_the_copy_keeps_owners_and_changes_apart_from_the_template(club, template,
                                                                   next_meeting):
    update_item(item=db.session.get(AgendaItem, template[5].id), actor=club.facilitator,
                owner_id=club.member.id)
    copy = ensure_meeting_agenda(meeting=next_meeting)
    assert copy[5].owner_id == club.member.id

    # Changing the meeting's copy leaves the template alone, and the other way round.
    update_item(item=db.session.get(AgendaItem, copy[0].id), actor=club.facilitator,
                minutes=20)
    add_item(group=club.group, meeting=next_meeting, actor=club.facilitator, title="Birthday",
             kind="other", minutes=3)
    move_item(item=db.session.get(AgendaItem, copy[1].id), actor=club.facilitator, offset=-1)
    update_item(item=db.session.get(AgendaItem, template[8].id), actor=club.facilitator,
                title="Close")
    db.session.commit()

    assert titles(club.group.id) == [*DEFAULT_TITLES[:8], "Close"]
    assert list_agenda(group_id=club.group.id)[0].minutes == 15
    mine = list_agenda(group_id=club.group.id, meeting_id=next_meeting.id)
    assert [r.title for r in mine] == \
        ["Welcome", "Open networking", *DEFAULT_TITLES[2:], "Birthday"]
    assert mine[1].minutes == 20
    # Another meeting still follows the template.
    later = meeting(club.group, club.days[1])
    assert titles(club.group.id, later.id) == [*DEFAULT_TITLES[:8], "Close"]


def test_adding_to_a_meeting_without_a_copy_makes_the_copy_first(club, template, next_meeting):
    add_item(group=club.group, meeting=next_meeting, actor=club.facilitator, title="Guest",
             kind="other", minutes=5)
    assert titles(club.group.id, next_meeting.id) == [*DEFAULT_TITLES, "Guest"]
    assert titles(club.group.id) == DEFAULT_TITLES


def test_reordering_a_meeting_without_a_copy_names_the_templates_items(club, template,
                                                                      next_meeting):
    ids = [r.id for r in template]
    rows = reorder(group=club.group, meeting=next_meeting, actor=club.facilitator,
                   item_ids=[ids[2], ids[0], ids[1], *ids[3:]])
    db.session.commit()
    assert [r.title for r in rows] == \
        ["Education moment", "Open networking", "Welcome", *DEFAULT_TITLES[3:]]
    assert not {r.id for r in rows} & set(ids)
    assert titles(club.group.id) == DEFAULT_TITLES


def test_a_closed_meetings_agenda_stays_as_it_was_run(club, template, next_meeting):
    copy = ensure_meeting_agenda(meeting=next_meeting)
    next_meeting.status = MeetingStatus.CLOSED
    db.session.commit()
    before = stored_items(club.group.id)
    item = db.session.get(AgendaItem, copy[1].id)
    attempts = [
        lambda: add_item(group=club.group, meeting=next_meeting, actor=club.facilitator,
                         title="Late", kind="other", minutes=5),
        lambda: update_item(item=item, actor=club.facilitator, minutes=3),
        lambda: delete_item(item=item, actor=club.facilitator),
        lambda: move_item(item=item, actor=club.facilitator, offset=1),
        lambda: reorder(group=club.group, meeting=next_meeting, actor=club.facilitator,
                        item_ids=[r.id for r in copy][::-1]),
    ]
    for attempt in attempts:
        with pytest.raises(MeetingError, match="closed") as refused:
            attempt()
        assert refused.value.field == "status"
        db.session.rollback()
    assert stored_items(club.group.id) == before


def test_a_cancelled_meetings_agenda_can_still_change(club, template, next_meeting):
    next_meeting.status = MeetingStatus.CANCELLED
    db.session.commit()
    add_item(group=club.group, meeting=next_meeting, actor=club.facilitator, title="Guest",
             kind="other", minutes=5)
    assert titles(club.group.id, next_meeting.id)[-1] == "Guest"


def test_a_running_meeting_keeps_the_same_item_on_screen(club, template, next_meeting):
    copy = ensure_meeting_agenda(meeting=next_meeting)
    next_meeting.status = MeetingStatus.RUNNING
    next_meeting.started_at = next_meeting.item_started_at = utcnow() - timedelta(minutes=20)
    next_meeting.current_item = 3  # the presentations
    db.session.commit()
    on_screen = copy[3].id

    def screen() -> int:
        db.session.refresh(next_meeting)
        return list_agenda(group_id=club.group.id,
                           meeting_id=next_meeting.id)[next_meeting.current_item].id

    delete_item(item=db.session.get(AgendaItem, copy[0].id), actor=club.facilitator)
    assert (next_meeting.current_item, screen()) == (2, on_screen)
    move_item(item=db.session.get(AgendaItem, copy[5].id), actor=club.facilitator, offset=-1)
    move_item(item=db.session.get(AgendaItem, copy[5].id), actor=club.facilitator, offset=-1)
    assert (next_meeting.current_item, screen()) == (3, on_screen)
    ids = [r.id for r in list_agenda(group_id=club.group.id, meeting_id=next_meeting.id)]
    reorder(group=club.group, meeting=next_meeting, actor=club.facilitator, item_ids=ids[::-1])
    assert (next_meeting.current_item, screen()) == (len(ids) - 1 - 3, on_screen)
    # The item on screen itself can't be removed.
    with pytest.raises(MeetingError, match="on screen"):
        delete_item(item=db.session.get(AgendaItem, on_screen), actor=club.facilitator)
