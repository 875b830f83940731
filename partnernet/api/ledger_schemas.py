"""Shapes of the ledger, goals and health API (they check shape; the ledger code checks rules).

Periods arrive as text and are judged by partnernet.periods.parse_period, so the API refuses
exactly what the ledger page refuses, with the same words.
"""

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    List,
    Nested,
    Raw,
    String,
)
from apiflask.validators import Length, OneOf

from partnernet.ledger.health import LIGHTS
from partnernet.ledger.queries import GOALS
from partnernet.periods import LEDGER_PERIODS, NAMED

AMOUNT = "A decimal string in major units of the group's currency, e.g. \"1250.00\""
BY_UNIT = ("An integer for count and percent measures; a decimal string in major units of "
           "the group's currency for money")
LIGHT_NAMES = list(LIGHTS)


# Requests


class PeriodQuery(Schema):
    period = String(metadata={
        "description": "A rolling period ending today in the group's time zone: "
                       + ", ".join(f"{name} ({NAMED[name].lower()})" for name in LEDGER_PERIODS)
                       + ", or since-last-meeting (from the local day of the group's last "
                         "meeting through today; 422 before its first). The default, when no "
                         "dates are sent, is 6m. Not with start/end.",
        "example": "quarter"})
    start = String(metadata={
        "format": "date", "description": "First local date of an explicit period (YYYY-MM-DD)"})
    end = String(metadata={
        "format": "date", "description": "Local date the period ends before (exclusive); "
                                         "left out: through today. At most ten years after "
                                         "start."})


class LedgerQuery(PeriodQuery):
    member_id = Integer(metadata={
        "description": "Only this member's row (a current or former member of the group)"})


class SeriesQuery(Schema):
    unit = String(load_default="month", validate=OneOf(["month", "week"]), metadata={
        "description": "month: the last 12 calendar months; week: the last 52 weeks, Monday "
                       "to Sunday. The current one comes last."})
    scope = String(load_default="member", validate=OneOf(["member", "group"]), metadata={
        "description": "member: one member's given and received (see member_id); group: the "
                       "whole group's referrals, where given equals received"})
    member_id = Integer(metadata={
        "description": "With scope=member: whose figures; left out, the caller's"})


class HealthQuery(Schema):
    member_id = Integer(metadata={"description": "Only this current member's health"})


def _target_field(unit: str, description: str, *, load: bool):
    """A goal's target: a count as an integer, money as a decimal string; null for none."""
    metadata = {"description": description + (
        " Null clears the goal." if load else " Null when none is set.")}
    if unit == "percent":
        metadata["description"] += " A whole percentage, 1 to 100."
    if unit in ("count", "percent"):
        return Integer(strict=True, allow_none=True, metadata=metadata)
    return String(allow_none=True, validate=Length(0, 32) if load else None,
                  metadata={**metadata, "description": f"{metadata['description']} {AMOUNT}."})


# One field per goal metric, so a new metric in GOALS appears in the API and its description.
GoalTargetsIn = Schema.from_dict(
    {metric: _target_field(d.unit, d.help, load=True) for metric, d in GOALS.items()},
    name="GoalTargetsIn")
GoalTargetsOut = Schema.from_dict(
    {metric: _target_field(d.unit, d.help, load=False) for metric, d in GOALS.items()},
    name="GoalTargetsOut")


# Responses


def _amount(description: str = "") -> String:
    return String(metadata={"description": f"{description}{'; ' if description else ''}"
                                           f"{AMOUNT}"})


class Totals(Schema):
    referrals = Integer(metadata={"description": "Counted referrals passed in the period "
                                                 "(Σ given = Σ received = this)"})
    value = _amount("Business closed in the period (Σ value_given = Σ value_received = this)")


class PartnerFigures(Schema):
    member_id = Integer()
    name = String()
    business = String()
    current = Boolean(metadata={"description": "Still a member of the group"})
    given = Integer(metadata={"description": "Referrals the member gave this partner"})
    received = Integer(metadata={"description": "Referrals the member received from this "
                                                "partner"})
    balance = Integer(metadata={"description": "given − received"})
    value_given = _amount("Business the partner closed on the member's referrals")
    value_received = _amount("Business the member closed on the partner's referrals")
    value_balance = _amount("value_given − value_received")
    won_given = Integer()
    conversion = Float(allow_none=True, metadata={
        "description": "won_given / given, 4 decimals; null when given is 0"})
    last_exchange = DateTime(allow_none=True, metadata={
        "description": "When the latest referral in the period was passed, either way"})


class MemberFigures(Schema):
    member_id = Integer(metadata={"description": "The member's user id"})
    name = String()
    business = String()
    role = String()
    title = String()
    current = Boolean(metadata={"description": "false: a former member with activity in the "
                                               "period"})
    given = Integer(metadata={"description": "Referrals passed in the period, not withdrawn"})
    received = Integer()
    balance = Integer(metadata={"description": "given − received"})
    value_given = _amount("Closed business (closed on in the period) on referrals the member "
                          "gave")
    value_received = _amount("Closed business on referrals the member received")
    value_balance = _amount("value_given − value_received")
    won_given = Integer(metadata={"description": "Referrals counted in given that are won"})
    conversion = Float(allow_none=True, metadata={
        "description": "won_given / given, 4 decimals; null when given is 0"})
    last_exchange = DateTime(allow_none=True)
    partners = List(Nested(PartnerFigures), metadata={
        "description": "Every partner the member exchanged with, most out of balance first"})


class PeriodFields(Schema):
    group_id = Integer()
    currency = String(metadata={"description": "ISO 4217 code of the group's currency"})
    period = String(metadata={"description": "The named period, or custom for explicit dates"})
    start = Date(allow_none=True, metadata={"description": "First local date of the period"})
    end = Date(allow_none=True, metadata={"description": "The local date it ends before "
                                                         "(exclusive)"})


class LedgerOut(PeriodFields):
    members = List(Nested(MemberFigures), metadata={
        "description": "Current members, then former members with activity in the period"})
    totals = Nested(Totals, metadata={"description": "The whole group's, even with member_id"})


class MatrixMember(Schema):
    member_id = Integer()
    name = String()
    current = Boolean()


class MatrixCell(Schema):
    giver_id = Integer()
    receiver_id = Integer()
    count = Integer(metadata={"description": "Referrals the giver passed the receiver"})
    value = _amount("Business closed on them in the period")


class MatrixOut(PeriodFields):
    members = List(Nested(MatrixMember), metadata={"description": "Rows and columns, in order"})
    cells = List(Nested(MatrixCell), metadata={"description": "Non-zero cells only"})
    totals = Nested(Totals)


class SeriesBucket(Schema):
    start = Date()
    end = Date(metadata={"description": "Exclusive"})
    given = Integer()
    received = Integer()
    value_given = _amount()
    value_received = _amount()


class SeriesOut(Schema):
    group_id = Integer()
    currency = String()
    unit = String(metadata={"enum": ["month", "week"]})
    scope = String(metadata={"enum": ["member", "group"]})
    member_id = Integer(allow_none=True, metadata={"description": "null for scope=group"})
    buckets = List(Nested(SeriesBucket), metadata={"description": "Oldest first"})


class PartnerEffectiveness(Schema):
    member_id = Integer()
    name = String()
    business = String()
    current = Boolean()
    received = Integer(metadata={"description": "Referrals this partner sent the caller"})
    won_received = Integer()
    conversion_received = Float(allow_none=True, metadata={
        "description": "won_received / received, 4 decimals"})
    value_received = _amount("Business the caller closed on them")
    value_per_referral = String(allow_none=True, metadata={
        "description": f"value_received / received, rounded down; {AMOUNT}"})
    qualified = Integer(metadata={"description": "Rated qualified by the caller"})
    lukewarm = Integer()
    not_a_fit = Integer()
    rated = Integer(metadata={"description": "Rated at all"})
    thanked = Integer(metadata={"description": "Thanked by the caller"})


class EffectivenessOut(PeriodFields):
    member_id = Integer(metadata={"description": "The caller"})
    items = List(Nested(PartnerEffectiveness), metadata={
        "description": "Most effective first: business brought, then conversion, then count"})


class HealthComponent(Schema):
    key = String()
    label = String()
    weight = Integer(metadata={"description": "Points the component is worth"})
    unit = String(metadata={"enum": ["count", "percent", "money"]})
    figure = Raw(allow_none=True, metadata={
        "description": f"The member's figure. {BY_UNIT}. Null: nothing to measure"})
    target = Raw(metadata={"description": f"The figure that turns it green. {BY_UNIT}"})
    basis = String(metadata={"description": "Where the target comes from"})
    points = Integer()
    light = String(metadata={"enum": LIGHT_NAMES})
    advice = String()


class MemberHealth(Schema):
    member_id = Integer()
    name = String()
    score = Integer(metadata={"description": "Out of 100: the sum of the components' points"})
    light = String(metadata={"enum": LIGHT_NAMES})
    light_label = String()
    components = List(Nested(HealthComponent))


class HealthOut(PeriodFields):
    members = List(Nested(MemberHealth), metadata={"description": "Current members"})


class GoalDefinitionOut(Schema):
    metric = String()
    label = String()
    unit = String(metadata={"enum": ["count", "money", "percent"]})
    span = String(metadata={"enum": ["month", "quarter"]})
    help = String()


class GoalProgressOut(Schema):
    metric = String()
    label = String()
    unit = String(metadata={"enum": ["count", "money", "percent"]})
    scope = String(metadata={"description": "personal: the caller's own target; group: the "
                                            "group's", "enum": ["personal", "group"]})
    target = Raw(metadata={"description": BY_UNIT})
    group_target = Raw(allow_none=True, metadata={"description": BY_UNIT})
    actual = Raw(allow_none=True, metadata={
        "description": f"{BY_UNIT}; null for attendance before any meeting of the quarter "
                       "was held"})
    expected_now = Raw(metadata={"description": f"Where a steady pace would be today (for a "
                                                f"percentage, the target). {BY_UNIT}"})
    remaining = Raw(metadata={"description": BY_UNIT})
    percent = Integer(metadata={"description": "0–100"})
    met = Boolean()
    on_track = Boolean()
    start = Date(metadata={"description": "The calendar month or quarter measured"})
    end = Date(metadata={"description": "Exclusive"})


class GoalsOut(Schema):
    group_id = Integer()
    currency = String()
    can_set_group = Boolean(metadata={"description": "The caller may set the group's goals"})
    metrics = List(Nested(GoalDefinitionOut))
    progress = List(Nested(GoalProgressOut), metadata={
        "description": "The caller's goals (their own target, else the group's) this month or "
                       "quarter"})
    group = Nested(GoalTargetsOut, metadata={"description": "The group's targets"})
    mine = Nested(GoalTargetsOut, metadata={"description": "The caller's own targets"})
