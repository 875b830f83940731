"""Running a meeting (partnernet.meetings.run): starting, stepping through the agenda and the
60-second round, closing; the clocks against the plan, the live tally, and slips passed in the
round tagged with the meeting. Times are hand-computed from the meeting's start.

The club (tests/meetings/conftest.py) meets three days from today, 07:00 in London, for 90
minutes; its default agenda is 15 + 2 + 3 + 25 + 5 + 10 + 15 + 10 + 5 = 90 minutes.
"""

from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.meetings import run
from partnernet.meetings.agenda import list_agenda
from partnernet.meetings.attendance import check_in, list_attendance, record_attendance
from partnernet.meetings.services import MeetingError, add_meeting, cancel_meeting
from partnernet.models import AgendaItem, Meeting, Referral
from partnernet.models.meetings import MeetingStatus
from partnernet.models.referrals import Status
from partnernet.referrals.services import Prospect, Slip, pass_referral
from tests import factories
from tests.factories import MembershipFactory
from tests.ledger.conftest import counting
from tests.meetings.conftest import meeting

MINUTE = timedelta(minutes=1)


@pytest.fixture
def first(stored_club) -> Meeting:
    return meeting(stored_club.group, stored_club.days[0])


def started(club, row: Meeting, *, at=None) -> Meeting:
    run.start_meeting(meeting=row, actor=club.facilitator, now=at or row.starts_at)
    db.session.commit()
    return row


def snapshot(row: Meeting) -> tuple:
    db.session.expire_all()
    fresh = db.session.get(Meeting, row.id)
    items = db.session.scalar(sa.select(sa.func.count(AgendaItem.id))
                              .where(AgendaItem.meeting_id == row.id))
    return (fresh.status, fresh.started_at, fresh.current_item, fresh.item_started_at,
            fresh.speaker_index, fresh.closed_at, fresh.version, items)


# --- Starting ---------------------------------------------------------------------------------


def test_starting_copies_the_agenda_and_opens_the_first_item(stored_club, first):
    at = first.starts_at - 10 * MINUTE
    version = first.version
    run.start_meeting(meeting=first, actor=stored_club.facilitator, now=at, version=version)
    db.session.commit()

    assert first.status == MeetingStatus.RUNNING
    assert first.started_at == at
    assert (first.current_item, first.item_started_at) == (0, at)
    assert first.version == version + 1
    items = list_agenda(group_id=first.group_id, meeting_id=first.id)
    assert [i.minutes for i in items] == [15, 2, 3, 25, 5, 10, 15, 10, 5]
    own = db.session.scalar(sa.select(sa.func.count(AgendaItem.id))
                            .where(AgendaItem.meeting_id == first.id))
    assert own == 9


@pytest.mark.parametrize("offset, message", [
    (-121, "can be started from two hours before it begins"),
    (12 * 60 + 1, "day has passed"),
])
def test_a_meeting_starts_only_around_its_time(stored_club, first, offset, message):
    before = snapshot(first)
    with pytest.raises(MeetingError, match=message):
        run.start_meeting(meeting=first, actor=stored_club.facilitator,
                          now=first.starts_at + offset * MINUTE)
    db.session.rollback()
    assert snapshot(first) == before


def test_the_edges_of_the_window_are_allowed(stored_club, first):
    second = meeting(stored_club.group, stored_club.days[1])
    run.start_meeting(meeting=first, actor=stored_club.facilitator,
                      now=first.starts_at - 120 * MINUTE)
    run.close_meeting(meeting=first, actor=stored_club.facilitator, now=first.starts_at)
    run.start_meeting(meeting=second, actor=stored_club.facilitator,
                      now=second.starts_at + 12 * 60 * MINUTE)
    assert second.status == MeetingStatus.RUNNING


def test_refusals_change_nothing(stored_club, first):
    club = stored_club
    second = meeting(club.group, club.days[1])
    cancel_meeting(meeting=second, actor=club.facilitator)
    db.session.commit()
    before = snapshot(second)
    with pytest.raises(MeetingError, match="cancelled meeting can't be started"):
        run.start_meeting(meeting=second, actor=club.facilitator, now=second.starts_at)
    db.session.rollback()
    assert snapshot(second) == before

    before = snapshot(first)
    with pytest.raises(PermissionDenied):
        run.start_meeting(meeting=first, actor=club.member, now=first.starts_at)
    with pytest.raises(PermissionDenied):
        run.start_meeting(meeting=first, actor=club.outsider, now=first.starts_at)
    with pytest.raises(Conflict, match="moved on from another screen"):
        run.start_meeting(meeting=first, actor=club.facilitator, now=first.starts_at,
                          version=first.version - 1)
    db.session.rollback()
    assert snapshot(first) == before


def test_one_meeting_runs_at_a_time(stored_club, first):
    club = stored_club
    extra_day = club.days[0]
    started(club, first)
    with pytest.raises(MeetingError, match="already running"):
        run.start_meeting(meeting=first, actor=club.facilitator, now=first.starts_at)
    db.session.rollback()
    # An extra meeting the same morning can't start while the regular one runs.
    extra = add_meeting(group=club.group, actor=club.facilitator,
                        starts=datetime.combine(extra_day, time(8, 0)),
                        ends=datetime.combine(extra_day, time(9, 0)), today=club.today)
    db.session.commit()
    with pytest.raises(MeetingError, match="Another meeting of the group is running"):
        run.start_meeting(meeting=extra, actor=club.facilitator, now=extra.starts_at)


# --- Stepping ---------------------------------------------------------------------------------


def test_stepping_through_the_agenda_keeps_time_against_the_plan(stored_club, first):
    club = stored_club
    t0 = first.starts_at
    started(club, first, at=t0)

    state = run.run_state(meeting=first, now=t0 + 5 * MINUTE)
    assert state.current.title == "Open networking"
    assert state.item_ends_at == t0 + 15 * MINUTE
    assert (state.planned_elapsed, state.elapsed_seconds, state.behind_minutes) == (15, 300, 0)
    assert state.next_item.title == "Welcome"
    assert state.planned_minutes == 90

    # The presentations (item 3) begin 22 minutes in; the plan had them at 15 + 2 + 3 = 20.
    run.go_to_item(meeting=first, actor=club.facilitator, position=3, now=t0 + 22 * MINUTE,
                   version=first.version)
    state = run.run_state(meeting=first, now=t0 + 30 * MINUTE)
    assert state.current.position == 3 and state.is_presentations
    assert state.item_ends_at == t0 + 47 * MINUTE
    assert (state.planned_elapsed, state.elapsed_seconds, state.behind_minutes) == (45, 1800, 2)

    # Back to the welcome, ahead of its planned 15th minute? No: 31 minutes in, 16 late.
    run.go_to_item(meeting=first, actor=club.facilitator, position=1, now=t0 + 31 * MINUTE)
    assert run.run_state(meeting=first, now=t0 + 31 * MINUTE).behind_minutes == 16


def test_an_item_outside_the_agenda_or_a_stale_page_is_refused(stored_club, first):
    club = stored_club
    started(club, first)
    before = snapshot(first)
    for position in (-1, 9):
        with pytest.raises(MeetingError, match="no such item"):
            run.go_to_item(meeting=first, actor=club.facilitator, position=position,
                           now=first.starts_at)
    with pytest.raises(Conflict):
        run.go_to_item(meeting=first, actor=club.facilitator, position=1,
                       now=first.starts_at, version=first.version + 1)
    with pytest.raises(PermissionDenied):
        run.go_to_item(meeting=first, actor=club.member, position=1, now=first.starts_at)
    db.session.rollback()
    assert snapshot(first) == before


def test_the_sixty_second_round_cycles_through_the_members_present(stored_club, first):
    club = stored_club
    t0 = first.starts_at
    started(club, first, at=t0)
    for who in (club.facilitator, club.member):
        check_in(meeting=first, actor=who, now=t0)
    run.go_to_item(meeting=first, actor=club.facilitator, position=3, now=t0 + 20 * MINUTE)
    run.go_to_speaker(meeting=first, actor=club.facilitator, index=0, now=t0 + 21 * MINUTE)
    state = run.run_state(meeting=first, now=t0 + 21 * MINUTE)
    assert state.speaker_ends_at == t0 + 22 * MINUTE
    run.go_to_speaker(meeting=first, actor=club.facilitator, index=1, now=t0 + 22 * MINUTE)
    assert first.speaker_index == 1
    with pytest.raises(MeetingError, match="Everyone present has spoken"):
        run.go_to_speaker(meeting=first, actor=club.facilitator, index=2, now=t0 + 23 * MINUTE)
    with pytest.raises(MeetingError, match="first speaker"):
        run.go_to_speaker(meeting=first, actor=club.facilitator, index=-1, now=t0 + 23 * MINUTE)
    run.go_to_speaker(meeting=first, actor=club.facilitator, index=None, now=t0 + 23 * MINUTE)
    assert (first.speaker_index, first.speaker_started_at) == (None, None)
    # Moving to another item ends a round in progress.
    run.go_to_speaker(meeting=first, actor=club.facilitator, index=0, now=t0 + 24 * MINUTE)
    run.go_to_item(meeting=first, actor=club.facilitator, position=4, now=t0 + 25 * MINUTE)
    assert first.speaker_index is None


def test_steps_need_a_running_meeting(stored_club, first):
    club = stored_club
    for step in (
        lambda: run.go_to_item(meeting=first, actor=club.facilitator, position=1,
                               now=first.starts_at),
        lambda: run.go_to_speaker(meeting=first, actor=club.facilitator, index=0,
                                  now=first.starts_at),
        lambda: run.close_meeting(meeting=first, actor=club.facilitator, now=first.starts_at),
    ):
        with pytest.raises(MeetingError, match="isn't running"):
            step()


# --- Closing ----------------------------------------------------------------------------------


def test_closing_ends_the_run_and_cannot_be_repeated(stored_club, first):
    club = stored_club
    t0 = first.starts_at
    started(club, first, at=t0)
    run.close_meeting(meeting=first, actor=club.facilitator, now=t0 + 91 * MINUTE)
    db.session.commit()
    assert first.status == MeetingStatus.CLOSED
    assert first.closed_at == t0 + 91 * MINUTE
    assert (first.current_item, first.speaker_index) == (None, None)
    with pytest.raises(MeetingError, match="isn't running"):
        run.close_meeting(meeting=first, actor=club.facilitator, now=t0 + 92 * MINUTE)
    with pytest.raises(MeetingError, match="closed meeting can't be started"):
        run.start_meeting(meeting=first, actor=club.facilitator, now=t0 + 92 * MINUTE)


def test_closing_records_absent_whoever_was_not_recorded(stored_club, first):
    club = stored_club
    third = MembershipFactory(group=club.group, user__name="Tess Third").user
    former = MembershipFactory(group=club.group, user__name="Fay Former")
    former.left_at = first.starts_at - MINUTE
    t0 = first.starts_at
    started(club, first, at=t0)
    check_in(meeting=first, actor=club.member, now=t0)
    record_attendance(meeting=first, actor=club.facilitator, member_id=third.id,
                      status="medical")
    run.close_meeting(meeting=first, actor=club.facilitator, now=t0 + 90 * MINUTE)
    db.session.commit()

    rows = {row.name: (row.status, row.recorded_at) for row in
            list_attendance(meeting_id=first.id, group_id=club.group.id)}
    assert rows == {club.member.name: ("present", t0),
                    "Tess Third": ("medical", rows["Tess Third"][1]),
                    club.facilitator.name: ("absent", t0 + 90 * MINUTE)}


# --- The referral round and the tally ---------------------------------------------------------


def slip(receiver, name="Pat Prospect") -> Slip:
    return Slip(receiver_id=receiver.id, prospect=Prospect(name=name))


def test_slips_passed_while_the_meeting_runs_belong_to_it(stored_club, first):
    club = stored_club
    before = pass_referral(group=club.group, giver=club.member, slip=slip(club.facilitator))
    started(club, first)
    during = pass_referral(group=club.group, giver=club.member, slip=slip(club.facilitator,
                                                                          "Rae Round"))
    # An imported slip (with its own passed-at) never joins a round.
    imported = pass_referral(group=club.group, giver=club.facilitator, slip=slip(club.member),
                             passed_at=first.starts_at)
    run.close_meeting(meeting=first, actor=club.facilitator, now=first.starts_at + 90 * MINUTE)
    after = pass_referral(group=club.group, giver=club.member, slip=slip(club.facilitator,
                                                                         "Al After"))
    db.session.commit()
    assert [r.meeting_id for r in (before, during, imported, after)] == \
        [None, first.id, None, None]
    # Another group's meeting never collects this group's slips.
    assert db.session.scalar(sa.select(sa.func.count(Referral.id))
                             .where(Referral.meeting_id == first.id)) == 1


def test_the_tally_counts_the_round_and_what_was_recorded_during_the_meeting(stored_club,
                                                                             first):
    club = stored_club
    third = MembershipFactory(group=club.group, user__name="Tess Third").user
    t0 = first.starts_at
    started(club, first, at=t0)
    gave = [factories.referral(club.group, club.member, club.facilitator, meeting_id=first.id,
                               passed_at=t0 + n * MINUTE) for n in (1, 2)]
    factories.referral(club.group, third, club.member, meeting_id=first.id,
                       passed_at=t0 + 3 * MINUTE, status=Status.WITHDRAWN)
    earlier = factories.referral(club.group, third, club.facilitator,
                                 passed_at=t0 - 7 * 24 * 60 * MINUTE)
    # Closed business and a thank-you recorded while the meeting ran, and one before it.
    for amount, at in ((125_000, t0 + 4 * MINUTE), (50_000, t0 + 5 * MINUTE),
                       (9_900, t0 - MINUTE)):
        entry = factories.closed_business(earlier, amount)
        entry.created_at = at
    factories.thank_you(earlier).created_at = t0 + 6 * MINUTE
    db.session.commit()

    tally = run.meeting_tally(meeting=first, now=t0 + 10 * MINUTE)
    assert (tally.referrals, tally.closed_count, tally.closed_value, tally.thank_yous) == \
        (2, 2, 175_000, 1)
    assert [s.id for s in tally.recent] == [gave[1].id, gave[0].id]
    assert {(s.giver_name, s.receiver_name) for s in tally.recent} == \
        {(club.member.name, club.facilitator.name)}


def test_the_tally_reads_a_fixed_number_of_queries(stored_club, first):
    club = stored_club
    started(club, first)
    for n in range(12):
        factories.referral(club.group, club.member, club.facilitator, meeting_id=first.id,
                           passed_at=first.starts_at + n * MINUTE)
    now = first.starts_at + 20 * MINUTE
    with counting() as queries:
        tally = run.meeting_tally(meeting=first, now=now)
    assert tally.referrals == 12 and len(tally.recent) == run.RECENT_SLIPS
    assert len(queries) == 3
