"""The reciprocity ledger, its matrix and series, partner effectiveness, health and goals.

Every figure comes from partnernet.ledger (compute_ledger and what is derived from it), as on
the ledger page, so a number means the same in both. Any current member of a group may read
its ledger; amounts are decimal strings in major units beside the group's currency.
"""

import sqlalchemy as sa
from apiflask.exceptions import HTTPError

from partnernet.api import bp
from partnernet.api import ledger_schemas as ls
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import error_response
from partnernet.extensions import db
from partnernet.ledger.health import compute_health
from partnernet.ledger.queries import (
    GOALS,
    Ledger,
    MemberLedger,
    PartnerLedger,
    compute_ledger,
    compute_matrix,
    compute_series,
    list_effectiveness,
    list_goal_progress,
    list_goals,
    series_buckets,
)
from partnernet.ledger.services import GoalError, set_goal
from partnernet.meetings.queries import SINCE_LAST_MEETING, since_last_meeting
from partnernet.models import Group, Membership
from partnernet.models.base import utcnow
from partnernet.money import MoneyError, parse_amount, to_decimal_string
from partnernet.periods import Period, PeriodError, local_today, named_period, parse_period

NOT_A_MEMBER = error_response("Not a member of the group, or no such group or member")
INVALID = error_response("Invalid query or body; `fields` names the parameter at fault")
HEALTH_PERIOD = "6m"


def _period(group: Group, query: dict) -> Period:
    """The period asked for (6m by default); a 422 naming period, start or end if it's wrong."""
    if query.get("period") == SINCE_LAST_MEETING and not (query.get("start") or query.get("end")):
        since = since_last_meeting(group=group, now=utcnow(),
                                   today=local_today(group.timezone))
        if since is None:
            message = "The group hasn't held a meeting yet."
            raise HTTPError(422, message, detail={"query": {"period": [message]}})
        return since
    try:
        return parse_period(today=local_today(group.timezone), period=query.get("period"),
                            start=query.get("start"), end=query.get("end"))
    except PeriodError as exc:
        raise HTTPError(422, exc.message, detail={"query": {exc.field: [exc.message]}}) from None


def _check_member(group_id: int, member_id: int) -> None:
    """404 unless the user is, or was, a member of the group (the ledger keeps former ones)."""
    known = db.session.scalar(sa.select(Membership.id).where(
        Membership.group_id == group_id, Membership.user_id == member_id).limit(1))
    if known is None:
        raise HTTPError(404, "No such member in the group.")


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _period_fields(ledger: Ledger) -> dict:
    return _about(ledger.group_id, ledger.currency, ledger.period)


def _about(group_id: int, currency: str, period: Period) -> dict:
    return {"group_id": group_id, "currency": currency, "period": period.name,
            "start": period.start, "end": period.end}


def _totals(referrals: int, value: int, currency: str) -> dict:
    return {"referrals": referrals, "value": to_decimal_string(value, currency)}


def _figures(row: MemberLedger | PartnerLedger, currency: str) -> dict:
    def money(minor: int) -> str:
        return to_decimal_string(minor, currency)

    return {"member_id": row.member_id, "name": row.name, "business": row.business,
            "current": row.current, "given": row.given, "received": row.received,
            "balance": row.balance, "value_given": money(row.value_given),
            "value_received": money(row.value_received),
            "value_balance": money(row.value_balance), "won_given": row.won_given,
            "conversion": _ratio(row.conversion), "last_exchange": row.last_exchange}


def _member_out(row: MemberLedger, currency: str) -> dict:
    return {**_figures(row, currency), "role": row.role, "title": row.title,
            "partners": [_figures(p, currency) for p in row.partners]}


@bp.get("/groups/<int:gid>/ledger")
@bp.auth_required(auth)
@bp.input(ls.LedgerQuery, location="query", arg_name="query")
@bp.output(ls.LedgerOut)
@bp.doc(summary="The give/receive ledger: per member and per partner, counts and value",
        description="As the README's \"The ledger\" defines it: referrals passed in the period "
                    "(local dates in the group's time zone, end exclusive), withdrawn ones left "
                    "out; value is business closed on in the period. Send a named `period` or "
                    "`start`/`end`, not both. `member_id` keeps only that member's row; "
                    "`totals` stay the group's.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def get_ledger(gid: int, query: dict):
    group = member_of(gid).group
    period = _period(group, query)
    member_id = query.get("member_id")
    if member_id is not None:
        _check_member(group.id, member_id)
    ledger = compute_ledger(group=group, period=period)
    members = ledger.members
    if member_id is not None:
        # A former member without activity in the period has no row in the group's ledger:
        # their own ledger gives them one, all zeros.
        row = ledger.member(member_id) or compute_ledger(
            group=group, period=period, member_id=member_id).member(member_id)
        members = (row,)
    return {**_period_fields(ledger),
            "members": [_member_out(m, group.currency) for m in members],
            "totals": _totals(ledger.referrals, ledger.value, group.currency)}


@bp.get("/groups/<int:gid>/ledger/matrix")
@bp.auth_required(auth)
@bp.input(ls.PeriodQuery, location="query", arg_name="query")
@bp.output(ls.MatrixOut)
@bp.doc(summary="Who passed how many referrals, and how much business, to whom",
        description="Giver × receiver over the same period and rules as the ledger. Only "
                    "non-zero cells are listed, in the order of `members` (giver, then "
                    "receiver).",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def get_matrix(gid: int, query: dict):
    group = member_of(gid).group
    period = _period(group, query)
    matrix = compute_matrix(group=group, period=period)
    order = {m.member_id: i for i, m in enumerate(matrix.members)}
    pairs = sorted(matrix.counts.keys() | matrix.values.keys(),
                   key=lambda p: (order.get(p[0], len(order)), order.get(p[1], len(order))))
    return {**_about(group.id, group.currency, period),
            "members": [{"member_id": m.member_id, "name": m.name, "current": m.current}
                        for m in matrix.members],
            "cells": [{"giver_id": giver, "receiver_id": receiver,
                       "count": matrix.counts.get((giver, receiver), 0),
                       "value": to_decimal_string(matrix.values.get((giver, receiver), 0),
                                                  group.currency)}
                      for giver, receiver in pairs],
            "totals": _totals(matrix.referrals, matrix.value, group.currency)}


@bp.get("/groups/<int:gid>/ledger/series")
@bp.auth_required(auth)
@bp.input(ls.SeriesQuery, location="query", arg_name="query")
@bp.output(ls.SeriesOut)
@bp.doc(summary="Given and received per month (last 12) or per week (last 52), for a chart",
        description="scope=member (the default) is one member's figures, the caller's unless "
                    "`member_id` names another; scope=group is the whole group's referrals "
                    "(given = received) and takes no member_id.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def get_series(gid: int, query: dict):
    group = member_of(gid).group
    member_id = query.get("member_id")
    if query["scope"] == "group":
        if member_id is not None:
            raise HTTPError(422, detail={"query": {"member_id": [
                "Leave member_id out with scope=group."]}})
    elif member_id is None:
        member_id = auth.current_user.id
    else:
        _check_member(group.id, member_id)
    buckets = compute_series(group=group, member_id=member_id,
                             buckets=series_buckets(local_today(group.timezone), query["unit"]))
    return {"group_id": group.id, "currency": group.currency, "unit": query["unit"],
            "scope": query["scope"], "member_id": member_id,
            "buckets": [{"start": b.start, "end": b.end, "given": b.given,
                         "received": b.received,
                         "value_given": to_decimal_string(b.value_given, group.currency),
                         "value_received": to_decimal_string(b.value_received, group.currency)}
                        for b in buckets]}


@bp.get("/groups/<int:gid>/ledger/effectiveness")
@bp.auth_required(auth)
@bp.input(ls.PeriodQuery, location="query", arg_name="query")
@bp.output(ls.EffectivenessOut)
@bp.doc(summary="Which partners send the caller referrals that turn into business",
        description="Each partner who sent the caller referrals in the period: how many, how "
                    "many were won, the business closed on them, and how the caller rated "
                    "them.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def get_effectiveness(gid: int, query: dict):
    group = member_of(gid).group
    caller = auth.current_user.id
    ledger = compute_ledger(group=group, period=_period(group, query), member_id=caller)
    items = []
    for row in list_effectiveness(ledger.member(caller)):
        p = row.partner
        items.append({
            "member_id": p.member_id, "name": p.name, "business": p.business,
            "current": p.current, "received": p.received, "won_received": p.won_received,
            "conversion_received": _ratio(p.conversion_received),
            "value_received": to_decimal_string(p.value_received, group.currency),
            "value_per_referral": None if row.value_per_referral is None
            else to_decimal_string(row.value_per_referral, group.currency),
            "qualified": p.qualified_received, "lukewarm": p.lukewarm_received,
            "not_a_fit": p.not_a_fit_received, "rated": p.rated_received,
            "thanked": p.thanked_received})
    return {**_period_fields(ledger), "member_id": caller, "items": items}


def _by_unit(value: int | None, unit: str, currency: str):
    """Counts and percentages as integers, money as a decimal string."""
    if value is None or unit != "money":
        return value
    return to_decimal_string(value, currency)


@bp.get("/groups/<int:gid>/ledger/health")
@bp.auth_required(auth)
@bp.input(ls.HealthQuery, location="query", arg_name="query")
@bp.output(ls.HealthOut)
@bp.doc(summary="Each current member's health score over the last six months, explained",
        description="The score (out of 100) is the sum of the components' points; each "
                    "component shows its figure, the target that turns it green, where the "
                    "target comes from, and what would turn it green.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def get_health(gid: int, query: dict):
    group = member_of(gid).group
    ledger = compute_ledger(group=group,
                            period=named_period(HEALTH_PERIOD, local_today(group.timezone)))
    health = compute_health(ledger=ledger, goals=list_goals(group_id=group.id, user_id=None))
    member_id = query.get("member_id")
    if member_id is not None:
        if member_id not in health:
            raise HTTPError(404, "No such current member in the group.")
        health = {member_id: health[member_id]}
    currency = group.currency
    return {**_period_fields(ledger), "members": [
        {"member_id": h.member_id, "name": h.name, "score": h.score, "light": h.light,
         "light_label": h.light_label, "components": [
             {"key": c.component.key, "label": c.component.label,
              "weight": c.component.weight, "unit": c.component.unit,
              "figure": _by_unit(c.figure, c.component.unit, currency),
              "target": _by_unit(c.target, c.component.unit, currency), "basis": c.basis,
              "points": c.points, "light": c.light, "advice": c.advice}
             for c in h.components]}
        for h in health.values()]}


# --- Goals ------------------------------------------------------------------------------------


def _goals_out(membership: Membership) -> dict:
    group, caller = membership.group, membership.user_id
    currency = group.currency
    targets = list_goals(group_id=group.id, user_id=caller)

    def raw(scope: str) -> dict:
        return {metric: _by_unit(targets.get(metric, {}).get(scope), d.unit, currency)
                for metric, d in GOALS.items()}

    progress = []
    for p in list_goal_progress(group=group, member_id=caller,
                                today=local_today(group.timezone)):
        unit = p.definition.unit
        progress.append({
            "metric": p.definition.metric, "label": p.definition.label, "unit": unit,
            "scope": p.scope, "target": _by_unit(p.target, unit, currency),
            "group_target": _by_unit(p.group_target, unit, currency),
            "actual": _by_unit(p.actual, unit, currency),
            "expected_now": _by_unit(p.expected_now, unit, currency),
            "remaining": _by_unit(p.remaining, unit, currency), "percent": p.percent,
            "met": p.met, "on_track": p.on_track, "start": p.period.start,
            "end": p.period.end})
    return {"group_id": group.id, "currency": currency,
            "can_set_group": membership.is_facilitator,
            "metrics": [{"metric": d.metric, "label": d.label, "unit": d.unit, "span": d.span,
                         "help": d.help} for d in GOALS.values()],
            "progress": progress, "group": raw("group"), "mine": raw("personal")}


def _set_goals(membership: Membership, data: dict, *, for_group: bool) -> None:
    """Set every metric sent, or none: each refusal is reported on its metric, then nothing
    is kept."""
    group = membership.group
    errors: dict[str, list[str]] = {}
    for metric, definition in GOALS.items():
        if metric not in data:
            continue
        value = data[metric]
        try:
            target = parse_amount(value, group.currency) \
                if value is not None and definition.unit == "money" else value
            set_goal(group=group, actor=auth.current_user, metric=metric, target=target,
                     for_group=for_group)
        except MoneyError as exc:
            errors[metric] = [str(exc)]
        except GoalError as exc:
            errors.setdefault(exc.field or metric, []).append(exc.message)
    if errors:
        db.session.rollback()
        raise HTTPError(422, "No goal was saved.", detail={"json": errors})


@bp.get("/groups/<int:gid>/goals")
@bp.auth_required(auth)
@bp.output(ls.GoalsOut)
@bp.doc(summary="The caller's goals with progress this month or quarter, and the targets set",
        description="`progress` measures each goal the caller has (their own target, else the "
                    "group's) over the current calendar month or quarter; `group` and `mine` "
                    "are the targets as set. Count targets are integers, money targets decimal "
                    "strings.",
        responses={404: NOT_A_MEMBER})
def get_goals(gid: int):
    return _goals_out(member_of(gid))


@bp.put("/groups/<int:gid>/goals/mine")
@bp.auth_required(auth)
@bp.input(ls.GoalTargetsIn, arg_name="data")
@bp.output(ls.GoalsOut)
@bp.doc(summary="Set or clear the caller's own targets (they take the group's place)",
        description="Send only the metrics to change; null clears one. All or nothing: if a "
                    "target is refused, `fields` names it and none is saved.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def set_my_goals(gid: int, data: dict):
    membership = member_of(gid)
    _set_goals(membership, data, for_group=False)
    return _goals_out(membership)


@bp.put("/groups/<int:gid>/goals/group")
@bp.auth_required(auth)
@bp.input(ls.GoalTargetsIn, arg_name="data")
@bp.output(ls.GoalsOut)
@bp.doc(summary="Set or clear the group's targets for every member (facilitators)",
        description="Send only the metrics to change; null clears one. All or nothing: if a "
                    "target is refused, `fields` names it and none is saved.",
        responses={403: error_response("Not a facilitator"), 404: NOT_A_MEMBER,
                   422: INVALID})
def set_group_goals(gid: int, data: dict):
    membership = member_of(gid, facilitator=True)
    _set_goals(membership, data, for_group=True)
    return _goals_out(membership)
