"""Account reads."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from partnernet.extensions import db
from partnernet.models import ApiToken, User


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def list_api_tokens(user_id: int) -> list[TokenRow]:
    """The user's live API tokens, newest first."""
    rows = db.session.execute(
        sa.select(ApiToken.id, ApiToken.name, ApiToken.prefix, ApiToken.created_at,
                  ApiToken.last_used_at)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return [TokenRow(*row) for row in rows]
