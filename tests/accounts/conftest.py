"""Account test fixtures."""

import pytest


@pytest.fixture
def other_client(app):
    """A second browser."""
    return app.test_client()
