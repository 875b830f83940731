"""Business profiles, ideal-client profiles and contact spheres."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from partnernet.models.accounts import User
from partnernet.models.base import Base, UTCDateTime, utcnow

BUSINESS_MAX = 120
CATEGORY_MAX = 80
WEBSITE_MAX = 300
PHONE_MAX = 32
BIO_MAX = 1000
DIFFERENCE_MAX = 200
ASK_MAX = 300

ICP_TITLE_MAX = 120
ICP_SHORT_MAX = 200
ICP_LONG_MAX = 1000
CRITERION_MAX = 120
CRITERIA_MAX_COUNT = 10
NOT_A_FIT_MAX = 500

SPHERE_NAME_MAX = 60


class Profile(Base):
    """A member's business profile, shared by every group they belong to."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    business_name: Mapped[str] = mapped_column(sa.String(BUSINESS_MAX), default="")
    category: Mapped[str] = mapped_column(sa.String(CATEGORY_MAX), default="", server_default="")
    website: Mapped[str] = mapped_column(sa.String(WEBSITE_MAX), default="", server_default="")
    phone: Mapped[str] = mapped_column(sa.String(PHONE_MAX), default="", server_default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    talkable_difference: Mapped[str] = mapped_column(
        sa.String(DIFFERENCE_MAX), default="", server_default="")
    specific_ask: Mapped[str] = mapped_column(sa.String(ASK_MAX), default="", server_default="")
    # The stored photo's file name (random, changes with every upload), or empty.
    photo: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")


class IdealClientProfile(Base):
    """One kind of client a member wants to be introduced to, and how to recognise them."""

    __tablename__ = "ideal_client_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    title: Mapped[str] = mapped_column(sa.String(ICP_TITLE_MAX))
    industries: Mapped[str] = mapped_column(sa.String(ICP_SHORT_MAX), default="")
    company_size: Mapped[str] = mapped_column(sa.String(ICP_SHORT_MAX), default="")
    geography: Mapped[str] = mapped_column(sa.String(ICP_SHORT_MAX), default="")
    decision_makers: Mapped[str] = mapped_column(sa.String(ICP_SHORT_MAX), default="")
    triggers: Mapped[str] = mapped_column(sa.Text, default="")
    criteria: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    not_a_fit: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ContactSphere(Base):
    """A power team: members whose clients overlap ("Property", "Home services")."""

    __tablename__ = "contact_spheres"
    __table_args__ = (sa.UniqueConstraint("group_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(sa.String(SPHERE_NAME_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["SphereMember"]] = relationship(
        back_populates="sphere", cascade="all, delete-orphan")


class SphereMember(Base):
    __tablename__ = "sphere_members"

    sphere_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contact_spheres.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)

    sphere: Mapped[ContactSphere] = relationship(back_populates="members")
