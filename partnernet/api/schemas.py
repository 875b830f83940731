"""Shapes of the API's requests and responses (they check shape; services check rules)."""

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    Date,
    DateTime,
    Dict,
    Email,
    Float,
    Integer,
    List,
    Nested,
    String,
    Time,
)
from apiflask.validators import Length, OneOf, Range

from partnernet.models.accounts import EMAIL_MAX
from partnernet.models.groups import GROUP_NAME_MAX, LOCATION_MAX, URL_MAX
from partnernet.models.profiles import (
    ASK_MAX,
    BIO_MAX,
    BUSINESS_MAX,
    CATEGORY_MAX,
    CRITERIA_MAX_COUNT,
    CRITERION_MAX,
    DIFFERENCE_MAX,
    ICP_LONG_MAX,
    ICP_SHORT_MAX,
    ICP_TITLE_MAX,
    NOT_A_FIT_MAX,
    PHONE_MAX,
    WEBSITE_MAX,
)

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


class Group(GroupOut):
    """A group returned on its own. (A class of its own: apiflask registers a schema used both
    directly and nested twice, whichever comes first.)"""


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



class ProfileIn(Schema):
    business_name = String(load_default="", validate=Length(0, BUSINESS_MAX))
    category = String(load_default="", validate=Length(0, CATEGORY_MAX))
    website = String(load_default="", validate=Length(0, WEBSITE_MAX),
                     metadata={"description": "http(s) address; a bare domain gets https://"})
    phone = String(load_default="", validate=Length(0, PHONE_MAX))
    bio = String(load_default="", validate=Length(0, BIO_MAX))
    talkable_difference = String(load_default="", validate=Length(0, DIFFERENCE_MAX))
    specific_ask = String(load_default="", validate=Length(0, ASK_MAX))


class IdealClientIn(Schema):
    title = String(required=True, validate=Length(1, ICP_TITLE_MAX))
    industries = String(load_default="", validate=Length(0, ICP_SHORT_MAX))
    company_size = String(load_default="", validate=Length(0, ICP_SHORT_MAX))
    geography = String(load_default="", validate=Length(0, ICP_SHORT_MAX))
    decision_makers = String(load_default="", validate=Length(0, ICP_SHORT_MAX))
    triggers = String(load_default="", validate=Length(0, ICP_LONG_MAX),
                      metadata={"description": "Trigger events and pain points"})
    criteria = List(String(validate=Length(0, CRITERION_MAX)), load_default=list,
                    validate=Length(0, CRITERIA_MAX_COUNT),
                    metadata={"description": "Referral criteria: short statements"})
    not_a_fit = String(load_default="", validate=Length(0, NOT_A_FIT_MAX))


class IdealClientOut(Schema):
    id = Integer()
    title = String()
    industries = String()
    company_size = String()
    geography = String()
    decision_makers = String()
    triggers = String()
    criteria = List(String())
    not_a_fit = String()


class IdealClient(IdealClientOut):
    """An ideal-client profile returned on its own (see Group for why it is a class of its own)."""


class IdealClientList(Schema):
    items = List(Nested(IdealClientOut))


class Completeness(Schema):
    percent = Integer()
    missing = List(String())


class ProfileOut(Schema):
    business_name = String()
    category = String()
    website = String()
    phone = String()
    bio = String()
    talkable_difference = String()
    specific_ask = String()
    has_photo = Boolean()
    ideal_clients = List(Nested(IdealClientOut))
    completeness = Nested(Completeness)


class MemberCard(Schema):
    member_id = Integer()
    name = String()
    business = String()
    category = String()
    role = String()
    title = String()
    specific_ask = String()
    talkable_difference = String()
    spheres = List(String())
    has_photo = Boolean()


class MemberProfileOut(MemberCard):
    website = String()
    phone = String()
    bio = String()
    ideal_clients = List(Nested(IdealClientOut))


class MatchQuery(Schema):
    q = String(required=True, validate=Length(1, 500),
               metadata={"description": "The lead, in plain words"})
    limit = Integer(load_default=3, validate=Range(1, 10))


class Reason(Schema):
    field = String()
    html = String(metadata={"description": "The field's text, escaped, matches in <mark>"})


class CriterionCheck(Schema):
    text = String()
    applies = Boolean(metadata={"description": "The lead's words appear in this criterion"})


class MatchItem(MemberCard):
    score = Float()
    ideal_client = Nested(IdealClientOut, allow_none=True)
    matched_words = List(String())
    reasons = List(Nested(Reason))
    criteria = List(Nested(CriterionCheck))


class MatchList(Schema):
    q = String()
    items = List(Nested(MatchItem))
