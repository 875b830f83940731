"""The ledger views as CSV: amounts as decimal strings in major units, one header row.

Names and business names are guarded against spreadsheet formulas; numbers are left as
numbers (a negative balance is a number, not a formula).
"""

import csv
import io
from zoneinfo import ZoneInfo

from partnernet.ledger.health import Health
from partnernet.ledger.queries import Bucket, Effectiveness, Ledger, Matrix, UnconnectedPair
from partnernet.money import to_decimal_string
from partnernet.referrals.imports import safe_cell


def _write(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _period(ledger: Ledger) -> list[str]:
    p = ledger.period
    return [p.start.isoformat() if p.start else "", p.end.isoformat() if p.end else ""]


def member_csv(ledger: Ledger, member_id: int, tz: str) -> str:
    """A member's partner rows, then their totals (partner_id empty); dates are local to `tz`."""
    zone = ZoneInfo(tz)
    money = lambda minor: to_decimal_string(minor, ledger.currency)  # noqa: E731
    me = ledger.member(member_id)
    rows = []
    for p in (me.partners if me else ()):
        rows.append([p.member_id, safe_cell(p.name), safe_cell(p.business), p.given, p.received,
                     p.balance, money(p.value_given), money(p.value_received),
                     money(p.value_balance), p.won_given, _ratio(p.conversion),
                     "you owe" if p.balance < 0 else "owes you" if p.balance > 0 else "even",
                     p.last_exchange.astimezone(zone).date().isoformat() if p.last_exchange else "",
                     ledger.currency, *_period(ledger)])
    if me:
        rows.append(["", "Total", "", me.given, me.received, me.balance, money(me.value_given),
                     money(me.value_received), money(me.value_balance), me.won_given,
                     _ratio(me.conversion), "", "", ledger.currency, *_period(ledger)])
    return _write(["partner_id", "partner", "business", "given", "received", "balance",
                   "value_given", "value_received", "value_balance", "won_given", "conversion",
                   "reciprocity", "last_exchange", "currency", "start", "end"], rows)


def effectiveness_csv(ledger: Ledger, rows: list[Effectiveness]) -> str:
    money = lambda minor: to_decimal_string(minor, ledger.currency)  # noqa: E731
    return _write(
        ["rank", "partner_id", "partner", "business", "referrals_received", "won",
         "conversion", "value_received", "value_per_referral", "qualified", "lukewarm",
         "not_a_fit", "currency", "start", "end"],
        [[i, e.partner.member_id, safe_cell(e.partner.name), safe_cell(e.partner.business),
          e.partner.received, e.partner.won_received, _ratio(e.partner.conversion_received),
          money(e.partner.value_received),
          money(e.value_per_referral) if e.value_per_referral is not None else "",
          e.partner.qualified_received, e.partner.lukewarm_received,
          e.partner.not_a_fit_received, ledger.currency, *_period(ledger)]
         for i, e in enumerate(rows, 1)])


def group_csv(ledger: Ledger, health: dict[int, Health]) -> str:
    money = lambda minor: to_decimal_string(minor, ledger.currency)  # noqa: E731
    rows = []
    for m in ledger.members:
        score = health.get(m.member_id)
        rows.append([m.member_id, safe_cell(m.name), safe_cell(m.business),
                     "yes" if m.current else "no", m.given, m.received, m.balance,
                     money(m.value_given), money(m.value_received), money(m.value_balance),
                     m.won_given, _ratio(m.conversion), score.score if score else "",
                     score.light if score else "", ledger.currency, *_period(ledger)])
    rows.append(["", "Group total", "", "", ledger.referrals, ledger.referrals, 0,
                 money(ledger.value), money(ledger.value), money(0), "", "", "", "",
                 ledger.currency, *_period(ledger)])
    return _write(["member_id", "member", "business", "current", "given", "received",
                   "balance", "value_given", "value_received", "value_balance", "won_given",
                   "conversion", "health_score", "health_light", "currency", "start", "end"],
                  rows)


def matrix_csv(grid: Matrix, currency: str, by: str) -> str:
    """Rows are givers, columns receivers; a cell is a count, or a value in major units."""
    ids = [m.member_id for m in grid.members]

    def cell(giver: int, receiver: int) -> str | int:
        if by == "count":
            return grid.counts.get((giver, receiver), 0)
        return to_decimal_string(grid.values.get((giver, receiver), 0), currency)

    header = ["giver \\ receiver"] + [safe_cell(m.name) for m in grid.members]
    return _write(header, [[safe_cell(m.name)] + [cell(m.member_id, r) for r in ids]
                           for m in grid.members])


def series_csv(buckets: list[Bucket], currency: str, unit: str, *, group: bool) -> str:
    money = lambda minor: to_decimal_string(minor, currency)  # noqa: E731
    if group:
        return _write([unit + "_start", "end", "referrals", "closed_value", "currency"],
                      [[b.start.isoformat(), b.end.isoformat(), b.given, money(b.value_given),
                        currency] for b in buckets])
    return _write([unit + "_start", "end", "given", "received", "value_given", "value_received",
                   "currency"],
                  [[b.start.isoformat(), b.end.isoformat(), b.given, b.received,
                    money(b.value_given), money(b.value_received), currency] for b in buckets])


def unconnected_csv(pairs: list[UnconnectedPair]) -> str:
    return _write(["member_id", "member", "partner_id", "partner"],
                  [[p.a.member_id, safe_cell(p.a.name), p.b.member_id, safe_cell(p.b.name)]
                   for p in pairs])
