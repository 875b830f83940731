"""Ledger pages: mine, partner effectiveness, the group, the matrix, health, goals, and CSV.

Every figure comes from ledger.queries.compute_ledger; pages differ only in what they show.
Periods come from the query string: `period=` a named period, or `from=`/`to=` local dates
(both days included, as people say them; the ledger's end is the day after `to`).
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_compact_currency
from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user

from partnernet.errors import DomainError
from partnernet.extensions import db
from partnernet.groups.access import group_view
from partnernet.htmx import render
from partnernet.ledger import bp, exports
from partnernet.ledger.chart import build_chart
from partnernet.ledger.health import COMPONENTS, LIGHTS, compute_health
from partnernet.ledger.queries import (
    GOALS,
    all_time,
    compute_ledger,
    compute_matrix,
    compute_series,
    list_effectiveness,
    list_goal_progress,
    list_goals,
    list_unconnected,
    series_buckets,
)
from partnernet.ledger.services import set_goal
from partnernet.meetings.queries import SINCE_LAST_MEETING, since_last_meeting
from partnernet.models.base import utcnow
from partnernet.money import MoneyError, parse_amount, precision, to_decimal_string
from partnernet.periods import (
    LEDGER_PERIODS,
    NAMED,
    Period,
    PeriodError,
    local_today,
    named_period,
    parse_period,
)
from partnernet.referrals.transfer_views import csv_response

DEFAULT_PERIOD = "6m"
PERIOD_CHOICES = {SINCE_LAST_MEETING: "Since last meeting",
                  **{name: NAMED[name] for name in LEDGER_PERIODS}}
# The HTML form says "from" and "to"; the contract's names are start and (exclusive) end.
HTML_FIELDS = {"start": "from", "end": "to", "period": "period"}


@dataclass(frozen=True)
class PeriodChoice:
    """The period a page shows, how the picker should look, and any error to show by it."""

    period: Period
    name: str  # a named period, or "custom"
    start: str  # the custom range as typed, for the form
    to: str
    error: str | None
    error_field: str | None
    since_meeting: Period | None = None  # since the last meeting held, if there was one

    @property
    def periods(self) -> dict[str, str]:
        """The chips to offer: "since last meeting" only once the group has held one."""
        if self.since_meeting is None:
            return {k: v for k, v in PERIOD_CHOICES.items() if k != SINCE_LAST_MEETING}
        return PERIOD_CHOICES

    @property
    def label(self) -> str:
        if self.name == SINCE_LAST_MEETING:
            return f"Since the meeting of {format_date(self.period.start, 'd MMM y', locale='en')}"
        if self.name != "custom":
            return PERIOD_CHOICES[self.name]
        last = self.period.end - timedelta(days=1)
        return f"{format_date(self.period.start, 'd MMM y', locale='en')} – " \
               f"{format_date(last, 'd MMM y', locale='en')}"

    def args(self) -> dict:
        """Query arguments that reproduce this period in a link."""
        if self.name == "custom":
            return {"from": self.period.start.isoformat(),
                    "to": (self.period.end - timedelta(days=1)).isoformat()}
        return {} if self.name == DEFAULT_PERIOD else {"period": self.name}


def choose_period(default: str = DEFAULT_PERIOD) -> PeriodChoice:
    """The period asked for in the query string; on a bad one, the default and the error."""
    today = local_today(g.group.timezone)
    since = since_last_meeting(group=g.group, now=utcnow(), today=today)
    return replace(_parse_choice(today, default, since), since_meeting=since)


def _parse_choice(today: date, default: str, since: Period | None) -> PeriodChoice:
    typed_from = request.args.get("from", "").strip()
    if request.args.get("period") == SINCE_LAST_MEETING and not (typed_from or
                                                                  request.args.get("to")):
        if since is not None:
            return PeriodChoice(since, SINCE_LAST_MEETING, "", "", None, None)
        return PeriodChoice(named_period(default, today), default, "", "",
                            "The group hasn't held a meeting yet.", "period")
    typed_to = request.args.get("to", "").strip()
    name = request.args.get("period", "").strip() or None
    try:
        end = None
        if typed_to:
            try:
                end = date.fromisoformat(typed_to) + timedelta(days=1)
            except (ValueError, OverflowError):
                raise PeriodError(f"“{typed_to[:20]}” is not a date; use YYYY-MM-DD.",
                                  "end") from None
        if name == "custom":
            name = None
        period = parse_period(today=today, period=name if not (typed_from or end) else None,
                              start=typed_from or None, end=end, default=default)
    except PeriodError as exc:
        return PeriodChoice(named_period(default, today), default, typed_from, typed_to,
                            exc.message, HTML_FIELDS[exc.field])
    return PeriodChoice(period, period.name if period.name in PERIOD_CHOICES else "custom",
                        typed_from, typed_to, None, None)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{round(100 * value)}%"


@bp.app_template_filter("money_short")
def money_short(minor: int | None, currency: str) -> str:
    """A compact amount for tight cells: “$12K”."""
    return format_compact_currency(Decimal(int(minor or 0)).scaleb(-precision(currency)),
                                   currency, locale="en", fraction_digits=0)


@bp.app_template_filter("percent")
def percent(value: float | None) -> str:
    """A ratio for people: 0.333 → “33%”, None → “—”."""
    return _percent(value)


def _context(choice: PeriodChoice, **extra) -> dict:
    return {"group": g.group, "choice": choice, "periods": choice.periods, "lights": LIGHTS,
            **extra}


def _status(choice: PeriodChoice) -> int:
    return 400 if choice.error else 200


# --- My ledger --------------------------------------------------------------------------------


def _my_health():
    today = local_today(g.group.timezone)
    group_ledger = compute_ledger(group=g.group, period=named_period("6m", today))
    goals = list_goals(group_id=g.group.id, user_id=None)
    return compute_health(ledger=group_ledger, goals=goals).get(current_user.id)


@bp.route("/groups/<int:gid>/ledger")
@group_view()
def mine(gid: int):
    """My ledger: totals, partners sorted by imbalance, the 12-month chart, goals, health."""
    choice = choose_period()
    unit = "week" if request.args.get("unit") == "week" else "month"
    ledger = compute_ledger(group=g.group, period=choice.period, member_id=current_user.id)
    me = ledger.member(current_user.id)
    today = local_today(g.group.timezone)
    buckets = compute_series(group=g.group, buckets=series_buckets(today, unit),
                             member_id=current_user.id)
    return render("ledger/mine.html", "ledger_body", **_context(
        choice, me=me, ledger=ledger, unit=unit, buckets=buckets,
        chart=build_chart(buckets, unit), goals=list_goal_progress(
            group=g.group, member_id=current_user.id, today=today),
        health=_my_health())), _status(choice)


@bp.route("/groups/<int:gid>/ledger/partners")
@group_view()
def effectiveness(gid: int):
    """Partners who sent me referrals: how many, how many won, value per referral, quality."""
    choice = choose_period()
    ledger = compute_ledger(group=g.group, period=choice.period, member_id=current_user.id)
    rows = list_effectiveness(ledger.member(current_user.id))
    best = [r for r in rows if r.partner.value_received or r.partner.won_received][:3]
    return render("ledger/effectiveness.html", "ledger_body",
                  **_context(choice, rows=rows, best=best)), _status(choice)


# --- The group --------------------------------------------------------------------------------


@bp.route("/groups/<int:gid>/ledger/group")
@group_view()
def group(gid: int):
    """The group's ledger for every member: counts and values, never prospects."""
    choice = choose_period()
    today = local_today(g.group.timezone)
    ledger = compute_ledger(group=g.group, period=choice.period)
    health = compute_health(ledger=compute_ledger(group=g.group,
                                                  period=named_period("6m", today)),
                            goals=list_goals(group_id=g.group.id, user_id=None))
    buckets = compute_series(group=g.group, buckets=series_buckets(today, "month"))
    never = list_unconnected(compute_ledger(group=g.group, period=all_time(g.group, today)))
    mine_never = [p.b if p.a.member_id == current_user.id else p.a for p in never
                  if current_user.id in (p.a.member_id, p.b.member_id)]
    return render("ledger/group.html", "ledger_body", **_context(
        choice, ledger=ledger, health=health, buckets=buckets, never=never,
        mine_never=mine_never)), _status(choice)


@bp.route("/groups/<int:gid>/ledger/matrix")
@group_view()
def matrix(gid: int):
    """Who passes referrals to whom: a giver × receiver heat map, with a member in focus."""
    choice = choose_period()
    by = "value" if request.args.get("by") == "value" else "count"
    grid = compute_matrix(group=g.group, period=choice.period)
    focus = request.args.get("member", type=int)
    if focus is not None:
        if all(m.member_id != focus for m in grid.members):
            abort(404)
        focus = compute_ledger(group=g.group, period=choice.period, member_id=focus).member(focus)
    return render("ledger/matrix.html", "ledger_body", **_context(
        choice, grid=grid, by=by, focus=focus)), _status(choice)


@bp.route("/groups/<int:gid>/ledger/health/<int:uid>")
@group_view()
def health(gid: int, uid: int):
    """A member's health score with every component, its weight and what turns it green."""
    today = local_today(g.group.timezone)
    ledger = compute_ledger(group=g.group, period=named_period("6m", today))
    scores = compute_health(ledger=ledger, goals=list_goals(group_id=g.group.id, user_id=None))
    if uid not in scores:
        abort(404)
    return render("ledger/health.html", group=g.group, score=scores[uid],
                  member=ledger.member(uid), components=COMPONENTS, lights=LIGHTS,
                  is_me=uid == current_user.id)


# --- Goals ------------------------------------------------------------------------------------


def _target_text(metric: str, target: int | None) -> str:
    if target is None:
        return ""
    if GOALS[metric].unit == "money":
        return to_decimal_string(target, g.group.currency)
    return str(target)


def _parse_targets(form) -> tuple[dict[str, int | None], dict[str, str]]:
    targets, errors = {}, {}
    for metric, definition in GOALS.items():
        raw = form.get(metric, "").strip()
        if not raw:
            targets[metric] = None
        elif definition.unit == "money":
            try:
                targets[metric] = parse_amount(raw, g.group.currency)
            except MoneyError as exc:
                errors[metric] = str(exc)
        elif raw.isascii() and raw.isdigit():
            targets[metric] = int(raw)
        else:
            errors[metric] = "Enter a whole number, or leave it empty for no goal."
    return targets, errors


@bp.route("/groups/<int:gid>/goals", methods=["GET", "POST"])
@group_view()
def goals(gid: int):
    """My goals and the group's; facilitators set the group's."""
    scope = request.form.get("scope", "mine")
    errors: dict[str, str] = {}
    typed: dict[str, str] = {}
    if request.method == "POST":
        if scope not in ("mine", "group"):
            abort(400)
        if scope == "group" and not g.membership.is_facilitator:
            abort(403)
        targets, errors = _parse_targets(request.form)
        typed = {m: request.form.get(m, "") for m in GOALS}
        if not errors:
            try:
                for metric, target in targets.items():
                    set_goal(group=g.group, actor=current_user, metric=metric, target=target,
                             for_group=scope == "group")
            except DomainError as exc:
                db.session.rollback()
                errors[exc.field or "form"] = exc.message
            else:
                db.session.commit()
                flash("The group's goals are saved." if scope == "group"
                      else "Your goals are saved.", "success")
                return redirect(url_for("ledger.goals", gid=gid), 303)
    mine_set = list_goals(group_id=gid, user_id=current_user.id)
    values = {
        "mine": {m: _target_text(m, mine_set.get(m, {}).get("personal")) for m in GOALS},
        "group": {m: _target_text(m, mine_set.get(m, {}).get("group")) for m in GOALS},
    }
    if errors:
        values[scope] = typed
    progress = list_goal_progress(group=g.group, member_id=current_user.id,
                                  today=local_today(g.group.timezone))
    group_targets = {m: mine_set.get(m, {}).get("group") for m in GOALS}
    return render("ledger/goals.html", group=g.group, definitions=GOALS, values=values,
                  group_targets=group_targets, errors=errors,
                  error_scope=scope if errors else None, progress=progress), \
        422 if errors else 200


# --- CSV --------------------------------------------------------------------------------------


@bp.route("/groups/<int:gid>/ledger.csv")
@group_view()
def mine_csv(gid: int):
    """My ledger's partner table as CSV (a totals row last)."""
    choice = choose_period()
    if choice.error:
        abort(400, choice.error)
    ledger = compute_ledger(group=g.group, period=choice.period, member_id=current_user.id)
    return csv_response(exports.member_csv(ledger, current_user.id, g.group.timezone), "my-ledger")


@bp.route("/groups/<int:gid>/ledger/partners.csv")
@group_view()
def effectiveness_csv(gid: int):
    """Partner effectiveness as CSV."""
    choice = choose_period()
    if choice.error:
        abort(400, choice.error)
    ledger = compute_ledger(group=g.group, period=choice.period, member_id=current_user.id)
    return csv_response(exports.effectiveness_csv(
        ledger, list_effectiveness(ledger.member(current_user.id))), "partner-effectiveness")


@bp.route("/groups/<int:gid>/ledger/series.csv")
@group_view()
def series_csv(gid: int):
    """The chart's figures per month or week, mine or (scope=group) the group's."""
    unit = "week" if request.args.get("unit") == "week" else "month"
    member_id = None if request.args.get("scope") == "group" else current_user.id
    buckets = compute_series(group=g.group, member_id=member_id,
                             buckets=series_buckets(local_today(g.group.timezone), unit))
    return csv_response(exports.series_csv(buckets, g.group.currency, unit,
                                           group=member_id is None),
                        "group-totals" if member_id is None else "my-ledger-by-" + unit)


@bp.route("/groups/<int:gid>/ledger/group.csv")
@group_view()
def group_csv(gid: int):
    """The group's member table as CSV, with each member's health score."""
    choice = choose_period()
    if choice.error:
        abort(400, choice.error)
    today = local_today(g.group.timezone)
    ledger = compute_ledger(group=g.group, period=choice.period)
    health = compute_health(ledger=compute_ledger(group=g.group,
                                                  period=named_period("6m", today)),
                            goals=list_goals(group_id=g.group.id, user_id=None))
    return csv_response(exports.group_csv(ledger, health), "group-ledger")


@bp.route("/groups/<int:gid>/ledger/matrix.csv")
@group_view()
def matrix_csv(gid: int):
    """The giver × receiver matrix as CSV: one row per giver, one column per receiver."""
    choice = choose_period()
    if choice.error:
        abort(400, choice.error)
    by = "value" if request.args.get("by") == "value" else "count"
    grid = compute_matrix(group=g.group, period=choice.period)
    return csv_response(exports.matrix_csv(grid, g.group.currency, by),
                        f"referral-matrix-{by}")


@bp.route("/groups/<int:gid>/ledger/unconnected.csv")
@group_view()
def unconnected_csv(gid: int):
    """Pairs of current members who have never exchanged a referral."""
    today = local_today(g.group.timezone)
    pairs = list_unconnected(compute_ledger(group=g.group, period=all_time(g.group, today)))
    return csv_response(exports.unconnected_csv(pairs), "not-yet-connected")
