"""A small group whose ledger pages and exports are checked against figures worked out by hand.

Riverside Partners (Europe/London, GBP) has four current members: Ann Archer (a plain member,
who looks at her own ledger), Ben Baker (a facilitator), Cat Cooper and Dan Dyer (who never
exchanged a referral with anyone). Otto Outsider leads another group. Every referral is
passed today and its business closed today, so each lies in every period the pages offer.

    #  giver → receiver   status     closed      quality     thanked
    1  Ann → Ben          won        £1,250.00               yes
    2  Ann → Ben          passed
    3  Ben → Ann          won        £300.00     qualified   yes
    4  Cat → Ann          passed                 lukewarm
    5  Cat → Ann          lost                   not a fit
    6  Ann → Cat          withdrawn  (never counted)
    7  Ben → Cat          won        £2,000.00

Worked out by hand (the default period, the last six months):

    member  given  received  balance  value given  value received  won given  conversion
    Ann     2      3         −1       £1,250.00    £300.00         1          50%
    Ben     2      2         0        £2,300.00    £1,250.00       2          100%
    Cat     2      1         +1       £0.00        £2,000.00       0          0%
    Dan     0      0         0        £0.00        £0.00           0          —
    group   6 referrals, £3,550.00

Ann's partners, most out of balance first: Cat (given 0, received 2: "You owe"), then Ben
(given 2, received 1: "Owes you"). Pairs never connected: Ann–Dan, Ben–Dan, Cat–Dan.

Health (six months, no group goal): "referrals given" is green at 6 (one a month), "thank-yous"
at 90%, "business from your referrals" at the median value given of members with any,
(£1,250 + £2,300) / 2 = £1,775.00; no meeting was held, so "meetings attended" has nothing to
measure (its full 15), and nobody logged a one-to-one (0 of 15).

    Ann  30·2//6 = 10  + 15·33//90 = 5  + 25·125000//177500 = 17  + 15 + 0  = 47  amber
    Ben  10            + 15·50//90 = 8  + 25 (above the median)   + 15 + 0  = 58  amber
    Cat  10            + 0 (0 of 1)     + 0                       + 15 + 0  = 25  red
    Dan  0             + 15 (nothing to thank for)  + 0           + 15 + 0  = 30  red
"""

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.ledger.queries import Ledger, Matrix, MatrixMember
from partnernet.models import Group, Role, User
from partnernet.models.base import utcnow
from partnernet.models.referrals import Quality, Status
from partnernet.periods import local_today
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    closed_business,
    referral,
    thank_you,
)

HTMX = {"HX-Request": "true"}


@dataclass
class Ledgered:
    group: Group
    ann: User
    ben: User
    cat: User
    dan: User
    other_group: Group
    outsider: User

    @property
    def base(self) -> str:
        return f"/groups/{self.group.id}"


def make_ledgered() -> Ledgered:
    group = GroupFactory(name="Riverside Partners", timezone="Europe/London", currency="GBP")
    ann = MembershipFactory(group=group, user__name="Ann Archer").user
    ben = MembershipFactory(group=group, user__name="Ben Baker", role=Role.FACILITATOR).user
    cat = MembershipFactory(group=group, user__name="Cat Cooper").user
    dan = MembershipFactory(group=group, user__name="Dan Dyer").user
    other_group = GroupFactory(name="Other Group")
    outsider = MembershipFactory(group=other_group, user__name="Otto Outsider",
                                 role=Role.FACILITATOR).user
    today = local_today(group.timezone)
    now = utcnow()

    one = referral(group, ann, ben, status=Status.WON, passed_at=now)
    closed_business(one, 125000, closed_on=today)
    thank_you(one)
    referral(group, ann, ben, passed_at=now)
    three = referral(group, ben, ann, status=Status.WON, quality=Quality.QUALIFIED,
                     passed_at=now)
    closed_business(three, 30000, closed_on=today)
    thank_you(three)
    referral(group, cat, ann, quality=Quality.LUKEWARM, passed_at=now)
    referral(group, cat, ann, status=Status.LOST, quality=Quality.NOT_A_FIT, passed_at=now)
    referral(group, ann, cat, status=Status.WITHDRAWN, passed_at=now)
    seven = referral(group, ben, cat, status=Status.WON, passed_at=now)
    closed_business(seven, 200000, closed_on=today)
    return Ledgered(group, ann, ben, cat, dan, other_group, outsider)


@pytest.fixture
def lg(app) -> Ledgered:
    return make_ledgered()


# --- Reading pages ----------------------------------------------------------------------------


def text(response) -> str:
    return response.get_data(as_text=True)


def squash(markup: str) -> str:
    """Visible text of a piece of markup: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def element(page: str, pattern: str) -> str:
    """The first element whose opening tag matches `pattern`, up to its matching close tag."""
    start = re.search(pattern, page)
    assert start, f"nothing matches {pattern!r}"
    tag = re.match(r"<(\w+)", start.group(0)).group(1)
    depth, pos = 0, start.start()
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", page[start.start():]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            pos = start.start() + m.end()
            break
    return page[start.start():pos]


def table_rows(table: str, part: str = "tbody") -> list[list[str]]:
    """The visible text of each cell of each row in `part` of a table, the mobile labels
    (`cell-label`) left out and a business name (`cell-sub`) kept after a " | "."""
    section = element(table, rf"<{part}\b")
    rows = []
    for row in re.findall(r"<tr\b.*?</tr>", section, re.S):
        row = re.sub(r'<span class="cell-label">.*?</span>', "", row)
        row = re.sub(r'<span class="muted cell-sub">', " | ", row)
        rows.append([squash(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row,
                                                         re.S)])
    return rows


# --- Counting SQL statements -------------------------------------------------------------------


@contextmanager
def counting():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)


def build_matrix(ledger: Ledger) -> Matrix:
    """The matrix read off a full ledger's partner rows: the reference compute_matrix must
    agree with."""
    counts, values = {}, {}
    for member in ledger.members:
        for partner in member.partners:
            if partner.given:
                counts[member.member_id, partner.member_id] = partner.given
            if partner.value_given:
                values[member.member_id, partner.member_id] = partner.value_given
    members = tuple(MatrixMember(m.member_id, m.name, m.business, m.current, m.given,
                                 m.received, m.value_given, m.value_received)
                    for m in ledger.members)
    return Matrix(members, counts, values, max(counts.values(), default=0),
                  max(values.values(), default=0), sum(counts.values()), sum(values.values()))
