"""Referral services: passing, duplicates, closed business, quality, thanks, testimonials,
and the notifications (in the app and by email) they send."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from partnernet import periods
from partnernet.errors import Conflict, PermissionDenied
from partnernet.extensions import db
from partnernet.models import (
    ClosedBusiness,
    Group,
    Membership,
    Notification,
    Referral,
    ReferralEvent,
    ThankYou,
)
from partnernet.models import Testimonial as StoredTestimonial  # pytest would collect Test*
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from partnernet.notifications.services import update_settings
from partnernet.referrals import services
from partnernet.referrals.services import (
    Prospect,
    ReferralError,
    Slip,
    change_status,
    correct_closed_business,
    delete_closed_business,
    find_duplicates,
    pass_referral,
    rate_quality,
    record_closed_business,
    thank,
    write_testimonial,
)
from tests import factories
from tests.factories import GroupFactory, IdealClientFactory, MembershipFactory

S = Status
DAY = timedelta(days=1)


@pytest.fixture
def cast(app):
    return factories.make_referral_cast()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def count(model, **where) -> int:
    stmt = sa.select(sa.func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return db.session.scalar(stmt)


def totals() -> dict[str, int]:
    return {m.__name__: count(m) for m in (Referral, ReferralEvent, Notification,
                                           ClosedBusiness, ThankYou, StoredTestimonial)}


def events_of(referral_id: int) -> list[ReferralEvent]:
    return list(db.session.scalars(sa.select(ReferralEvent)
                                   .where(ReferralEvent.referral_id == referral_id)
                                   .order_by(ReferralEvent.id)))


def notifications_for(user) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def slip(receiver, **fields) -> Slip:
    values = {"receiver_id": receiver.id,
              "prospect": Prospect(name="Dana Whitfield", company="Whitfield Bakery",
                                   email="Dana@Example.COM", phone="+1 555 010 2233")}
    values.update(fields)
    return Slip(**values)


def freeze_today(monkeypatch, now: datetime) -> None:
    """Make "today" in every time zone what it is at `now` for the closed-business checks."""
    monkeypatch.setattr(services, "local_today", lambda tz: periods.local_today(tz, now))


# --- pass_referral ---------------------------------------------------------------------------


def test_passing_a_referral_stores_the_slip_and_tells_the_receiver(cast):
    IdealClientFactory(user=cast.receiver, criteria=["Owns a business", "Has 10+ staff"])
    passed = pass_referral(group=cast.group, giver=cast.giver, slip=slip(
        cast.receiver, kind="outside", relationship="client_coworker", temperature=4,
        expects_call=True, criteria_met=["Has 10+ staff", " Has 10+ staff "],
        note="  She is expecting\r\nyour call.  "))
    db.session.commit()

    row = db.session.get(Referral, passed.id)
    assert (row.group_id, row.giver_id, row.receiver_id) == (
        cast.group.id, cast.giver.id, cast.receiver.id)
    assert (row.kind, row.relationship, row.temperature, row.expects_call) == (
        "outside", "client_coworker", 4, True)
    assert (row.prospect_name, row.prospect_company, row.prospect_email, row.prospect_phone) == (
        "Dana Whitfield", "Whitfield Bakery", "Dana@example.com", "+1 555 010 2233")
    assert row.criteria_met == ["Has 10+ staff"]
    assert row.note == "She is expecting\nyour call."
    assert (row.status, row.version, row.source_referral_id) == (S.PASSED, 1, None)
    assert [(e.kind, e.actor_id, e.from_status, e.to_status, e.note) for e in events_of(row.id)] \
        == [("passed", cast.giver.id, None, S.PASSED, "She is expecting\nyour call.")]
    assert [(n.kind, n.referral_id, n.actor_id, n.text)
            for n in notifications_for(cast.receiver)] == [
        ("referral_received", row.id, cast.giver.id,
         "Gina Giver passed you a referral: Dana Whitfield (Whitfield Bakery)")]
    assert notifications_for(cast.giver) == []


def test_expects_call_is_only_kept_for_outside_referrals(cast):
    inside = pass_referral(group=cast.group, giver=cast.giver,
                           slip=slip(cast.receiver, kind="inside", expects_call=True))
    assert inside.expects_call is False


def test_passed_at_can_be_given(cast):
    when = utc(2024, 3, 1, 9, 30)
    passed = pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver),
                           passed_at=when)
    db.session.commit()
    assert db.session.get(Referral, passed.id).passed_at == when
    assert events_of(passed.id)[0].created_at == when


def test_a_source_referral_the_giver_received_or_gave_is_accepted(cast):
    received = factories.referral(cast.group, cast.receiver, cast.giver)
    given = factories.referral(cast.group, cast.giver, cast.member)
    for source in (received, given):
        passed = pass_referral(group=cast.group, giver=cast.giver,
                               slip=slip(cast.receiver, source_referral_id=source.id))
        assert passed.source_referral_id == source.id


def bad_slips(cast):
    """(slip, field, giver) that pass_referral must refuse."""
    left = MembershipFactory(group=cast.group, user__name="Lee Left").user
    db.session.execute(sa.update(Membership).where(Membership.user_id == left.id)
                       .values(left_at=utcnow()))
    db.session.commit()
    IdealClientFactory(user=cast.receiver, criteria=["Owns a business"])
    foreign = factories.referral(cast.other_group, cast.outsider,
                                 MembershipFactory(group=cast.other_group).user)
    between_others = factories.referral(cast.group, cast.member, cast.receiver)
    good = slip(cast.receiver)
    prospect = good.prospect
    return [
        (slip(left), "receiver_id", cast.giver),
        (slip(cast.outsider), "receiver_id", cast.giver),
        (replace(good, receiver_id=10_000_000), "receiver_id", cast.giver),
        (slip(cast.giver), "receiver_id", cast.giver),
        (slip(cast.receiver), "giver", cast.outsider),
        (slip(cast.receiver), "giver", left),
        (replace(good, kind="cold"), "kind", cast.giver),
        (replace(good, relationship="stranger"), "relationship", cast.giver),
        (replace(good, temperature=0), "temperature", cast.giver),
        (replace(good, temperature=6), "temperature", cast.giver),
        (replace(good, temperature="3"), "temperature", cast.giver),
        (replace(good, prospect=replace(prospect, name="")), "prospect_name", cast.giver),
        (replace(good, prospect=replace(prospect, name="   ")), "prospect_name", cast.giver),
        (replace(good, prospect=replace(prospect, name="x" * 121)), "prospect_name",
         cast.giver),
        (replace(good, prospect=replace(prospect, email="dana@")), "prospect_email",
         cast.giver),
        (replace(good, prospect=replace(prospect, email="not an email")), "prospect_email",
         cast.giver),
        (replace(good, prospect=replace(prospect, phone="12")), "prospect_phone", cast.giver),
        (replace(good, prospect=replace(prospect, phone="call me")), "prospect_phone",
         cast.giver),
        (replace(good, criteria_met=["Owns a yacht"]), "criteria_met", cast.giver),
        (replace(good, criteria_met=["Owns a business", "Owns a yacht"]), "criteria_met",
         cast.giver),
        (replace(good, note="x" * 2001), "note", cast.giver),
        (replace(good, source_referral_id=foreign.id), "source_referral_id", cast.giver),
        (replace(good, source_referral_id=between_others.id), "source_referral_id",
         cast.giver),
        (replace(good, source_referral_id=10_000_000), "source_referral_id", cast.giver),
    ]


def test_bad_slips_are_refused_and_nothing_is_saved(cast):
    cases = bad_slips(cast)
    before = totals()
    for bad, field, giver in cases:
        with pytest.raises(ReferralError) as caught:
            pass_referral(group=cast.group, giver=giver, slip=bad)
        assert caught.value.field == field, (bad, caught.value.message)
        assert totals() == before, bad  # nothing pending in the session either
        db.session.rollback()
        assert totals() == before, bad


def test_a_member_of_another_group_is_refused_with_a_clear_message(cast):
    with pytest.raises(ReferralError, match="That partner is not a member of this group"):
        pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.outsider))


def test_passing_to_yourself_is_refused_with_a_clear_message(cast):
    with pytest.raises(ReferralError, match="can't pass a referral to yourself"):
        pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.giver))


def test_criteria_must_be_among_the_receivers(cast):
    IdealClientFactory(user=cast.receiver, criteria=["Owns a business"], position=0)
    IdealClientFactory(user=cast.receiver, criteria=["Needs a website"], position=1)
    IdealClientFactory(user=cast.member, criteria=["Owns a yacht"])
    passed = pass_referral(group=cast.group, giver=cast.giver, slip=slip(
        cast.receiver, criteria_met=["Needs a website", "Owns a business"]))
    assert passed.criteria_met == ["Needs a website", "Owns a business"]
    with pytest.raises(ReferralError, match="Rafael Receiver doesn't list these criteria: "
                                            "Owns a yacht"):
        pass_referral(group=cast.group, giver=cast.giver,
                      slip=slip(cast.receiver, criteria_met=["Owns a yacht"]))


# --- find_duplicates -------------------------------------------------------------------------

NOW = utc(2024, 6, 10, 12)


def test_the_same_prospect_to_the_same_receiver_within_90_days_is_a_duplicate(cast):
    earlier = factories.referral(cast.group, cast.giver, cast.receiver,
                                 prospect_name="Élodie  Dupont", passed_at=NOW - 89 * DAY)
    for name in ("elodie dupont", "  ELODIE DUPONT ", "Elodie\tDupont", "Élodie Dupont"):
        found = find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                                prospect_name=name, now=NOW)
        assert [r.id for r in found] == [earlier.id], name


def test_the_same_email_is_a_duplicate_whatever_the_name(cast):
    earlier = factories.referral(cast.group, cast.member, cast.receiver,
                                 prospect_name="Dana Whitfield",
                                 prospect_email="dana@example.com", passed_at=NOW - 10 * DAY)
    found = find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                            prospect_name="D. Whitfield-Jones",
                            prospect_email=" DANA@example.com ", now=NOW)
    assert [r.id for r in found] == [earlier.id]


def test_newest_duplicates_come_first(cast):
    older = factories.referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 30 * DAY)
    newer = factories.referral(cast.group, cast.member, cast.receiver, passed_at=NOW - 2 * DAY)
    found = find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                            prospect_name="Dana Prospect", now=NOW)
    assert [r.id for r in found] == [newer.id, older.id]


def test_what_is_not_a_duplicate(cast):
    third = MembershipFactory(group=cast.group).user
    factories.referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 91 * DAY)
    factories.referral(cast.group, cast.giver, third, passed_at=NOW - DAY)
    factories.referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - DAY,
                       status=S.WITHDRAWN)
    factories.referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - DAY,
                       prospect_name="Dana Prospector", prospect_email="other@example.com")
    other_receiver = MembershipFactory(group=cast.other_group).user
    factories.referral(cast.other_group, cast.outsider, other_receiver, passed_at=NOW - DAY)

    assert find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                           prospect_name="Dana Prospect", prospect_email="dana@example.com",
                           now=NOW) == []
    assert find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                           prospect_name="  ", prospect_email="", now=NOW) == []


def test_a_referral_exactly_90_days_old_still_counts(cast):
    earlier = factories.referral(cast.group, cast.giver, cast.receiver, passed_at=NOW - 90 * DAY)
    found = find_duplicates(group_id=cast.group.id, receiver_id=cast.receiver.id,
                            prospect_name="Dana Prospect", now=NOW)
    assert [r.id for r in found] == [earlier.id]


# --- closed business -------------------------------------------------------------------------


def working(cast, status=S.ACCEPTED, **fields) -> Referral:
    fields.setdefault("passed_at", utcnow() - 10 * DAY)
    return factories.referral(cast.group, cast.giver, cast.receiver, status=status, **fields)


def record(referral, actor, amount="1,250.00", closed_on=None, **kwargs) -> ClosedBusiness:
    if closed_on is None:
        closed_on = periods.local_today(db.session.get(Group, referral.group_id).timezone)
    entry = record_closed_business(referral=referral, actor=actor, amount=amount,
                                   kind=kwargs.pop("kind", "new"), closed_on=closed_on,
                                   **kwargs)
    db.session.commit()
    return entry


def test_recording_closed_business_moves_the_referral_to_won_and_tells_the_giver(app):
    cast = factories.make_referral_cast(currency="USD")
    referral = working(cast, status=S.PROPOSAL)
    closed_on = periods.local_today(cast.group.timezone) - DAY

    entry = record(referral, cast.receiver, "1,250.00", closed_on, note="First order")

    stored = db.session.get(ClosedBusiness, entry.id)
    assert (stored.amount, stored.kind, stored.closed_on, stored.note, stored.created_by_id) == (
        125_000, "new", closed_on, "First order", cast.receiver.id)
    assert (referral.status, referral.version) == (S.WON, 2)
    status_event, closed_event = events_of(referral.id)[1:]
    assert (status_event.kind, status_event.from_status, status_event.to_status) == (
        "status", S.PROPOSAL, S.WON)
    assert (closed_event.kind, closed_event.actor_id, closed_event.note) == (
        "closed_business", cast.receiver.id, "First order")
    assert closed_event.data == {"entry_id": entry.id, "amount": 125_000, "kind": "new",
                                 "closed_on": closed_on.isoformat(), "currency": "USD"}
    assert [(n.kind, n.referral_id, n.text) for n in notifications_for(cast.giver)] == [
        ("closed_business", referral.id, "Rafael Receiver closed business with Dana Prospect")]


@pytest.mark.parametrize(("currency", "amount", "minor"), [
    ("USD", "1,250.00", 125_000),
    ("USD", "100,000,000", 10_000_000_000),
    ("EUR", "980.5", 98_050),
    ("JPY", "5000", 5_000),
    ("BHD", "12.345", 12_345),
])
def test_amounts_are_stored_in_minor_units_of_the_groups_currency(app, currency, amount, minor):
    cast = factories.make_referral_cast(currency=currency)
    entry = record(working(cast), cast.receiver, amount)
    assert db.session.get(ClosedBusiness, entry.id).amount == minor


@pytest.mark.parametrize(("currency", "amount"), [
    ("USD", "0"),
    ("USD", "-5"),
    ("USD", "abc"),
    ("USD", "1e5"),
    ("USD", ""),
    ("USD", "1.234"),
    ("USD", "100000000.01"),
    ("JPY", "5000.5"),
    ("JPY", "100000001"),
])
def test_bad_amounts_are_refused_and_nothing_changes(app, currency, amount):
    cast = factories.make_referral_cast(currency=currency)
    referral = working(cast)
    before = totals()
    with pytest.raises(ReferralError) as caught:
        record_closed_business(referral=referral, actor=cast.receiver, amount=amount,
                               kind="new", closed_on=periods.local_today("UTC") - DAY)
    assert caught.value.field == "amount"
    db.session.rollback()
    assert totals() == before
    assert db.session.get(Referral, referral.id).status == S.ACCEPTED


@pytest.mark.parametrize(("kind", "closed_on", "field"), [
    ("gift", None, "kind"),
    ("new", "2024-13-01", "closed_on"),
    ("new", "yesterday", "closed_on"),
])
def test_bad_kind_or_date_is_refused(cast, kind, closed_on, field):
    referral = working(cast)
    with pytest.raises(ReferralError) as caught:
        record_closed_business(referral=referral, actor=cast.receiver, amount="10", kind=kind,
                               closed_on=closed_on or periods.local_today("UTC") - DAY)
    assert caught.value.field == field


def test_only_the_receiver_records_closed_business(cast):
    referral = working(cast)
    for actor in (cast.giver, cast.member, cast.outsider):
        with pytest.raises(PermissionDenied):
            record(referral, actor, "10")
    assert count(ClosedBusiness) == 0


@pytest.mark.parametrize("status", [S.DECLINED, S.WITHDRAWN])
def test_declined_and_withdrawn_referrals_refuse_closed_business(cast, status):
    referral = working(cast, status=status)
    with pytest.raises(ReferralError, match=f"This referral is {status}"):
        record(referral, cast.receiver, "10")
    db.session.rollback()
    assert count(ClosedBusiness) == 0
    assert db.session.get(Referral, referral.id).status == status


@pytest.mark.parametrize("status", [S.PASSED, S.CONTACTED, S.LOST, S.WON])
def test_closed_business_can_be_recorded_from_any_other_status(cast, status):
    referral = working(cast, status=status)
    record(referral, cast.receiver, "10")
    assert referral.status == S.WON


def test_a_stale_version_refuses_closed_business(cast):
    referral = working(cast)
    with pytest.raises(Conflict):
        record(referral, cast.receiver, "10", version=referral.version + 1)


# A moment just before midnight UTC: in Auckland (UTC+12) it is already 11 June, 11:30;
# in Honolulu (UTC-10) still 10 June, 13:30.
FROZEN = utc(2024, 6, 10, 23, 30)
# Passed at 00:30 on 10 June in Auckland, 02:30 on 9 June in Honolulu.
PASSED_AT = utc(2024, 6, 9, 12, 30)


@pytest.mark.parametrize(("tz", "closed_on", "accepted"), [
    ("Pacific/Auckland", date(2024, 6, 11), True),  # today there
    ("Pacific/Auckland", date(2024, 6, 12), False),  # tomorrow there
    ("Pacific/Honolulu", date(2024, 6, 10), True),  # today there
    ("Pacific/Honolulu", date(2024, 6, 11), False),  # tomorrow there, though today in Auckland
    ("Pacific/Auckland", date(2024, 6, 10), True),  # the day it was passed there
    ("Pacific/Auckland", date(2024, 6, 9), False),  # before it was passed there
    ("Pacific/Honolulu", date(2024, 6, 9), True),  # the day it was passed there
    ("Pacific/Honolulu", date(2024, 6, 8), False),
])
def test_closed_on_is_checked_against_the_groups_local_dates(app, monkeypatch, tz, closed_on,
                                                              accepted):
    freeze_today(monkeypatch, FROZEN)
    cast = factories.make_referral_cast(timezone=tz, currency="NZD")
    referral = working(cast, passed_at=PASSED_AT)
    if accepted:
        entry = record(referral, cast.receiver, "100", closed_on)
        assert db.session.get(ClosedBusiness, entry.id).closed_on == closed_on
    else:
        message = "in the future" if closed_on > PASSED_AT.date() else "before the referral"
        with pytest.raises(ReferralError, match=message) as caught:
            record(referral, cast.receiver, "100", closed_on)
        assert caught.value.field == "closed_on"


def test_closed_on_may_be_an_iso_string(cast):
    referral = working(cast)
    yesterday = periods.local_today(cast.group.timezone) - DAY
    entry = record(referral, cast.receiver, "10", f" {yesterday.isoformat()} ")
    assert entry.closed_on == yesterday


def test_several_entries_per_referral(cast):
    referral = working(cast)
    first = record(referral, cast.receiver, "1000")
    version = referral.version
    second = record(referral, cast.receiver, "250.50", kind="repeat")

    assert [(e.amount, e.kind) for e in db.session.scalars(
        sa.select(ClosedBusiness).order_by(ClosedBusiness.id))] == [
        (100_000, "new"), (25_050, "repeat")]
    assert {first.id, second.id} == {e.data["entry_id"] for e in events_of(referral.id)
                                     if e.kind == "closed_business"}
    # Still won, with one status change only; the second entry still makes the giver's page
    # stale and tells them.
    assert referral.status == S.WON
    assert [e.kind for e in events_of(referral.id)] == [
        "passed", "status", "closed_business", "closed_business"]
    assert referral.version == version + 1
    assert len(notifications_for(cast.giver)) == 2


def test_correcting_an_entry_keeps_the_before_and_after(app):
    cast = factories.make_referral_cast(currency="USD")
    referral = working(cast)
    yesterday = periods.local_today(cast.group.timezone) - DAY
    entry = record(referral, cast.receiver, "1,250.00", yesterday, note="Deposit")
    version = referral.version

    correct_closed_business(entry=entry, actor=cast.receiver, amount="1,520.00", kind="repeat",
                            closed_on=yesterday - DAY, note="Deposit (typo fixed)")
    db.session.commit()

    stored = db.session.get(ClosedBusiness, entry.id)
    assert (stored.amount, stored.kind, stored.closed_on, stored.note) == (
        152_000, "repeat", yesterday - DAY, "Deposit (typo fixed)")
    event = events_of(referral.id)[-1]
    assert (event.kind, event.actor_id) == ("closed_business_changed", cast.receiver.id)
    assert event.data == {
        "entry_id": entry.id, "currency": "USD",
        "before": {"amount": 125_000, "kind": "new", "closed_on": yesterday.isoformat(),
                   "note": "Deposit"},
        "after": {"amount": 152_000, "kind": "repeat",
                  "closed_on": (yesterday - DAY).isoformat(), "note": "Deposit (typo fixed)"},
    }
    assert referral.version == version + 1


def test_a_correction_follows_the_same_rules(cast):
    referral = working(cast)
    entry = record(referral, cast.receiver, "10")
    with pytest.raises(ReferralError):
        correct_closed_business(entry=entry, actor=cast.receiver, amount="-1", kind="new",
                                closed_on=entry.closed_on)
    with pytest.raises(ReferralError):
        correct_closed_business(entry=entry, actor=cast.receiver, amount="1", kind="new",
                                closed_on=periods.local_today(cast.group.timezone) + DAY)
    with pytest.raises(PermissionDenied):
        correct_closed_business(entry=entry, actor=cast.giver, amount="1", kind="new",
                                closed_on=entry.closed_on)
    db.session.rollback()
    assert db.session.get(ClosedBusiness, entry.id).amount == 1000


def test_deleting_an_entry_is_soft_and_recorded(cast):
    referral = working(cast)
    entry = record(referral, cast.receiver, "10", note="Wrong referral")
    events = len(events_of(referral.id))

    with pytest.raises(PermissionDenied):
        delete_closed_business(entry=entry, actor=cast.giver)
    delete_closed_business(entry=entry, actor=cast.receiver)
    db.session.commit()

    stored = db.session.get(ClosedBusiness, entry.id)
    assert stored.deleted_at is not None and stored.amount == 1000
    event = events_of(referral.id)[-1]
    assert (event.kind, event.actor_id) == ("closed_business_deleted", cast.receiver.id)
    assert event.data["entry_id"] == entry.id
    assert event.data["before"] == {"amount": 1000, "kind": "new",
                                    "closed_on": entry.closed_on.isoformat(),
                                    "note": "Wrong referral"}

    # Deleting again changes nothing; a deleted entry can't be corrected.
    delete_closed_business(entry=entry, actor=cast.receiver)
    db.session.commit()
    assert len(events_of(referral.id)) == events + 1
    with pytest.raises(ReferralError, match="deleted"):
        correct_closed_business(entry=entry, actor=cast.receiver, amount="5", kind="new",
                                closed_on=entry.closed_on)


# --- quality ---------------------------------------------------------------------------------


def test_the_receiver_rates_quality(cast):
    referral = working(cast)
    rate_quality(referral=referral, actor=cast.receiver, quality="lukewarm")
    rate_quality(referral=referral, actor=cast.receiver, quality="lukewarm")  # no change
    rate_quality(referral=referral, actor=cast.receiver, quality="qualified")
    db.session.commit()

    assert db.session.get(Referral, referral.id).quality == "qualified"
    assert [(e.kind, e.data) for e in events_of(referral.id)[1:]] == [
        ("quality", {"quality": "lukewarm"}), ("quality", {"quality": "qualified"})]


@pytest.mark.parametrize("quality", ["great", "", "Qualified", None])
def test_an_unknown_quality_is_refused(cast, quality):
    referral = working(cast)
    with pytest.raises(ReferralError) as caught:
        rate_quality(referral=referral, actor=cast.receiver, quality=quality)
    assert caught.value.field == "quality"
    assert referral.quality is None


def test_only_the_receiver_rates_quality(cast):
    referral = working(cast)
    for actor in (cast.giver, cast.member):
        with pytest.raises(PermissionDenied):
            rate_quality(referral=referral, actor=actor, quality="not_a_fit")


# --- thanks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(Status))
def test_the_receiver_thanks_the_giver_whatever_the_status(cast, status):
    referral = working(cast, status=status)
    thanks = thank(referral=referral, actor=cast.receiver,
                   message="  Thank you, Gina!\nShe signed.  ", gift="Lunch at Rosa's")
    db.session.commit()

    stored = db.session.get(ThankYou, thanks.id)
    assert (stored.referral_id, stored.author_id, stored.message, stored.gift) == (
        referral.id, cast.receiver.id, "Thank you, Gina!\nShe signed.", "Lunch at Rosa's")
    event = events_of(referral.id)[-1]
    assert (event.kind, event.note, event.data) == (
        "thanked", "Thank you, Gina!\nShe signed.", {"gift": "Lunch at Rosa's"})
    assert [(n.kind, n.referral_id) for n in notifications_for(cast.giver)] == [
        ("thanked", referral.id)]


def test_thanks_are_given_once(cast):
    referral = working(cast)
    thank(referral=referral, actor=cast.receiver, message="Thanks!")
    db.session.commit()
    with pytest.raises(Conflict, match="already thanked"):
        thank(referral=referral, actor=cast.receiver, message="Thanks again!")
    db.session.rollback()
    assert count(ThankYou) == 1
    assert len(notifications_for(cast.giver)) == 1


def test_only_the_receiver_thanks(cast):
    referral = working(cast)
    for actor in (cast.giver, cast.member, cast.outsider):
        with pytest.raises(PermissionDenied):
            thank(referral=referral, actor=actor, message="Thanks!")
    assert count(ThankYou) == 0


@pytest.mark.parametrize(("message", "gift", "field"), [
    ("", "", "message"),
    ("   \n ", "", "message"),
    ("x" * 1001, "", "message"),
    ("Thanks", "x" * 201, "gift"),
])
def test_a_thank_you_needs_a_message(cast, message, gift, field):
    referral = working(cast)
    with pytest.raises(ReferralError) as caught:
        thank(referral=referral, actor=cast.receiver, message=message, gift=gift)
    assert caught.value.field == field
    db.session.rollback()
    assert count(ThankYou) == 0


# --- testimonials ----------------------------------------------------------------------------


def test_a_member_writes_a_testimonial_for_another(cast):
    testimonial = write_testimonial(group=cast.group, author=cast.receiver,
                                    subject_id=cast.giver.id, text="  Gina sends great leads. ")
    db.session.commit()
    stored = db.session.get(StoredTestimonial, testimonial.id)
    assert (stored.group_id, stored.author_id, stored.subject_id, stored.text) == (
        cast.group.id, cast.receiver.id, cast.giver.id, "Gina sends great leads.")


def test_testimonial_refusals(cast):
    left = MembershipFactory(group=cast.group).user
    db.session.execute(sa.update(Membership).where(Membership.user_id == left.id)
                       .values(left_at=utcnow()))
    db.session.commit()
    cases = [
        (cast.outsider, cast.giver.id, "Great", "author"),
        (cast.receiver, cast.outsider.id, "Great", "subject_id"),
        (cast.receiver, left.id, "Great", "subject_id"),
        (cast.receiver, cast.receiver.id, "I'm great", "subject_id"),
        (cast.receiver, cast.giver.id, "", "text"),
        (cast.receiver, cast.giver.id, "  \n ", "text"),
        (cast.receiver, cast.giver.id, "x" * 2001, "text"),
    ]
    for author, subject_id, text, field in cases:
        with pytest.raises(ReferralError) as caught:
            write_testimonial(group=cast.group, author=author, subject_id=subject_id, text=text)
        assert caught.value.field == field, (author.name, subject_id, text[:10])
    db.session.rollback()
    assert count(StoredTestimonial) == 0


def test_testimonials_belong_to_a_group(app):
    group = GroupFactory()
    author = MembershipFactory(group=group).user
    subject = MembershipFactory(group=group).user
    other = GroupFactory()
    MembershipFactory(group=other, user=subject)
    with pytest.raises(ReferralError):  # the author is not in the other group
        write_testimonial(group=other, author=author, subject_id=subject.id, text="Great")


# --- notification emails ---------------------------------------------------------------------
# Services mostly run inside a request (a page or an API call) whose boundary commits; these
# tests do the same, and one commits outside any request, as a CLI command does.


@pytest.fixture
def request_ctx(app):
    with app.test_request_context():
        yield


def test_an_email_is_sent_after_commit_when_the_setting_is_on(cast, smtp, request_ctx):
    referral = pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    assert smtp.messages == []  # not before the change is committed
    db.session.commit()

    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail.rcpt_tos == [cast.receiver.email]
    assert mail.message["Subject"] == "New referral from Gina Giver"
    assert "Gina Giver passed you a referral: Dana Whitfield (Whitfield Bakery)" in mail.body
    assert f"/referrals/{referral.id}" in mail.body


def test_an_email_is_dropped_when_the_change_is_rolled_back(cast, smtp, request_ctx):
    pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    db.session.rollback()
    assert count(Notification) == 0

    # A later commit in the same session does not send the dropped message.
    referral = working(cast)
    change_status(referral=referral, actor=cast.receiver, status=S.CONTACTED)
    db.session.commit()
    assert [m.rcpt_tos for m in smtp.messages] == [[cast.giver.email]]
    assert smtp.messages[0].message["Subject"] == "Rafael Receiver updated a referral"


def test_a_refused_change_sends_nothing(cast, smtp, request_ctx):
    referral = working(cast)
    with pytest.raises(Conflict):
        change_status(referral=referral, actor=cast.receiver, status=S.CONTACTED, version=99)
    db.session.rollback()
    db.session.commit()
    assert smtp.messages == []


def test_no_email_when_the_users_setting_is_off(cast, smtp, request_ctx):
    update_settings(user=cast.receiver, status_changed=True)  # referral_received off
    update_settings(user=cast.giver, referral_received=True, status_changed=True,
                    thanked=True)  # closed_business off
    db.session.commit()

    referral = pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    db.session.commit()
    assert smtp.messages == []
    assert [n.kind for n in notifications_for(cast.receiver)] == ["referral_received"]

    record(referral, cast.receiver, "10")
    assert smtp.messages == []
    assert [n.kind for n in notifications_for(cast.giver)] == ["closed_business"]

    thank(referral=referral, actor=cast.receiver, message="Thank you!")
    db.session.commit()
    assert [(m.rcpt_tos, m.message["Subject"]) for m in smtp.messages] == [
        ([cast.giver.email], "Rafael Receiver thanked you")]


def test_no_email_to_a_deactivated_user(cast, smtp, request_ctx):
    cast.receiver.active = False
    db.session.commit()
    pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    db.session.commit()
    assert smtp.messages == []
    assert len(notifications_for(cast.receiver)) == 1


def test_each_kind_of_change_emails_the_other_party(cast, smtp, request_ctx):
    referral = pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    db.session.commit()
    change_status(referral=referral, actor=cast.receiver, status=S.ACCEPTED)
    db.session.commit()
    record(referral, cast.receiver, "10")
    thank(referral=referral, actor=cast.receiver, message="Thanks!")
    db.session.commit()

    assert [(m.rcpt_tos[0], m.message["Subject"]) for m in smtp.messages] == [
        (cast.receiver.email, "New referral from Gina Giver"),
        (cast.giver.email, "Rafael Receiver updated a referral"),
        (cast.giver.email, "Rafael Receiver closed business from your referral"),
        (cast.giver.email, "Rafael Receiver thanked you"),
    ]


def test_an_email_is_sent_after_a_commit_outside_any_request(cast, smtp):
    # As a CLI command or a background job would: no request, so no signed-in user either.
    pass_referral(group=cast.group, giver=cast.giver, slip=slip(cast.receiver))
    db.session.commit()
    assert [m.rcpt_tos for m in smtp.messages] == [[cast.receiver.email]]


def test_correcting_or_deleting_an_entry_from_a_stale_page_changes_nothing(app):
    cast = factories.make_referral_cast()
    ref = factories.referral(cast.group, cast.giver, cast.receiver, status="won")
    entry = factories.closed_business(ref, 50000)
    stale = ref.version - 1
    with pytest.raises(Conflict):
        services.delete_closed_business(entry=entry, actor=cast.receiver, version=stale)
    with pytest.raises(Conflict):
        services.correct_closed_business(entry=entry, actor=cast.receiver, amount="10",
                                         kind="new", closed_on=entry.closed_on, version=stale)
    db.session.rollback()
    db.session.refresh(entry)
    assert entry.deleted_at is None
    assert entry.amount == 50000
