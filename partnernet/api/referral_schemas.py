"""Shapes of the referral API's requests and responses (they check shape; services check rules).

A schema used both on its own and nested in another has a class of its own for each use
(see schemas.Group): apiflask would otherwise register it twice.
"""

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    Date,
    DateTime,
    Dict,
    Integer,
    List,
    Nested,
    String,
)
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError

from partnernet.models.profiles import CRITERIA_MAX_COUNT, CRITERION_MAX
from partnernet.models.referrals import (
    GIFT_MAX,
    MESSAGE_MAX,
    NOTE_MAX,
    PROSPECT_COMPANY_MAX,
    PROSPECT_EMAIL_MAX,
    PROSPECT_NAME_MAX,
    PROSPECT_PHONE_MAX,
    REASON_MAX,
    BusinessKind,
    Kind,
    Quality,
    Relationship,
    Status,
)
from partnernet.periods import NAMED

STATUSES = [s.value for s in Status]
AMOUNT_HELP = "A decimal string in major units of the group's currency, e.g. \"1250.00\""


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """{"prospect": {"name": [...]}} → {"prospect.name": [...]}: errors keep the documented
    shape (field → list of messages) however deep the field is."""
    if not isinstance(messages, dict):
        return {prefix or "_schema": list(messages) if isinstance(messages, list)
                else [str(messages)]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten(value, name))
        else:
            flat[name] = [str(m) for m in value] if isinstance(value, list) else [str(value)]
    return flat


class FlatInput(Schema):
    """An input schema whose validation errors name nested fields with dots."""

    def handle_error(self, error: ValidationError, data, *, many: bool, **kwargs):
        raise ValidationError(flatten(error.messages)) from error


def _text(max_length: int, description: str | None = None, **kwargs) -> String:
    metadata = {"description": description} if description else {}
    return String(load_default="", validate=Length(0, max_length), metadata=metadata, **kwargs)


# Requests


class ProspectIn(Schema):
    name = String(required=True, validate=Length(1, PROSPECT_NAME_MAX))
    company = _text(PROSPECT_COMPANY_MAX)
    email = _text(PROSPECT_EMAIL_MAX, "Seen only by the giver and the receiver")
    phone = _text(PROSPECT_PHONE_MAX, "Seen only by the giver and the receiver")


class ReferralIn(FlatInput):
    receiver_id = Integer(required=True, metadata={"description": "A partner's member_id"})
    kind = String(load_default=Kind.OUTSIDE.value, validate=OneOf([k.value for k in Kind]),
                  metadata={"description": "outside: a third party; inside: the giver or "
                                           "the giver's own company"})
    relationship = String(load_default=Relationship.CLIENT.value,
                          validate=OneOf([r.value for r in Relationship]),
                          metadata={"description": "How the giver knows the prospect"})
    temperature = Integer(load_default=3, validate=Range(1, 5), metadata={
        "description": "1 = a name only … 5 = introduced in person and expecting the call"})
    expects_call = Boolean(load_default=False, metadata={
        "description": "The prospect expects the receiver's call (outside referrals)"})
    prospect = Nested(ProspectIn, required=True)
    criteria_met = List(String(validate=Length(0, CRITERION_MAX)), load_default=list,
                        validate=Length(0, CRITERIA_MAX_COUNT), metadata={
                            "description": "Which of the receiver's referral criteria the "
                                           "lead meets, in the receiver's words"})
    note = _text(NOTE_MAX)
    source_referral_id = Integer(load_default=None, allow_none=True, metadata={
        "description": "The referral this one came from (one the giver gave or received)"})


class ReferralQuery(Schema):
    role = String(validate=OneOf(["given", "received"]), metadata={
        "description": "given: the caller's given referrals; received: the caller's received "
                       "ones; left out: the whole group's"})
    status = String(validate=OneOf([*STATUSES, "open"]), metadata={
        "description": "One status, or open (passed, accepted, contacted, meeting, proposal)"})
    period = String(validate=OneOf(list(NAMED)), metadata={
        "description": "A named period of passed-on dates, rolling up to today in the "
                       "group's time zone"})
    start = Date(metadata={
        "description": "Passed on or after this local date (instead of period)"})
    end = Date(metadata={
        "description": "Passed before this local date (exclusive)"})


class StatusIn(FlatInput):
    status = String(required=True, validate=OneOf(STATUSES))
    note = _text(NOTE_MAX)
    reason = _text(REASON_MAX, "Required when declining: why it is not a fit")
    version = Integer(load_default=None, allow_none=True, metadata={
        "description": "The version you last saw; a stale one answers 409"})


class NoteIn(FlatInput):
    note = String(required=True, validate=Length(1, NOTE_MAX))


class ClosedBusinessIn(FlatInput):
    amount = String(required=True, validate=Length(1, 32), metadata={"description": AMOUNT_HELP})
    kind = String(load_default=BusinessKind.NEW.value,
                  validate=OneOf([k.value for k in BusinessKind]))
    closed_on = Date(required=True, metadata={
        "description": "A local date in the group's time zone; not in the future, not before "
                       "the referral was passed"})
    note = _text(NOTE_MAX)


class NewClosedBusinessIn(ClosedBusinessIn):
    version = Integer(load_default=None, allow_none=True, metadata={
        "description": "The referral's version you last saw; a stale one answers 409"})


class QualityIn(FlatInput):
    quality = String(required=True, validate=OneOf([q.value for q in Quality]))


class ThanksIn(FlatInput):
    message = String(required=True, validate=Length(1, MESSAGE_MAX))
    gift = _text(GIFT_MAX)


# Responses


class ProspectOut(Schema):
    name = String()
    company = String()
    email = String(allow_none=True, metadata={
        "description": "null unless the caller is the referral's giver or receiver"})
    phone = String(allow_none=True, metadata={
        "description": "null unless the caller is the referral's giver or receiver"})


class ReferralOut(Schema):
    id = Integer()
    group_id = Integer()
    giver_id = Integer()
    giver_name = String()
    receiver_id = Integer()
    receiver_name = String()
    kind = String()
    relationship = String()
    temperature = Integer()
    status = String(metadata={"enum": STATUSES})
    status_label = String()
    version = Integer(metadata={"description": "Send it back with a change (optimistic locking)"})
    passed_at = DateTime()
    updated_at = DateTime()
    source_referral_id = Integer(allow_none=True)
    prospect = Nested(ProspectOut)
    closed_value = String(metadata={"description": "Total closed business; " + AMOUNT_HELP})
    currency = String(metadata={"description": "ISO 4217 code of the group's currency"})
    quality = String(allow_none=True)
    thanked = Boolean()
    meeting_id = Integer(allow_none=True, metadata={
        "description": "The meeting whose referral round it was passed in, if any"})


class ReferralList(Schema):
    items = List(Nested(ReferralOut))
    counts = Dict(keys=String(), values=Integer(), metadata={
        "description": "Referrals per status for the same role and period, whatever the "
                       "status filter"})


class ClosedBusinessOut(Schema):
    id = Integer()
    referral_id = Integer()
    amount = String(metadata={"description": AMOUNT_HELP})
    currency = String()
    kind = String()
    closed_on = Date()
    note = String()
    deleted = Boolean(metadata={"description": "Removed by the receiver; kept for the record"})


class ClosedBusinessEntry(ClosedBusinessOut):
    """A closed-business entry returned on its own."""


class ReferralEventOut(Schema):
    id = Integer()
    kind = String(metadata={"description": "passed, status, note, closed_business, "
                                           "closed_business_changed, closed_business_deleted, "
                                           "quality, thanked or imported"})
    actor_name = String()
    from_status = String(allow_none=True)
    to_status = String(allow_none=True)
    note = String()
    data = Dict(metadata={"description": "Details of the event; amounts are decimal strings"})
    created_at = DateTime()


class ReferralEvent(ReferralEventOut):
    """A timeline event returned on its own."""


class ThankYouOut(Schema):
    referral_id = Integer()
    message = String()
    gift = String()


class ThankYou(ThankYouOut):
    """A thank-you returned on its own."""


class ReferralDetail(ReferralOut):
    expects_call = Boolean()
    criteria_met = List(String())
    note = String()
    declined_reason = String()
    chain_value = String(metadata={
        "description": "Closed value of this referral and every referral that came of it"})
    moves = List(String(), metadata={"description": "Statuses the caller may move it to now"})
    closed_business = List(Nested(ClosedBusinessOut))
    events = List(Nested(ReferralEventOut))
    thank_you = Nested(ThankYouOut, allow_none=True)


class ImportResult(Schema):
    created = Integer(metadata={"description": "Referrals added"})
    skipped = Integer(metadata={"description": "Rows already imported before, left alone"})
