"""Fixtures for API tests: bearer-token headers for a user."""

from collections.abc import Callable

import pytest

from partnernet.accounts.services import create_api_token
from partnernet.extensions import db
from partnernet.models import User


@pytest.fixture
def api_headers(app) -> Callable[[User], dict[str, str]]:
    """A function returning Authorization headers carrying a new API token for a user."""

    def make(user: User) -> dict[str, str]:
        _, raw = create_api_token(user=user, name="Tests")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make
