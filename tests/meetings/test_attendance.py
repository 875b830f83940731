"""Attendance and visitors, the domain: who is listed, checking in (the window, on time or
late, twice), a facilitator setting and correcting statuses, substitutes, visitors and their
hosts, and what is refused (nothing is saved then).

Riverside Partners (the `world` fixture, Europe/London) meets on Tuesday 7 October 2025 at
07:00 local time, which is 06:00 UTC (summer time), for 90 minutes. Tom Becker runs it; Maria
Lopez, aisha Rahman (lower-case on purpose: names sort by casefold) and Ben Okafor are members.
Every time below is written in UTC, with the local time beside it where it shows.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.meetings.attendance import (
    AttendanceCounts,
    AttendanceRow,
    VisitorRow,
    add_visitor,
    check_in,
    check_in_refusal,
    count_attendance,
    get_visitor_for,
    list_attendance,
    list_visitors,
    present_members,
    record_attendance,
    remove_visitor,
)
from partnernet.meetings.services import MeetingError
from partnernet.models import Attendance, Group, Meeting, Membership, User, Visitor
from partnernet.models.base import utcnow
from tests.factories import MembershipFactory, UserFactory, fill_profile


def utc(hour: int, minute: int = 0, second: int = 0, day: int = 7) -> datetime:
    return datetime(2025, 10, day, hour, minute, second, tzinfo=UTC)


START = utc(6)  # 07:00 in London


@dataclass
class Cast:
    group: Group
    tom: User  # facilitator
    maria: User
    aisha: User
    ben: User
    outsider: User  # leads another group
    meeting: Meeting


def make_cast(world, starts_at: datetime = START) -> Cast:
    """The cast above, their businesses on their profiles (Ben has no profile)."""
    world.facilitator.name, world.member.name = "Tom Becker", "Maria Lopez"
    db.session.commit()
    fill_profile(world.facilitator, business_name="Becker Accounts")
    fill_profile(world.member, business_name="Lopez Plumbing")
    aisha = MembershipFactory(group=world.group, user=UserFactory(
        name="aisha Rahman", profile=None)).user
    fill_profile(aisha, business_name="Rahman Law")
    ben = MembershipFactory(group=world.group, user=UserFactory(name="Ben Okafor",
                                                                 profile=None)).user
    meeting = Meeting(group_id=world.group.id, kind="extra", occurrence=None,
                      starts_at=starts_at, duration_minutes=90)
    db.session.add(meeting)
    db.session.commit()
    return Cast(world.group, world.facilitator, world.member, aisha, ben, world.outsider,
                meeting)


@pytest.fixture
def cast(world) -> Cast:
    return make_cast(world)


def records(meeting: Meeting) -> list[tuple]:
    """The meeting's attendance as stored: (member, status, substitute, recorded at, by)."""
    db.session.expire_all()
    return db.session.execute(
        sa.select(Attendance.user_id, Attendance.status, Attendance.substitute_name,
                  Attendance.recorded_at, Attendance.recorded_by_id)
        .where(Attendance.meeting_id == meeting.id).order_by(Attendance.user_id)).all()


def visitors_stored(meeting: Meeting) -> list[tuple]:
    db.session.expire_all()
    return db.session.execute(
        sa.select(Visitor.name, Visitor.business, Visitor.email, Visitor.invited_by_id)
        .where(Visitor.meeting_id == meeting.id).order_by(Visitor.id)).all()


def refused(error: type[Exception], call, *args, **kwargs):
    """The call is refused with `error`, and the session rolled back as a view would."""
    with pytest.raises(error) as info:
        call(*args, **kwargs)
    db.session.rollback()
    return info.value


def attendance_of(c: Cast) -> list[AttendanceRow]:
    return list_attendance(meeting_id=c.meeting.id, group_id=c.group.id)


# --- Reading ----------------------------------------------------------------------------------


def test_every_current_member_is_listed_by_name_with_their_business(cast):
    rows = attendance_of(cast)

    assert rows == [
        AttendanceRow(cast.aisha.id, "aisha Rahman", "Rahman Law", None, "", None),
        AttendanceRow(cast.ben.id, "Ben Okafor", "", None, "", None),
        AttendanceRow(cast.maria.id, "Maria Lopez", "Lopez Plumbing", None, "", None),
        AttendanceRow(cast.tom.id, "Tom Becker", "Becker Accounts", None, "", None),
    ]
    assert count_attendance(rows, []) == AttendanceCounts(
        members=4, here=0, present=0, late=0, substitute=0, absent=0, medical=0,
        not_recorded=4, visitors=0)


def test_a_former_member_is_listed_only_with_a_record_and_outsiders_never(cast):
    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.ben.id,
                      status="medical", now=utc(6, 10))
    other = Meeting(group_id=cast.group.id, kind="extra", occurrence=None,
                    starts_at=START + timedelta(days=7), duration_minutes=90)
    db.session.add(other)
    db.session.commit()
    record_attendance(meeting=other, actor=cast.tom, member_id=cast.aisha.id, status="absent",
                      now=utc(6, 10))
    for user in (cast.ben, cast.aisha):
        db.session.scalar(sa.select(Membership).where(
            Membership.group_id == cast.group.id, Membership.user_id == user.id)
        ).left_at = utcnow()
    db.session.commit()

    rows = attendance_of(cast)

    # Ben left but was recorded at this meeting; aisha left and was recorded at another one.
    assert [(r.name, r.status, r.current) for r in rows] == [
        ("Ben Okafor", "medical", False), ("Maria Lopez", None, True),
        ("Tom Becker", None, True)]
    # Counts are of current members: Ben's record is history.
    counts = count_attendance(rows, [])
    assert (counts.members, counts.medical, counts.not_recorded) == (2, 0, 2)


def test_present_members_are_in_the_order_they_arrived_substitutes_included(cast):
    m = cast.meeting
    check_in(meeting=m, actor=cast.maria, now=utc(6, 2))
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.ben.id, status="substitute",
                      substitute_name="Sam Stand-in", now=utc(5, 40))
    check_in(meeting=m, actor=cast.tom, member_id=cast.aisha.id, now=utc(6, 2))
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.tom.id, status="absent",
                      now=utc(5, 30))
    db.session.commit()

    here = present_members(meeting_id=m.id, group_id=cast.group.id)

    # Ben's substitute came first; aisha and Maria arrived at the same minute: by name.
    assert [(r.name, r.status, r.substitute_name, r.recorded_at) for r in here] == [
        ("Ben Okafor", "substitute", "Sam Stand-in", utc(5, 40)),
        ("aisha Rahman", "present", "", utc(6, 2)),
        ("Maria Lopez", "present", "", utc(6, 2)),
    ]
    assert count_attendance(attendance_of(cast), []) == AttendanceCounts(
        members=4, here=3, present=2, late=0, substitute=1, absent=1, medical=0,
        not_recorded=0, visitors=0)


# --- Checking in ------------------------------------------------------------------------------


@pytest.mark.parametrize(("now", "status"), [
    (utc(5, 0), "present"),  # 06:00 local: check-in has just opened
    (utc(6, 5), "present"),  # five minutes after the start: still on time
    (utc(6, 5, 1), "late"),
    (utc(7, 29, 59), "late"),  # the last second of the planned meeting
])
def test_a_member_checks_herself_in_on_time_or_late(cast, now, status):
    record = check_in(meeting=cast.meeting, actor=cast.maria, now=now)
    db.session.commit()

    assert (record.status, record.recorded_at) == (status, now)
    assert records(cast.meeting) == [(cast.maria.id, status, "", now, cast.maria.id)]


@pytest.mark.parametrize(("starts_at", "now", "message"), [
    (START, utc(4, 59, 59),
     "Check-in opens an hour before the meeting starts, at 06:00."),
    # Four weeks on the clocks have gone back: 06:00 UTC is 06:00 in London.
    (START + timedelta(days=28), utc(6),
     "Check-in opens an hour before the meeting starts, at 05:00 on Tuesday 4 November."),
    (START, utc(7, 30), "This meeting has ended; a facilitator can still correct its "
                        "attendance."),
])
def test_check_in_is_open_from_an_hour_before_until_the_end(world, starts_at, now, message):
    c = make_cast(world, starts_at)

    for actor, member_id in ((c.maria, None), (c.tom, c.ben.id)):
        error = refused(MeetingError, check_in, meeting=c.meeting, actor=actor,
                        member_id=member_id, now=now)
        assert (error.message, error.field) == (message, "status")
    assert records(c.meeting) == []


def test_a_meeting_running_over_keeps_check_in_open_until_it_closes(cast):
    cast.meeting.status = "running"
    db.session.commit()

    assert check_in(meeting=cast.meeting, actor=cast.maria, now=utc(8)).status == "late"

    cast.meeting.status = "closed"
    db.session.commit()
    error = refused(MeetingError, check_in, meeting=cast.meeting, actor=cast.ben, now=utc(8))
    assert error.message == ("This meeting is over; a facilitator can still correct its "
                             "attendance.")


def test_nothing_is_recorded_for_a_cancelled_meeting(cast):
    cast.meeting.status = "cancelled"
    db.session.commit()
    message = "This meeting is cancelled: it has no attendance or visitors."

    assert refused(MeetingError, check_in, meeting=cast.meeting, actor=cast.maria,
                   now=utc(6)).message == message
    assert refused(MeetingError, record_attendance, meeting=cast.meeting, actor=cast.tom,
                   member_id=cast.maria.id, status="absent").message == message
    assert refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.tom,
                   name="Vera Visitor").message == message
    assert check_in_refusal(cast.meeting, utc(6), "Europe/London") == \
        "This meeting is cancelled."
    assert records(cast.meeting) == [] and visitors_stored(cast.meeting) == []


def test_a_double_check_in_is_refused_with_the_time_of_the_first(cast):
    check_in(meeting=cast.meeting, actor=cast.maria, now=utc(6, 2))
    db.session.commit()

    mine = refused(Conflict, check_in, meeting=cast.meeting, actor=cast.maria, now=utc(6, 3))
    by_tom = refused(Conflict, check_in, meeting=cast.meeting, actor=cast.tom,
                     member_id=cast.maria.id, now=utc(6, 9))

    assert mine.message == "You are already checked in (07:02)."
    assert by_tom.message == "Maria Lopez is already checked in (07:02)."
    assert records(cast.meeting) == [(cast.maria.id, "present", "", utc(6, 2), cast.maria.id)]


def test_someone_marked_absent_who_comes_after_all_is_checked_in(cast):
    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.maria.id,
                      status="substitute", substitute_name="Sam Stand-in", now=utc(4))
    db.session.commit()

    check_in(meeting=cast.meeting, actor=cast.maria, now=utc(6, 20))
    db.session.commit()

    assert records(cast.meeting) == [(cast.maria.id, "late", "", utc(6, 20), cast.maria.id)]


def test_a_facilitator_checks_in_anyone_a_member_only_herself(cast):
    check_in(meeting=cast.meeting, actor=cast.tom, member_id=cast.ben.id, now=utc(5, 55))
    db.session.commit()

    error = refused(PermissionDenied, check_in, meeting=cast.meeting, actor=cast.maria,
                    member_id=cast.aisha.id, now=utc(5, 55))
    assert error.message == "Only the group's facilitators can check in someone else."
    # Naming herself is checking herself in.
    check_in(meeting=cast.meeting, actor=cast.maria, member_id=cast.maria.id, now=utc(5, 56))
    db.session.commit()
    assert [r[:2] for r in records(cast.meeting)] == sorted(
        [(cast.maria.id, "present"), (cast.ben.id, "present")])


def test_attendance_is_for_current_members_only(cast):
    gone = MembershipFactory(group=cast.group, user=UserFactory(name="Gone Gary"))
    gone.left_at = utcnow()
    db.session.commit()
    message = ("Attendance is for the group's current members only; add a guest as a "
               "visitor.")

    for member_id in (cast.outsider.id, gone.user_id, 987654):
        assert refused(MeetingError, check_in, meeting=cast.meeting, actor=cast.tom,
                       member_id=member_id, now=utc(6)).message == message
        error = refused(MeetingError, record_attendance, meeting=cast.meeting, actor=cast.tom,
                        member_id=member_id, status="absent")
        assert (error.message, error.field) == (message, "member_id")
    # And someone outside the group can't check in at all.
    assert refused(PermissionDenied, check_in, meeting=cast.meeting, actor=cast.outsider,
                   now=utc(6)).message == "Only the group's members can do that."
    assert records(cast.meeting) == []


# --- A facilitator recording attendance -------------------------------------------------------


def test_a_facilitator_sets_and_corrects_statuses(cast):
    m = cast.meeting
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.maria.id, status="late",
                      now=utc(6, 12))
    db.session.commit()
    # A mistake: she was on time. The time she arrived stays.
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.maria.id, status="present",
                      now=utc(6, 30))
    # Ben sent apologies ahead, then turned up.
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.ben.id, status="absent",
                      now=utc(5, 0, day=6))
    record_attendance(meeting=m, actor=cast.tom, member_id=cast.ben.id, status="late",
                      now=utc(6, 31))
    db.session.commit()

    assert records(m) == sorted([(cast.maria.id, "present", "", utc(6, 12), cast.tom.id),
                                 (cast.ben.id, "late", "", utc(6, 31), cast.tom.id)])


def test_setting_the_same_status_again_changes_nothing(cast):
    m = cast.meeting
    check_in(meeting=m, actor=cast.maria, now=utc(6, 1))
    db.session.commit()

    record_attendance(meeting=m, actor=cast.tom, member_id=cast.maria.id, status="present",
                      now=utc(6, 40))
    db.session.commit()

    assert records(m) == [(cast.maria.id, "present", "", utc(6, 1), cast.maria.id)]


def test_attendance_can_be_corrected_after_the_meeting_closed(cast):
    cast.meeting.status = "closed"
    db.session.commit()

    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.aisha.id,
                      status="medical", now=utc(12, day=8))
    db.session.commit()

    assert records(cast.meeting) == [(cast.aisha.id, "medical", "", utc(12, day=8),
                                      cast.tom.id)]


def test_nobody_is_present_at_a_meeting_more_than_an_hour_away(cast):
    for status in ("present", "late"):
        error = refused(MeetingError, record_attendance, meeting=cast.meeting, actor=cast.tom,
                        member_id=cast.maria.id, status=status, now=utc(4, 59))
        assert error.message == ("Nobody has arrived yet: present and late can be recorded "
                                 "from an hour before the meeting starts.")
    # Apologies and substitutes can be recorded ahead.
    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.maria.id,
                      status="medical", now=utc(9, day=1))
    assert records(cast.meeting)[0][1] == "medical"


def test_only_facilitators_record_attendance(cast):
    error = refused(PermissionDenied, record_attendance, meeting=cast.meeting,
                    actor=cast.maria, member_id=cast.maria.id, status="present", now=utc(6))
    assert error.message == "Only the group's facilitators can record attendance."
    assert records(cast.meeting) == []


@pytest.mark.parametrize(("status", "name", "message", "field"), [
    ("substitute", "", "Enter the substitute's name.", "substitute_name"),
    ("substitute", "   \t ", "Enter the substitute's name.", "substitute_name"),
    ("present", "Sam Stand-in", "Only a substitute has a name here: choose Substitute, or "
                                "leave the name empty.", "substitute_name"),
    ("absent", "Sam", "Only a substitute has a name here: choose Substitute, or leave the "
                      "name empty.", "substitute_name"),
    ("substitute", "S" * 121, "Use at most 120 characters for the substitute's name.",
     "substitute_name"),
    ("substitute", "Sam\x00", "Use only printable characters for the substitute's name.",
     "substitute_name"),
    ("here", "", "Choose present, late, absent, medical or substitute.", "status"),
    ("", "", "Choose present, late, absent, medical or substitute.", "status"),
    (None, "", "Choose present, late, absent, medical or substitute.", "status"),
])
def test_a_bad_status_or_substitute_is_refused(cast, status, name, message, field):
    error = refused(MeetingError, record_attendance, meeting=cast.meeting, actor=cast.tom,
                    member_id=cast.maria.id, status=status, substitute_name=name, now=utc(6))

    assert (error.message, error.field) == (message, field)
    assert records(cast.meeting) == []


def test_a_substitutes_name_is_kept_as_typed_tidied(cast):
    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.maria.id,
                      status="substitute", substitute_name="  Zoë   <script>O'Brien</script> ",
                      now=utc(6))
    db.session.commit()
    record_attendance(meeting=cast.meeting, actor=cast.tom, member_id=cast.ben.id,
                      status="substitute", substitute_name="S" * 120, now=utc(6, 1))
    db.session.commit()

    assert [r[2] for r in records(cast.meeting)] == ["Zoë <script>O'Brien</script>",
                                                     "S" * 120]


# --- Visitors ---------------------------------------------------------------------------------


def test_a_facilitator_adds_visitors_with_or_without_a_host(cast):
    add_visitor(meeting=cast.meeting, actor=cast.tom, name=" Vera  Visitor ",
                business="Visitor Vans", email=" Vera@Example.COM ",
                invited_by_id=cast.maria.id)
    add_visitor(meeting=cast.meeting, actor=cast.tom, name="Walk-in Wendy")
    db.session.commit()

    assert list_visitors(meeting_id=cast.meeting.id) == [
        VisitorRow(visitors_id(cast, "Vera Visitor"), "Vera Visitor", "Visitor Vans",
                   "vera@example.com", cast.maria.id, "Maria Lopez"),
        VisitorRow(visitors_id(cast, "Walk-in Wendy"), "Walk-in Wendy", "", "", None, None),
    ]


def visitors_id(c: Cast, name: str) -> int:
    return db.session.scalar(sa.select(Visitor.id).where(Visitor.meeting_id == c.meeting.id,
                                                         Visitor.name == name))


def test_a_member_adds_her_own_guest(cast):
    add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest")
    add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gail Guest",
                invited_by_id=cast.maria.id)
    db.session.commit()

    assert [(v.name, v.invited_by_id) for v in list_visitors(meeting_id=cast.meeting.id)] == [
        ("Gil Guest", cast.maria.id), ("Gail Guest", cast.maria.id)]
    error = refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.maria,
                    name="Tim", invited_by_id=cast.ben.id)
    assert (error.message, error.field) == (
        "You can add your own guests; a facilitator can add another member's.",
        "invited_by_id")


@pytest.mark.parametrize(("fields", "message", "field"), [
    ({"name": ""}, "Enter the visitor's name.", "name"),
    ({"name": " \n "}, "Enter the visitor's name.", "name"),
    ({"name": "V" * 121}, "Use at most 120 characters for the visitor's name.", "name"),
    ({"business": "B" * 121}, "Use at most 120 characters for the visitor's business.",
     "business"),
    ({"email": "not-an-email"}, None, "email"),
    ({"email": "vera@"}, None, "email"),
    ({"email": "a" * 250 + "@example.com"}, "Use at most 254 characters for the email "
                                            "address.", "email"),
    ({"invited_by_id": 987654}, "Choose a current member of the group as the host.",
     "invited_by_id"),
])
def test_a_bad_visitor_is_refused_and_nothing_saved(cast, fields, message, field):
    data = {"name": "Vera Visitor", **fields}

    error = refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.tom, **data)

    assert error.field == field
    if message:
        assert error.message == message
    else:
        assert error.message.startswith("That is not a valid email address: ")
    assert visitors_stored(cast.meeting) == []


def test_the_host_must_be_a_current_member_of_this_group(cast):
    error = refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.tom,
                    name="Vera", invited_by_id=cast.outsider.id)
    assert error.field == "invited_by_id"
    assert visitors_stored(cast.meeting) == []


def test_the_same_visitor_email_twice_at_a_meeting_is_refused(cast):
    add_visitor(meeting=cast.meeting, actor=cast.tom, name="Vera Visitor",
                email="vera@example.com")
    db.session.commit()

    error = refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.maria,
                    name="Vera V.", email="VERA@example.com")

    assert (error.message, error.field) == (
        "Vera Visitor is already on this meeting's visitors with that email address.", "email")
    assert len(visitors_stored(cast.meeting)) == 1
    # At another meeting she is welcome again.
    other = Meeting(group_id=cast.group.id, kind="extra", occurrence=None,
                    starts_at=START + timedelta(days=7), duration_minutes=90)
    db.session.add(other)
    db.session.commit()
    add_visitor(meeting=other, actor=cast.tom, name="Vera Visitor", email="vera@example.com")


def test_after_the_meeting_closed_only_a_facilitator_adds_visitors(cast):
    cast.meeting.status = "closed"
    db.session.commit()

    error = refused(MeetingError, add_visitor, meeting=cast.meeting, actor=cast.maria,
                    name="Late Larry")
    assert error.message == "This meeting is over; ask a facilitator to add your guest."
    add_visitor(meeting=cast.meeting, actor=cast.tom, name="Late Larry")
    assert [v[0] for v in visitors_stored(cast.meeting)] == ["Late Larry"]


def test_visitors_are_removed_by_a_facilitator_or_their_host(cast):
    mine = add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest")
    toms = add_visitor(meeting=cast.meeting, actor=cast.tom, name="Walk-in Wendy")
    db.session.commit()

    error = refused(PermissionDenied, remove_visitor, visitor=toms, actor=cast.maria)
    assert error.message == ("Only a facilitator, or the member who invited them, can "
                             "remove a visitor.")
    refused(PermissionDenied, remove_visitor, visitor=mine, actor=cast.ben)
    remove_visitor(visitor=mine, actor=cast.maria)
    remove_visitor(visitor=toms, actor=cast.tom)
    db.session.commit()
    assert visitors_stored(cast.meeting) == []


def test_a_visitor_is_found_only_by_members_of_the_group(cast):
    guest = add_visitor(meeting=cast.meeting, actor=cast.maria, name="Gil Guest")
    db.session.commit()

    assert get_visitor_for(guest.id, cast.ben.id) == (guest, cast.meeting)
    assert get_visitor_for(guest.id, cast.outsider.id) is None
    assert get_visitor_for(987654, cast.ben.id) is None


# --- One row per member, never two --------------------------------------------------------


def test_any_sequence_of_check_ins_and_corrections_keeps_one_row_per_member(world):
    c = make_cast(world)
    members = [c.tom, c.maria, c.aisha, c.ben]
    times = st.integers(min_value=-60, max_value=89).map(lambda m: START + timedelta(minutes=m))

    class Roll(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            db.session.execute(sa.delete(Attendance).where(Attendance.meeting_id == c.meeting.id))
            db.session.commit()
            self.expected: dict[int, str] = {}

        @rule(who=st.sampled_from(members), by_tom=st.booleans(), now=times)
        def check_in(self, who, by_tom, now):
            before = self.expected.get(who.id)
            try:
                record = check_in(meeting=c.meeting, actor=c.tom if by_tom else who,
                                  member_id=who.id if by_tom else None, now=now)
            except Conflict:
                db.session.rollback()
                assert before in ("present", "late")
            else:
                db.session.commit()
                assert before not in ("present", "late")
                self.expected[who.id] = record.status

        @rule(who=st.sampled_from(members),
              status=st.sampled_from(["present", "late", "absent", "medical", "substitute"]),
              name=st.sampled_from(["", "Sam Stand-in"]), now=times)
        def record(self, who, status, name, now):
            try:
                record_attendance(meeting=c.meeting, actor=c.tom, member_id=who.id,
                                  status=status, substitute_name=name, now=now)
            except MeetingError:
                db.session.rollback()
                assert (status == "substitute") != bool(name)
            else:
                db.session.commit()
                self.expected[who.id] = status

        @invariant()
        def one_row_per_member(self):
            stored = records(c.meeting)
            assert len({r[0] for r in stored}) == len(stored)
            assert {r[0]: r[1] for r in stored} == self.expected
            assert all((status == "substitute") == bool(name) for _, status, name, *_ in stored)
            rows = attendance_of(c)
            assert sorted(r.member_id for r in rows) == sorted(u.id for u in members)

    run_state_machine_as_test(Roll, settings=settings(
        max_examples=15, stateful_step_count=12, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))

