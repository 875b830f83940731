"""A member's health score: the "traffic lights" partner groups know, with every part shown.

Each component measures one figure over the last six months, compares it with the figure
that turns it green, and earns its weight in proportion (capped at the full weight). The
score is the sum, out of 100. Adding a component is one entry in COMPONENTS and a measure
that reads the member's figures: the ledger's, or their meetings and one-to-ones (Activity).
"""

from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from partnernet.extensions import db
from partnernet.ledger.queries import Activity, Ledger, MemberLedger, compute_activity
from partnernet.models import Group
from partnernet.money import format_money

LIGHTS = {"green": "Green: healthy", "amber": "Amber: needs attention", "red": "Red: at risk"}
# The whole score's light.
GREEN_FROM, AMBER_FROM = 70, 40
MONTHS = 6
# Without a group goal: one referral a month turns "referrals given" green.
DEFAULT_GIVEN_PER_MONTH = 1
THANKS_GREEN_PERCENT = 90
# Without a group goal: 90% of the meetings held turns "attendance" green, and one one-to-one
# a month "one-to-ones".
ATTENDANCE_GREEN_PERCENT = 90
DEFAULT_ONE_TO_ONES_PER_MONTH = 1


@dataclass(frozen=True)
class Context:
    """What the components may read: the group's six-month ledger, its goals, and each
    member's meetings and one-to-ones over the same six months."""

    ledger: Ledger
    goals: dict[str, dict[str, int]]  # metric → {"group": target}
    activity: dict[int, Activity]

    def activity_of(self, member_id: int) -> Activity:
        return self.activity.get(member_id) or Activity()

    def money(self, minor: int) -> str:
        return format_money(minor, self.ledger.currency)

    def group_goal(self, metric: str) -> int | None:
        return self.goals.get(metric, {}).get("group")


@dataclass(frozen=True)
class Measure:
    figure: int | None  # None: nothing to measure (the component counts as met)
    target: int
    basis: str  # where the target comes from, in words
    advice: str = ""  # what would turn it green, when it isn't


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    unit: str  # "count", "money" or "percent"
    measure: Callable[[MemberLedger, Context], Measure]


@dataclass(frozen=True)
class ComponentScore:
    component: Component
    figure: int | None
    target: int
    basis: str
    points: int
    to_green: str

    @property
    def light(self) -> str:
        if self.figure is None or self.figure >= self.target:
            return "green"
        return "amber" if 2 * self.figure >= self.target else "red"

    @property
    def shortfall(self) -> int:
        return 0 if self.figure is None else max(0, self.target - self.figure)

    @property
    def advice(self) -> str:
        if self.figure is None:
            return "Nothing to measure yet."
        if not self.shortfall:
            return "Green. Keep it up."
        return self.to_green


@dataclass(frozen=True)
class Health:
    member_id: int
    name: str
    components: tuple[ComponentScore, ...]

    @property
    def score(self) -> int:
        return sum(c.points for c in self.components)

    @property
    def light(self) -> str:
        return "green" if self.score >= GREEN_FROM else "amber" if self.score >= AMBER_FROM \
            else "red"

    @property
    def light_label(self) -> str:
        return LIGHTS[self.light]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _given(member: MemberLedger, ctx: Context) -> Measure:
    goal = ctx.group_goal("referrals_given_month")
    per_month = goal or DEFAULT_GIVEN_PER_MONTH
    basis = f"the group's goal of {per_month} a month" if goal else "one a month"
    target = per_month * MONTHS
    short = target - member.given
    return Measure(member.given, target, basis,
                   f"Give {_plural(short, 'more referral')} in the next weeks." if short > 0
                   else "")


def _thanks(member: MemberLedger, ctx: Context) -> Measure:
    if not member.received:
        return Measure(None, THANKS_GREEN_PERCENT, "no referrals received to thank for")
    # The fewest further thank-yous that reach the target share.
    needed = -(-THANKS_GREEN_PERCENT * member.received // 100) - member.thanked_received
    return Measure(100 * member.thanked_received // member.received, THANKS_GREEN_PERCENT,
                   f"{THANKS_GREEN_PERCENT}% of the referrals you received",
                   f"Thank the givers of {_plural(needed, 'more referral')} you received "
                   "(see Thanks owed)." if needed > 0 else "")


def _value(member: MemberLedger, ctx: Context) -> Measure:
    goal = ctx.group_goal("value_given_quarter")
    if goal:
        target, basis = goal * MONTHS // 3, f"the group's goal of {ctx.money(goal)} a quarter"
    else:
        figures = [m.value_given for m in ctx.ledger.members if m.current and m.value_given]
        target = int(median(figures)) if figures else 0
        basis = "the median of members whose referrals closed business"
        if not target:
            target, basis = 1, "any closed business"
    short = target - member.value_given
    return Measure(member.value_given, target, basis,
                   f"Referrals you give need to bring partners {ctx.money(short)} more "
                   "business: pass qualified leads, and ask partners how they went."
                   if short > 0 else "")


def _attendance(member: MemberLedger, ctx: Context) -> Measure:
    goal = ctx.group_goal("attendance_quarter")
    target = goal or ATTENDANCE_GREEN_PERCENT
    basis = f"the group's goal of {target}% of meetings" if goal else \
        f"{target}% of the meetings held"
    activity = ctx.activity_of(member.member_id)
    if activity.attendance is None:
        return Measure(None, target, "no meetings held since joining")
    basis += " (medical absences left out)" if activity.excused else ""
    if activity.attendance >= target:
        return Measure(activity.attendance, target, basis)
    if target >= 100:
        return Measure(activity.attendance, target, basis,
                       "Come to every meeting, or send a substitute when you can't.")
    # The fewest meetings in a row, attended, that bring the share up to the target.
    needed = -(-(target * activity.meetings - 100 * activity.attended) // (100 - target))
    return Measure(activity.attendance, target, basis,
                   f"Come to the next {_plural(needed, 'meeting')}, or send a substitute "
                   "when you can't.")


def _one_to_ones(member: MemberLedger, ctx: Context) -> Measure:
    goal = ctx.group_goal("one_to_ones_month")
    per_month = goal or DEFAULT_ONE_TO_ONES_PER_MONTH
    basis = f"the group's goal of {per_month} a month" if goal else "one a month"
    target = per_month * MONTHS
    done = ctx.activity_of(member.member_id).one_to_ones
    short = target - done
    return Measure(done, target, basis,
                   f"Meet {_plural(short, 'more partner')} one-to-one (see One-to-ones: "
                   "partners you haven't met yet)." if short > 0 else "")


COMPONENTS: tuple[Component, ...] = (
    Component("referrals_given", "Referrals given", 30, "count", _given),
    Component("thank_yous", "Referrals you thanked for", 15, "percent", _thanks),
    Component("closed_value", "Business from your referrals", 25, "money", _value),
    Component("attendance", "Meetings attended", 15, "percent", _attendance),
    Component("one_to_ones", "One-to-ones", 15, "count", _one_to_ones),
)


def score_member(member: MemberLedger, ctx: Context) -> Health:
    scores = []
    for component in COMPONENTS:
        measure = component.measure(member, ctx)
        if measure.figure is None:
            points = component.weight
        else:
            points = component.weight * min(measure.figure, measure.target) // measure.target
        scores.append(ComponentScore(component, measure.figure, measure.target, measure.basis,
                                     points, measure.advice))
    return Health(member.member_id, member.name, tuple(scores))


def compute_health(*, ledger: Ledger, goals: dict[str, dict[str, int]],
                   activity: dict[int, Activity] | None = None) -> dict[int, Health]:
    """Health of each current member, from the group's ledger over the last six months and
    their meetings and one-to-ones over the same period (read in two queries when
    `activity` isn't given)."""
    if activity is None:
        activity = compute_activity(group=db.session.get(Group, ledger.group_id),
                                    period=ledger.period)
    ctx = Context(ledger, goals, activity)
    return {m.member_id: score_member(m, ctx) for m in ledger.members if m.current}
