import pytest
from rest_framework.test import APIClient

from .helpers import home_unit


@pytest.fixture
def user_for(make_user, area_tree):
    def make(role, unit=None):
        return make_user(role=role, unit=unit or home_unit(role, area_tree))

    return make


@pytest.fixture
def web(client, user_for):
    """A logged-in Django test client for a role."""

    def login(role, unit=None):
        user = user_for(role, unit)
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture
def api(user_for):
    def login(role, unit=None):
        user = user_for(role, unit)
        client = APIClient()
        client.force_authenticate(user)
        client.user = user
        return client

    return login
