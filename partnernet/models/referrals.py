"""Referrals, their events, closed business, thank-yous, testimonials and notifications."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

# Imported under another name: a Referral has a column called `relationship`.
from sqlalchemy.orm import relationship as orm_relationship

from partnernet.models.accounts import User
from partnernet.models.base import Base, UTCDateTime, utcnow

PROSPECT_NAME_MAX = 120
PROSPECT_COMPANY_MAX = 120
PROSPECT_EMAIL_MAX = 254
PROSPECT_PHONE_MAX = 32
NOTE_MAX = 2000
REASON_MAX = 500
MESSAGE_MAX = 1000
GIFT_MAX = 200
TESTIMONIAL_MAX = 2000


class Status(StrEnum):
    PASSED = "passed"
    ACCEPTED = "accepted"
    CONTACTED = "contacted"
    MEETING = "meeting"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Kind(StrEnum):
    OUTSIDE = "outside"
    INSIDE = "inside"


class Relationship(StrEnum):
    CLIENT = "client"
    CLIENT_COWORKER = "client_coworker"
    FRIEND_FAMILY = "friend_family"
    SUPPLIER = "supplier"
    OTHER = "other"


class Quality(StrEnum):
    QUALIFIED = "qualified"
    LUKEWARM = "lukewarm"
    NOT_A_FIT = "not_a_fit"


class BusinessKind(StrEnum):
    NEW = "new"
    REPEAT = "repeat"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        sa.CheckConstraint(_in("status", Status), name="status"),
        sa.CheckConstraint(_in("kind", Kind), name="kind"),
        sa.CheckConstraint(_in("relationship", Relationship), name="relationship"),
        sa.CheckConstraint("temperature BETWEEN 1 AND 5", name="temperature"),
        sa.CheckConstraint("quality IS NULL OR " + _in("quality", Quality), name="quality"),
        sa.CheckConstraint("giver_id <> receiver_id", name="not_to_self"),
        # The ledger's covering index: its counts read a group's referrals in a period from
        # the index alone (id for the thank-you join), on SQLite and PostgreSQL alike. It also
        # serves everything (group_id, passed_at) served before it replaced that index.
        sa.Index("ix_referrals_ledger", "group_id", "passed_at", "giver_id", "receiver_id",
                 "status", "quality", "id"),
        sa.Index("ix_referrals_giver", "giver_id", "passed_at"),
        sa.Index("ix_referrals_receiver", "receiver_id", "passed_at"),
        sa.UniqueConstraint("group_id", "import_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    receiver_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(10), default=Kind.OUTSIDE)
    relationship: Mapped[str] = mapped_column(sa.String(20), default=Relationship.CLIENT)
    temperature: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    expects_call: Mapped[bool] = mapped_column(default=False)
    prospect_name: Mapped[str] = mapped_column(sa.String(PROSPECT_NAME_MAX))
    prospect_company: Mapped[str] = mapped_column(sa.String(PROSPECT_COMPANY_MAX), default="")
    prospect_email: Mapped[str] = mapped_column(sa.String(PROSPECT_EMAIL_MAX), default="")
    prospect_phone: Mapped[str] = mapped_column(sa.String(PROSPECT_PHONE_MAX), default="")
    criteria_met: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    source_referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="SET NULL"), index=True)
    # The meeting whose referral round it was passed in, if it was.
    meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(sa.String(12), default=Status.PASSED)
    declined_reason: Mapped[str] = mapped_column(sa.Text, default="")
    quality: Mapped[str | None] = mapped_column(sa.String(12))
    passed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Set for imported rows: a digest of the row, so importing the same file twice adds nothing.
    import_key: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    giver: Mapped[User] = orm_relationship(foreign_keys=[giver_id])
    receiver: Mapped[User] = orm_relationship(foreign_keys=[receiver_id])
    events: Mapped[list["ReferralEvent"]] = orm_relationship(
        back_populates="referral", order_by="ReferralEvent.id", cascade="all, delete-orphan")
    closed_business: Mapped[list["ClosedBusiness"]] = orm_relationship(
        back_populates="referral", order_by="ClosedBusiness.id", cascade="all, delete-orphan")
    thank_you: Mapped["ThankYou | None"] = orm_relationship(
        back_populates="referral", uselist=False, cascade="all, delete-orphan")


class ReferralEvent(Base):
    """One thing that happened to a referral; the timeline both giver and receiver see."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # passed, status, note, closed_business, closed_business_changed, closed_business_deleted,
    # quality, thanked, imported
    kind: Mapped[str] = mapped_column(sa.String(32))
    from_status: Mapped[str | None] = mapped_column(sa.String(12))
    to_status: Mapped[str | None] = mapped_column(sa.String(12))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    referral: Mapped[Referral] = orm_relationship(back_populates="events")
    actor: Mapped[User | None] = orm_relationship()


class ClosedBusiness(Base):
    """Business that came of a referral; deleting keeps the row (and the history) for the record."""

    __tablename__ = "closed_business"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="positive"),
        sa.CheckConstraint(_in("kind", BusinessKind), name="kind"),
        sa.Index("ix_closed_business_closed_on", "closed_on"),
        # The ledger's closed value per (giver, receiver): entries of a group not deleted,
        # closed in a period, summed from the index alone, without reading a referral.
        sa.Index("ix_closed_business_ledger", "group_id", "deleted_at", "closed_on", "giver_id",
                 "receiver_id", "amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    # Copies of the referral's group, giver and receiver, which never change once it is
    # passed; filled in from the referral when the entry is inserted (see below).
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    receiver_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    amount: Mapped[int] = mapped_column(sa.BigInteger)  # minor units of the group's currency
    kind: Mapped[str] = mapped_column(sa.String(10), default=BusinessKind.NEW)
    closed_on: Mapped[date] = mapped_column(sa.Date)  # a local date in the group's time zone
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    referral: Mapped[Referral] = orm_relationship(back_populates="closed_business",
                                                  foreign_keys=[referral_id])


@sa.event.listens_for(ClosedBusiness, "before_insert")
def _copy_the_pair(mapper, connection, entry: ClosedBusiness) -> None:
    """An entry carries its referral's group, giver and receiver."""
    if entry.group_id is not None and entry.giver_id is not None \
            and entry.receiver_id is not None:
        return
    referral = entry.__dict__.get("referral")  # only if already loaded: no query in a flush
    if referral is not None and referral.giver_id is not None:
        pair = (referral.group_id, referral.giver_id, referral.receiver_id)
    else:
        pair = connection.execute(
            sa.select(Referral.group_id, Referral.giver_id, Referral.receiver_id)
            .where(Referral.id == entry.referral_id)).one()
    entry.group_id, entry.giver_id, entry.receiver_id = pair


class ThankYou(Base):
    __tablename__ = "thank_yous"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(sa.Text)
    gift: Mapped[str] = mapped_column(sa.String(GIFT_MAX), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    referral: Mapped[Referral] = orm_relationship(back_populates="thank_you")


class Testimonial(Base):
    __tablename__ = "testimonials"
    __table_args__ = (sa.CheckConstraint("author_id <> subject_id", name="not_self"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    subject_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = orm_relationship(foreign_keys=[author_id])


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    # referral_received, status_changed, closed_business, thanked
    kind: Mapped[str] = mapped_column(sa.String(32))
    referral_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referrals.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationSettings(Base):
    """Which notifications a user also wants by email (in-app ones always appear)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    email_referral_received: Mapped[bool] = mapped_column(default=True)
    email_status_changed: Mapped[bool] = mapped_column(default=True)
    email_closed_business: Mapped[bool] = mapped_column(default=True)
    email_thanked: Mapped[bool] = mapped_column(default=True)
