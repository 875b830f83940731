"""Shapes of the speaker rotation API (they check shape; partnernet.meetings.rotation checks
the rules)."""

from apiflask import Schema
from apiflask.fields import DateTime, Integer, List, Nested, String
from apiflask.validators import Length

from partnernet.meetings.rotation import ROTATION_MAX, SHOWN_WEEKS
from partnernet.models.meetings import MeetingStatus

# Requests


class RotationIn(Schema):
    member_ids = List(Integer(strict=True), required=True, validate=Length(max=ROTATION_MAX),
                      metadata={"description": "The whole new order: current members of the "
                                               "group, each once; [] empties it. Presenters "
                                               "already given to meetings stay."})


class SwapIn(Schema):
    first_meeting_id = Integer(required=True, strict=True, metadata={
        "description": "A coming meeting of the group"})
    second_meeting_id = Integer(required=True, strict=True, metadata={
        "description": "Another coming meeting of the group"})


class PresenterIn(Schema):
    presenter_id = Integer(required=True, allow_none=True, strict=True, metadata={
        "description": "Any current member of the group, in the rotation or not; null gives "
                       "the meeting back to the rotation, which deals it the next member in "
                       "turn"})


# Responses


class RotationMember(Schema):
    member_id = Integer(metadata={"description": "The user's id"})
    name = String()
    position = Integer(metadata={"description": "1, 2, 3… in the order"})


class PresenterOut(Schema):
    meeting_id = Integer()
    starts_at = DateTime(metadata={"description": "UTC"})
    status = String(metadata={"enum": [MeetingStatus.SCHEDULED.value,
                                       MeetingStatus.RUNNING.value]})
    presenter_id = Integer(allow_none=True, metadata={
        "description": "The featured presenter; null while the rotation is empty"})
    presenter_name = String(allow_none=True)


class Presenter(PresenterOut):
    """One meeting's presenter returned on its own (see schemas.Group for why it is a class
    of its own)."""


class Rotation(Schema):
    group_id = Integer()
    members = List(Nested(RotationMember), metadata={
        "description": "The rotation in order (current members only)"})
    upcoming = List(Nested(PresenterOut), metadata={
        "description": f"The meetings under way or starting in the next {SHOWN_WEEKS} weeks, "
                       "not cancelled, by start, with their featured presenter"})
