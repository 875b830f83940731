"""A realistic demo: a 25-member weekly group and a small monthly one, built through services.

The groups' referral history (six months of it) is told in demo_referrals.py.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from partnernet.accounts.services import create_user
from partnernet.demo_meetings import load_meeting_runs, meeting_runs_missing
from partnernet.demo_profiles import PROFILES, SPHERES
from partnernet.demo_referrals import SEED, history_missing, load_history
from partnernet.extensions import db
from partnernet.groups.services import GroupSettings, create_group
from partnernet.ledger.services import set_goal
from partnernet.meetings.schedule import local_start, occurrences
from partnernet.meetings.services import ensure_schedule
from partnernet.models import (
    Goal,
    Group,
    IdealClientProfile,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Referral,
    Role,
    User,
)
from partnernet.models.base import utcnow
from partnernet.profiles.services import (
    IdealClientData,
    ProfileData,
    add_ideal_client,
    create_sphere,
    update_profile,
    update_sphere,
)

DEMO_PASSWORD = "partnernet-demo"  # noqa: S105 - printed for anyone trying the demo
DEMO_GROUP = "Riverside Partners"
SECOND_GROUP = "Harbour Business Circle"


@dataclass(frozen=True)
class DemoMember:
    email: str
    name: str
    business: str
    category: str
    role: str = Role.MEMBER
    title: str = ""
    weeks: int = 30  # how long ago they joined


MEMBERS = [
    DemoMember("priya@example.com", "Priya Shah", "Shah Business Coaching", "Business coaching",
               Role.FACILITATOR, "President", 120),
    DemoMember("tom@example.com", "Tom Becker", "Becker & Co Accountants", "Accounting",
               Role.FACILITATOR, "Vice-president", 110),
    DemoMember("lena@example.com", "Lena Novak", "Novak Print & Signs", "Printing",
               Role.FACILITATOR, "Secretary", 95),
    DemoMember("maria@example.com", "Maria Lopez", "Lopez Plumbing", "Plumbing", weeks=80),
    DemoMember("aisha@example.com", "Aisha Okafor", "Okafor Commercial Law", "Commercial law",
               weeks=3),
    DemoMember("ken@example.com", "Ken Watanabe", "Watanabe Regional Partners",
               "Regional director", Role.FACILITATOR, "Regional director", 150),
    DemoMember("james@example.com", "James O'Connor", "O'Connor Electrical", "Electrician"),
    DemoMember("sofia@example.com", "Sofia Rossi", "Rossi Realty", "Residential real estate",
               weeks=70),
    DemoMember("daniel@example.com", "Daniel Kim", "Kim Mortgage Advisers", "Mortgages"),
    DemoMember("grace@example.com", "Grace Mensah", "Mensah Financial Planning",
               "Financial planning", weeks=60),
    DemoMember("oliver@example.com", "Oliver Grant", "Grant Insurance Brokers",
               "Commercial insurance"),
    DemoMember("hannah@example.com", "Hannah Fischer", "Brightside Web Studio",
               "Web design", weeks=40),
    DemoMember("samuel@example.com", "Samuel Adeyemi", "Adeyemi IT Support", "IT support"),
    DemoMember("chloe@example.com", "Chloé Martin", "Martin Interiors", "Interior design",
               weeks=25),
    DemoMember("raj@example.com", "Raj Patel", "Patel Roofing", "Roofing"),
    DemoMember("emma@example.com", "Emma Lindqvist", "Lindqvist HR Consulting", "HR consulting",
               weeks=50),
    DemoMember("marco@example.com", "Marco Bianchi", "Bianchi Catering", "Catering"),
    DemoMember("nadia@example.com", "Nadia Haddad", "Haddad Family Dentistry", "Dentistry",
               weeks=45),
    DemoMember("lucas@example.com", "Lucas Silva", "Silva Landscaping", "Landscaping"),
    DemoMember("yuki@example.com", "Yuki Tanaka", "Tanaka Photography", "Photography",
               weeks=12),
    DemoMember("ben@example.com", "Ben Carter", "Carter Commercial Cleaning", "Cleaning"),
    DemoMember("fatima@example.com", "Fatima Zahra", "Zahra Physiotherapy", "Physiotherapy",
               weeks=33),
    DemoMember("peter@example.com", "Peter Walsh", "Walsh Auto Repair", "Auto repair"),
    DemoMember("isabel@example.com", "Isabel Costa", "Costa Travel", "Corporate travel",
               weeks=18),
    DemoMember("noah@example.com", "Noah Schmidt", "Schmidt Solar", "Solar installation",
               weeks=8),
]

SECOND_MEMBERS = ["ken@example.com", "grace@example.com", "samuel@example.com"]


def demo_exists() -> bool:
    return db.session.scalar(sa.select(Group.id).where(Group.name == DEMO_GROUP)) is not None


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(User.id).limit(1)) is None


def load_demo() -> Group:
    """Create the demo groups (call only when demo_exists() is false); flushes, never commits."""
    users: dict[str, User] = {}
    shared_hash = generate_password_hash(DEMO_PASSWORD)
    for m in MEMBERS:
        users[m.email] = db.session.scalar(sa.select(User).where(User.email == m.email)) or \
            create_user(email=m.email, name=m.name, password=DEMO_PASSWORD,
                        business_name=m.business, password_hash=shared_hash)

    priya = users["priya@example.com"]
    group = create_group(creator=priya, settings=GroupSettings(
        name=DEMO_GROUP, cadence="weekly", weekday=1, meeting_time=time(7, 0),
        duration_minutes=90, timezone="America/Chicago", currency="USD",
        location="Riverside Hotel, 200 Water Street — breakfast room"))
    now = utcnow()
    for m in MEMBERS:
        user = users[m.email]
        membership = db.session.scalar(sa.select(Membership).where(
            Membership.group_id == group.id, Membership.user_id == user.id))
        if membership is None:
            membership = Membership(group_id=group.id, user_id=user.id)
            db.session.add(membership)
        membership.role = m.role
        membership.title = m.title
        membership.category = m.category
        membership.joined_at = now - timedelta(weeks=m.weeks)

    ken = users["ken@example.com"]
    second = create_group(creator=ken, settings=GroupSettings(
        name=SECOND_GROUP, cadence="monthly", weekday=3, nth_weekday=2,
        meeting_time=time(12, 0), duration_minutes=75, timezone="America/Chicago",
        currency="USD", video_url="https://meet.example.com/harbour-circle"))
    for email in SECOND_MEMBERS[1:]:
        db.session.add(Membership(group_id=second.id, user_id=users[email].id,
                                  joined_at=now - timedelta(weeks=20)))
    for membership in second.memberships:
        if membership.user_id == ken.id:
            membership.joined_at = now - timedelta(weeks=40)  # Ken started the circle
    db.session.flush()
    load_demo_profiles(group)
    load_demo_history()
    load_demo_goals(group)
    load_demo_meetings()
    load_meeting_runs(group, priya)
    return group


# --- Meetings: six months held (one cancelled for a holiday), and the schedule ahead ----------

MEETING_WEEKS_BACK = 26


def demo_meetings_missing() -> bool:
    group = demo_group()
    return group is not None and not db.session.scalar(
        sa.select(sa.func.count()).select_from(Meeting).where(Meeting.group_id == group.id))


def load_demo_meetings() -> int:
    """The demo groups' meetings of the last six months, as held, and the next twelve weeks;
    returns how many were held. Flushes, never commits."""
    now = utcnow()
    held = 0
    for group in db.session.scalars(sa.select(Group).where(
            Group.name.in_([DEMO_GROUP, SECOND_GROUP])).order_by(Group.id)):
        today = now.astimezone(ZoneInfo(group.timezone)).date()
        days = [day for day in occurrences(group, today - timedelta(weeks=MEETING_WEEKS_BACK),
                                           today + timedelta(days=1))
                if local_start(group, day) + timedelta(minutes=group.duration_minutes) <= now]
        for n, day in enumerate(days):
            # The weekly group skipped the meeting nine weeks ago (a public holiday).
            cancelled = group.cadence == "weekly" and n == len(days) - 9
            db.session.add(Meeting(
                group_id=group.id, kind=MeetingKind.REGULAR, occurrence=day,
                starts_at=local_start(group, day), duration_minutes=group.duration_minutes,
                status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.CLOSED,
                note="Public holiday: no meeting this week." if cancelled else ""))
            held += not cancelled
        db.session.flush()
        ensure_schedule(group=group, now=now)
    return held


# The group's goals, and a few members' own, so progress shows on dashboards and ledgers.
GROUP_GOALS = {"referrals_given_month": 2, "value_given_quarter": 1_500_000,
               "one_to_ones_month": 1, "attendance_quarter": 90}
MEMBER_GOALS = {
    "maria@example.com": {"referrals_given_month": 3},
    "aisha@example.com": {"referrals_given_month": 2, "value_received_quarter": 500_000},
    "priya@example.com": {"value_given_quarter": 2_500_000},
}


def demo_meeting_runs_missing() -> bool:
    group = demo_group()
    return group is not None and meeting_runs_missing(group)


def load_demo_meeting_runs() -> int:
    """Attendance, visitors, presenters and one-to-ones for a demo loaded before them."""
    priya = db.session.scalar(sa.select(User).where(User.email == "priya@example.com"))
    return load_meeting_runs(demo_group(), priya)


def demo_goals_missing() -> bool:
    group = demo_group()
    return group is not None and not db.session.scalar(
        sa.select(sa.func.count()).select_from(Goal).where(Goal.group_id == group.id))


def load_demo_goals(group: Group) -> None:
    """Set the demo group's goals and some members' own (set_goal replaces, never adds)."""
    priya = db.session.scalar(sa.select(User).where(User.email == "priya@example.com"))
    for metric, target in GROUP_GOALS.items():
        set_goal(group=group, actor=priya, metric=metric, target=target, for_group=True)
    for email, goals in MEMBER_GOALS.items():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        for metric, target in goals.items():
            set_goal(group=group, actor=user, metric=metric, target=target)


def demo_group() -> Group | None:
    return db.session.scalar(sa.select(Group).where(Group.name == DEMO_GROUP))


def demo_history_missing() -> bool:
    """True for a demo loaded before referrals existed (so `demo` can add the history once)."""
    group = demo_group()
    return group is not None and history_missing(group)


def load_demo_history() -> int:
    """Six months of referrals in the demo groups; returns how many were passed."""
    now = utcnow()
    passed = load_history(demo_group(), now=now)
    second = db.session.scalar(sa.select(Group).where(Group.name == SECOND_GROUP))
    if second is not None and history_missing(second):
        # The monthly circle is small and quieter: a referral every other week or so.
        passed += load_history(second, now=now, scripted=False, weeks=20, per_week=(0, 1),
                               seed=SEED + 1)
    return passed


def count_demo_referrals() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Referral).join(Group)
        .where(Group.name.in_([DEMO_GROUP, SECOND_GROUP]))) or 0


def demo_profiles_missing() -> bool:
    """True for a demo loaded before profiles existed (so `demo` can fill them in)."""
    emails = list(PROFILES)
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(IdealClientProfile)
        .join(User, User.id == IdealClientProfile.user_id).where(User.email.in_(emails))) == 0


def load_demo_profiles(group: Group) -> None:
    """Business profiles, ideal clients and contact spheres for the demo members."""
    users = {u.email: u for u in db.session.scalars(
        sa.select(User).where(User.email.in_(list(PROFILES))))}
    by_email = {m.email: m for m in MEMBERS}
    for email, data in PROFILES.items():
        user = users[email]
        member = by_email[email]
        update_profile(user=user, data=ProfileData(
            business_name=member.business, category=member.category,
            website=data["website"], phone=data["phone"], bio=data["bio"],
            talkable_difference=data["talkable_difference"],
            specific_ask=data["specific_ask"]))
        for icp in data["ideal_clients"]:
            add_ideal_client(user=user, data=IdealClientData(
                **{**icp, "criteria": tuple(icp["criteria"])}))
    priya = users["priya@example.com"]
    for name, emails in SPHERES.items():
        sphere = create_sphere(actor=priya, group=group, name=name)
        update_sphere(actor=priya, sphere=sphere, name=name,
                      member_ids=[users[e].id for e in emails])
    db.session.flush()


def demo_logins() -> list[tuple[str, str]]:
    """(email, description) of the demo accounts worth signing in as."""
    by_email = {m.email: m for m in MEMBERS}
    picks = ["priya@example.com", "tom@example.com", "maria@example.com",
             "aisha@example.com", "ken@example.com"]
    out = []
    for email in picks:
        m = by_email[email]
        role = f"{m.title}, facilitator" if m.role == Role.FACILITATOR else "member"
        out.append((email, f"{m.name} — {m.business} ({role})"))
    return out
