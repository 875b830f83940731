"""All models, in one package so Alembic sees every table."""

from partnernet.models.accounts import ApiToken, PasswordReset, Profile, User
from partnernet.models.base import Base
from partnernet.models.groups import Cadence, Group, Invitation, Membership, Role

__all__ = [
    "ApiToken",
    "Base",
    "Cadence",
    "Group",
    "Invitation",
    "Membership",
    "PasswordReset",
    "Profile",
    "Role",
    "User",
]
