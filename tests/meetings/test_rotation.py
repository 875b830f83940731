"""Speaker rotation, tested on the functions themselves: who presents at each meeting, by hand.

Riverside Partners (the `stored_club` fixture) meets weekly, its next twelve meetings stored,
the first three days from today. Three members take turns here: Ann, Ben and Cat (in that
order), so the twelve meetings are dealt A B C A B C A B C A B C unless a test says otherwise.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from partnernet.errors import PermissionDenied
from partnernet.extensions import db
from partnernet.meetings.rotation import (
    assign_presenters,
    get_rotation,
    list_presenters,
    redeal_presenters,
    set_presenter,
    set_rotation,
    swap_group_presenters,
    swap_presenters,
)
from partnernet.meetings.services import MeetingError, cancel_meeting, ensure_schedule
from partnernet.models import Meeting, Membership, RotationEntry, User
from partnernet.models.base import utcnow
from tests.factories import GroupFactory, MembershipFactory
from tests.meetings.conftest import Club, meeting, midnight


@dataclass
class Cast:
    club: Club
    ann: User
    ben: User
    cat: User

    @property
    def now(self):
        return midnight(self.club.group, self.club.today)

    def meetings(self) -> list[Meeting]:
        db.session.expire_all()
        return [meeting(self.club.group, day) for day in self.club.days]

    def presenters(self) -> list[str]:
        """Each stored coming meeting's presenter's initial ("-" for none, "x" cancelled)."""
        names = {u.id: u.name[0] for u in (self.ann, self.ben, self.cat, self.club.facilitator,
                                           self.club.member)}
        return ["x" if m.status == "cancelled" else names.get(m.presenter_id, "-")
                for m in self.meetings()]


@pytest.fixture
def cast(stored_club) -> Cast:
    group = stored_club.group
    people = [MembershipFactory(group=group, user__name=name).user
              for name in ("Ann Archer", "Ben Baker", "Cat Cooper")]
    db.session.commit()
    return Cast(stored_club, *people)


def dealt(cast: Cast, *people: User) -> Cast:
    set_rotation(group=cast.club.group, actor=cast.club.facilitator,
                 member_ids=[p.id for p in people])
    assign_presenters(group=cast.club.group, now=cast.now)
    db.session.commit()
    return cast


# --- Dealing -------------------------------------------------------------------------------


def test_every_coming_meeting_gets_the_next_member_in_turn(cast):
    set_rotation(group=cast.club.group, actor=cast.club.facilitator,
                 member_ids=[cast.ann.id, cast.ben.id, cast.cat.id])

    assert assign_presenters(group=cast.club.group, now=cast.now) == 12
    db.session.commit()

    assert "".join(cast.presenters()) == "ABCABCABCABC"


def test_dealing_again_changes_nothing(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    versions = [m.version for m in cast.meetings()]

    assert assign_presenters(group=cast.club.group, now=cast.now) == 0
    db.session.commit()

    assert "".join(cast.presenters()) == "ABCABCABCABC"
    assert [m.version for m in cast.meetings()] == versions


def test_without_a_rotation_nobody_presents(cast):
    assert assign_presenters(group=cast.club.group, now=cast.now) == 0
    assert "".join(cast.presenters()) == "------------"


def test_a_cancelled_meeting_is_skipped(cast):
    cancel_meeting(meeting=meeting(cast.club.group, cast.club.days[1]),
                   actor=cast.club.facilitator)
    dealt(cast, cast.ann, cast.ben, cast.cat)

    assert "".join(cast.presenters()) == "AxBCABCABCAB"


def test_the_rotation_carries_on_after_the_latest_presenter_of_a_past_meeting(cast):
    group = cast.club.group
    for weeks_ago, who in ((3, cast.ann), (2, cast.ben), (1, cast.cat)):
        db.session.add(Meeting(group_id=group.id, kind="extra",
                               starts_at=cast.now - timedelta(weeks=weeks_ago),
                               status="closed", presenter_id=who.id))
    # A later cancelled meeting's presenter doesn't count.
    db.session.add(Meeting(group_id=group.id, kind="extra",
                           starts_at=cast.now - timedelta(days=2), status="cancelled",
                           presenter_id=cast.ann.id))
    db.session.commit()

    dealt(cast, cast.ann, cast.ben, cast.cat)

    # Cat presented last, so Ann is next.
    assert "".join(cast.presenters()) == "ABCABCABCABC"
    db.session.execute(sa.update(Meeting).where(Meeting.group_id == group.id,
                                                Meeting.starts_at > cast.now)
                       .values(presenter_id=None))
    db.session.execute(sa.update(Meeting).where(Meeting.status == "closed",
                                                Meeting.presenter_id == cast.cat.id)
                       .values(presenter_id=cast.ben.id))
    db.session.commit()
    # Now Ben presented last (twice), so Cat is next.
    assert assign_presenters(group=group, now=cast.now) == 12
    assert "".join(cast.presenters()) == "CABCABCABCAB"


def test_a_past_presenter_no_longer_in_the_rotation_is_passed_over(cast):
    group = cast.club.group
    db.session.add(Meeting(group_id=group.id, kind="extra", status="closed",
                           starts_at=cast.now - timedelta(weeks=2), presenter_id=cast.ben.id))
    db.session.add(Meeting(group_id=group.id, kind="extra", status="closed",
                           starts_at=cast.now - timedelta(weeks=1),
                           presenter_id=cast.club.member.id))
    db.session.commit()

    dealt(cast, cast.ann, cast.ben, cast.cat)

    # The plain member (not in the rotation) presented last; before them, Ben.
    assert "".join(cast.presenters()) == "CABCABCABCAB"


def test_someone_who_left_is_skipped_and_their_meetings_dealt_again(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    membership = db.session.scalar(sa.select(Membership).where(
        Membership.user_id == cast.ben.id, Membership.group_id == cast.club.group.id))
    membership.left_at = utcnow()
    db.session.commit()

    assert [m.name for m in get_rotation(group_id=cast.club.group.id)] == \
        ["Ann Archer", "Cat Cooper"]
    # Ben's four meetings: each gets the member after the one before it.
    assert assign_presenters(group=cast.club.group, now=cast.now) == 4
    assert "".join(cast.presenters()) == "ACCACCACCACC"


def test_new_meetings_follow_on_from_the_last_one_dealt(cast):
    dealt(cast, cast.ann, cast.ben)
    group = cast.club.group
    # A week later the schedule reaches one meeting further.
    later = cast.now + timedelta(weeks=1)
    assert ensure_schedule(group=group, now=later) == 1
    assert assign_presenters(group=group, now=later) == 1
    db.session.commit()
    newest = db.session.scalar(sa.select(Meeting).where(Meeting.group_id == group.id)
                               .order_by(Meeting.starts_at.desc()).limit(1))
    # Twelve meetings ABAB…AB, so the thirteenth is Ann's.
    assert newest.presenter_id == cast.ann.id


def test_an_extra_meeting_gets_the_next_in_turn_and_the_others_keep_theirs(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    group = cast.club.group
    first = meeting(group, cast.club.days[0])
    db.session.add(Meeting(group_id=group.id, kind="extra",
                           starts_at=first.starts_at + timedelta(days=1)))
    db.session.commit()

    assert assign_presenters(group=group, now=cast.now) == 1
    extra = db.session.scalar(sa.select(Meeting).where(Meeting.group_id == group.id,
                                                       Meeting.kind == "extra"))
    # After Ann's meeting: Ben; the meetings already dealt keep theirs.
    assert extra.presenter_id == cast.ben.id
    assert "".join(cast.presenters()) == "ABCABCABCABC"


# --- Changing the order ------------------------------------------------------------------------


def test_moving_someone_keeps_the_presenters_already_dealt(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)

    set_rotation(group=cast.club.group, actor=cast.club.facilitator,
                 member_ids=[cast.cat.id, cast.ben.id, cast.ann.id])
    assert assign_presenters(group=cast.club.group, now=cast.now) == 0
    db.session.commit()

    assert [m.name for m in get_rotation(group_id=cast.club.group.id)] == \
        ["Cat Cooper", "Ben Baker", "Ann Archer"]
    assert [m.position for m in get_rotation(group_id=cast.club.group.id)] == [1, 2, 3]
    assert "".join(cast.presenters()) == "ABCABCABCABC"


def test_redealing_follows_the_new_order(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    set_rotation(group=cast.club.group, actor=cast.club.facilitator,
                 member_ids=[cast.cat.id, cast.ben.id, cast.ann.id])
    swap_presenters(first=meeting(cast.club.group, cast.club.days[0]),
                    second=meeting(cast.club.group, cast.club.days[5]),
                    actor=cast.club.facilitator)

    assert redeal_presenters(group=cast.club.group, actor=cast.club.facilitator,
                             now=cast.now) == 12
    db.session.commit()

    assert "".join(cast.presenters()) == "CBACBACBACBA"


def test_a_member_cannot_change_the_rotation(cast):
    with pytest.raises(PermissionDenied):
        set_rotation(group=cast.club.group, actor=cast.club.member, member_ids=[cast.ann.id])
    with pytest.raises(PermissionDenied):
        redeal_presenters(group=cast.club.group, actor=cast.club.member, now=cast.now)
    assert get_rotation(group_id=cast.club.group.id) == []


@pytest.mark.parametrize("who, message", [
    ("twice", "Each member can be in the rotation only once."),
    ("outsider", "Choose current members of the group."),
    ("missing", "Choose current members of the group."),
    ("former", "Choose current members of the group."),
])
def test_a_rotation_of_non_members_or_repeats_is_refused_whole(cast, who, message):
    dealt(cast, cast.ann, cast.ben)
    former = MembershipFactory(group=cast.club.group, user__name="Fay Former")
    former.left_at = utcnow()
    db.session.commit()
    extra = {"twice": cast.cat.id, "outsider": cast.club.outsider.id, "missing": 987654,
             "former": former.user.id}[who]

    with pytest.raises(MeetingError) as caught:
        set_rotation(group=cast.club.group, actor=cast.club.facilitator,
                     member_ids=[cast.cat.id, extra])
    db.session.rollback()

    assert (caught.value.message, caught.value.field) == (message, "member_ids")
    assert [m.name for m in get_rotation(group_id=cast.club.group.id)] == \
        ["Ann Archer", "Ben Baker"]


def test_an_emptied_rotation_leaves_the_dealt_meetings_alone(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    set_rotation(group=cast.club.group, actor=cast.club.facilitator, member_ids=[])
    db.session.commit()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(RotationEntry)) == 0
    assert "".join(cast.presenters()) == "ABCABCABCABC"


# --- Swaps and choosing by hand -------------------------------------------------------------


def test_two_meetings_swap_their_presenters(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    group = cast.club.group

    swap_presenters(first=meeting(group, cast.club.days[0]),
                    second=meeting(group, cast.club.days[2]), actor=cast.club.facilitator)
    db.session.commit()

    assert "".join(cast.presenters()) == "CBAABCABCABC"


def test_a_meeting_of_another_group_cannot_be_swapped_with(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    other = GroupFactory(name="Hillside")
    ensure_schedule(group=other, now=cast.now)
    theirs = db.session.scalar(sa.select(Meeting).where(Meeting.group_id == other.id).limit(1))
    theirs.presenter_id = cast.club.outsider.id
    db.session.commit()

    with pytest.raises(MeetingError) as caught:
        swap_presenters(first=meeting(cast.club.group, cast.club.days[0]), second=theirs,
                        actor=cast.club.facilitator)
    db.session.rollback()

    assert caught.value.field == "second_meeting_id"
    assert theirs.presenter_id == cast.club.outsider.id
    assert "".join(cast.presenters()) == "ABCABCABCABC"


@pytest.mark.parametrize("first_is", ["theirs", "missing", "none"])
def test_swapping_by_id_names_the_meeting_at_fault(cast, first_is):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    other = GroupFactory(name="Hillside")
    ensure_schedule(group=other, now=cast.now)
    db.session.commit()
    theirs = db.session.scalar(sa.select(Meeting.id).where(Meeting.group_id == other.id)
                               .limit(1))
    ours = meeting(cast.club.group, cast.club.days[1]).id
    first_id = {"theirs": theirs, "missing": 987654, "none": None}[first_is]

    with pytest.raises(MeetingError, match="Choose a meeting of this group") as caught:
        swap_group_presenters(group=cast.club.group, actor=cast.club.facilitator,
                              first_meeting_id=first_id, second_meeting_id=ours)
    db.session.rollback()
    assert caught.value.field == "first_meeting_id"
    # A member is refused before anything is looked up.
    with pytest.raises(PermissionDenied):
        swap_group_presenters(group=cast.club.group, actor=cast.club.member,
                              first_meeting_id=ours, second_meeting_id=ours)
    db.session.rollback()
    assert "".join(cast.presenters()) == "ABCABCABCABC"

    swap_group_presenters(group=cast.club.group, actor=cast.club.facilitator,
                          first_meeting_id=meeting(cast.club.group, cast.club.days[0]).id,
                          second_meeting_id=ours)
    db.session.commit()
    assert "".join(cast.presenters()) == "BACABCABCABC"


@pytest.mark.parametrize("case", ["same", "cancelled", "member"])
def test_a_swap_that_makes_no_sense_is_refused(cast, case):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    group = cast.club.group
    first, second = meeting(group, cast.club.days[0]), meeting(group, cast.club.days[1])
    actor = cast.club.member if case == "member" else cast.club.facilitator
    if case == "same":
        second = first
    if case == "cancelled":
        cancel_meeting(meeting=second, actor=cast.club.facilitator)
        db.session.commit()

    with pytest.raises(PermissionDenied if case == "member" else MeetingError):
        swap_presenters(first=first, second=second, actor=actor)
    db.session.rollback()

    assert "".join(cast.presenters()).replace("x", "B") == "ABCABCABCABC"


def test_any_current_member_can_be_chosen_by_hand(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    group = cast.club.group
    # The facilitator isn't in the rotation; they present once all the same.
    set_presenter(meeting=meeting(group, cast.club.days[1]), actor=cast.club.facilitator,
                  presenter_id=cast.club.facilitator.id)
    db.session.commit()
    name = cast.club.facilitator.name[0]

    assert "".join(cast.presenters()) == f"A{name}CABCABCABC"
    assert assign_presenters(group=group, now=cast.now) == 0


def test_a_meeting_given_back_to_the_rotation_gets_the_next_in_turn(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    group = cast.club.group
    set_presenter(meeting=meeting(group, cast.club.days[2]), actor=cast.club.facilitator,
                  presenter_id=cast.ann.id)
    set_rotation(group=group, actor=cast.club.facilitator,
                 member_ids=[cast.ann.id, cast.cat.id, cast.ben.id])

    set_presenter(meeting=meeting(group, cast.club.days[2]), actor=cast.club.facilitator,
                  presenter_id=None)
    db.session.commit()

    # After Ben (the meeting before), in the new order A C B: back to Ann.
    assert "".join(cast.presenters()) == "ABAABCABCABC"


@pytest.mark.parametrize("who", ["outsider", "former", "missing"])
def test_only_a_current_member_can_be_chosen(cast, who):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    former = MembershipFactory(group=cast.club.group, user__name="Fay Former")
    former.left_at = utcnow()
    db.session.commit()
    chosen = {"outsider": cast.club.outsider.id, "former": former.user.id,
              "missing": 987654}[who]

    with pytest.raises(MeetingError) as caught:
        set_presenter(meeting=meeting(cast.club.group, cast.club.days[0]),
                      actor=cast.club.facilitator, presenter_id=chosen)
    db.session.rollback()

    assert (caught.value.message, caught.value.field) == \
        ("Choose a current member of the group.", "presenter_id")
    assert "".join(cast.presenters()) == "ABCABCABCABC"


def test_a_member_cannot_choose_a_presenter(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    with pytest.raises(PermissionDenied):
        set_presenter(meeting=meeting(cast.club.group, cast.club.days[0]),
                      actor=cast.club.member, presenter_id=cast.club.member.id)


# --- Reading ------------------------------------------------------------------------------------


def test_the_next_six_weeks_by_time_without_cancelled_meetings(cast):
    cancel_meeting(meeting=meeting(cast.club.group, cast.club.days[1]),
                   actor=cast.club.facilitator)
    dealt(cast, cast.ann, cast.ben, cast.cat)

    rows = list_presenters(group_id=cast.club.group.id, now=cast.now)

    # Days 3, 17, 24, 31 and 38 from today (10 is cancelled; 45 is past six weeks).
    assert [(r.starts_at, r.status, r.presenter_name) for r in rows] == [
        (meeting(cast.club.group, cast.club.days[n]).starts_at, "scheduled", name)
        for n, name in ((0, "Ann Archer"), (2, "Ben Baker"), (3, "Cat Cooper"),
                        (4, "Ann Archer"), (5, "Ben Baker"))]
    assert [r.presenter_id for r in rows] == [cast.ann.id, cast.ben.id, cast.cat.id,
                                              cast.ann.id, cast.ben.id]


def test_a_meeting_under_way_is_listed_until_it_ends(cast):
    dealt(cast, cast.ann, cast.ben, cast.cat)
    first = meeting(cast.club.group, cast.club.days[0])
    during = first.starts_at + timedelta(minutes=89)

    assert list_presenters(group_id=cast.club.group.id, now=during)[0].meeting_id == first.id
    after = first.starts_at + timedelta(minutes=90)
    assert first.id not in [r.meeting_id for r in list_presenters(
        group_id=cast.club.group.id, now=after)]
    first.status = "running"
    db.session.commit()
    # A meeting that overran is still on until it is closed.
    assert list_presenters(group_id=cast.club.group.id, now=after)[0].meeting_id == first.id
