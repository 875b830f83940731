"""The demo's meetings as a group would have run them: the speaker rotation and its featured
presenters, attendance and visitors at every meeting held, one-to-ones between members, and
the next meeting ready to run (its own agenda, its presenter).

Deterministic (a seeded generator), so every `demo` tells the same story; flushes, never
commits.
"""

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.meetings.agenda import ensure_meeting_agenda, ensure_template
from partnernet.meetings.rotation import assign_presenters, set_rotation
from partnernet.models import (
    Attendance,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    OneToOne,
    RotationEntry,
    User,
    Visitor,
)
from partnernet.models.base import utcnow
from partnernet.models.meetings import AttendanceStatus, OneToOneKind

SEED = 20261123
# How often each status comes up at a meeting, out of 100: a healthy group.
STATUS_ODDS = [(AttendanceStatus.PRESENT, 82), (AttendanceStatus.LATE, 6),
               (AttendanceStatus.ABSENT, 4), (AttendanceStatus.MEDICAL, 3),
               (AttendanceStatus.SUBSTITUTE, 5)]
SUBSTITUTES = ["Alex Moreno", "Jo Bennett", "Sam Okafor", "Riley Chen", "Morgan Diaz"]
VISITORS = [("Hannah Ortiz", "Ortiz Landscaping", "hannah@ortizlandscaping.example"),
            ("Victor Lange", "Lange Physiotherapy", "victor@langephysio.example"),
            ("Nadia Haddad", "Haddad Interiors", ""),
            ("Oliver Grant", "Grant & Co. Recruitment", "oliver@grantrecruit.example"),
            ("Chloe Martin", "Martin Photography", "chloe@martinphoto.example"),
            ("Ethan Brooks", "Brooks IT Support", "")]
ONE_TO_ONES_PER_MEMBER = 4
ONE_TO_ONE_NOTES = [
    "Walked through each other's ideal clients; agreed to watch for office moves.",
    "Coffee at the hotel after the meeting. Good fit for joint client events.",
    "Video call: swapped lists of the five businesses we'd most like to meet.",
    "Toured the workshop; now I can explain what makes them different.",
    "",
]


def meeting_runs_missing(group: Group) -> bool:
    """True for a demo loaded before meetings were run in the app."""
    return not db.session.scalar(sa.select(sa.func.count(RotationEntry.id))
                                 .where(RotationEntry.group_id == group.id))


def load_meeting_runs(group: Group, facilitator: User) -> int:
    """Rotation, presenters, attendance, visitors and one-to-ones for the demo group, and its
    next meeting prepared; returns how many meetings got attendance."""
    now = utcnow()
    rng = random.Random(SEED)  # noqa: S311 - a repeatable story, not a secret
    members = db.session.execute(
        sa.select(Membership.user_id, Membership.joined_at, User.name)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group.id, Membership.left_at.is_(None))
        .order_by(Membership.joined_at, Membership.id)).all()
    ids = [m.user_id for m in members]
    set_rotation(group=group, actor=facilitator, member_ids=ids)

    held = db.session.scalars(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.status == MeetingStatus.CLOSED)
        .order_by(Meeting.starts_at)).all()
    statuses, weights = zip(*STATUS_ODDS, strict=True)
    for n, meeting in enumerate(held):
        meeting.presenter_id = ids[n % len(ids)]
        meeting.started_at = meeting.starts_at
        meeting.closed_at = meeting.report_sent_at = \
            meeting.starts_at + timedelta(minutes=meeting.duration_minutes)
        for member in members:
            if member.joined_at > meeting.starts_at:
                continue
            status = rng.choices(statuses, weights)[0]
            late = timedelta(minutes=rng.randint(6, 20)) if status == AttendanceStatus.LATE \
                else timedelta(minutes=-rng.randint(5, 40))
            db.session.add(Attendance(
                meeting_id=meeting.id, user_id=member.user_id, status=status,
                substitute_name=(rng.choice(SUBSTITUTES)
                                 if status == AttendanceStatus.SUBSTITUTE else ""),
                recorded_by_id=facilitator.id, recorded_at=meeting.starts_at + late))
        if n % 3 == 1:
            for name, business, email in rng.sample(VISITORS, rng.randint(1, 2)):
                db.session.add(Visitor(meeting_id=meeting.id, name=name, business=business,
                                       email=email, invited_by_id=rng.choice(ids),
                                       created_at=meeting.starts_at))
    db.session.flush()

    _one_to_ones(group, members, rng, now)
    assign_presenters(group=group, now=now)
    ensure_template(group=group)
    upcoming = db.session.scalar(sa.select(Meeting).where(
        Meeting.group_id == group.id, Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at > now).order_by(Meeting.starts_at).limit(1))
    if upcoming is not None:
        ensure_meeting_agenda(meeting=upcoming)
    db.session.flush()
    return len(held)


def _one_to_ones(group: Group, members, rng: random.Random, now) -> None:
    today = now.astimezone(ZoneInfo(group.timezone)).date()
    kinds = list(OneToOneKind)
    for member in members:
        partners = [m for m in members if m.user_id != member.user_id]
        since = max(member.joined_at.astimezone(ZoneInfo(group.timezone)).date(),
                    today - timedelta(weeks=26))
        span = (today - since).days
        if span <= 0:
            continue
        for partner in rng.sample(partners, min(ONE_TO_ONES_PER_MEMBER, len(partners))):
            db.session.add(OneToOne(
                group_id=group.id, logged_by_id=member.user_id, partner_id=partner.user_id,
                met_on=since + timedelta(days=rng.randint(0, span)), kind=rng.choice(kinds),
                notes=rng.choice(ONE_TO_ONE_NOTES)))
