"""The referral pipeline: who may move a referral where, its timeline, and optimistic locking."""

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.models import Notification, Referral, ReferralEvent
from partnernet.models.referrals import Status
from partnernet.referrals import services
from partnernet.referrals.services import (
    GIVER_MOVES,
    RECEIVER_MOVES,
    ReferralError,
    change_status,
    reopen_target,
)
from tests import factories

S = Status
STATUSES = list(Status)
PARTIES = ("giver", "receiver", "member")

# The pipeline of DESIGN.md, written out: the receiver works the referral forward (and may
# step back to correct a mistake), declines it while it is new or just accepted, and reopens
# a won, lost or declined one; the giver can only withdraw an open one. Withdrawn is final.
STAGES = {S.ACCEPTED, S.CONTACTED, S.MEETING, S.PROPOSAL}
DESIGNED_RECEIVER_MOVES = {
    S.PASSED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.CONTACTED, S.MEETING, S.PROPOSAL, S.WON, S.LOST, S.DECLINED},
    S.CONTACTED: {S.ACCEPTED, S.MEETING, S.PROPOSAL, S.WON, S.LOST},
    S.MEETING: {S.ACCEPTED, S.CONTACTED, S.PROPOSAL, S.WON, S.LOST},
    S.PROPOSAL: {S.ACCEPTED, S.CONTACTED, S.MEETING, S.WON, S.LOST},
    S.WON: STAGES,
    S.LOST: STAGES,
    S.DECLINED: {S.ACCEPTED},
    S.WITHDRAWN: set(),
}
DESIGNED_GIVER_MOVES = {
    S.PASSED: {S.WITHDRAWN}, S.ACCEPTED: {S.WITHDRAWN}, S.CONTACTED: {S.WITHDRAWN},
    S.MEETING: {S.WITHDRAWN}, S.PROPOSAL: {S.WITHDRAWN},
}


@pytest.fixture
def cast(app):
    return factories.make_referral_cast()


def count(model, **where) -> int:
    stmt = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return db.session.scalar(stmt)


def events_of(referral_id: int) -> list[ReferralEvent]:
    return list(db.session.scalars(sa.select(ReferralEvent)
                                   .where(ReferralEvent.referral_id == referral_id)
                                   .order_by(ReferralEvent.id)))


def reason_for(status: str) -> dict:
    return {"reason": "Outside my area."} if status == S.DECLINED else {}


def move(referral, actor, *statuses):
    """Move the referral through `statuses` as `actor`, one request (commit) each."""
    for status in statuses:
        change_status(referral=referral, actor=actor, status=status, version=referral.version,
                      **reason_for(status))
        db.session.commit()


# --- the tables ------------------------------------------------------------------------------


def test_transition_tables_are_the_designed_pipeline():
    assert {s: set(m) for s, m in RECEIVER_MOVES.items()} == DESIGNED_RECEIVER_MOVES
    assert {s: set(m) for s, m in GIVER_MOVES.items()} == DESIGNED_GIVER_MOVES
    assert set(RECEIVER_MOVES) == set(Status)


@pytest.mark.parametrize("to_status", STATUSES)
@pytest.mark.parametrize("from_status", STATUSES)
def test_every_move_by_every_party(cast, from_status, to_status):
    for party in PARTIES:
        actor = getattr(cast, party)
        referral = factories.referral(cast.group, cast.giver, cast.receiver, status=from_status)
        rid, version = referral.id, referral.version
        notifications = count(Notification)
        allowed = ((party == "receiver" and to_status in DESIGNED_RECEIVER_MOVES[from_status])
                   or (party == "giver"
                       and to_status in DESIGNED_GIVER_MOVES.get(from_status, set())))

        if allowed:
            change_status(referral=referral, actor=actor, status=to_status, version=version,
                          **reason_for(to_status))
            db.session.commit()

            assert (referral.status, referral.version) == (to_status, version + 1), party
            last = events_of(rid)[-1]
            assert (last.kind, last.actor_id, last.from_status, last.to_status) == (
                "status", actor.id, from_status, to_status)
            other = cast.giver if party == "receiver" else cast.receiver
            notification = db.session.scalars(
                sa.select(Notification).order_by(Notification.id.desc())).first()
            assert count(Notification) == notifications + 1
            assert (notification.user_id, notification.kind, notification.referral_id,
                    notification.actor_id) == (other.id, "status_changed", rid, actor.id)
        else:
            expected = PermissionDenied if party == "member" else ReferralError
            with pytest.raises(expected) as caught:
                change_status(referral=referral, actor=actor, status=to_status,
                              version=version, **reason_for(to_status))
            assert type(caught.value) is expected, party
            db.session.rollback()

            stored = db.session.get(Referral, rid)
            assert (stored.status, stored.version) == (from_status, version), party
            assert len(events_of(rid)) == 1
            assert count(Notification) == notifications


def test_an_unknown_status_is_refused(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    with pytest.raises(ReferralError, match="Unknown status") as caught:
        change_status(referral=referral, actor=cast.receiver, status="archived")
    assert caught.value.field == "status"


def test_a_facilitator_who_is_not_a_party_cannot_move_it(app):
    world = factories.make_world()
    giver = factories.MembershipFactory(group=world.group).user
    referral = factories.referral(world.group, giver, world.member)
    with pytest.raises(PermissionDenied):
        change_status(referral=referral, actor=world.facilitator, status=S.ACCEPTED)


def test_an_outsider_cannot_move_it(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    with pytest.raises(PermissionDenied):
        change_status(referral=referral, actor=cast.outsider, status=S.WITHDRAWN)


def test_withdrawn_is_final(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    move(referral, cast.giver, S.WITHDRAWN)
    for actor in (cast.giver, cast.receiver):
        for status in STATUSES:
            with pytest.raises(ReferralError):
                change_status(referral=referral, actor=actor, status=status,
                              **reason_for(status))
    assert services.allowed_moves(referral, cast.receiver.id) == frozenset()
    assert services.allowed_moves(referral, cast.giver.id) == frozenset()


# --- declining, notes, events ----------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n\n"])
def test_declining_needs_a_reason(cast, reason):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    with pytest.raises(ReferralError, match="Say why") as caught:
        change_status(referral=referral, actor=cast.receiver, status=S.DECLINED,
                      note="A note is not a reason", reason=reason)
    assert caught.value.field == "reason"
    db.session.rollback()
    assert db.session.get(Referral, referral.id).status == S.PASSED
    assert len(events_of(referral.id)) == 1


def test_declining_records_the_reason_and_reopening_clears_it(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    change_status(referral=referral, actor=cast.receiver, status=S.DECLINED,
                  reason="  I only serve companies over 50 staff. ")
    db.session.commit()

    assert referral.declined_reason == "I only serve companies over 50 staff."
    last = events_of(referral.id)[-1]
    assert last.note == "I only serve companies over 50 staff."
    assert last.data == {"reason": "I only serve companies over 50 staff."}
    notification = db.session.scalars(sa.select(Notification)
                                      .where(Notification.user_id == cast.giver.id)).one()
    assert notification.text == ("Rafael Receiver moved Dana Prospect to “Declined”: "
                                 "I only serve companies over 50 staff.")

    move(referral, cast.receiver, S.ACCEPTED)
    assert referral.declined_reason == ""


def test_a_note_is_recorded_on_the_event_and_in_the_notification(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    change_status(referral=referral, actor=cast.receiver, status=S.ACCEPTED,
                  note="Calling her on Monday.")
    db.session.commit()

    last = events_of(referral.id)[-1]
    assert (last.note, last.data) == ("Calling her on Monday.", {})
    notification = db.session.scalars(sa.select(Notification)).one()
    assert notification.user_id == cast.giver.id
    assert notification.text == ("Rafael Receiver moved Dana Prospect to “Accepted”: "
                                 "Calling her on Monday.")


def test_a_withdrawal_notifies_the_receiver(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver, status=S.MEETING)
    change_status(referral=referral, actor=cast.giver, status=S.WITHDRAWN,
                  note="She hired someone else.")
    db.session.commit()
    notification = db.session.scalars(sa.select(Notification)).one()
    assert (notification.user_id, notification.actor_id) == (cast.receiver.id, cast.giver.id)


def test_every_change_makes_an_event_with_actor_from_and_to(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    move(referral, cast.receiver, S.ACCEPTED, S.CONTACTED, S.MEETING)
    move(referral, cast.giver, S.WITHDRAWN)

    assert [(e.kind, e.actor_id, e.from_status, e.to_status) for e in events_of(referral.id)] == [
        ("passed", cast.giver.id, None, S.PASSED),
        ("status", cast.receiver.id, S.PASSED, S.ACCEPTED),
        ("status", cast.receiver.id, S.ACCEPTED, S.CONTACTED),
        ("status", cast.receiver.id, S.CONTACTED, S.MEETING),
        ("status", cast.giver.id, S.MEETING, S.WITHDRAWN),
    ]
    assert count(Notification, user_id=cast.giver.id) == 3
    assert count(Notification, user_id=cast.receiver.id) == 1


# --- reopening -------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "target"), [
    ([S.ACCEPTED, S.CONTACTED, S.MEETING, S.LOST], S.MEETING),
    ([S.ACCEPTED, S.CONTACTED, S.PROPOSAL, S.WON], S.PROPOSAL),
    ([S.ACCEPTED, S.LOST], S.ACCEPTED),
    ([S.DECLINED], S.ACCEPTED),
    ([S.ACCEPTED, S.DECLINED], S.ACCEPTED),
    # Closed, reopened, worked further and closed again: back to where it was the last time.
    ([S.ACCEPTED, S.CONTACTED, S.LOST, S.CONTACTED, S.PROPOSAL, S.LOST], S.PROPOSAL),
    ([S.ACCEPTED, S.MEETING, S.WON, S.MEETING, S.LOST], S.MEETING),
])
def test_reopening_goes_back_to_the_stage_it_was_in(cast, path, target):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    move(referral, cast.receiver, *path)

    assert reopen_target(referral) == target
    move(referral, cast.receiver, target)
    assert referral.status == target


def test_reopening_after_closed_business_returns_to_the_stage_before_won(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    move(referral, cast.receiver, S.ACCEPTED, S.PROPOSAL)
    services.record_closed_business(referral=referral, actor=cast.receiver, amount="900",
                                    kind="new", closed_on=referral.passed_at.date())
    db.session.commit()
    assert referral.status == S.WON

    assert reopen_target(referral) == S.PROPOSAL


def test_a_referral_closed_by_import_or_set_up_without_history_reopens_as_accepted(cast):
    for status in (S.WON, S.LOST, S.DECLINED):
        referral = factories.referral(cast.group, cast.giver, cast.receiver, status=status)
        assert reopen_target(referral) == S.ACCEPTED


def test_only_the_receiver_reopens(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver, status=S.LOST)
    with pytest.raises(ReferralError):
        change_status(referral=referral, actor=cast.giver, status=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        change_status(referral=referral, actor=cast.member, status=S.ACCEPTED)


# --- optimistic locking ----------------------------------------------------------------------


def test_the_version_increases_with_each_change(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    versions = [referral.version]
    for status in (S.ACCEPTED, S.CONTACTED, S.PROPOSAL, S.LOST, S.PROPOSAL):
        move(referral, cast.receiver, status)
        versions.append(db.session.get(Referral, referral.id).version)
    assert versions == [1, 2, 3, 4, 5, 6]


def test_a_stale_version_is_a_conflict_and_changes_nothing(cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    stale = referral.version
    move(referral, cast.receiver, S.ACCEPTED)
    notifications = count(Notification)

    with pytest.raises(Conflict, match="Accepted") as caught:
        change_status(referral=referral, actor=cast.giver, status=S.WITHDRAWN,
                      note="Changed my mind", version=stale)
    assert caught.value.field == "version"
    db.session.rollback()

    stored = db.session.get(Referral, referral.id)
    assert (stored.status, stored.version) == (S.ACCEPTED, stale + 1)
    assert [e.to_status for e in events_of(referral.id)] == [S.PASSED, S.ACCEPTED]
    assert count(Notification) == notifications


def test_a_second_session_updating_concurrently_gets_a_conflict(app, cast):
    referral = factories.referral(cast.group, cast.giver, cast.receiver)
    rid = referral.id
    giver_id, receiver = cast.giver.id, cast.receiver
    # This request has read the referral (version 1) and is about to change it.
    mine = db.session.get(Referral, rid)
    assert (mine.status, mine.version) == (S.PASSED, 1)

    # Meanwhile another request, with its own session and connection, accepts it and commits.
    with app.app_context():
        assert db.session.get(Referral, rid) is not mine
        theirs = db.session.get(Referral, rid)
        change_status(referral=theirs, actor=receiver, status=S.ACCEPTED, version=1)
        db.session.commit()
        db.session.remove()

    # The version this request holds still matches what it read, but not the database.
    with pytest.raises(Conflict, match="someone else"):
        change_status(referral=mine, actor=cast.giver, status=S.WITHDRAWN, version=1)

    db.session.rollback()
    stored = db.session.get(Referral, rid)
    assert (stored.status, stored.version) == (S.ACCEPTED, 2)
    assert [(e.actor_id, e.to_status) for e in events_of(rid)] == [
        (giver_id, S.PASSED), (receiver.id, S.ACCEPTED)]
    assert count(Notification) == 1  # the giver heard of the acceptance; nobody of a withdrawal


# --- any sequence of allowed moves -----------------------------------------------------------


def test_any_sequence_of_allowed_moves_keeps_status_and_timeline_in_step(cast):
    class Pipeline(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.referral = factories.referral(cast.group, cast.giver, cast.receiver)
            self.moves = 0

        def options(self) -> list[tuple[str, str]]:
            return sorted((party, status) for party in ("giver", "receiver")
                          for status in services.allowed_moves(
                              self.referral, getattr(cast, party).id))

        @precondition(lambda self: bool(self.options()))
        @rule(data=st.data())
        def allowed_move(self, data):
            party, status = data.draw(st.sampled_from(self.options()))
            move(self.referral, getattr(cast, party), status)
            self.moves += 1

        @precondition(lambda self: self.moves > 0)
        @rule(data=st.data())
        def stale_move_is_refused(self, data):
            status = data.draw(st.sampled_from(STATUSES))
            with pytest.raises(Conflict):
                change_status(referral=self.referral, actor=cast.receiver, status=status,
                              version=self.referral.version - 1, **reason_for(status))
            db.session.rollback()

        @invariant()
        def status_is_the_last_events_and_every_move_has_one(self):
            events = events_of(self.referral.id)
            assert self.referral.status == events[-1].to_status
            assert len(events) == self.moves + 1
            assert self.referral.version == self.moves + 1

    run_state_machine_as_test(Pipeline, settings=settings(
        max_examples=15, stateful_step_count=10, deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]))
