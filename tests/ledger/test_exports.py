"""The ledger's CSV exports, row by row against the scene in conftest.py: one header row,
amounts as decimal strings in major units, names guarded against spreadsheet formulas while
numbers stay numbers, and a 400 for a period that makes no sense."""

import csv
import io
import re
from calendar import monthrange
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import Membership, Role
from partnernet.models.base import utcnow
from partnernet.models.referrals import Status
from partnernet.periods import local_today
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    UserFactory,
    closed_business,
    referral,
)
from tests.ledger.conftest import text

MEMBER_HEADER = ["partner_id", "partner", "business", "given", "received", "balance",
                 "value_given", "value_received", "value_balance", "won_given", "conversion",
                 "reciprocity", "last_exchange", "currency", "start", "end"]
GROUP_HEADER = ["member_id", "member", "business", "current", "given", "received", "balance",
                "value_given", "value_received", "value_balance", "won_given", "conversion",
                "health_score", "health_light", "currency", "start", "end"]
EFFECTIVENESS_HEADER = ["rank", "partner_id", "partner", "business", "referrals_received",
                        "won", "conversion", "value_received", "value_per_referral",
                        "qualified", "lukewarm", "not_a_fit", "currency", "start", "end"]
PERIOD_CSVS = ["/ledger.csv", "/ledger/partners.csv", "/ledger/group.csv",
               "/ledger/matrix.csv", "/ledger/matrix.csv?by=value"]
FORMULA = '=HYPERLINK("http://evil.example/","Click me")'


def download(client, lg, path: str, status: int = 200):
    response = client.get(lg.base + path)
    assert response.status_code == status, text(response)[:300]
    return response


def rows_of(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(text(response))))


def default_period(lg) -> list[str]:
    """The last six months as the CSV writes them: [start, end) with end tomorrow."""
    today = local_today(lg.group.timezone)
    end = today + timedelta(days=1)
    year, month = (end.year, end.month - 6) if end.month > 6 else (end.year - 1, end.month + 6)
    start = date(year, month, min(end.day, monthrange(year, month)[1]))  # 31 Aug → 28 Feb
    return [start.isoformat(), end.isoformat()]


def test_my_ledger_csv(lg, client, auth):
    auth.login(lg.ann)

    response = download(client, lg, "/ledger.csv")

    today = local_today(lg.group.timezone).isoformat()
    tail = ["GBP", *default_period(lg)]
    assert rows_of(response) == [
        MEMBER_HEADER,
        [str(lg.cat.id), "Cat Cooper", "Cat Cooper Ltd", "0", "2", "-2", "0.00", "0.00",
         "0.00", "0", "", "you owe", today, *tail],
        [str(lg.ben.id), "Ben Baker", "Ben Baker Ltd", "2", "1", "1", "1250.00", "300.00",
         "950.00", "1", "0.5000", "owes you", today, *tail],
        ["", "Total", "", "2", "3", "-1", "1250.00", "300.00", "950.00", "1", "0.5000", "", "",
         *tail],
    ]


def test_csv_headers(lg, client, auth):
    auth.login(lg.ann)

    response = download(client, lg, "/ledger.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    today = local_today(lg.group.timezone).isoformat()
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="riverside-partners-my-ledger-{today}.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    names = {
        "/ledger/partners.csv": "partner-effectiveness",
        "/ledger/group.csv": "group-ledger",
        "/ledger/matrix.csv": "referral-matrix-count",
        "/ledger/matrix.csv?by=value": "referral-matrix-value",
        "/ledger/series.csv": "my-ledger-by-month",
        "/ledger/series.csv?unit=week": "my-ledger-by-week",
        "/ledger/series.csv?scope=group": "group-totals",
        "/ledger/unconnected.csv": "not-yet-connected",
    }
    for path, name in names.items():
        response = download(client, lg, path)
        assert response.mimetype == "text/csv", path
        assert response.headers["Content-Disposition"] == \
            f'attachment; filename="riverside-partners-{name}-{today}.csv"', path


def test_my_ledger_csv_for_a_custom_period(lg, client, auth):
    old = referral(lg.group, lg.ann, lg.dan, status=Status.WON,
                   passed_at=datetime(2025, 1, 15, 12, tzinfo=UTC))
    closed_business(old, 9900, closed_on=date(2025, 1, 20))
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger.csv?from=2025-01-01&to=2025-01-31"))

    # The end column is the day after the last one included, as in the API.
    tail = ["GBP", "2025-01-01", "2025-02-01"]
    assert rows[1:] == [
        [str(lg.dan.id), "Dan Dyer", "Dan Dyer Ltd", "1", "0", "1", "99.00", "0.00", "99.00",
         "1", "1.0000", "owes you", "2025-01-15", *tail],
        ["", "Total", "", "1", "0", "1", "99.00", "0.00", "99.00", "1", "1.0000", "", "",
         *tail],
    ]


def test_my_ledger_csv_when_i_exchanged_nothing(lg, client, auth):
    auth.login(lg.dan)

    rows = rows_of(download(client, lg, "/ledger.csv"))

    assert rows == [MEMBER_HEADER, ["", "Total", "", "0", "0", "0", "0.00", "0.00", "0.00",
                                    "0", "", "", "", "GBP", *default_period(lg)]]


def test_last_exchange_is_the_local_date_of_the_group(client, auth):
    # 20:00 UTC on 15 January is 09:00 on 16 January in Auckland: the page says 16 Jan, and
    # the referral is inside a period that starts on the 16th.
    group = GroupFactory(name="Harbour Partners", timezone="Pacific/Auckland", currency="NZD")
    ann = MembershipFactory(group=group, user__name="Ann Archer").user
    ben = MembershipFactory(group=group, user__name="Ben Baker").user
    referral(group, ann, ben, passed_at=datetime(2025, 1, 15, 20, tzinfo=UTC))
    auth.login(ann)

    period = "?from=2025-01-16&to=2025-01-16"
    rows = rows_of(client.get(f"/groups/{group.id}/ledger.csv{period}"))
    page = text(client.get(f"/groups/{group.id}/ledger{period}"))

    assert '<time datetime="2025-01-15T20:00:00+00:00">16 Jan 2025</time>' in page
    assert rows[1][MEMBER_HEADER.index("given")] == "1"
    assert rows[1][MEMBER_HEADER.index("last_exchange")] == "2025-01-16"


def test_effectiveness_csv(lg, client, auth):
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger/partners.csv"))

    tail = ["GBP", *default_period(lg)]
    assert rows == [
        EFFECTIVENESS_HEADER,
        ["1", str(lg.ben.id), "Ben Baker", "Ben Baker Ltd", "1", "1", "1.0000", "300.00",
         "300.00", "1", "0", "0", *tail],
        ["2", str(lg.cat.id), "Cat Cooper", "Cat Cooper Ltd", "2", "0", "0.0000", "0.00",
         "0.00", "0", "1", "1", *tail],
    ]


def test_group_csv(lg, client, auth):
    auth.login(lg.cat)

    rows = rows_of(download(client, lg, "/ledger/group.csv"))

    tail = ["GBP", *default_period(lg)]
    assert rows == [
        GROUP_HEADER,
        [str(lg.ann.id), "Ann Archer", "Ann Archer Ltd", "yes", "2", "3", "-1", "1250.00",
         "300.00", "950.00", "1", "0.5000", "47", "amber", *tail],
        [str(lg.ben.id), "Ben Baker", "Ben Baker Ltd", "yes", "2", "2", "0", "2300.00",
         "1250.00", "1050.00", "2", "1.0000", "58", "amber", *tail],
        [str(lg.cat.id), "Cat Cooper", "Cat Cooper Ltd", "yes", "2", "1", "1", "0.00",
         "2000.00", "-2000.00", "0", "0.0000", "25", "red", *tail],
        [str(lg.dan.id), "Dan Dyer", "Dan Dyer Ltd", "yes", "0", "0", "0", "0.00", "0.00",
         "0.00", "0", "", "30", "red", *tail],
        ["", "Group total", "", "", "6", "6", "0", "3550.00", "3550.00", "0.00", "", "", "", "",
         *tail],
    ]


def test_group_csv_with_a_former_member(lg, client, auth):
    eve = MembershipFactory(group=lg.group, user__name="Eve Evans").user
    referral(lg.group, eve, lg.ann, passed_at=utcnow())
    db.session.execute(sa.update(Membership).where(Membership.user_id == eve.id)
                       .values(left_at=utcnow()))
    db.session.commit()
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger/group.csv"))

    assert rows[5][:13] == [str(eve.id), "Eve Evans", "Eve Evans Ltd", "no", "1", "0", "1",
                            "0.00", "0.00", "0.00", "0", "0.0000", ""]
    assert rows[6][:7] == ["", "Group total", "", "", "7", "7", "0"]


def test_matrix_csv_counts_and_values(lg, client, auth):
    auth.login(lg.ann)

    names = ["Ann Archer", "Ben Baker", "Cat Cooper", "Dan Dyer"]
    assert rows_of(download(client, lg, "/ledger/matrix.csv")) == [
        ["giver \\ receiver", *names],
        ["Ann Archer", "0", "2", "0", "0"],
        ["Ben Baker", "1", "0", "1", "0"],
        ["Cat Cooper", "2", "0", "0", "0"],
        ["Dan Dyer", "0", "0", "0", "0"],
    ]
    assert rows_of(download(client, lg, "/ledger/matrix.csv?by=value")) == [
        ["giver \\ receiver", *names],
        ["Ann Archer", "0.00", "1250.00", "0.00", "0.00"],
        ["Ben Baker", "300.00", "0.00", "2000.00", "0.00"],
        ["Cat Cooper", "0.00", "0.00", "0.00", "0.00"],
        ["Dan Dyer", "0.00", "0.00", "0.00", "0.00"],
    ]


def this_month(lg) -> tuple[str, str]:
    start = local_today(lg.group.timezone).replace(day=1)
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start.isoformat(), end.isoformat()


def test_series_csv_mine_by_month(lg, client, auth):
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger/series.csv"))

    assert rows[0] == ["month_start", "end", "given", "received", "value_given",
                       "value_received", "currency"]
    assert len(rows) == 13
    assert rows[-1] == [*this_month(lg), "2", "3", "1250.00", "300.00", "GBP"]
    assert all(row[2:] == ["0", "0", "0.00", "0.00", "GBP"] for row in rows[1:-1])
    # Months follow each other, each ending where the next starts.
    assert all(a[1] == b[0] for a, b in pairwise(rows[1:]))


def test_series_csv_by_week_and_for_the_group(lg, client, auth):
    auth.login(lg.cat)
    today = local_today(lg.group.timezone)
    monday = today - timedelta(days=today.weekday())

    weeks = rows_of(download(client, lg, "/ledger/series.csv?unit=week"))
    assert weeks[0][0] == "week_start"
    assert len(weeks) == 53
    assert weeks[-1] == [monday.isoformat(), (monday + timedelta(days=7)).isoformat(), "2", "1",
                         "0.00", "2000.00", "GBP"]
    assert weeks[1][0] == (monday - timedelta(weeks=51)).isoformat()

    group = rows_of(download(client, lg, "/ledger/series.csv?scope=group"))
    assert group[0] == ["month_start", "end", "referrals", "closed_value", "currency"]
    assert group[-1] == [*this_month(lg), "6", "3550.00", "GBP"]
    assert all(row[2:] == ["0", "0.00", "GBP"] for row in group[1:-1])


def test_unconnected_csv(lg, client, auth):
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger/unconnected.csv"))

    assert rows == [
        ["member_id", "member", "partner_id", "partner"],
        [str(lg.ann.id), "Ann Archer", str(lg.dan.id), "Dan Dyer"],
        [str(lg.ben.id), "Ben Baker", str(lg.dan.id), "Dan Dyer"],
        [str(lg.cat.id), "Cat Cooper", str(lg.dan.id), "Dan Dyer"],
    ]


def test_amounts_in_a_currency_without_minor_units(client, auth):
    group = GroupFactory(name="Tokyo Partners", timezone="Asia/Tokyo", currency="JPY")
    ann = MembershipFactory(group=group, user__name="Ann Archer").user
    ben = MembershipFactory(group=group, user__name="Ben Baker").user
    won = referral(group, ann, ben, status=Status.WON, passed_at=utcnow())
    closed_business(won, 125000, closed_on=local_today("Asia/Tokyo"))
    auth.login(ann)

    rows = rows_of(client.get(f"/groups/{group.id}/ledger.csv"))

    assert rows[1][6:10] == ["125000", "0", "125000", "1"]
    assert rows[1][13] == "JPY"


# --- Spreadsheet formulas ---------------------------------------------------------------------


@pytest.fixture
def evil(lg):
    """A member whose name (and so business name) a spreadsheet would run as a formula, and
    one whose name starts with a minus sign; both exchanged referrals with Ann."""
    user = UserFactory(name=FORMULA)
    MembershipFactory(group=lg.group, user=user)
    minus = MembershipFactory(group=lg.group, user__name="-2+3 Plumbing").user
    referral(lg.group, user, lg.ann, passed_at=utcnow())
    referral(lg.group, user, lg.ann, passed_at=utcnow())
    referral(lg.group, lg.ann, minus, passed_at=utcnow())
    return user


def test_formula_names_are_guarded_and_numbers_are_not(lg, client, auth, evil):
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger.csv"))

    by_id = {row[0]: row for row in rows[1:]}
    evil_row = by_id[str(evil.id)]
    assert evil_row[1:6] == ["'" + FORMULA, "'" + FORMULA + " Ltd", "0", "2", "-2"]
    minus = next(row for row in rows[1:] if row[1].endswith("Plumbing"))
    assert minus[1:3] == ["'-2+3 Plumbing", "'-2+3 Plumbing Ltd"]
    # A negative balance is a number, not a formula to guard.
    assert by_id[str(lg.cat.id)][5] == "-2"
    assert rows[-1][5] == "-2"  # Ann gave 3, received 5
    assert "'-" not in text(download(client, lg, "/ledger.csv")).replace("'-2+3 Plumbing", "")


@pytest.mark.parametrize("path", ["/ledger/partners.csv", "/ledger/group.csv",
                                  "/ledger/matrix.csv", "/ledger/unconnected.csv"])
def test_formula_names_are_guarded_in_every_export(lg, client, auth, evil, path):
    auth.login(lg.ann)

    body = text(download(client, lg, path))

    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert FORMULA not in cells
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    # What starts with a minus sign unguarded is a number.
    assert all(re.fullmatch(r"-\d+(\.\d+)?", cell) for cell in cells if cell.startswith("-"))


def test_negative_values_in_the_group_csv_stay_numbers(lg, client, auth):
    auth.login(lg.ann)

    rows = rows_of(download(client, lg, "/ledger/group.csv"))

    assert rows[1][GROUP_HEADER.index("balance")] == "-1"
    assert rows[3][GROUP_HEADER.index("value_balance")] == "-2000.00"


# --- Bad periods ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PERIOD_CSVS)
@pytest.mark.parametrize("query", ["from=2026-13-01", "from=2026-03-10&to=2026-03-01",
                                   "from=2015-01-01&to=2026-01-01", "period=fortnight",
                                   "to=garbage", "from=<script>"])
def test_a_bad_period_is_400_and_no_file(lg, client, auth, path, query):
    auth.login(lg.ann)

    joiner = "&" if "?" in path else "?"
    response = client.get(f"{lg.base}{path}{joiner}{query}")

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    assert "<script>" not in text(response)


@pytest.mark.parametrize("path", PERIOD_CSVS)
def test_a_named_period(lg, client, auth, path):
    auth.login(lg.ann)

    joiner = "&" if "?" in path else "?"
    rows = rows_of(download(client, lg, f"{path}{joiner}period=week"))

    today = local_today(lg.group.timezone)
    if "start" in rows[0]:
        start, end = rows[0].index("start"), rows[0].index("end")
        assert {(row[start], row[end]) for row in rows[1:]} == {
            ((today - timedelta(days=6)).isoformat(), (today + timedelta(days=1)).isoformat())}
    assert len(rows) > 1


def test_exports_without_a_period_ignore_one(lg, client, auth):
    auth.login(lg.ann)

    for path in ("/ledger/series.csv?from=garbage", "/ledger/unconnected.csv?period=fortnight"):
        assert download(client, lg, path).mimetype == "text/csv"


def test_exports_belong_to_members(lg, client, auth):
    auth.login(lg.outsider)
    for path in (*PERIOD_CSVS, "/ledger/series.csv", "/ledger/unconnected.csv"):
        response = client.get(lg.base + path)
        assert response.status_code == 404, path
        assert "Ann Archer" not in text(response)

    auth.login(MembershipFactory(group=lg.other_group, role=Role.MEMBER).user)
    assert client.get(lg.base + "/ledger/group.csv").status_code == 404
