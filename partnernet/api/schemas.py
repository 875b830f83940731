"""Shapes of the API's requests and responses (they check shape; services check rules)."""

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    Date,
    DateTime,
    Dict,
    Email,
    Integer,
    List,
    Nested,
    String,
    Time,
)
from apiflask.validators import Length, OneOf, Range

from partnernet.models.accounts import EMAIL_MAX
from partnernet.models.groups import GROUP_NAME_MAX, LOCATION_MAX, URL_MAX

ROLES = ["facilitator", "member"]


class Error(Schema):
    error = String(metadata={"description": "A stable code: not_found, validation_error, …"})
    message = String(metadata={"description": "What went wrong, in plain words."})
    fields = Dict(keys=String(), values=List(String()), metadata={
        "description": "Field name → list of messages, for validation errors."})


def error_response(description: str) -> dict:
    """An error response for @bp.doc(responses=...), documented with the Error body."""
    return {"description": description, "content": {"application/json": {"schema": Error}}}


class GroupBrief(Schema):
    id = Integer()
    name = String()
    role = String()
    title = String()


class Me(Schema):
    id = Integer()
    email = String()
    name = String()
    business = String()
    groups = List(Nested(GroupBrief))


class GroupIn(Schema):
    name = String(required=True, validate=Length(1, GROUP_NAME_MAX))
    cadence = String(load_default="weekly", validate=OneOf(["weekly", "monthly"]))
    weekday = Integer(required=True, validate=Range(0, 6),
                      metadata={"description": "0 = Monday … 6 = Sunday"})
    nth_weekday = Integer(load_default=None, allow_none=True,
                          validate=OneOf([1, 2, 3, 4, -1]),
                          metadata={"description": "Monthly groups: 1–4, or -1 for the last"})
    meeting_time = Time(required=True, metadata={"description": "Local start time, HH:MM"})
    duration_minutes = Integer(load_default=90, validate=Range(15, 480))
    timezone = String(required=True, validate=Length(1, 64),
                      metadata={"description": "IANA time zone, e.g. Europe/London"})
    currency = String(required=True, validate=Length(3, 3),
                      metadata={"description": "ISO 4217 code, e.g. EUR"})
    location = String(load_default="", validate=Length(0, LOCATION_MAX))
    video_url = String(load_default="", validate=Length(0, URL_MAX))


class GroupOut(Schema):
    id = Integer()
    name = String()
    cadence = String()
    weekday = Integer()
    nth_weekday = Integer(allow_none=True)
    meeting_time = Time(format="%H:%M")
    duration_minutes = Integer()
    timezone = String()
    currency = String()
    location = String()
    video_url = String()
    member_count = Integer()
    role = String(metadata={"description": "The caller's role in the group"})


class GroupList(Schema):
    items = List(Nested(GroupOut))


class Member(Schema):
    member_id = Integer(metadata={"description": "The member's user id"})
    name = String()
    business = String()
    role = String()
    title = String()
    category = String()
    joined_on = Date()


class MemberList(Schema):
    items = List(Nested(Member))


class InvitationIn(Schema):
    email = Email(load_default="", validate=Length(0, EMAIL_MAX),
                  metadata={"description": "Optional: the invitation is emailed there"})
    role = String(load_default="member", validate=OneOf(ROLES))


class InvitationOut(Schema):
    token = String()
    url = String()
    expires_at = DateTime()
    email = String()
    role = String()
    emailed = Boolean(metadata={"description": "Whether the invitation email was sent"})


class Accepted(Schema):
    group = Nested(GroupOut)

