"""Shapes of the attendance API (they check shape; partnernet.meetings.attendance checks the
rules)."""

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String

from partnernet.models.meetings import AttendanceStatus

STATUSES = [s.value for s in AttendanceStatus]

# Requests


class AttendanceIn(Schema):
    status = String(required=True, metadata={"enum": STATUSES})
    substitute_name = String(load_default="", metadata={
        "description": "Who stands in for the member: required with `substitute`, and only "
                       "then (at most 120 characters)"})


class CheckInIn(Schema):
    member_id = Integer(load_default=None, allow_none=True, metadata={
        "description": "Whom to check in; left out or null: yourself. Facilitators may check "
                       "in any current member"})


class VisitorIn(Schema):
    name = String(required=True, metadata={"description": "At most 120 characters"})
    business = String(load_default="", metadata={"description": "Optional, at most 120 "
                                                                "characters"})
    email = String(load_default="", metadata={
        "description": "Optional; one visitor per email address at a meeting"})
    invited_by_id = Integer(load_default=None, allow_none=True, metadata={
        "description": "The host, a current member (facilitators). A member adds their own "
                       "guest: left out, null or their own id"})


# Responses


class MemberAttendanceOut(Schema):
    member_id = Integer(metadata={"description": "The member's user id"})
    name = String()
    business = String(metadata={"description": "From the member's profile; \"\" if none"})
    status = String(allow_none=True, metadata={
        "enum": [*STATUSES, None], "description": "null: not recorded yet"})
    substitute_name = String(metadata={"description": "\"\" unless the status is substitute"})
    recorded_at = DateTime(allow_none=True, metadata={
        "description": "UTC; for present and late, when they arrived"})
    current = Boolean(metadata={"description": "false: has left the group since, listed for "
                                               "their record"})


class MemberAttendance(MemberAttendanceOut):
    """One member's attendance returned on its own (see schemas.Group for why it is a class
    of its own)."""


class VisitorOut(Schema):
    id = Integer()
    name = String()
    business = String()
    email = String(allow_none=True, metadata={
        "description": "Shown to facilitators and the visitor's host; null for others "
                       "(\"\" when none was given)"})
    invited_by_id = Integer(allow_none=True)
    invited_by_name = String(allow_none=True)


class Visitor(VisitorOut):
    """A visitor returned on their own."""


class Counts(Schema):
    members = Integer(metadata={"description": "Current members of the group"})
    here = Integer(metadata={"description": "Present, late or substitute"})
    present = Integer()
    late = Integer()
    substitute = Integer()
    absent = Integer()
    medical = Integer()
    not_recorded = Integer()
    visitors = Integer()


class Attendance(Schema):
    meeting_id = Integer()
    members = List(Nested(MemberAttendanceOut), metadata={
        "description": "Every current member, and former members with a record, by name"})
    visitors = List(Nested(VisitorOut), metadata={"description": "In the order they were "
                                                                 "added"})
    counts = Nested(Counts)
