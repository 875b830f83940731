import pytest

from tests.notifications.helpers import make_people


@pytest.fixture
def people(app):
    return make_people()
