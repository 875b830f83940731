"""All models, in one package so Alembic sees every table."""

from partnernet.models.accounts import ApiToken, PasswordReset, User
from partnernet.models.base import Base
from partnernet.models.groups import Cadence, Group, Invitation, Membership, Role
from partnernet.models.profiles import ContactSphere, IdealClientProfile, Profile, SphereMember

__all__ = [
    "ApiToken",
    "Base",
    "Cadence",
    "ContactSphere",
    "Group",
    "IdealClientProfile",
    "Invitation",
    "Membership",
    "PasswordReset",
    "Profile",
    "Role",
    "SphereMember",
    "User",
]
