"""Shapes of the meetings API (they check shape; partnernet.meetings.services checks rules).

Times sent in are wall-clock times in the group's time zone, as on the schedule page; times
sent out are UTC instants, plus the local start with its offset.
"""

from datetime import datetime, time

from apiflask import Schema
from apiflask.fields import Boolean, Date, DateTime, Integer, List, Nested, String
from apiflask.validators import Range
from marshmallow import ValidationError

from partnernet.models.meetings import MeetingKind, MeetingStatus, OneToOneKind
from partnernet.periods import EARLIEST_DAY, LATEST_DAY

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
# Earlier than this is a typing mistake (and the far past can't be turned into an instant).
EARLIEST = datetime.combine(EARLIEST_DAY, time(0))
VERSION_HELP = "The version you last saw; a stale one answers 409"


class LocalDateTime(String):
    """A wall-clock time in the group's time zone, YYYY-MM-DDTHH:MM, loaded as a naive
    datetime. (A string field: apispec documents a DateTime with a custom format as
    `format: null`.)"""

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            moment = datetime.strptime(text, LOCAL_FORMAT)
        except ValueError:
            raise ValidationError("Use YYYY-MM-DDTHH:MM, in the group's time zone.") from None
        if moment < EARLIEST:
            raise ValidationError(f"Choose a date from {EARLIEST.year} on.")
        return moment


def _local(description: str) -> LocalDateTime:
    return LocalDateTime(required=True, metadata={
        "description": description, "example": "2026-03-10T07:00",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"})


def _version() -> Integer:
    return Integer(load_default=None, allow_none=True, metadata={"description": VERSION_HELP})


# Requests


class MeetingWindowQuery(Schema):
    start = Date(validate=Range(EARLIEST_DAY, LATEST_DAY), metadata={
        "description": "Meetings starting on or after this local date; default: 8 weeks ago"})
    end = Date(validate=Range(EARLIEST_DAY, LATEST_DAY), metadata={
        "description": "Meetings starting before this local date (exclusive); default: the "
                       "day after the last day of the stored schedule, 12 weeks ahead"})


class MeetingIn(Schema):
    starts_at_local = _local("Local date and start time, YYYY-MM-DDTHH:MM")
    ends_at_local = _local("Local date and end time, YYYY-MM-DDTHH:MM; 15 minutes to "
                           "8 hours after the start")
    note = String(load_default="", metadata={
        "description": "Optional: what the extra meeting is for (at most 500 characters)"})


class MoveIn(Schema):
    starts_at_local = _local("The new local date and start time, YYYY-MM-DDTHH:MM")
    ends_at_local = _local("The new local date and end time, YYYY-MM-DDTHH:MM; 15 minutes to "
                           "8 hours after the start")
    note = String(load_default=None, allow_none=True, metadata={
        "description": "Why it moved (at most 500 characters); left out or null keeps the "
                       "current note"})
    version = _version()


class CancelIn(Schema):
    note = String(load_default=None, allow_none=True, metadata={
        "description": "The reason members see (at most 500 characters); left out or null "
                       "keeps the current note"})
    version = _version()


class RestoreIn(Schema):
    version = _version()


# Responses


class MeetingOut(Schema):
    id = Integer()
    group_id = Integer()
    kind = String(metadata={"enum": [k.value for k in MeetingKind], "description":
                            "regular: one of the cadence's meetings; extra: added by a "
                            "facilitator"})
    occurrence = Date(allow_none=True, metadata={
        "description": "Regular meetings: the local date of the cadence's meeting it stands "
                       "for, even after a move; null for extra ones"})
    starts_at = DateTime(metadata={"description": "UTC"})
    ends_at = DateTime(metadata={"description": "UTC"})
    local_start = DateTime(metadata={
        "description": "The start in the group's time zone, with its UTC offset"})
    duration_minutes = Integer()
    status = String(metadata={"enum": [s.value for s in MeetingStatus]})
    moved = Boolean(metadata={"description": "A facilitator changed its time; a new cadence "
                                             "leaves it where it is"})
    note = String()
    version = Integer(metadata={"description": "Send it back with a change (optimistic "
                                               "locking)"})
    presenter_id = Integer(allow_none=True, metadata={
        "description": "The featured presenter, from the speaker rotation"})
    started_at = DateTime(allow_none=True, metadata={"description": "UTC, once run"})
    closed_at = DateTime(allow_none=True, metadata={"description": "UTC, once closed"})


class Meeting(MeetingOut):
    """A meeting returned on its own (see schemas.Group for why it is a class of its own)."""


class MeetingList(Schema):
    group_id = Integer()
    timezone = String(metadata={"description": "The group's IANA time zone"})
    items = List(Nested(MeetingOut), metadata={"description": "By start, cancelled ones "
                                                              "included"})


# One-to-ones


class OneToOneIn(Schema):
    partner_id = Integer(required=True, metadata={
        "description": "The member you met: a current member of the group other than you"})
    met_on = Date(required=True, validate=Range(EARLIEST_DAY, LATEST_DAY), metadata={
        "description": "The local date you met, in the group's time zone: from a year ago "
                       "through today"})
    kind = String(required=True, metadata={"enum": [k.value for k in OneToOneKind]})
    notes = String(load_default="", metadata={
        "description": "Optional, several lines allowed (at most 2000 characters)"})


class OneToOneOut(Schema):
    id = Integer()
    partner_id = Integer(metadata={"description": "The other member, whoever logged it"})
    partner_name = String()
    logged_by_id = Integer(metadata={"description": "Who logged it; only they can delete it"})
    met_on = Date(metadata={"description": "Local to the group"})
    kind = String(metadata={"enum": [k.value for k in OneToOneKind]})
    notes = String()


class OneToOne(OneToOneOut):
    """A one-to-one returned on its own (see schemas.Group for why it is a class of its own)."""


class NotMet(Schema):
    member_id = Integer()
    name = String()


class OneToOneList(Schema):
    items = List(Nested(OneToOneOut), metadata={
        "description": "The caller's one-to-ones in the group, whoever logged them, newest "
                       "first"})
    not_met = List(Nested(NotMet), metadata={
        "description": "Current members the caller has had no one-to-one with, by name"})


# Running a meeting, and its report


class RunStepIn(Schema):
    position = Integer(load_default=None, allow_none=True, metadata={
        "description": "Put this agenda item (0-based) on screen; its timer starts now"})
    speaker = Integer(load_default=None, allow_none=True, metadata={
        "description": "Give the floor to this member present (0-based, in arrival order) "
                       "for 60 seconds; null ends the round. Ignored when `position` is sent"})
    version = _version()


class VersionIn(Schema):
    version = _version()


class AgendaItemOut(Schema):
    id = Integer()
    position = Integer()
    title = String()
    kind = String()
    minutes = Integer()
    owner_id = Integer(allow_none=True)
    owner_name = String(allow_none=True)


class SlipOut(Schema):
    id = Integer()
    passed_at = DateTime()
    giver_name = String()
    receiver_name = String()


class TallyOut(Schema):
    referrals = Integer(metadata={"description": "Slips passed in this meeting's round, "
                                                 "withdrawn ones left out"})
    closed_count = Integer()
    closed_value = String(metadata={"description": "Closed business recorded while the "
                                                   "meeting ran, in major units"})
    thank_yous = Integer()
    recent = List(Nested(SlipOut), metadata={"description": "The latest slips, newest first"})


class RunStateOut(Schema):
    meeting = Nested(MeetingOut)
    currency = String()
    started_at = DateTime(allow_none=True)
    current_item = Nested(AgendaItemOut, allow_none=True)
    item_ends_at = DateTime(allow_none=True)
    speaker_index = Integer(allow_none=True)
    speaker = String(allow_none=True, metadata={"description": "Who has the floor"})
    speaker_ends_at = DateTime(allow_none=True)
    elapsed_seconds = Integer()
    planned_elapsed_minutes = Integer(metadata={
        "description": "What the agenda planned up to the end of the current item"})
    behind_minutes = Integer(metadata={
        "description": "How much later than planned the current item began (negative: early)"})
    agenda = List(Nested(AgendaItemOut))
    tally = Nested(TallyOut)


class RunState(RunStateOut):
    """Run mode's state returned on its own."""


class ReportAttendance(Schema):
    member_id = Integer()
    name = String()
    business = String()
    status = String(allow_none=True, metadata={"description": "null: not recorded"})
    substitute_name = String()


class ReportVisitor(Schema):
    name = String()
    business = String()
    invited_by_id = Integer(allow_none=True)
    invited_by_name = String(allow_none=True)


class ReportReferral(Schema):
    id = Integer()
    passed_at = DateTime()
    giver_id = Integer()
    giver_name = String()
    receiver_id = Integer()
    receiver_name = String()
    kind = String()
    at_meeting = Boolean(metadata={"description": "Passed in this meeting's round"})


class ReportClosed(Schema):
    closed_on = Date()
    giver_name = String()
    receiver_name = String()
    amount = String()
    kind = String()


class ReportThanks(Schema):
    created_at = DateTime()
    author_name = String()
    giver_name = String()
    gift = String()


class ReportLedgerRow(Schema):
    member_id = Integer()
    name = String()
    given = Integer()
    received = Integer()
    value_given = String()
    value_received = String()


class ReportPresenter(Schema):
    meeting_id = Integer()
    starts_at = DateTime()
    presenter_id = Integer(allow_none=True)
    presenter_name = String(allow_none=True)


class Report(Schema):
    meeting = Nested(MeetingOut)
    final = Boolean(metadata={"description": "The meeting is closed; until then a draft"})
    currency = String()
    since = DateTime(metadata={"description": "UTC: the previous meeting's close"})
    until = DateTime(metadata={"description": "UTC: this meeting's close, or now"})
    previous_meeting_id = Integer(allow_none=True)
    attendance = List(Nested(ReportAttendance))
    visitors = List(Nested(ReportVisitor))
    referrals = List(Nested(ReportReferral), metadata={
        "description": "Passed since the previous meeting; no prospect details"})
    closed_business = List(Nested(ReportClosed))
    thank_yous = List(Nested(ReportThanks))
    ledger_start = Date()
    ledger_end = Date(metadata={"description": "Exclusive"})
    ledger = List(Nested(ReportLedgerRow))
    next_meeting = Nested(MeetingOut, allow_none=True)
    presenters = List(Nested(ReportPresenter))
