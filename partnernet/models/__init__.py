"""All models, in one package so Alembic sees every table."""

from partnernet.models.accounts import ApiToken, PasswordReset, User
from partnernet.models.base import Base
from partnernet.models.groups import Cadence, Group, Invitation, Membership, Role
from partnernet.models.ledger import Goal, GoalMetric
from partnernet.models.meetings import (
    AgendaItem,
    AgendaKind,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingKind,
    MeetingStatus,
    OneToOne,
    OneToOneKind,
    RotationEntry,
    Visitor,
)
from partnernet.models.profiles import ContactSphere, IdealClientProfile, Profile, SphereMember
from partnernet.models.referrals import (
    ClosedBusiness,
    Notification,
    NotificationSettings,
    Referral,
    ReferralEvent,
    Testimonial,
    ThankYou,
)

__all__ = [
    "AgendaItem",
    "AgendaKind",
    "ApiToken",
    "Attendance",
    "AttendanceStatus",
    "Base",
    "Cadence",
    "CalendarFeed",
    "ClosedBusiness",
    "ContactSphere",
    "Goal",
    "GoalMetric",
    "Group",
    "IdealClientProfile",
    "Invitation",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "Membership",
    "Notification",
    "NotificationSettings",
    "OneToOne",
    "OneToOneKind",
    "PasswordReset",
    "Profile",
    "Referral",
    "ReferralEvent",
    "Role",
    "RotationEntry",
    "SphereMember",
    "Testimonial",
    "ThankYou",
    "User",
    "Visitor",
]
