"""Benchmark of the reciprocity ledger for a group of 60 members with three years of history.

    .venv/bin/python bench/ledger.py                       # a temporary SQLite file
    .venv/bin/python bench/ledger.py --reset --database-url postgresql+psycopg://…/pn_bench

The database's PartnerNet tables are dropped and rebuilt with the migrations; the
script refuses a database that already holds users unless --reset is given.

It builds, from a fixed seed (the same seed and last day, --today, build the same data),
a group in America/Chicago of 60 current members and 2 former ones, with 50,000
referrals over the three years up to that day (every status, withdrawn and declined
included, half of them rated, a quarter thanked, some passed on from an earlier one) and
20,000 closed-business entries (new and repeat business, some deleted); and a second,
smaller group, some of whose members belong to both, so that every query has to filter
by group. Rows go in with bulk inserts. PostgreSQL gets a VACUUM ANALYZE once loaded,
as autovacuum would soon do; SQLite is left as the application leaves it (no ANALYZE,
so its planner has no statistics).

It then reports, in milliseconds, each call in a fresh application context (a new
database session, as a request has), after a warm-up:

- compute_ledger for the busiest member over 12 months (the ledger page of a member);
- compute_matrix for the whole group over 12 months (the matrix page), and compute_ledger
  for the whole group (the group page, which has no target);
- compute_series per calendar month over 12 months for that member, and per week over
  52 weeks for the group (the charts);
- the all-time ledger and list_unconnected ("not yet connected").

Each line gives the wall-clock median, 95th percentile and maximum, and the median CPU
time of this process (which excludes a PostgreSQL server's own work). The target is a
median under 50 ms for the first two; the script exits with status 1, naming the
figure, when one is missed. --explain prints the plan of every SQL statement those two
run (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
"""

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from partnernet import create_app
from partnernet.extensions import db
from partnernet.ledger import queries
from partnernet.models import (
    Base,
    ClosedBusiness,
    Group,
    Membership,
    Profile,
    Referral,
    Role,
    ThankYou,
    User,
)
from partnernet.models.referrals import BusinessKind, Kind, Quality, Relationship, Status
from partnernet.periods import local_today, named_period

TARGET_MS = 50.0
TIMEZONE = "America/Chicago"
YEARS = 3

FIRST = ["Ada", "Ben", "Cara", "Dev", "Ema", "Finn", "Gita", "Hugo", "Iris", "Jon", "Kira",
         "Leo", "Maya", "Nico", "Omar", "Pia", "Quin", "Rosa", "Sami", "Tara", "Uma", "Vik",
         "Wren", "Xavi", "Yara", "Zane"]
LAST = ["Shah", "Quinn", "Okafor", "Bell", "Fischer", "Petrov", "Ward", "Mendes", "Alvarez",
        "O'Brien", "Nakamura", "Kowalski", "Haddad", "Larsen", "Moreau", "Costa", "Novak"]
TRADES = ["Plumbing", "Roofing", "Accountancy", "Commercial law", "Mortgages", "IT support",
          "Dentistry", "HR consultancy", "Catering", "Landscaping", "Electrical", "Insurance",
          "Financial planning", "Real estate", "Commercial cleaning", "Printing", "Web design",
          "Physiotherapy", "Photography", "Travel", "Security systems", "Signage",
          "Recruitment", "Interior design", "Removals", "Chiropractic", "Florist",
          "Auto repair", "Payroll", "Architecture"]
COMPANIES = ["Acme", "Northwind", "Lakeview", "Prairie", "Riverside", "Summit", "Oak Street",
             "Midway", "Harbor", "Cedar", "Pioneer", "Union", "Granite", "Elm"]
SUFFIXES = ["LLC", "Inc.", "Co.", "Group", "Partners", "Holdings"]
CRITERIA = ["Expects my call", "Owner-managed", "Decision maker is on board",
            "Ready to start this quarter", "Budget agreed", "Within 20 miles"]
NOTES = ["", "", "", "Met her at the chamber lunch.", "Wants a quote before month end.",
         "Call after 3 pm.", "Friend of my brother-in-law.", "Mentioned you by name."]
REASONS = ["Outside my area.", "Too small a job for us.", "Not a fit for what we do."]
THANKS = ["Thank you!", "Thanks for thinking of me.", "Great lead, thank you.",
          "Much appreciated."]
GIFTS = ["", "", "", "Coffee card", "Lunch on me", "Bottle of wine"]

# Where a referral stands once its outcome is known (older than ~4 months), and while it
# is still being worked: (status, weight).
SETTLED = [(Status.WON, 34), (Status.LOST, 28), (Status.DECLINED, 9), (Status.WITHDRAWN, 5),
           (Status.PROPOSAL, 6), (Status.MEETING, 6), (Status.CONTACTED, 7),
           (Status.ACCEPTED, 3), (Status.PASSED, 2)]
OPEN = [(Status.WON, 12), (Status.LOST, 8), (Status.DECLINED, 8), (Status.WITHDRAWN, 4),
        (Status.PROPOSAL, 14), (Status.MEETING, 16), (Status.CONTACTED, 16),
        (Status.ACCEPTED, 12), (Status.PASSED, 10)]


class Builder:
    """Rows for the bulk inserts, with ids given up front so rows can refer to each other."""

    def __init__(self, seed: int, now: datetime):
        self.rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not secrets
        self.now = now
        self.next_id = Counter()
        self.users: list[dict] = []
        self.profiles: list[dict] = []
        self.groups: list[dict] = []
        self.memberships: list[dict] = []
        self.referrals: list[dict] = []
        self.closed: list[dict] = []
        self.thanks: list[dict] = []

    def new_id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def user(self, n: int) -> int:
        uid = self.new_id("users")
        rng = self.rng
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        surname = name.split()[-1].replace("'", "")
        # "!" is no hash of any password: these members cannot sign in.
        self.users.append(dict(id=uid, email=f"member{n}@bench.example", name=name,
                               password_hash="!",  # noqa: S106
                               active=True, auth_stamp=f"{uid:016x}",
                               created_at=self.now - timedelta(days=4 * 365)))
        trade = TRADES[n % len(TRADES)]
        self.profiles.append(dict(user_id=uid, business_name=f"{surname} {trade}",
                                  category=trade, updated_at=self.now))
        return uid

    def group(self, name: str, tz: str, currency: str, weekday: int) -> int:
        gid = self.new_id("groups")
        self.groups.append(dict(id=gid, name=name, cadence="weekly", weekday=weekday,
                                meeting_time=clock(7, 0), duration_minutes=90, timezone=tz,
                                currency=currency, created_at=self.now - timedelta(days=1200)))
        return gid

    def member(self, gid: int, uid: int, joined: datetime, left: datetime | None = None,
               role: str = Role.MEMBER, title: str = "") -> None:
        self.memberships.append(dict(id=self.new_id("memberships"), group_id=gid, user_id=uid,
                                     role=role, title=title, category="", joined_at=joined,
                                     left_at=left))

    def history(self, gid: int, tz: str, weekday: int, tenure: dict[int, tuple],
                referrals: int, closed: int) -> None:
        """`referrals` referrals and `closed` closed-business entries among members whose
        `tenure` (uid → (joined, left, weight)) covers the time they were passed."""
        rng, zone = self.rng, ZoneInfo(tz)
        first = self.now - timedelta(days=YEARS * 365)
        span = (self.now - first).total_seconds()
        members = list(tenure)
        weights = [tenure[uid][2] for uid in members]
        won: list[dict] = []
        group_referrals: list[int] = []
        made = 0
        while made < referrals:
            at = first + timedelta(seconds=span * rng.random())
            if rng.random() < 0.6:  # most are passed at the weekly meeting, 7:00-8:30 local
                local = at.astimezone(zone)
                day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
                at = datetime.combine(day, clock(7, 0), tzinfo=zone).astimezone(UTC) + \
                    timedelta(minutes=rng.randint(0, 90))
                if at >= self.now or at < first:
                    continue
            giver, receiver = rng.choices(members, weights, k=2)
            if giver == receiver or not (self._present(tenure[giver], at)
                                         and self._present(tenure[receiver], at)):
                continue
            made += 1
            age = (self.now - at).days
            status = self._status(age)
            rid = self.new_id("referrals")
            company = f"{rng.choice(COMPANIES)} {rng.choice(TRADES)} {rng.choice(SUFFIXES)}"
            prospect = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            rated = status not in (Status.PASSED, Status.WITHDRAWN) and rng.random() < 0.55
            row = dict(
                id=rid, group_id=gid, giver_id=giver, receiver_id=receiver,
                kind=Kind.INSIDE if rng.random() < 0.15 else Kind.OUTSIDE,
                relationship=rng.choice(list(Relationship)),
                temperature=rng.choices([1, 2, 3, 4, 5], [5, 15, 35, 30, 15])[0],
                expects_call=rng.random() < 0.7, prospect_name=prospect,
                prospect_company=company,
                prospect_email=f"{prospect.split()[0].lower()}.{rid}@prospect.example",
                prospect_phone=f"+1 312 555 {rid % 10000:04d}",
                criteria_met=rng.sample(CRITERIA, rng.randint(0, 3)),
                note=rng.choice(NOTES),
                source_referral_id=(rng.choice(group_referrals[-2000:])
                                    if group_referrals and rng.random() < 0.05 else None),
                status=status,
                declined_reason=rng.choice(REASONS) if status == Status.DECLINED else "",
                quality=(rng.choices(list(Quality), [55, 30, 15])[0] if rated else None),
                passed_at=at, created_at=at,
                updated_at=min(self.now, at + timedelta(days=rng.randint(0, 60))),
                import_key=None, version=1 + rng.randint(0, 4))
            self.referrals.append(row)
            group_referrals.append(rid)
            if status == Status.WON:
                won.append(row)
            if rng.random() < (0.5 if status == Status.WON else 0.12) and \
                    status != Status.WITHDRAWN:
                self.thanks.append(dict(
                    id=self.new_id("thank_yous"), referral_id=rid, author_id=receiver,
                    message=rng.choice(THANKS), gift=rng.choice(GIFTS),
                    created_at=min(self.now, at + timedelta(days=rng.randint(1, 30)))))
        # Each won referral closed some new business; the rest is repeat business from the
        # same clients, later on. A few entries were deleted (a mistake corrected).
        today = self.now.astimezone(zone).date()
        entries = [(row, BusinessKind.NEW) for row in won[:closed]]
        entries += [(rng.choice(won), BusinessKind.REPEAT) for _ in range(closed - len(entries))]
        for row, kind in entries:
            passed_on = row["passed_at"].astimezone(zone).date()
            delay = rng.randint(5, 120) if kind == BusinessKind.NEW else rng.randint(60, 540)
            closed_on = min(today, passed_on + timedelta(days=delay))
            amount = max(5000, round(rng.lognormvariate(7.2, 1.1)) * 100)  # cents, from $50
            created = datetime.combine(closed_on, clock(17, 0), tzinfo=zone).astimezone(UTC)
            self.closed.append(dict(
                id=self.new_id("closed_business"), referral_id=row["id"],
                group_id=row["group_id"], giver_id=row["giver_id"],
                receiver_id=row["receiver_id"], amount=amount,
                kind=kind, closed_on=closed_on, note="",
                created_by_id=row["receiver_id"], created_at=min(self.now, created),
                updated_at=min(self.now, created),
                deleted_at=min(self.now, created + timedelta(days=2))
                if rng.random() < 0.04 else None))

    @staticmethod
    def _present(tenure: tuple, at: datetime) -> bool:
        joined, left, _ = tenure
        return joined <= at and (left is None or at < left)

    def _status(self, age_days: int) -> str:
        table = SETTLED if age_days > 120 else OPEN
        if age_days < 7:  # this week's referrals have barely been looked at
            table = [(Status.PASSED, 50), (Status.ACCEPTED, 30), (Status.CONTACTED, 15),
                     (Status.DECLINED, 3), (Status.WITHDRAWN, 2)]
        statuses, weights = zip(*table, strict=True)
        return self.rng.choices(statuses, weights)[0]


def build(args: argparse.Namespace, now: datetime) -> tuple[int, int, Builder]:
    """Both groups' rows, built in memory; returns the big group's id, its busiest member's."""
    b = Builder(args.seed, now)
    rng = b.rng
    years = timedelta(days=YEARS * 365 + 30)
    gid = b.group("Benchmark Partners", TIMEZONE, "USD", weekday=1)
    tenure: dict[int, tuple] = {}
    titles = {0: "President", 1: "Vice-president", 2: "Secretary"}
    for n in range(args.members):
        uid = b.user(n)
        # Most have been in the group from the start; some joined along the way.
        joined = now - (years if n < args.members * 3 // 4
                        else timedelta(days=rng.randint(60, YEARS * 365)))
        b.member(gid, uid, joined, role=Role.FACILITATOR if n in titles else Role.MEMBER,
                 title=titles.get(n, ""))
        # A few members pass (and attract) far more referrals than the rest.
        tenure[uid] = (joined, None, rng.choice([1, 1, 1, 2, 2, 3, 5]))
    for n, (stayed, ago) in enumerate([(700, 420), (900, 150)]):  # two former members
        uid = b.user(args.members + n)
        left = now - timedelta(days=ago)
        b.member(gid, uid, left - timedelta(days=stayed), left=left)
        tenure[uid] = (left - timedelta(days=stayed), left, 2)
    b.history(gid, TIMEZONE, 1, tenure, args.referrals, args.closed)

    # A second group, in another time zone: four members of the first belong to it too.
    other = b.group("Lakeside Partners", "America/New_York", "USD", weekday=3)
    small: dict[int, tuple] = {}
    for uid in list(tenure)[:4]:
        b.member(other, uid, now - years)
        small[uid] = (now - years, None, 2)
    for n in range(12):
        uid = b.user(args.members + 2 + n)
        b.member(other, uid, now - years)
        small[uid] = (now - years, None, 1)
    b.history(other, "America/New_York", 3, small, args.referrals // 10, args.closed // 10)

    counted = Counter()
    start = now - timedelta(days=365)
    for row in b.referrals:
        if row["group_id"] == gid and row["passed_at"] >= start:
            counted[row["giver_id"]] += 1
            counted[row["receiver_id"]] += 1
    busiest = max((uid for uid in tenure if tenure[uid][1] is None), key=counted.__getitem__)
    return gid, busiest, b


def insert(b: Builder) -> None:
    """Bulk inserts, in batches, parents first."""
    for model, rows in [(User, b.users), (Profile, b.profiles), (Group, b.groups),
                        (Membership, b.memberships), (Referral, b.referrals),
                        (ClosedBusiness, b.closed), (ThankYou, b.thanks)]:
        for i in range(0, len(rows), 5000):
            db.session.execute(sa.insert(model), rows[i:i + 5000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:  # ids were given: move the sequences past them
            for model in (User, Group, Membership, Referral, ClosedBusiness, ThankYou):
                table = model.__table__
                top = sa.select(sa.func.max(table.c.id)).scalar_subquery()
                conn.execute(sa.select(sa.func.setval(
                    sa.func.pg_get_serial_sequence(table.name, "id"), top)))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))


def summary(samples: list[tuple[float, float]]) -> str:
    """Wall-clock median, 95th percentile and maximum; and the median CPU time of this process."""
    wall = sorted(w for w, _ in samples)
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    cpu = statistics.median(c for _, c in samples)
    return (f"{statistics.median(wall):8.2f} {p95:8.2f} {wall[-1]:8.2f}  | {cpu:8.2f}  "
            f"(n={len(wall)})")


def timed(call: Callable[[], object]) -> tuple[float, float]:
    """Milliseconds taken by `call`: wall clock, and CPU time of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def reset_schema(app, force: bool, revision: str = "head") -> None:
    with app.app_context():
        inspector = sa.inspect(db.engine)
        if "users" in inspector.get_table_names() and not force:
            with db.engine.connect() as conn:
                if conn.scalar(sa.text("SELECT count(*) FROM users")):
                    sys.exit("The database already holds users; pass --reset to wipe it.")
        with db.engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade(revision=revision)


def explain(app, call: Callable[[], object]) -> None:
    """Run `call` once, then print the plan of each SQL statement it ran."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            call()
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
        backend = db.engine.dialect.name
        prefix = "EXPLAIN QUERY PLAN " if backend == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
        with db.engine.connect() as conn:
            for statement, parameters in statements:
                print("   ", " ".join(statement.split())[:300])
                for row in conn.exec_driver_sql(prefix + statement, parameters):
                    print("      ", " | ".join(str(c) for c in row))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: a temporary SQLite "
                        "file); its PartnerNet tables are dropped and rebuilt")
    parser.add_argument("--reset", action="store_true",
                        help="wipe the database even if it already holds users")
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--referrals", type=int, default=50_000)
    parser.add_argument("--closed", type=int, default=20_000,
                        help="closed-business entries (default 20,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed calls of each (default 30)")
    parser.add_argument("--revision", default="head",
                        help="build the schema up to this migration only, to measure what a "
                        "later one buys (default: head)")
    parser.add_argument("--explain", action="store_true",
                        help="print the query plans of the two targeted calls")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--today", type=date.fromisoformat,
                        help="the data's last day, YYYY-MM-DD (default: today in Chicago); the "
                        "same seed and day build the same data")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="partnernet-bench-") as workdir:
        sys.exit(run(args, Path(workdir)))


def run(args: argparse.Namespace, workdir: Path) -> int:
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark", "INSTANCE_PATH": str(workdir),
        "WTF_CSRF_ENABLED": False, "MAIL_SERVER": None, "RATELIMIT_ENABLED": False,
    })
    reset_schema(app, args.reset, args.revision)

    # Noon of the last day: the data and every period depend on the day only, not the hour.
    last_day = args.today or local_today(TIMEZONE)
    now = datetime.combine(last_day, clock(12, 0), tzinfo=ZoneInfo(TIMEZONE)).astimezone(UTC)
    started = time.perf_counter()
    group_id, member_id, built = build(args, now)
    with app.app_context():
        backend = db.engine.dialect.name
        insert(built)
    loaded = time.perf_counter() - started
    today = local_today(TIMEZONE, now)
    period = named_period("12m", today)
    print(f"{backend}: {args.members} members (+2 former), {args.referrals:,} referrals and "
          f"{args.closed:,} closed-business entries over {YEARS} years, {len(built.thanks):,} "
          f"thank-yous; a second group of 16 with {len(built.referrals) - args.referrals:,} "
          f"referrals (built and loaded in {loaded:.1f} s)")
    statuses = Counter(r["status"] for r in built.referrals if r["group_id"] == group_id)
    print("  statuses: " + ", ".join(f"{s} {n:,}" for s, n in statuses.most_common()))
    # What the 12-month ledger must add up to, counted from the rows themselves.
    start, end = period.utc_bounds(TIMEZONE)
    counted = sum(1 for r in built.referrals if r["group_id"] == group_id
                  and r["status"] != Status.WITHDRAWN and start <= r["passed_at"] < end)
    in_group = {r["id"] for r in built.referrals if r["group_id"] == group_id}
    value = sum(c["amount"] for c in built.closed if c["referral_id"] in in_group
                and c["deleted_at"] is None and period.start <= c["closed_on"] < period.end)
    # A web worker holds no such heap of rows: keeping it would make every full garbage
    # collection during the timings walk 100,000 objects.
    del built, in_group
    gc.collect()

    def member_ledger():
        group = db.session.get(Group, group_id)
        return queries.compute_ledger(group=group, period=period, member_id=member_id)

    def matrix():
        group = db.session.get(Group, group_id)
        return queries.compute_matrix(group=group, period=period)

    def group_ledger():
        group = db.session.get(Group, group_id)
        return queries.compute_ledger(group=group, period=period)

    def member_series():
        group = db.session.get(Group, group_id)
        return queries.compute_series(group=group, member_id=member_id,
                                      buckets=queries.series_buckets(today, "month"))

    def group_series():
        group = db.session.get(Group, group_id)
        return queries.compute_series(group=group, buckets=queries.series_buckets(today, "week"))

    def unconnected():
        group = db.session.get(Group, group_id)
        ledger = queries.compute_ledger(group=group, period=queries.all_time(group, today))
        return queries.list_unconnected(ledger)

    def fresh(call):
        def in_context():
            with app.app_context():
                return call()
        return in_context

    # What the group looks like, and a check that the figures hold together.
    with app.app_context():
        row = member_ledger().member(member_id)
        grid = matrix()
        pairs = unconnected()
        weeks = group_series()
    print(f"  12m {period.start}..{period.end}: {grid.referrals:,} counted referrals, "
          f"${grid.value / 100:,.2f} closed; busiest member #{member_id}: given {row.given}, "
          f"received {row.received}, {len(row.partners)} partners; "
          f"{len(pairs)} pairs never connected")
    sums = [sum(getattr(m, f) for m in grid.members)
            for f in ("given", "received", "value_given", "value_received")]
    if [*sums, grid.referrals, grid.value] != [counted, counted, value, value, counted, value] \
            or sum(w.given for w in weeks) > counted:
        print(f"  the ledger's figures do not add up: {sums} for {counted} referrals worth "
              f"{value}", file=sys.stderr)
        return 2

    cases = [
        ("compute_ledger, one member, 12 months", member_ledger, True),
        ("compute_matrix, group, 12 months", matrix, True),
        ("compute_ledger, whole group, 12 months", group_ledger, False),
        ("compute_series, one member, 12 months", member_series, False),
        ("compute_series, group, 52 weeks", group_series, False),
        ("all-time ledger + list_unconnected", unconnected, False),
    ]
    results = []
    for label, call, targeted in cases:
        for _ in range(3):  # warm-up: connection pool, statement caches, the database's pages
            fresh(call)()
        samples = [timed(fresh(call)) for _ in range(args.runs)]
        results.append((label, samples, targeted))
        if args.explain and targeted:
            print(f"  plans of {label}:")
            explain(app, call)

    print(f"times in ms ({backend}, schema at {args.revision}, "
          f"target: median under {TARGET_MS:.0f} ms for *)")
    print(f"  {'':44} {'median':>8} {'p95':>8} {'max':>8}  | {'cpu med':>8}")
    missed = []
    for label, samples, targeted in results:
        print(f"{'*' if targeted else ' '} {label:44} {summary(samples)}")
        median = statistics.median(w for w, _ in samples)
        if targeted and median >= TARGET_MS:
            missed.append(f"{label} ({median:.1f} ms)")
    with app.app_context():
        db.engine.dispose()
    if missed:
        print("MISSES the target: " + "; ".join(missed))
        return 1
    print("meets the target")
    return 0


if __name__ == "__main__":
    main()
