"""Referral reads: lists with counts, the detail page, thanks owed, the dashboard."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Group
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from partnernet.periods import Period
from partnernet.referrals import services
from partnernet.referrals.queries import (
    get_dashboard,
    get_referral_detail,
    list_referrals,
    list_thanks_owed,
)
from tests import factories
from tests.factories import MembershipFactory, closed_business, referral, thank_you

S = Status
DAY = timedelta(days=1)
NOW = utcnow()


@pytest.fixture
def cast(app):
    return factories.make_referral_cast()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def ids(rows) -> list[int]:
    return [row.id for row in rows]


def zero_counts(**counts) -> dict[str, int]:
    return {s.value: counts.get(s.value, 0) for s in Status}


# --- list_referrals --------------------------------------------------------------------------


def test_lists_by_role_newest_first(cast):
    a = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 4 * DAY)
    b = referral(cast.group, cast.receiver, cast.giver, passed_at=NOW - 3 * DAY)
    c = referral(cast.group, cast.member, cast.receiver, passed_at=NOW - 2 * DAY)
    d = referral(cast.group, cast.giver, cast.member, passed_at=NOW - DAY)
    referral(cast.other_group, cast.outsider, MembershipFactory(group=cast.other_group).user)

    def listed(viewer, role):
        return ids(list_referrals(group=cast.group, viewer_id=viewer.id, role=role)[0])

    assert listed(cast.giver, "given") == [d.id, a.id]
    assert listed(cast.giver, "received") == [b.id]
    assert listed(cast.receiver, "received") == [c.id, a.id]
    assert listed(cast.receiver, "given") == [b.id]
    assert listed(cast.giver, None) == [d.id, c.id, b.id, a.id]
    assert listed(cast.outsider, None) == [d.id, c.id, b.id, a.id]  # the view decides access


def test_same_passed_at_is_ordered_by_id(cast):
    first = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW)
    second = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW)
    rows, _ = list_referrals(group=cast.group, viewer_id=cast.giver.id, role="given")
    assert ids(rows) == [second.id, first.id]


def test_status_filter_and_counts_per_status(cast):
    made = {}
    for offset, status in enumerate([S.PASSED, S.PASSED, S.ACCEPTED, S.CONTACTED, S.MEETING,
                                     S.PROPOSAL, S.WON, S.LOST, S.DECLINED, S.WITHDRAWN]):
        row = referral(cast.group, cast.giver, cast.receiver, status=status,
                       passed_at=NOW - offset * DAY)
        made.setdefault(status, []).append(row.id)
    referral(cast.group, cast.member, cast.receiver, status=S.WON)  # not given by the giver

    def listed(status):
        return list_referrals(group=cast.group, viewer_id=cast.giver.id, role="given",
                              status=status)

    expected_counts = zero_counts(passed=2, accepted=1, contacted=1, meeting=1, proposal=1,
                                  won=1, lost=1, declined=1, withdrawn=1)
    rows, counts = listed(None)
    assert len(rows) == 10
    assert counts == expected_counts

    rows, counts = listed("open")
    assert ids(rows) == [*made[S.PASSED], *made[S.ACCEPTED], *made[S.CONTACTED],
                         *made[S.MEETING], *made[S.PROPOSAL]]
    assert counts == expected_counts  # counts ignore the status filter

    for status in (S.PASSED, S.WON, S.DECLINED, S.WITHDRAWN):
        rows, counts = listed(status)
        assert ids(rows) == made[status]
        assert counts == expected_counts

    _, received_counts = list_referrals(group=cast.group, viewer_id=cast.receiver.id,
                                        role="received")
    assert received_counts["won"] == 2


def test_an_empty_list_has_every_status_at_zero(cast):
    assert list_referrals(group=cast.group, viewer_id=cast.giver.id, role="given") == (
        [], zero_counts())


# Auckland is on daylight time (UTC+13) until 7 April 2024.
AUCKLAND = ZoneInfo("Pacific/Auckland")
MARCH = Period(date(2024, 3, 1), date(2024, 4, 1))
LAST_EVENING = utc(2024, 3, 31, 10, 30)  # 31 March, 23:30 in Auckland: in March
NEXT_MORNING = utc(2024, 3, 31, 11, 30)  # 1 April, 00:30 in Auckland: not in March
FIRST_MORNING = utc(2024, 2, 29, 11, 30)  # 1 March, 00:30 in Auckland: in March
EVE_BEFORE = utc(2024, 2, 29, 10, 30)  # 29 February, 23:30 in Auckland: not in March


def test_the_hand_built_instants_are_the_local_times_they_claim():
    assert LAST_EVENING.astimezone(AUCKLAND).replace(tzinfo=None) == datetime(2024, 3, 31, 23, 30)
    assert NEXT_MORNING.astimezone(AUCKLAND).replace(tzinfo=None) == datetime(2024, 4, 1, 0, 30)
    assert FIRST_MORNING.astimezone(AUCKLAND).replace(tzinfo=None) == datetime(2024, 3, 1, 0, 30)
    assert EVE_BEFORE.astimezone(AUCKLAND).replace(tzinfo=None) == datetime(2024, 2, 29, 23, 30)


def test_the_period_filter_uses_the_groups_time_zone(app):
    cast = factories.make_referral_cast(timezone="Pacific/Auckland", currency="NZD")
    made = {when: referral(cast.group, cast.giver, cast.receiver, passed_at=when).id
            for when in (EVE_BEFORE, FIRST_MORNING, LAST_EVENING, NEXT_MORNING)}
    # The same instants in a London group (UTC+0 in winter): there the two late ones fall on
    # 31 March and the two early ones on 29 February.
    london = factories.make_referral_cast()
    in_london = {when: referral(london.group, london.giver, london.receiver, passed_at=when).id
                 for when in made}

    rows, counts = list_referrals(group=cast.group, viewer_id=cast.giver.id, role="given",
                                  period=MARCH)
    assert ids(rows) == [made[LAST_EVENING], made[FIRST_MORNING]]
    assert counts == zero_counts(passed=2)

    rows, _ = list_referrals(group=london.group, viewer_id=london.giver.id, role="given",
                             period=MARCH)
    assert ids(rows) == [in_london[NEXT_MORNING], in_london[LAST_EVENING]]

    april_on, _ = list_referrals(group=cast.group, viewer_id=cast.giver.id, role="given",
                                 period=Period(date(2024, 4, 1), None))
    assert ids(april_on) == [made[NEXT_MORNING]]


def test_closed_value_thanked_and_privacy_in_rows(cast):
    won = referral(cast.group, cast.giver, cast.receiver, status=S.WON,
                   prospect_email="dana@example.com", prospect_phone="+44 20 7946 0000")
    closed_business(won, 125_000)
    closed_business(won, 2_550, kind="repeat")
    closed_business(won, 99_999, deleted=True)
    thank_you(won)
    plain = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - DAY)

    def row_for(viewer):
        rows, _ = list_referrals(group=cast.group, viewer_id=viewer.id)
        return {r.id: r for r in rows}

    for viewer in (cast.giver, cast.receiver):
        rows = row_for(viewer)
        assert (rows[won.id].closed_value, rows[won.id].thanked) == (127_550, True)
        assert (rows[plain.id].closed_value, rows[plain.id].thanked) == (0, False)
        assert (rows[won.id].prospect_email, rows[won.id].prospect_phone) == (
            "dana@example.com", "+44 20 7946 0000")

    seen_by_member = row_for(cast.member)[won.id]
    assert (seen_by_member.prospect_email, seen_by_member.prospect_phone) == (None, None)
    assert (seen_by_member.prospect_name, seen_by_member.closed_value) == ("Dana Prospect",
                                                                           127_550)
    assert (seen_by_member.giver_name, seen_by_member.receiver_name) == (
        "Gina Giver", "Rafael Receiver")
    assert seen_by_member.status_label == "Won"


def test_limit(cast):
    for n in range(5):
        referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - n * DAY)
    rows, counts = list_referrals(group=cast.group, viewer_id=cast.giver.id, limit=2)
    assert len(rows) == 2
    assert counts["passed"] == 5


# --- get_referral_detail ---------------------------------------------------------------------


def test_contact_details_only_for_the_parties(cast):
    row = referral(cast.group, cast.giver, cast.receiver, prospect_email="dana@example.com",
                   prospect_phone="+44 20 7946 0000")
    for viewer in (cast.giver, cast.receiver):
        detail = get_referral_detail(row, viewer.id)
        assert (detail.row.prospect_email, detail.row.prospect_phone) == (
            "dana@example.com", "+44 20 7946 0000")
    facilitator = MembershipFactory(group=cast.group, role="facilitator").user
    for viewer in (cast.member, facilitator, cast.outsider):
        detail = get_referral_detail(row, viewer.id)
        assert (detail.row.prospect_email, detail.row.prospect_phone) == (None, None)
        assert (detail.is_giver, detail.is_receiver, detail.moves) == (False, False, frozenset())


def test_detail_has_the_timeline_in_order(cast):
    row = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 5 * DAY)
    services.change_status(referral=row, actor=cast.receiver, status=S.ACCEPTED,
                           note="On it")
    db.session.commit()
    services.add_note(referral=row, actor=cast.giver, note="She prefers mornings.")
    db.session.commit()
    entry = services.record_closed_business(referral=row, actor=cast.receiver, amount="50",
                                            kind="new", closed_on=NOW.date() - DAY)
    db.session.commit()
    services.delete_closed_business(entry=entry, actor=cast.receiver)
    services.record_closed_business(referral=row, actor=cast.receiver, amount="40",
                                    kind="new", closed_on=NOW.date() - DAY)
    services.thank(referral=row, actor=cast.receiver, message="Thanks!", gift="Coffee")
    db.session.commit()

    detail = get_referral_detail(row, cast.giver.id)

    assert [(e.kind, e.actor_name, e.from_status, e.to_status) for e in detail.events] == [
        ("passed", "Gina Giver", None, S.PASSED),
        ("status", "Rafael Receiver", S.PASSED, S.ACCEPTED),
        ("note", "Gina Giver", None, None),
        ("status", "Rafael Receiver", S.ACCEPTED, S.WON),
        ("closed_business", "Rafael Receiver", None, None),
        ("closed_business_deleted", "Rafael Receiver", None, None),
        ("closed_business", "Rafael Receiver", None, None),
        ("thanked", "Rafael Receiver", None, None),
    ]
    assert [(e.amount, e.deleted) for e in detail.entries] == [(5_000, True), (4_000, False)]
    assert detail.row.closed_value == 4_000
    assert detail.chain_value == 4_000
    assert detail.thank_you == ("Thanks!", "Coffee")
    assert (detail.is_giver, detail.is_receiver) == (True, False)
    assert detail.moves == frozenset()  # the giver can't withdraw a won referral
    assert detail.reopen_to is None  # only the receiver reopens
    assert get_referral_detail(row, cast.receiver.id).reopen_to == S.ACCEPTED


def test_chain_value_sums_the_referral_and_everything_that_came_of_it(cast):
    root = referral(cast.group, cast.giver, cast.receiver, status=S.WON)
    child = referral(cast.group, cast.receiver, cast.member, status=S.WON,
                     source_referral_id=root.id)
    grandchild = referral(cast.group, cast.member, cast.giver, status=S.WON,
                          source_referral_id=child.id)
    sibling = referral(cast.group, cast.receiver, cast.giver, status=S.WON,
                       source_referral_id=root.id)
    unrelated = referral(cast.group, cast.giver, cast.member, status=S.WON)
    closed_business(root, 100_000)
    closed_business(child, 20_000)
    closed_business(child, 5_000)
    closed_business(grandchild, 3_000)
    closed_business(grandchild, 777_777, deleted=True)
    closed_business(sibling, 400)
    closed_business(unrelated, 9_000_000)

    def chain(row):
        return get_referral_detail(row, cast.giver.id).chain_value

    assert chain(root) == 100_000 + 20_000 + 5_000 + 3_000 + 400
    assert chain(child) == 20_000 + 5_000 + 3_000
    assert chain(grandchild) == 3_000
    assert chain(unrelated) == 9_000_000

    detail = get_referral_detail(grandchild, cast.giver.id)
    assert detail.source.id == child.id
    assert detail.source.closed_value == 25_000


# --- list_thanks_owed ------------------------------------------------------------------------


def test_thanks_owed_oldest_first_without_thanked_or_withdrawn(cast):
    newest = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - DAY)
    oldest = referral(cast.group, cast.member, cast.receiver, status=S.LOST,
                      passed_at=NOW - 30 * DAY)
    middle = referral(cast.group, cast.giver, cast.receiver, status=S.DECLINED,
                      passed_at=NOW - 10 * DAY)
    thank_you(referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 20 * DAY))
    referral(cast.group, cast.giver, cast.receiver, status=S.WITHDRAWN, passed_at=NOW - 40 * DAY)
    referral(cast.group, cast.receiver, cast.giver, passed_at=NOW - 50 * DAY)  # given, not owed
    MembershipFactory(group=cast.other_group, user=cast.receiver)
    referral(cast.other_group, cast.outsider, cast.receiver, passed_at=NOW - 60 * DAY)

    owed = list_thanks_owed(group_id=cast.group.id, user_id=cast.receiver.id)
    assert ids(owed) == [oldest.id, middle.id, newest.id]
    assert list_thanks_owed(group_id=cast.group.id, user_id=cast.member.id) == []


# --- get_dashboard ---------------------------------------------------------------------------


def test_needs_action_puts_new_referrals_first(cast):
    stale = referral(cast.group, cast.giver, cast.receiver, status=S.CONTACTED,
                     passed_at=NOW - 20 * DAY, updated_at=NOW - 15 * DAY)
    fresh_stage = referral(cast.group, cast.member, cast.receiver, status=S.PROPOSAL,
                           passed_at=NOW - 20 * DAY, updated_at=NOW - DAY)
    new_later = referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - DAY,
                         updated_at=NOW - DAY)
    new_earlier = referral(cast.group, cast.member, cast.receiver, passed_at=NOW - 3 * DAY,
                           updated_at=NOW - 3 * DAY)
    for status in (S.WON, S.LOST, S.DECLINED, S.WITHDRAWN):
        referral(cast.group, cast.giver, cast.receiver, status=status)
    referral(cast.group, cast.receiver, cast.giver)  # given by me: not mine to act on

    dash = get_dashboard(group=cast.group, user_id=cast.receiver.id)
    assert ids(dash.needs_action) == [new_earlier.id, new_later.id, stale.id, fresh_stage.id]


def test_needs_action_shows_at_most_ten(cast):
    for _ in range(12):
        referral(cast.group, cast.giver, cast.receiver)
    assert len(get_dashboard(group=cast.group, user_id=cast.receiver.id).needs_action) == 10


def test_moves_are_what_others_did_to_referrals_i_gave(cast):
    mine = referral(cast.group, cast.giver, cast.receiver)
    withdrawn = referral(cast.group, cast.giver, cast.member, status=S.ACCEPTED)
    received = referral(cast.group, cast.receiver, cast.giver)
    services.change_status(referral=mine, actor=cast.receiver, status=S.ACCEPTED)
    db.session.commit()
    services.add_note(referral=mine, actor=cast.giver, note="My own note")
    db.session.commit()
    services.change_status(referral=withdrawn, actor=cast.giver, status=S.WITHDRAWN)
    db.session.commit()
    services.change_status(referral=received, actor=cast.giver, status=S.ACCEPTED)
    db.session.commit()
    services.record_closed_business(referral=mine, actor=cast.receiver, amount="10",
                                    kind="new", closed_on=NOW.date())
    db.session.commit()

    dash = get_dashboard(group=cast.group, user_id=cast.giver.id)
    assert [(m.referral_id, m.kind, m.to_status, m.receiver_name) for m in dash.moves] == [
        (mine.id, "closed_business", None, "Rafael Receiver"),
        (mine.id, "status", S.WON, "Rafael Receiver"),
        (mine.id, "status", S.ACCEPTED, "Rafael Receiver"),
    ]


def test_dashboard_counts_thanks_owed_and_unread(cast):
    referral(cast.group, cast.giver, cast.receiver)
    owed = referral(cast.group, cast.member, cast.receiver, status=S.WON)
    referral(cast.group, cast.giver, cast.receiver, status=S.WITHDRAWN)
    referral(cast.group, cast.receiver, cast.giver)
    thank_you(referral(cast.group, cast.giver, cast.receiver, passed_at=NOW + DAY))
    services.pass_referral(group=cast.group, giver=cast.giver, slip=services.Slip(
        receiver_id=cast.receiver.id, prospect=services.Prospect(name="Ravi")))
    db.session.commit()

    dash = get_dashboard(group=cast.group, user_id=cast.receiver.id)
    assert (dash.given_count, dash.received_count) == (1, 4)
    assert owed.id in ids(dash.thanks_owed)
    assert len(dash.thanks_owed) == 3
    assert dash.unread == 1


# --- a fixed number of queries ---------------------------------------------------------------


def populate(size: int) -> tuple[int, int]:
    """A group with `size` referrals received by one member, with values and thanks."""
    cast = factories.make_referral_cast(timezone="America/New_York", currency="USD")
    for n in range(size):
        giver = cast.giver if n % 2 else cast.member
        row = referral(cast.group, giver, cast.receiver, status=list(Status)[n % 9],
                       passed_at=NOW - n * timedelta(hours=5))
        if n % 3 == 0:
            closed_business(row, 1_000 + n)
        if n % 4 == 0:
            thank_you(row)
    return cast.group.id, cast.receiver.id


def statements_run(action) -> list[str]:
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return statements


def queries_for(size: int, read) -> tuple[int, int]:
    group_id, user_id = populate(size)
    db.session.remove()  # start from an empty session, as a request does
    group = db.session.get(Group, group_id)
    results = []
    statements = statements_run(lambda: results.append(read(group, user_id)))
    return len(statements), results[0]


@pytest.mark.parametrize("read", [
    lambda group, uid: len(list_referrals(group=group, viewer_id=uid, role="received")[0]),
    lambda group, uid: len(list_referrals(group=group, viewer_id=uid, role="received",
                                          status="open", period=Period(date(2000, 1, 1),
                                                                       None))[0]),
    lambda group, uid: len(list_referrals(group=group, viewer_id=uid, role=None)[0]),
], ids=["received", "open-in-period", "group"])
def test_list_referrals_runs_the_same_queries_for_3_and_60_referrals(app, read):
    few, few_rows = queries_for(3, read)
    many, many_rows = queries_for(60, read)

    assert few_rows < many_rows
    assert few == many == 2


def test_the_dashboard_runs_the_same_queries_for_3_and_60_referrals(app):
    def read(group, uid):
        dash = get_dashboard(group=group, user_id=uid)
        return len(dash.needs_action) + len(dash.thanks_owed)

    few, few_rows = queries_for(3, read)
    many, many_rows = queries_for(60, read)
    assert few_rows < many_rows
    assert few == many
