"""Goals: targets a group sets for every member, and members set for themselves."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from partnernet.models.base import Base, UTCDateTime, utcnow


class GoalMetric(StrEnum):
    REFERRALS_GIVEN_MONTH = "referrals_given_month"
    VALUE_GIVEN_QUARTER = "value_given_quarter"
    VALUE_RECEIVED_QUARTER = "value_received_quarter"
    ONE_TO_ONES_MONTH = "one_to_ones_month"
    ATTENDANCE_QUARTER = "attendance_quarter"  # percent of the quarter's meetings attended


# A target beyond this is a typing mistake (counts), or beyond any group's means (minor units).
GOAL_MAX_COUNT = 1000


class Goal(Base):
    """A target for one metric: the group's (user_id NULL, set by a facilitator) or a member's."""

    __tablename__ = "goals"
    __table_args__ = (
        sa.CheckConstraint("target > 0", name="positive"),
        sa.CheckConstraint(
            "metric IN (" + ", ".join(repr(m.value) for m in GoalMetric) + ")", name="metric"),
        sa.UniqueConstraint("group_id", "user_id", "metric"),
        # NULLs are distinct in a unique constraint, so the group's own goal needs its own index.
        sa.Index("uq_goals_group_metric", "group_id", "metric", unique=True,
                 sqlite_where=sa.text("user_id IS NULL"),
                 postgresql_where=sa.text("user_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(sa.String(32))
    # A count, or minor units of the group's currency for value metrics.
    target: Mapped[int] = mapped_column(sa.BigInteger)
    set_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
